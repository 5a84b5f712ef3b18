#pragma once
// The built-in default scenario with optional overrides, as the CLI would load it.
#include <string>
#include <vector>

#include "models/params/scenario.hpp"
#include "models/scenario/default_scenario.hpp"
#include "models/scenario/protocol_presets.hpp"
#include "models/scenario/scenario_bindings.hpp"
#include "sim/config/loader.hpp"

namespace rehabsim::models {

inline Scenario default_scenario(const std::vector<std::string>& overrides = {}) {
  const sim::config::ScenarioSource d{std::string(default_scenario_toml()), "default.toml"};
  return scenario_from_values(sim::config::load_scenario(d, overrides, scenario_schema(), d, &protocol_presets()));
}

}  // namespace rehabsim::models
