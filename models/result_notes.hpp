#pragma once
// How the application presents the /replications metrics: their groups in printed tables, and
// plain-language notes on one point's results (an unstable queue, idle time beside a long wait).
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/summary_stats.hpp"

namespace rehabsim::models {

/// Titled groups in printed order: the clinic's KPIs first (they are left out where a scenario
/// has no clinic), then outcomes, then costs and QALYs.
std::vector<std::pair<std::string, std::vector<std::string>>> metric_groups();

/// Notes on one point's metric summaries (by /replications column name); empty when nothing calls
/// for one. Thresholds are rules of thumb (assumptions), stated in each note.
std::vector<std::string> result_notes(const std::map<std::string, sim::SampleSummary>& metrics);

}  // namespace rehabsim::models
