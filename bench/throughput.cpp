// Throughput of the recovery model on one core: patient-years simulated per second.
// Usage: rehabsim_bench [patients=20000] [replications=5] [scenario.toml (default: the built-in one)]
// e.g. rehabsim_bench 720 10 scenarios/staffing/a_four_therapists.toml for the clinic model.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "models/patient/cohort_generator.hpp"
#include "models/patient/recovery_replication.hpp"
#include "models/scenario/default_scenario.hpp"
#include "models/scenario/protocol_presets.hpp"
#include "models/scenario/scenario_bindings.hpp"
#include "sim/config/loader.hpp"

int main(int argc, char** argv) {
  using namespace rehabsim;
  const long patients = argc > 1 ? std::atol(argv[1]) : 20000;
  const long reps = argc > 2 ? std::atol(argv[2]) : 5;
  const sim::config::ScenarioSource d{std::string(models::default_scenario_toml()), "default"};
  sim::config::ScenarioSource source = d;
  if (argc > 3) {
    std::ifstream in(argv[3]);
    if (!in) {
      std::fprintf(stderr, "%s: cannot read the scenario\n", argv[3]);
      return 2;
    }
    std::ostringstream text;
    text << in.rdbuf();
    source = {text.str(), argv[3]};
  }
  const models::Scenario s = models::scenario_from_values(
      sim::config::load_scenario(source, {"run.patients=" + std::to_string(patients)}, models::scenario_schema(), d, &models::protocol_presets()));
  const models::CohortGenerator cohort(s);
  double checksum = 0;
  const auto start = std::chrono::steady_clock::now();
  for (long r = 0; r < reps; ++r)
    for (const auto& p : models::simulate_replication(s, cohort, static_cast<std::uint32_t>(r))) checksum += p.odi[3];
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Each patient is simulated over the scenario's horizon (365-1826 days).
  constexpr double kDaysPerYear = 365.25;
  const double patient_years = static_cast<double>(patients * reps) * s.run.horizon_days / kDaysPerYear;
  std::printf("%s: %ld patients x %ld replications in %.3f s (1 thread)\n", argc > 3 ? argv[3] : "default scenario", patients, reps, seconds);
  std::printf("throughput: %.0f patient-years/s per core (%d-day horizon), checksum %.6f\n", patient_years / seconds, s.run.horizon_days, checksum);
  return 0;
}
