// The recovery model's hot path: one state advance (every state variable over a few days), the
// regime set at an event, and one whole patient (cohort draw, every event to the horizon).
#include <benchmark/benchmark.h>

#include "models/patient/cohort_generator.hpp"
#include "models/patient/patient_state.hpp"
#include "models/patient/recovery_replication.hpp"
#include "models/scenario/default_scenario.hpp"
#include "models/scenario/protocol_presets.hpp"
#include "models/scenario/scenario_bindings.hpp"
#include "sim/config/loader.hpp"

namespace {

using namespace rehabsim;

models::Scenario scenario(const std::vector<std::string>& overrides) {
  const sim::config::ScenarioSource d{std::string(models::default_scenario_toml()), "default"};
  return models::scenario_from_values(sim::config::load_scenario(d, overrides, models::scenario_schema(), d, &models::protocol_presets()));
}

models::PatientState started_patient(const models::Scenario& s, const models::Covariates& c) {
  const auto stream = [](std::uint32_t purpose) { return sim::RngStream({1, 0, 0, purpose}); };
  models::PatientState st(
      models::PatientStreams{stream(1), stream(2), stream(3), stream(4), stream(5), stream(6), stream(7), stream(8), stream(9), stream(10)});
  st.clock = {0, 365};
  st.muscle = 0.8;
  st.balance = st.conditioning = st.mobility = 0.9;
  st.healing_tau_days = 30;
  st.muscle_rates = models::muscle_rates(s.muscle, c.age_years, c.protein_g_per_kg_day);
  models::set_loads(st, s, c, 0.0);
  return st;
}

void BM_StateAdvance(benchmark::State& state) {
  const models::Scenario s = scenario({"run.patients=1"});
  const models::CohortGenerator cohort(s);
  const models::Covariates c = cohort.draw(s.run.seed, 0, 0);
  models::PatientState st = started_patient(s, c);
  double day = 0;
  for (auto _ : state) {
    day += 3.5;
    models::advance(st, s, day);
    if (day > 360) st.last_update_day = day = 0;
    benchmark::DoNotOptimize(st.muscle);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StateAdvance);

void BM_SetLoads(benchmark::State& state) {
  const models::Scenario s = scenario({"run.patients=1"});
  const models::CohortGenerator cohort(s);
  const models::Covariates c = cohort.draw(s.run.seed, 0, 0);
  models::PatientState st = started_patient(s, c);
  for (auto _ : state) benchmark::DoNotOptimize(models::set_loads(st, s, c, 30.0));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SetLoads);

// One patient after another through the default model (patient-years/s = items/s at a 1-year horizon).
void BM_WholePatient(benchmark::State& state) {
  const models::Scenario s = scenario({"run.patients=" + std::to_string(state.range(0))});
  const models::CohortGenerator cohort(s);
  std::uint32_t rep = 0;
  for (auto _ : state) benchmark::DoNotOptimize(models::simulate_replication(s, cohort, rep++));
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["patient_years_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * state.range(0)) * s.run.horizon_days / 365.25, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WholePatient)->Arg(1)->Arg(1000)->Unit(benchmark::kMicrosecond);

}  // namespace
