#pragma once
// `compare`: each scenario against the first, paired by replication (the same patients and
// draws): the /compare rows and the printed side-by-side table.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "app/kernel_names.hpp"
#include "app/metric_table.hpp"

namespace rehabsim::app {

struct CompareInput {
  const TableSpec& rows_spec;  ///< the per-replication table
  const TableBuffer& rows;
  std::uint32_t points = 0, replications = 0;
  std::vector<std::string> names;           ///< the scenarios (points), the first is the reference
  std::vector<std::size_t> metric_columns;  ///< the metrics' columns of `rows`
  std::vector<std::string> metric_names;
  std::vector<std::int64_t> metric_unit_codes;  ///< each metric's code in /compare/units
  std::vector<MetricGroup> order;               ///< printed order (ordered_metrics)
  ResultNotes notes;                            ///< may be empty
  std::size_t per_group = 0;                    ///< `compare --sweep`: scenarios per sweep point (0: one group)
};

/// One metric of a comparison: its level and paired difference per scenario.
struct ComparedMetric {
  std::string name, units;
  double valid_min = std::numeric_limits<double>::quiet_NaN(), valid_max = std::numeric_limits<double>::quiet_NaN();
  std::vector<sim::SampleSummary> level, difference;  ///< per scenario; the first's difference is 0
  bool identical = false;                             ///< equal in every scenario and replication
};

/// The printed table of a comparison (shared by `compare` and `summary` of a compare file).
std::string render_compare(const std::vector<std::string>& names, const std::vector<ComparedMetric>& metrics, const std::vector<MetricGroup>& order,
                           long replications, const ResultNotes& notes, std::size_t per_group = 0);

/// Fills `out` (the /compare spec) with every scenario and metric and returns the printed table:
/// metrics in `order`, money with thousands separators, intervals clipped to the possible range,
/// metrics equal in every scenario and replication on one line, then the notes per scenario.
std::string compare_table(const CompareInput& in, TableBuffer& out);

}  // namespace rehabsim::app
