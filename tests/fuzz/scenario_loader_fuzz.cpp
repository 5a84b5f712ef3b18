// libFuzzer target: any bytes as a scenario file. Every input must end in a typed scenario or an
// InputError (exit 2 in the program); anything else (another exception, a crash, a sanitizer report)
// is a bug. Seeded with scenarios/ by `./test.sh --hardening`.
#include <cstddef>
#include <cstdint>
#include <string>

#include "models/scenario/default_scenario.hpp"
#include "models/scenario/protocol_presets.hpp"
#include "models/scenario/scenario_bindings.hpp"
#include "sim/config/loader.hpp"
#include "sim/config/sweep.hpp"
#include "sim/config/uncertainty.hpp"
#include "sim/core/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rehabsim;
  static const sim::config::ScenarioSource defaults{std::string(models::default_scenario_toml()), "default.toml"};
  const sim::config::ScenarioSource source{std::string(reinterpret_cast<const char*>(data), size), "fuzz.toml"};
  try {
    const sim::config::Values values = sim::config::load_scenario(source, {}, models::scenario_schema(), defaults, &models::protocol_presets());
    (void)models::scenario_from_values(values);
    const auto sweep = sim::config::read_sweep(source, {}, "", 0, models::scenario_schema());
    (void)sim::config::expand_sweep(sweep, 1);
    (void)sim::config::read_uncertainty(source, models::scenario_schema());
  } catch (const sim::InputError&) {
    // bad input, reported with its location: fine
  }
  return 0;
}
