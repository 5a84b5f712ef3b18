#pragma once
// `rehabsim_calibrate --search PRIORS.toml`: the calibration search's waves on the virtual-trial
// suite, written to a directory as they finish (evaluations.csv, one row per scored point, which a
// resumed search continues; ensemble.toml, the points not ruled out; summary.md). The scoring is
// models/calibration/search; this file runs the waves on the engine's threads and keeps the files.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/config/loader.hpp"

namespace rehabsim::app {

struct SearchOptions {
  std::string priors_path;
  std::string output_dir = "results/calibration_search";
  std::size_t points = 100;  ///< scored per wave
  std::size_t waves = 3;
  double cutoff = 3.0;             ///< a point is kept when every target's implausibility is at most this
  double discrepancy = 0.1;        ///< model discrepancy sd as a fraction of each observation
  std::uint32_t replications = 0;  ///< per trial; 0: each trial's own
  std::uint64_t seed = 20261203;
  int threads = 1;
  bool resume = false, force = false, quiet = false;
};

struct SearchOutcome {
  std::string summary;  ///< as in summary.md
  bool interrupted = false;
  std::vector<std::vector<double>> kept;  ///< unit-cube points not ruled out, best first
  std::vector<double> best;               ///< the point with the smallest largest implausibility
};

/// Runs (or resumes) the search on `trials`. InputError for a bad priors file, options, or an output
/// directory holding another search (without --resume or --force).
SearchOutcome run_search(const SearchOptions& options, const std::vector<sim::config::ScenarioSource>& trials);

/// Leave-one-trial-out: a search on every trial (DIR/all) and one without each trial in turn
/// (DIR/without_STEM), then each left-out trial predicted by the search that did not see it: its
/// targets at that search's best point (held by the suite's rule? implausibility) and the share of
/// its best 20 points not ruled out that predict each target within the cutoff, beside the same at
/// the full search's best point (in sample). Writes DIR/out_of_sample.md; returns it.
SearchOutcome run_leave_one_out(const SearchOptions& options, const std::vector<sim::config::ScenarioSource>& trials);

}  // namespace rehabsim::app
