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

/// Reads a file; a missing or unreadable file is an InputError naming it.
ScenarioSource read_scenario_file(const std::string& path);

/// Parses `scenario`, applies `overrides` ("key.path=value", value in TOML syntax, bare words taken
/// as strings), validates, and fills defaults. Arrays of tables absent from the scenario are taken
/// from `defaults` (the model's built-in default scenario).
Values load_scenario(const ScenarioSource& scenario, const std::vector<std::string>& overrides,
                     const Schema& schema, const ScenarioSource& defaults);

}  // namespace rehabsim::sim::config
