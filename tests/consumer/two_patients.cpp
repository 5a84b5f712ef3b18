// Uses rehabsim as a library: the built-in scenario with two patients, one replication of the
// recovery model, run through the engine's headers as installed. Exit 0 when both patients have
// a 12-month outcome.
#include <cmath>
#include <cstdio>
#include <string>

#include "models/patient/cohort_generator.hpp"
#include "models/patient/recovery_replication.hpp"
#include "models/scenario/default_scenario.hpp"
#include "models/scenario/protocol_presets.hpp"
#include "models/scenario/scenario_bindings.hpp"
#include "sim/config/loader.hpp"

int main() {
  using namespace rehabsim;
  const sim::config::ScenarioSource defaults{std::string(models::default_scenario_toml()), "built-in default"};
  const sim::config::Values values = sim::config::load_scenario(defaults, {"run.patients=2", "run.replications=1"}, models::scenario_schema(),
                                                                defaults, &models::protocol_presets());
  const models::Scenario scenario = models::scenario_from_values(values);
  const models::CohortGenerator cohort(scenario);
  const auto result = models::run_replication(scenario, cohort, 0);
  if (result.patients.size() != 2) return 1;
  for (const auto& p : result.patients) {
    std::printf("patient: baseline ODI %.1f, ODI at 12 months %.1f\n", p.covariates.baseline_odi, p.odi[3]);
    if (!std::isfinite(p.odi[3]) || p.odi[3] < 0 || p.odi[3] > 100) return 1;
  }
  return 0;
}
