#include "sim/config/loader.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "sim/config/toml_source.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/files.hpp"

namespace rehabsim::sim::config {

namespace {

class Validator {
 public:
  /// @param overridden "where" text of values set by --set (copied nodes lose their source), by path
  Validator(const Schema& schema, std::vector<std::string>& errors, std::map<std::string, std::string> overridden = {})
      : schema_(schema), errors_(errors), overridden_(std::move(overridden)) {}

  /// Checks every key under `table`, recording valid scalars by concrete path.
  void table(const toml::table& t, const std::string& prefix) {
    for (const auto& [key, node] : t) {
      if (prefix.empty() && is_engine_table(std::string(key.str()))) continue;  // e.g. [sweep]: read by sweep.cpp
      const std::string path = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
      const std::string norm = normalise_path(path);
      const KeySpec* spec = schema_.find(norm);
      const auto o = overridden_.find(path);
      const std::string where = o != overridden_.end() ? o->second : where_of(node.source());
      if (!spec) {
        if (node.is_table() && schema_.is_table_prefix(norm)) {
          table(*node.as_table(), path);
          continue;
        }
        std::string message = where + ": " + path + ": unknown key";
        if (const std::string s = schema_.suggest(norm); !s.empty()) message += "; did you mean \"" + s + "\"?";
        errors_.push_back(message);
        continue;
      }
      if (spec->type == ValueType::TableArray) {
        array_of_tables(node, *spec, path, where);
        continue;
      }
      if (auto value = scalar(node, *spec, path, where)) values_[path] = Located{*value, where};
    }
  }

  std::map<std::string, Located>& values() { return values_; }

 private:
  void array_of_tables(const toml::node& node, const KeySpec& spec, const std::string& path, const std::string& where) {
    const toml::array* array = node.as_array();
    if (!array || (!array->empty() && !array->is_array_of_tables())) {
      errors_.push_back(where + ": " + path + ": expected " + expected_text(spec) + " ([[" + path + "]] sections), got " + node_text(node));
      return;
    }
    const double n = static_cast<double>(array->size());
    if (n < spec.min || n > spec.max)
      errors_.push_back(where + ": " + path + ": expected " + expected_text(spec) + ", got " + std::to_string(array->size()) + " entries");
    for (std::size_t i = 0; i < array->size(); ++i) table(*array->get(i)->as_table(), path + "[" + std::to_string(i) + "]");
  }

  std::optional<Scalar> scalar(const toml::node& node, const KeySpec& spec, const std::string& path, const std::string& where) {
    std::string got;
    auto value = scalar_from_node(node, spec, got);
    if (!value) errors_.push_back(where + ": " + path + ": expected " + expected_text(spec) + ", got " + got);
    return value;
  }

  const Schema& schema_;
  std::vector<std::string>& errors_;
  std::map<std::string, Located> values_;
  std::map<std::string, std::string> overridden_;
};

// Applies one "--set key.path=value" to the user's table.
void apply_override(toml::table& user, const toml::table& defaults, const std::string& text, const Schema& schema, std::vector<std::string>& errors,
                    std::map<std::string, std::string>& overridden) {
  const std::string where = kOverridePrefix + text;
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    errors.push_back(where + ": expected KEY=VALUE, e.g. --set cohort.size=500");
    return;
  }
  const std::string path = text.substr(0, eq);
  const std::string value_text = text.substr(eq + 1);
  if (const std::string problem = index_problem(path); !problem.empty()) {
    errors.push_back(where + ": " + path + ": " + problem);
    return;
  }
  const std::string norm = normalise_path(path);
  const KeySpec* spec = schema.find(norm);
  if (!spec || spec->type == ValueType::TableArray) {
    std::string message = where + ": " + path + ": unknown key";
    if (spec)
      message = where + ": " + path + ": an array of tables cannot be set as a whole; set its elements, e.g. " + path + "[0].KEY=VALUE";
    else if (const std::string s = schema.suggest(norm, true); !s.empty())
      message += "; did you mean \"" + s + "\"?";
    errors.push_back(message);
    return;
  }
  // The value is TOML (numbers, booleans, quoted strings); a bare word is taken as a string.
  toml::table parsed;
  try {
    parsed = toml::parse("v = " + value_text, where);
  } catch (const toml::parse_error&) {
    parsed = toml::table{};
    parsed.insert("v", value_text);
  }
  // Keys inside an array of tables address an element that must exist; the array is copied from
  // the default scenario when the user's file does not have it.
  if (const auto bracket = path.find('['); bracket != std::string::npos) {
    const std::string array_path = path.substr(0, bracket);
    const std::size_t index = *parse_index(path.substr(bracket + 1, path.find(']', bracket) - bracket - 1));  // checked above
    const toml::node* existing = user.at_path(array_path).node();
    if (!existing) {
      const toml::node* from_default = defaults.at_path(array_path).node();
      std::string leaf;
      if (toml::table* parent = parent_table(user, array_path, leaf, false); parent && from_default && from_default->is_array()) {
        parent->insert(leaf, *from_default->as_array());
        existing = user.at_path(array_path).node();
      }
    }
    const std::size_t size = existing && existing->is_array() ? existing->as_array()->size() : 0;
    if (index >= size) {
      errors.push_back(where + ": " + path + ": index " + std::to_string(index) + " is out of range (" + array_path + " has " + std::to_string(size) +
                       " entries)");
      return;
    }
  }
  std::string leaf;
  toml::table* parent = parent_table(user, path, leaf, /*grow_arrays=*/false);
  if (!parent) {
    errors.push_back(where + ": " + path + ": a part of this path is not a table in the scenario");
    return;
  }
  parsed.get("v")->visit([&](const auto& node) { parent->insert_or_assign(leaf, node); });
  overridden[path] = where;
}

// Records "file:line:col" of every node below `node` by key path (copied nodes lose their source).
void record_origins(const toml::node& node, const std::string& path, std::map<std::string, std::string>& origins) {
  origins[path] = where_of(node.source());
  if (const toml::table* t = node.as_table()) {
    for (const auto& [key, child] : *t) record_origins(child, path + "." + std::string(key.str()), origins);
  } else if (const toml::array* a = node.as_array(); a && a->is_array_of_tables()) {
    for (std::size_t i = 0; i < a->size(); ++i) record_origins(*a->get(i), path + "[" + std::to_string(i) + "]", origins);
  }
}

// Replaces [TABLE] by the named preset's [TABLE] with the scenario's own keys on top. An unknown
// name is left alone: validation reports it against the key's choices.
void apply_preset(toml::table& root, const PresetLibrary& library, std::map<std::string, std::string>& origins) {
  toml::table* own = root.get_as<toml::table>(library.table);
  if (!own) return;
  const auto name = (*own)["preset"].value<std::string>();
  if (!name) return;
  for (const auto& preset : library.presets) {
    if (preset.name != *name) continue;
    const toml::table parsed = parse_toml(preset.source.text, preset.source.name);
    toml::table merged;
    if (const toml::table* base = parsed.get_as<toml::table>(library.table)) {
      merged = *base;
      record_origins(*base, library.table, origins);
    }
    record_origins(*own, library.table, origins);
    for (const auto& entry : *own) {  // (a named pair: clang 14 cannot capture structured bindings)
      const auto& key = entry.first;
      entry.second.visit([&](const auto& value) { merged.insert_or_assign(key, value); });
    }
    root.insert_or_assign(library.table, std::move(merged));
    return;
  }
}

}  // namespace

ScenarioSource read_scenario_file(const std::string& path) {
  // A scenario is a few kilobytes; 16 MB leaves room for generated ones and stops /dev/zero-like inputs.
  constexpr std::size_t kMaxScenarioBytes = std::size_t{16} << 20;
  return {read_regular_file(path, "scenario file", kMaxScenarioBytes), path};
}

Values load_scenario(const ScenarioSource& scenario, const std::vector<std::string>& overrides, const Schema& schema, const ScenarioSource& defaults,
                     const PresetLibrary* presets) {
  toml::table user = parse_toml(scenario.text, scenario.name);
  toml::table default_table = parse_toml(defaults.text, defaults.name);
  std::map<std::string, std::string> default_origins;
  if (presets) apply_preset(default_table, *presets, default_origins);

  std::vector<std::string> errors;
  std::map<std::string, std::string> overridden;  // where copied values came from: presets, then --set
  // A preset is chosen first (by the file or --set TABLE.preset=...), then the other overrides apply
  // on top of it.
  const auto is_preset = [&](const std::string& o) { return presets && o.rfind(presets->table + ".preset=", 0) == 0; };
  for (const auto& o : overrides)
    if (is_preset(o)) apply_override(user, default_table, o, schema, errors, overridden);
  if (presets) apply_preset(user, *presets, overridden);
  for (const auto& o : overrides)
    if (!is_preset(o)) apply_override(user, default_table, o, schema, errors, overridden);

  Validator user_check(schema, errors, overridden);
  user_check.table(user, "");
  std::vector<std::string> default_errors;
  Validator default_check(schema, default_errors, default_origins);
  default_check.table(default_table, "");
  if (!default_errors.empty()) throw std::logic_error("built-in default scenario is invalid: " + default_errors.front());
  if (!errors.empty()) {
    std::string message;
    for (const auto& e : errors) message += (message.empty() ? "" : "\n") + e;
    throw InputError(message);
  }

  Values values;
  const auto fill = [&](const std::string& concrete, const KeySpec& spec, const std::map<std::string, Located>& from) {
    if (auto it = from.find(concrete); it != from.end())
      values.set(concrete, it->second);
    else
      values.set(concrete, Located{spec.default_value, "default"});
  };
  for (const KeySpec& spec : schema.keys()) {
    if (spec.path.find("[]") != std::string::npos) continue;  // filled with their array below
    if (spec.type != ValueType::TableArray) {
      fill(spec.path, spec, user_check.values());
      continue;
    }
    const toml::node* node = user.at_path(spec.path).node();
    const bool from_user = node != nullptr;
    if (!from_user) node = default_table.at_path(spec.path).node();
    const std::size_t n = node ? node->as_array()->size() : 0;
    const auto& source = from_user ? user_check.values() : default_check.values();
    values.set_count(spec.path, n, node ? where_of(node->source()) : "default");
    const std::string element_prefix = spec.path + "[].";
    const toml::node* default_node = default_table.at_path(spec.path).node();
    const std::size_t default_n = default_node && default_node->as_array() ? default_node->as_array()->size() : 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::string here = spec.path + "[" + std::to_string(i) + "].";
      // The default element of the same name, whose values fill the keys this one leaves out.
      std::optional<std::string> inherited;
      if (from_user && spec.inherit_by_name)
        if (const auto name = source.find(here + "name"); name != source.end())
          for (std::size_t j = 0; j < default_n && !inherited; ++j) {
            const std::string there = spec.path + "[" + std::to_string(j) + "].";
            const auto other = default_check.values().find(there + "name");
            if (other != default_check.values().end() && other->second.value == name->second.value) inherited = there;
          }
      for (const KeySpec& element : schema.keys()) {
        if (element.path.rfind(element_prefix, 0) != 0) continue;
        const std::string key = element.path.substr(element_prefix.size());
        if (inherited && !source.contains(here + key))
          if (const auto it = default_check.values().find(*inherited + key); it != default_check.values().end()) {
            values.set(here + key, it->second);
            continue;
          }
        fill(here + key, element, source);
      }
    }
  }
  return values;
}

}  // namespace rehabsim::sim::config
