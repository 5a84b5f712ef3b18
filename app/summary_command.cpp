#include "app/summary_command.hpp"

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <map>
#include <sstream>

#include "sim/result_file.hpp"

namespace rehabsim::app {

using namespace rehabsim::sim;  // the engine kernel this layer drives

namespace {

std::string value_text(const StoredTable& t, std::size_t column, std::size_t row) {
  const double v = t.values[column][row];
  const auto& labels = t.labels[column];
  if (!labels.empty() && v >= 0 && static_cast<std::size_t>(v) < labels.size()) return labels[static_cast<std::size_t>(v)];
  char text[48];
  std::snprintf(text, sizeof text, "%.6g", v);
  return text;
}

}  // namespace

std::string summary_report(const std::string& path) {
  const StoredResults r = read_results(path, {"points", "summary", "replications", "sensitivity"});
  std::ostringstream out;
  const auto& a = r.attributes;
  out << path << ": rehabsim " << a.at("software_version") << ", seed " << a.at("seed") << ", " << a.at("replications") << " replications"
      << (a.at("complete") == "1" ? "" : ", INCOMPLETE (interrupted run)") << "\n  command: " << a.at("command_line") << "\n";
  if (!r.tables.contains("summary")) return out.str() + "  (no /summary table)\n";
  const StoredTable& s = r.tables.at("summary");
  const std::size_t point_c = s.index_of("point"), metric_c = s.index_of("metric"), mean_c = s.index_of("mean"),
                    low_c = s.index_of("ci95_low"), high_c = s.index_of("ci95_high"), n_c = s.index_of("n");
  std::map<std::string, std::string> units;
  if (r.tables.contains("replications")) {
    const StoredTable& rep = r.tables.at("replications");
    for (std::size_t c = 0; c < rep.columns.size(); ++c) units[rep.columns[c]] = rep.units[c];
  }
  const StoredTable* points = r.tables.contains("points") ? &r.tables.at("points") : nullptr;
  double current = -1;
  for (std::size_t row = 0; row < s.rows(); ++row) {
    const double point = s.values[point_c][row];
    if (point != current) {
      current = point;
      out << "\npoint " << point;
      if (points) {
        const char* separator = ": ";
        for (std::size_t c = 0; c < points->columns.size(); ++c)
          if (points->columns[c] != "point") {
            out << separator << points->columns[c] << " = " << value_text(*points, c, static_cast<std::size_t>(point));
            separator = ", ";
          }
      }
      out << "\n  " << std::left << std::setw(28) << "metric" << std::right << std::setw(12) << "mean" << std::setw(26) << "95% CI"
          << std::setw(5) << "n" << "   units\n";
    }
    const std::string metric = value_text(s, metric_c, row);
    char mean[32], ci[64];
    std::snprintf(mean, sizeof mean, "%.3f", s.values[mean_c][row]);
    std::snprintf(ci, sizeof ci, "[%.3f, %.3f]", s.values[low_c][row], s.values[high_c][row]);
    out << "  " << std::left << std::setw(28) << metric << std::right << std::setw(12) << mean << std::setw(26) << ci << std::setw(5)
        << static_cast<long>(s.values[n_c][row]) << "   " << units[metric] << "\n";
  }
  if (r.tables.contains("sensitivity")) {
    const StoredTable& t = r.tables.at("sensitivity");
    out << "\nsensitivity (partial rank correlation of each swept key with the point means)\n  " << std::left << std::setw(40) << "parameter"
        << std::setw(22) << "metric" << std::right << std::setw(9) << "PRCC" << std::setw(20) << "95% CI" << std::setw(11) << "p" << "\n";
    const std::size_t pc = t.index_of("parameter"), mc = t.index_of("metric"), rc = t.index_of("prcc"), lc = t.index_of("ci95_low"),
                      hc = t.index_of("ci95_high"), vc = t.index_of("p_value");
    for (std::size_t row = 0; row < t.rows(); ++row) {
      char prcc[32], ci[64], p[32];
      std::snprintf(prcc, sizeof prcc, "%.3f", t.values[rc][row]);
      std::snprintf(ci, sizeof ci, "[%.3f, %.3f]", t.values[lc][row], t.values[hc][row]);
      std::snprintf(p, sizeof p, "%.3g", t.values[vc][row]);
      out << "  " << std::left << std::setw(40) << value_text(t, pc, row) << std::setw(22) << value_text(t, mc, row) << std::right
          << std::setw(9) << prcc << std::setw(20) << ci << std::setw(11) << p << "\n";
    }
  }
  return out.str();
}

}  // namespace rehabsim::app
