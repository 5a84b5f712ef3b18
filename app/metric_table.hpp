#pragma once
// The one renderer of per-point metric tables (means with 95% CIs): `run` prints it from the rows
// it just computed, `summary` from a result file's /summary.
#include <ostream>
#include <string>
#include <vector>

namespace rehabsim::app {

struct MetricLine {
  std::string metric;
  double mean = 0, ci95_low = 0, ci95_high = 0;
  long n = 0;  ///< replications with a defined value; 0: undefined here (left out of the printout)
  std::string units;
};

/// "point 3: key = value, ...": a point's heading from the swept keys' names and values.
std::string point_heading(std::size_t point, const std::vector<std::pair<std::string, std::string>>& swept);

/// Prints `heading`, the column titles and one line per defined metric.
void render_metric_block(std::ostream& out, const std::string& heading, const std::vector<MetricLine>& lines);

}  // namespace rehabsim::app
