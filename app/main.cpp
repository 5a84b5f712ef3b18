// The rehabsim executable: the engine's command line bound to the recovery model.
#include "app/cli.hpp"
#include "app/version.hpp"
#include "models/outputs/output_tables.hpp"
#include "models/outputs/result_notes.hpp"
#include "models/recovery_experiment.hpp"
#include "models/scenario/default_scenario.hpp"
#include "models/scenario/protocol_presets.hpp"
#include "models/scenario/scenario_bindings.hpp"
#include "sim/core/errors.hpp"
#include "sim/exec/journal.hpp"

int main(int argc, char** argv) {
  using namespace rehabsim;
  app::ModelBinding binding;
  binding.version = app::kVersion;
  binding.git_commit = app::kGitCommit;
  binding.schema = &models::scenario_schema();
  binding.default_scenario = {std::string(models::default_scenario_toml()), "scenarios/default.toml (built in)"};
  binding.presets = &models::protocol_presets();
  binding.replications_key = "run.replications";
  binding.seed_key = "run.seed";
  binding.trajectories_key = "output.trajectories";
  binding.entity_table = models::kPatientsTable;
  binding.replication_table = models::kReplicationsTable;
  for (auto& g : models::metric_groups()) binding.metric_groups.push_back({g.title, g.metrics, g.lead});
  binding.result_notes = models::result_notes;
  binding.cost_effectiveness = {models::kCostMetric, models::kEffectMetric, "usd", "qaly", {}};
  binding.willingness_to_pay = [](const sim::config::Values& values) {
    return models::willingness_to_pay_usd_per_qaly(models::scenario_from_values(values).costs);
  };
  {
    std::string defaults = app::schema_text(*binding.schema) + binding.default_scenario.text;
    for (const auto& preset : binding.presets->presets) defaults += preset.source.text;
    binding.model_fingerprint = sim::fnv1a(defaults.data(), defaults.size());
  }
  binding.check_values = [](const sim::config::Values& values) { (void)models::scenario_from_values(values); };
  binding.make_experiment = [](std::size_t point_count, const std::function<sim::config::Values(std::size_t)>& values_at,
                               sim::config::SweepPoints points,
                               std::function<sim::config::Values(std::size_t, std::uint32_t)> item_values) -> std::unique_ptr<sim::Experiment> {
    std::vector<models::Scenario> scenarios;
    scenarios.reserve(point_count);
    for (std::size_t p = 0; p < point_count; ++p) {
      const sim::config::Values values = values_at(p);
      try {
        scenarios.push_back(models::scenario_from_values(values));
      } catch (const sim::InputError& e) {
        if (point_count == 1) throw;
        throw sim::InputError("sweep point " + std::to_string(p) + ": " + e.what());
      }
    }
    auto experiment = std::make_unique<models::RecoveryExperiment>(std::move(scenarios), std::move(points.spec), std::move(points.rows));
    if (item_values)
      experiment->set_item_scenarios([item_values](std::size_t p, std::uint32_t r) { return models::scenario_from_values(item_values(p, r)); });
    return experiment;
  };
  return app::cli_main(argc, argv, binding);
}
