#pragma once
// Scenario loading: TOML text -> overrides applied -> validated against the schema -> Values.
// Every problem is reported (all of them, not just the first) as one InputError whose lines read
// "file:line:col: key.path: expected ..., got ...".
#include <string>
#include <vector>

#include "sim/config/schema.hpp"
#include "sim/config/values.hpp"

namespace rehabsim::sim::config {

struct ScenarioSource {
  std::string text;  ///< TOML
  std::string name;  ///< shown in messages, e.g. "scenarios/x.toml"
};

/// Named variants of one table (e.g. the protocol library): a scenario that sets `TABLE.preset =
/// "name"` gets that variant's table as the base of its own, its keys on top (arrays replace).
struct Preset {
  std::string name;       ///< the value of TABLE.preset that selects it
  ScenarioSource source;  ///< a scenario text holding [TABLE]; its name is shown in messages
};

struct PresetLibrary {
  std::string table;  ///< e.g. "protocol"
  std::vector<Preset> presets;
};

/// Reads a file; a missing or unreadable file is an InputError naming it.
ScenarioSource read_scenario_file(const std::string& path);

/// Parses `scenario`, applies `overrides` ("key.path=value", value in TOML syntax, bare words taken
/// as strings), validates, and fills defaults. Arrays of tables absent from the scenario are taken
/// from `defaults` (the model's built-in default scenario).
Values load_scenario(const ScenarioSource& scenario, const std::vector<std::string>& overrides, const Schema& schema, const ScenarioSource& defaults,
                     const PresetLibrary* presets = nullptr);

}  // namespace rehabsim::sim::config
