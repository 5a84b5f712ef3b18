// The rehabsim executable: the engine's command line bound to the recovery model.
#include "app/version.hpp"
#include "models/default_scenario.hpp"
#include "models/recovery_experiment.hpp"
#include "models/scenario_schema.hpp"
#include "sim/cli.hpp"

int main(int argc, char** argv) {
  using namespace rehabsim;
  sim::ModelBinding binding;
  binding.version = app::kVersion;
  binding.git_commit = app::kGitCommit;
  binding.schema = &models::scenario_schema();
  binding.default_scenario = {std::string(models::default_scenario_toml()), "scenarios/default.toml (built in)"};
  binding.replications_key = "run.replications";
  binding.seed_key = "run.seed";
  binding.trajectories_key = "output.trajectories";
  binding.make_experiment = [](const sim::config::Values& values) -> std::unique_ptr<sim::Experiment> {
    return std::make_unique<models::RecoveryExperiment>(models::scenario_from_values(values));
  };
  return sim::cli_main(argc, argv, binding);
}
