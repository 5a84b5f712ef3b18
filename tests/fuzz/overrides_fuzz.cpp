// libFuzzer target: any bytes as command-line overrides, one per line: "--set KEY=VALUE" lines and
// "--sweep KEY=..." lines (a line starting with '~' is a sweep). As for the loader: a typed
// scenario or an InputError, nothing else.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "models/scenario/default_scenario.hpp"
#include "models/scenario/protocol_presets.hpp"
#include "models/scenario/scenario_bindings.hpp"
#include "sim/config/loader.hpp"
#include "sim/config/sweep.hpp"
#include "sim/core/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rehabsim;
  static const sim::config::ScenarioSource defaults{std::string(models::default_scenario_toml()), "default.toml"};
  std::vector<std::string> sets, sweeps;
  std::istringstream lines(std::string(reinterpret_cast<const char*>(data), size));
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line[0] == '~')
      sweeps.push_back(line.substr(1));
    else
      sets.push_back(line);
  }
  try {
    const sim::config::Values values = sim::config::load_scenario(defaults, sets, models::scenario_schema(), defaults, &models::protocol_presets());
    (void)models::scenario_from_values(values);
    const auto sweep = sim::config::read_sweep(defaults, sweeps, "", 8, models::scenario_schema());
    const auto points = sim::config::expand_sweep(sweep, 1);
    for (const auto& overrides : points.overrides) {
      std::vector<std::string> all = sets;
      all.insert(all.end(), overrides.begin(), overrides.end());
      (void)models::scenario_from_values(sim::config::load_scenario(defaults, all, models::scenario_schema(), defaults, &models::protocol_presets()));
      break;  // the first point is enough: every point is built the same way
    }
  } catch (const sim::InputError&) {
  }
  return 0;
}
