#pragma once
// `rehabsim summary FILE`: the per-point table (means with 95% CIs), a compare file's paired
// differences, the cost-effectiveness table and the sensitivity table of any result file.
#include <string>
#include <vector>

#include "app/metric_table.hpp"

namespace rehabsim::app {

struct SummaryOptions {
  std::string replication_table;
  std::vector<MetricGroup> groups;  ///< printed order
  ResultNotes notes;                ///< may be empty
  std::string metrics;              ///< --metrics text (empty: all)
  std::string points;               ///< --points text: "0,3,5-9" (empty: all)
};

/// The report as text; InputError for a missing or foreign file, an unknown metric or point.
std::string summary_report(const std::string& path, const SummaryOptions& options);

/// "0,3,5-9" as point numbers below `count`, in the order given; InputError naming the problem.
std::vector<std::size_t> parse_point_selection(const std::string& text, std::size_t count);

}  // namespace rehabsim::app
