#pragma once
// `run`: executes an experiment's work items and streams them into a result file, then writes
// /summary and prints the summary table.
#include <functional>
#include <ostream>
#include <set>
#include <string>

#include "app/derived_tables.hpp"
#include "app/kernel_names.hpp"
#include "app/metric_table.hpp"
#include "sim/exec/experiment.hpp"
#include "sim/output/result_file.hpp"

namespace rehabsim::app {

struct RunRequest {
  std::string output_path;
  bool force = false;
  bool resume = false;                  ///< finish an interrupted run from its journal
  std::uint64_t model_fingerprint = 0;  ///< hash of the model's compiled defaults (a resume needs the same)
  int threads = 1;
  bool quiet = false;
  bool stats = false;  ///< print timings, events by kind and rates on stderr (--stats)
  const std::atomic<bool>* stop = nullptr;
  RootAttributes attributes;  ///< seed and replications are filled from the experiment
  bool sensitivity = false;   ///< write /sensitivity (PRCC of the swept numeric keys; LHS and random sweeps)
  std::set<std::string> skip_tables;
  /// Columns the engine adds to the per-replication table (the PSA draws), and their values.
  std::vector<ColumnSpec> extra_replication_columns;
  std::function<std::vector<double>(std::uint32_t replication)> extra_replication_values;
  /// Cost-effectiveness across points (written when there are at least two).
  CostEffectivenessSetup cost_effectiveness;
  std::uint32_t reference_point = 0;
  /// `compare`: the points are scenarios; write /compare (each against the first, paired by
  /// replication) and print a side-by-side table instead of the per-point one.
  std::vector<std::string> compared_names;
  /// `compare --sweep`: the scenarios per sweep point; each point is compared with the first
  /// scenario of its group (0: all points form one group).
  std::size_t compared_per_group = 0;
  /// What the printed tables show: the metrics' groups in order, the `--metrics` selection (empty:
  /// all) and the model's notes on a point's results.
  std::vector<MetricGroup> metric_groups;
  std::vector<std::string> metric_selection;
  ResultNotes result_notes;  ///< item tables not written (--output-level); /summary is always computed
};

struct RunOutcome {
  std::size_t completed = 0;
  bool interrupted = false;
};

RunOutcome run_experiment(const Experiment& experiment, const RunRequest& request, std::ostream& summary_out);

}  // namespace rehabsim::app
