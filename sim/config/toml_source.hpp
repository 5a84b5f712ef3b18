#pragma once
// Shared by the scenario loader and the sweep reader: parse TOML with errors in the standard form,
// and format a node's location as "file:line:column".
#include <toml++/toml.h>
#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>
#include <string>

#include "sim/config/schema.hpp"
#include "sim/core/errors.hpp"

namespace rehabsim::sim::config {

inline constexpr const char* kOverridePrefix = "--set ";

inline std::string where_of(const toml::source_region& region) {
  const std::string path = region.path ? *region.path : std::string("<scenario>");
  if (path.rfind("--", 0) == 0) return path;  // a command-line value has no useful line/column
  return path + ":" + std::to_string(region.begin.line) + ":" + std::to_string(region.begin.column);
}

inline toml::table parse_toml(const std::string& text, const std::string& name) {
  try {
    return toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    throw InputError(where_of(e.source()) + ": invalid TOML: " + std::string(e.description()));
  }
}

inline std::string node_text(const toml::node& node) {
  if (node.is_table()) return "a table";
  if (node.is_array()) return "an array";
  std::ostringstream s;
  node.visit([&](const auto& value) { s << value; });
  const char* kind = node.is_string() ? "string " : node.is_boolean() ? "boolean " : "";
  return kind + s.str();
}

/// The node's value when it fits the key's type, range and choices; otherwise nullopt, with `got`
/// describing what was found.
inline std::optional<Scalar> scalar_from_node(const toml::node& node, const KeySpec& spec, std::string& got) {
  got = node_text(node);
  const auto in_range = [&](double v) { return v >= spec.min && v <= spec.max; };
  switch (spec.type) {
    case ValueType::Integer: {
      if (!node.is_integer()) return std::nullopt;
      const std::int64_t v = node.as_integer()->get();
      got = std::to_string(v);
      if (!in_range(static_cast<double>(v))) return std::nullopt;
      return Scalar{v};
    }
    case ValueType::Float: {
      if (!node.is_number()) return std::nullopt;
      const double v = node.value<double>().value();
      if (std::isnan(v) || !in_range(v)) return std::nullopt;
      return Scalar{v};
    }
    case ValueType::Boolean:
      if (!node.is_boolean()) return std::nullopt;
      return Scalar{node.as_boolean()->get()};
    case ValueType::String: {
      if (!node.is_string()) return std::nullopt;
      const std::string v = node.as_string()->get();
      if (!spec.choices.empty() && std::find(spec.choices.begin(), spec.choices.end(), v) == spec.choices.end()) return std::nullopt;
      return Scalar{v};
    }
    case ValueType::TableArray:
    case ValueType::Array: break;
  }
  return std::nullopt;
}

/// Walks "a.b[2].c" to the table that holds the leaf ("c"), creating missing tables and, with
/// `grow_arrays`, missing array elements. nullptr when a segment names something that is not a
/// table (or, without `grow_arrays`, an array element that does not exist).
inline toml::table* parent_table(toml::table& root, const std::string& path, std::string& leaf, bool grow_arrays) {
  toml::table* current = &root;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = path.find('.', start);
    const std::string segment = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (dot == std::string::npos) {
      leaf = segment;
      return current;
    }
    const auto bracket = segment.find('[');
    const std::string name = segment.substr(0, bracket);
    if (bracket == std::string::npos) {
      if (!current->contains(name)) current->insert(name, toml::table{});
      current = current->get_as<toml::table>(name);
    } else {
      const auto parsed_index = parse_index(segment.substr(bracket + 1, segment.find(']', bracket) - bracket - 1));
      if (!parsed_index) return nullptr;
      const std::size_t index = *parsed_index;
      if (!current->contains(name) && grow_arrays) current->insert(name, toml::array{});
      toml::array* array = current->get_as<toml::array>(name);
      if (!array) return nullptr;
      while (grow_arrays && array->size() <= index) array->push_back(toml::table{});
      current = index < array->size() ? array->get(index)->as_table() : nullptr;
    }
    if (!current) return nullptr;
    start = dot + 1;
  }
}

/// Checks the keys of `table`, found at `prefix` ("sweep", "sweep.keys[]"), against the schema of
/// an engine table: an unknown key gets the schema's did-you-mean (or the list of known keys), a
/// scalar its type, range and choices. Arrays of tables and lists are left to the caller.
inline void check_table_keys(const toml::table& table, const std::string& prefix, const Schema& schema) {
  for (const auto& [name, node] : table) {
    const std::string path = prefix + "." + std::string(name.str());
    const KeySpec* spec = schema.find(path);
    if (!spec) {
      std::string message = where_of(node.source()) + ": " + path + ": unknown key";
      if (const std::string s = schema.suggest(path); !s.empty()) {
        message += "; did you mean \"" + s + "\"?";
      } else {
        std::string known;
        for (const auto& k : schema.keys())
          if (k.path.rfind(prefix + ".", 0) == 0 && k.path.find('.', prefix.size() + 1) == std::string::npos)
            known += (known.empty() ? "" : ", ") + k.path.substr(prefix.size() + 1);
        message += "; expected one of: " + known;
      }
      throw InputError(message);
    }
    if (spec->type == ValueType::TableArray || spec->type == ValueType::Array) continue;
    std::string got;
    if (!scalar_from_node(node, *spec, got))
      throw InputError(where_of(node.source()) + ": " + path + ": expected " + expected_text(*spec) + ", got " + got);
  }
}

/// Tables at the top level of a scenario that are not model parameters (read by their own readers:
/// [trial] by the calibration suite, app/calibrate.cpp).
inline bool is_engine_table(const std::string& key) { return key == "sweep" || key == "uncertainty" || key == "trial"; }

}  // namespace rehabsim::sim::config
