#include "app/metric_table.hpp"

#include <cstdio>
#include <iomanip>

namespace rehabsim::app {

std::string point_heading(std::size_t point, const std::vector<std::pair<std::string, std::string>>& swept) {
  std::string text = "point " + std::to_string(point);
  const char* separator = ": ";
  for (const auto& [key, value] : swept) {
    text += separator + key + " = " + value;
    separator = ", ";
  }
  return text;
}

void render_metric_block(std::ostream& out, const std::string& heading, const std::vector<MetricLine>& lines) {
  out << heading << "\n  " << std::left << std::setw(28) << "metric" << std::right << std::setw(12) << "mean" << std::setw(26) << "95% CI"
      << std::setw(5) << "n" << "   units\n";
  for (const MetricLine& l : lines) {
    if (l.n == 0) continue;  // undefined for this scenario (e.g. clinic KPIs without a clinic): in /summary only
    char mean[32], ci[64];
    std::snprintf(mean, sizeof mean, "%.3f", l.mean);
    std::snprintf(ci, sizeof ci, "[%.3f, %.3f]", l.ci95_low, l.ci95_high);
    out << "  " << std::left << std::setw(28) << l.metric << std::right << std::setw(12) << mean << std::setw(26) << ci << std::setw(5) << l.n
        << "   " << l.units << "\n";
  }
}

}  // namespace rehabsim::app
