#pragma once
// Shared by the scenario loader and the sweep reader: parse TOML with errors in the standard form,
// and format a node's location as "file:line:column".
#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>
#include <string>
#include <toml++/toml.h>

#include "sim/config/schema.hpp"
#include "sim/errors.hpp"

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
    case ValueType::TableArray: break;
  }
  return std::nullopt;
}

/// Tables at the top level of a scenario that are not model parameters (read by their own readers).
inline bool is_engine_table(const std::string& key) { return key == "sweep" || key == "uncertainty"; }

}  // namespace rehabsim::sim::config
