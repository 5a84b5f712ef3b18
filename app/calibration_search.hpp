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

/// A scored point: its unit-cube coordinates and each target's implausibility (the suite's order).
struct ScoredPoint {
  std::size_t wave = 0, index = 0;  ///< as in evaluations.csv (waves from 0)
  std::vector<double> unit, implausibility;
};

struct SearchOutcome {
  std::string summary;  ///< as in summary.md
  bool interrupted = false;
  std::vector<std::vector<double>> kept;  ///< unit-cube points not ruled out, best first
  std::vector<double> best;               ///< the point with the smallest largest implausibility
  std::vector<ScoredPoint> scored;        ///< every point scored, best first (`kept` is its prefix)
};

/// The search as it would have gone without some targets, from a search's scored points: each point's
/// largest implausibility over the targets `used` (true) only, the points at most `cutoff` kept, best
/// first. Exact for a one-wave search (a Latin hypercube, which no target steers); later waves were
/// drawn around points kept with every target, so for them it is an approximation.
SearchOutcome without_targets(const std::vector<ScoredPoint>& scored, const std::vector<bool>& used, double cutoff);

/// Runs (or resumes) the search on `trials`. InputError for a bad priors file, options, or an output
/// directory holding another search (without --resume or --force).
SearchOutcome run_search(const SearchOptions& options, const std::vector<sim::config::ScenarioSource>& trials);

/// Leave-one-trial-out: a search on every trial (DIR/all) and one without each trial in turn, then
/// each left-out trial predicted by the search that did not see it: its targets at that search's
/// best point (held by the suite's rule? implausibility) and the share of its best 20 points not
/// ruled out that predict each target within the cutoff, beside the same at the full search's best
/// point (in sample). With one wave the search without a trial is the full search's points scored
/// without that trial's targets (without_targets: exact, and one search instead of one a trial);
/// with more waves each runs in DIR/without_STEM. Writes DIR/out_of_sample.md; returns it.
SearchOutcome run_leave_one_out(const SearchOptions& options, const std::vector<sim::config::ScenarioSource>& trials);

}  // namespace rehabsim::app
