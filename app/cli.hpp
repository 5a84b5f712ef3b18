#pragma once
// The command line (Boost.Program_options): run, validate, compare, summary, schema and extract. It knows the
// engine and a model only through ModelBinding, so it holds no model words.
#include <functional>
#include <memory>
#include <string>

#include "app/derived_tables.hpp"
#include "app/kernel_names.hpp"
#include "app/metric_table.hpp"
#include "sim/config/loader.hpp"
#include "sim/config/schema.hpp"
#include "sim/config/sweep.hpp"
#include "sim/config/uncertainty.hpp"
#include "sim/exec/experiment.hpp"

namespace rehabsim::app {

struct ModelBinding {
  std::string program = "rehabsim";
  std::string version;
  std::string git_commit;
  const config::Schema* schema = nullptr;
  config::ScenarioSource default_scenario;         ///< the built-in scenario (run without a file)
  const config::PresetLibrary* presets = nullptr;  ///< named variants of a table (`TABLE.preset`)
  std::string replications_key;                    ///< the key that -r sets
  std::string seed_key;                            ///< the key that -s sets
  std::string trajectories_key;                    ///< the boolean key that --trajectories sets
  /// Builds the typed scenarios (one per sweep point, each loaded on demand by `values_at`, so a big
  /// sweep never holds every point's parsed values at once) and the experiment; throws InputError
  /// for cross-field problems. `points` holds the /points table.
  /// With probabilistic sensitivity analysis, `item_values(point, replication)` gives each work
  /// item's values (the point's plus the replication's parameter draws); otherwise it is empty.
  std::function<std::unique_ptr<Experiment>(std::size_t point_count, const std::function<config::Values(std::size_t)>& values_at,
                                            config::SweepPoints points, std::function<config::Values(std::size_t, std::uint32_t)> item_values)>
      make_experiment;
  /// The model's per-entity and per-replication item tables: `--output` levels are named after
  /// them (summary < replication table < entity table: each writes more).
  std::string entity_table;
  std::string replication_table;
  CostEffectivenessSetup cost_effectiveness;  ///< metrics and names (the grid comes from the scenario)
  /// The willingness-to-pay grid of a scenario's values (a run setting: every point has the same).
  std::function<std::vector<double>(const config::Values&)> willingness_to_pay;
  /// Printed order of the per-replication metrics (titled groups) and notes on a point's results.
  std::vector<MetricGroup> metric_groups;
  ResultNotes result_notes;
  /// Builds the typed scenario of some values (throws InputError on a cross-field problem): lets
  /// `validate` and the uncertainty draws fail early, naming the replication and its draws.
  std::function<void(const config::Values&)> check_values;
  /// Hash of the model's compiled defaults (schema, default scenario, presets): a journal written
  /// by a build with other defaults is not resumed.
  std::uint64_t model_fingerprint = 0;
};

/// Exit codes: 0 success, 1 internal error, 2 bad input or usage, 130 interrupted.
int cli_main(int argc, const char* const* argv, const ModelBinding& binding);

/// The schema as a text table (`schema`) or as Markdown (`schema --format markdown`).
std::string schema_text(const config::Schema& schema);
std::string schema_markdown(const config::Schema& schema, const std::string& program);

}  // namespace rehabsim::app
