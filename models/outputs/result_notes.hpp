#pragma once
// How the application presents the /replications metrics: their groups in printed tables, and
// plain-language notes on one point's results (an unstable queue, idle time beside a long wait).
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/stats/summary_stats.hpp"

namespace rehabsim::models {

struct MetricGroupSpec {
  std::string title;
  std::vector<std::string> metrics;
  std::string lead;  ///< the group is printed first only where this metric is defined
};

/// Titled groups in printed order: the clinic's KPIs first where a clinic has limited capacity
/// (utilisation is defined), else after costs; then outcomes, then costs and QALYs.
std::vector<MetricGroupSpec> metric_groups();

/// Notes on one point's metric summaries (by /replications column name); empty when nothing calls
/// for one. Thresholds are rules of thumb (assumptions), stated in each note.
std::vector<std::string> result_notes(const std::map<std::string, sim::SampleSummary>& metrics);

}  // namespace rehabsim::models
