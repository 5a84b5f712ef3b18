#include "app/summary_command.hpp"

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <map>
#include <sstream>

#include "app/metric_table.hpp"
#include "sim/errors.hpp"
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

static std::string report(const std::string& path, const std::string& replication_table) {
  const StoredResults r = read_results(path, {"points", "summary", replication_table, "sensitivity"});
  std::ostringstream out;
  const auto& a = r.attributes;
  out << path << ": rehabsim " << a.at("software_version") << ", seed " << a.at("seed") << ", " << a.at("replications") << " replications"
      << (a.at("complete") == "1" ? "" : ", INCOMPLETE (interrupted run)") << "\n  command: " << a.at("command_line") << "\n";
  if (!r.tables.contains("summary")) return out.str() + "  (no /summary table)\n";
  const StoredTable& s = r.tables.at("summary");
  const std::size_t point_c = s.index_of("point"), metric_c = s.index_of("metric"), mean_c = s.index_of("mean"),
                    low_c = s.index_of("ci95_low"), high_c = s.index_of("ci95_high"), n_c = s.index_of("n");
  std::map<std::string, std::string> units;
  if (r.tables.contains(replication_table)) {
    const StoredTable& rep = r.tables.at(replication_table);
    for (std::size_t c = 0; c < rep.columns.size(); ++c) units[rep.columns[c]] = rep.units[c];
  }
  const StoredTable* points = r.tables.contains("points") ? &r.tables.at("points") : nullptr;
  // Rows come point by point; each point's block goes to the shared renderer.
  for (std::size_t row = 0; row < s.rows();) {
    const double point = s.values[point_c][row];
    std::vector<std::pair<std::string, std::string>> swept;
    if (!(point >= 0 && point < 1e9) || (points && static_cast<std::size_t>(point) >= points->rows()))
      throw InputError(path + ": /summary names point " + value_text(s, point_c, row) + ", which /points does not have (not a complete rehabsim result file)");
    if (points)
      for (std::size_t c = 0; c < points->columns.size(); ++c)
        if (points->columns[c] != "point") swept.emplace_back(points->columns[c], value_text(*points, c, static_cast<std::size_t>(point)));
    std::vector<MetricLine> lines;
    for (; row < s.rows() && s.values[point_c][row] == point; ++row) {
      const std::string metric = value_text(s, metric_c, row);
      lines.push_back({metric, s.values[mean_c][row], s.values[low_c][row], s.values[high_c][row], static_cast<long>(s.values[n_c][row]),
                       units[metric]});
    }
    out << "\n";
    render_metric_block(out, point_heading(static_cast<std::size_t>(point), swept), lines);
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

std::string summary_report(const std::string& path, const std::string& replication_table) {
  try {
    return report(path, replication_table);
  } catch (const InputError& e) {  // a damaged file: name it
    const std::string message = e.what();
    throw InputError(message.rfind(path, 0) == 0 ? message : path + ": " + message);
  }
}

}  // namespace rehabsim::app
