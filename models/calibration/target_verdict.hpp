#pragma once
// Judges a target: the simulated values (one per replication) against the published bounds.
#include <string>
#include <vector>

#include "models/calibration/virtual_trial.hpp"
#include "sim/stats/summary_stats.hpp"

namespace rehabsim::models::calibration {

struct Verdict {
  sim::SampleSummary sim;  ///< mean and Student-t 95% CI over replications
  bool holds = false;
  std::string rule;  ///< the rule as applied, with its numbers
};

/// range: the mean lies in [low, high] widened by 1.96 SE_sim; point: |mean - value| <= 1.96
/// sqrt(SE_sim^2 + SE_pub^2); ci_above / ci_below: the whole 95% CI lies beyond the bound. A
/// non-finite mean never holds.
Verdict judge(const TargetSpec& target, const std::vector<double>& values);

}  // namespace rehabsim::models::calibration
