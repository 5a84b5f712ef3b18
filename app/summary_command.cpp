#include "app/summary_command.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

#include "app/compare_table.hpp"
#include "app/incremental_analysis.hpp"
#include "app/metric_table.hpp"
#include "sim/core/errors.hpp"
#include "sim/output/result_file.hpp"

namespace rehabsim::app {

using namespace rehabsim::sim;  // the engine kernel this layer drives

namespace {

std::string value_text(const StoredTable& t, std::size_t column, std::size_t row) {
  return value_as_printed(t.values[column][row], t.labels[column]);
}

struct MetricInfo {
  std::string units;
  double valid_min = std::numeric_limits<double>::quiet_NaN(), valid_max = std::numeric_limits<double>::quiet_NaN();
};

// The metrics' units and ranges from the per-replication table (a file without it: unknown).
std::map<std::string, MetricInfo> metric_info(const StoredResults& r, const std::string& replication_table) {
  std::map<std::string, MetricInfo> out;
  if (!r.tables.contains(replication_table)) {
    // --output summary: /summary's units column (format version 2) names each metric's units
    if (!r.tables.contains("summary")) return out;
    const StoredTable& s = r.tables.at("summary");
    const auto has_units = std::find(s.columns.begin(), s.columns.end(), "units") != s.columns.end();
    if (!has_units) return out;
    const std::size_t mc = s.index_of("metric"), uc = s.index_of("units");
    for (std::size_t row = 0; row < s.rows(); ++row) out[value_text(s, mc, row)].units = value_text(s, uc, row);
    return out;
  }
  const StoredTable& rep = r.tables.at(replication_table);
  for (std::size_t c = 0; c < rep.columns.size(); ++c) out[rep.columns[c]] = {rep.units[c], rep.valid_min[c], rep.valid_max[c]};
  return out;
}

// A compare file's paired differences, from /compare.
std::string compare_section(const StoredTable& c, const std::map<std::string, MetricInfo>& info, const std::vector<MetricGroup>& order,
                            long replications, const ResultNotes& notes, std::size_t per_group) {
  const std::size_t sc = c.index_of("scenario"), mc = c.index_of("metric"), mean = c.index_of("mean"), low = c.index_of("ci95_low"),
                    high = c.index_of("ci95_high"), d = c.index_of("difference"), dl = c.index_of("difference_ci95_low"),
                    dh = c.index_of("difference_ci95_high"), n = c.index_of("n");
  const std::vector<std::string>& names = c.labels[sc];
  std::map<std::string, ComparedMetric> by_metric;
  for (std::size_t row = 0; row < c.rows(); ++row) {
    const std::string metric = value_text(c, mc, row);
    auto [it, fresh] = by_metric.try_emplace(metric);
    ComparedMetric& m = it->second;
    if (fresh) {
      m.name = metric;
      m.identical = true;
      if (const auto i = info.find(metric); i != info.end()) {
        m.units = i->second.units;
        m.valid_min = i->second.valid_min;
        m.valid_max = i->second.valid_max;
      }
    }
    const auto level_n = static_cast<long>(c.values[n][row]);
    m.level.push_back({c.values[mean][row], 0, c.values[low][row], c.values[high][row], std::isnan(c.values[mean][row]) ? 0 : level_n});
    m.difference.push_back({c.values[d][row], 0, c.values[dl][row], c.values[dh][row], level_n});
    // /compare keeps no replications: "identical" is read as a zero difference with a zero-width interval.
    if (!std::isnan(c.values[d][row]) && (c.values[d][row] != 0 || c.values[dl][row] != 0 || c.values[dh][row] != 0)) m.identical = false;
  }
  std::vector<ComparedMetric> metrics;
  for (auto& [name, m] : by_metric) metrics.push_back(std::move(m));
  return render_compare(names, metrics, order, replications, notes, per_group);
}

// Each point's short name: the compared scenario, or the swept values without their top table.
std::vector<std::string> option_names(const StoredTable* points, std::size_t count) {
  std::vector<std::string> names;
  for (std::size_t p = 0; p < count; ++p) {
    std::string name;
    if (points)
      for (std::size_t c = 0; c < points->columns.size(); ++c) {
        if (points->columns[c] == "point") continue;
        const std::string& key = points->columns[c];
        const bool compared = points->columns.size() == 2 && key == "scenario";
        name += (name.empty() ? "" : ", ") + (compared ? "" : short_key(key) + "=") + value_text(*points, c, p);
      }
    names.push_back(name.empty() ? "point " + std::to_string(p) : name);
  }
  return names;
}

// /incremental_analysis as printed by `run` and `compare`.
std::string incremental_section(const StoredTable& t, const StoredTable* points) {
  // Datasets come back in name order; the cost and effect columns are named after the model's words.
  std::size_t cc = t.columns.size(), ec = cc, ic = cc, ie = cc, icer = cc;
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    const std::string& n = t.columns[c];
    if (n.rfind("icer_", 0) == 0)
      icer = c;
    else if (n.rfind("incremental_cost_", 0) == 0)
      ic = c;
    else if (n.rfind("incremental_", 0) == 0)
      ie = c;
    else if (n.rfind("cost_", 0) == 0)
      cc = c;
    else if (n != "point" && n != "status" && n != "compared_with")
      ec = c;
  }
  if (std::max({cc, ec, ic, ie, icer}) >= t.columns.size())
    throw InputError("/incremental_analysis lacks a cost, effect, increment or ICER column (not a complete rehabsim result file)");
  const std::size_t status = t.index_of("status"), with = t.index_of("compared_with");
  std::vector<double> cost, effect;
  std::vector<IncrementalRow> rows;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    cost.push_back(t.values[cc][r]);
    effect.push_back(t.values[ec][r]);
    const double s = t.values[status][r];
    if (!(s >= 0 && s <= 3)) throw InputError("/incremental_analysis/status holds " + value_text(t, status, r) + ", expected a code 0-3");
    rows.push_back(
        {static_cast<CeStatus>(static_cast<int>(s)), static_cast<int>(t.values[with][r]), t.values[ic][r], t.values[ie][r], t.values[icer][r]});
    if (rows.back().compared_with >= static_cast<int>(t.rows()))
      throw InputError("/incremental_analysis/compared_with names a point it does not have");
  }
  return incremental_text(option_names(points, t.rows()), cost, effect, rows, t.units[cc], t.units[ec]);
}

}  // namespace

std::vector<std::size_t> parse_point_selection(const std::string& text, std::size_t count) {
  std::vector<std::size_t> out;
  std::stringstream in(text);
  const auto number = [&](const std::string& s) {
    if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 9)
      throw InputError("--points: expected point numbers or ranges like 0,3,5-9, got \"" + text + "\"");
    const std::size_t v = std::stoul(s);
    if (v >= count) throw InputError("--points: the file has points 0.." + std::to_string(count - 1) + ", got " + s);
    return v;
  };
  for (std::string item; std::getline(in, item, ',');) {
    const auto dash = item.find('-');
    const std::size_t lo = number(item.substr(0, dash)), hi = dash == std::string::npos ? lo : number(item.substr(dash + 1));
    if (hi < lo) throw InputError("--points: a range runs upwards (5-9), got " + item);
    for (std::size_t p = lo; p <= hi; ++p) out.push_back(p);
  }
  if (out.empty()) throw InputError("--points: expected point numbers or ranges like 0,3,5-9, got \"" + text + "\"");
  return out;
}

static std::string report(const std::string& path, const SummaryOptions& options) {
  const StoredResults r = read_results(path, {"points", "summary", options.replication_table, "sensitivity", "compare", "incremental_analysis"});
  const StoredTable* points = r.tables.contains("points") ? &r.tables.at("points") : nullptr;
  const std::string incremental =
      r.tables.contains("incremental_analysis") ? "\n" + incremental_section(r.tables.at("incremental_analysis"), points) : "";
  std::ostringstream out;
  const auto& a = r.attributes;
  out << path << ": rehabsim " << a.at("software_version") << ", seed " << a.at("seed") << ", " << a.at("replications") << " replications"
      << (a.at("complete") == "1" ? "" : ", INCOMPLETE (interrupted run)") << "\n  command: " << a.at("command_line") << "\n";
  if (!r.tables.contains("summary")) return out.str() + "  (no /summary table)\n";
  const StoredTable& s = r.tables.at("summary");
  const std::size_t point_c = s.index_of("point"), metric_c = s.index_of("metric"), mean_c = s.index_of("mean"), low_c = s.index_of("ci95_low"),
                    high_c = s.index_of("ci95_high"), n_c = s.index_of("n");
  const std::map<std::string, MetricInfo> info = metric_info(r, options.replication_table);
  const std::vector<std::string> selection = parse_metric_selection(options.metrics, options.groups, s.labels[metric_c]);
  std::set<std::string> defined;
  for (std::size_t row = 0; row < s.rows(); ++row)
    if (s.values[n_c][row] > 0) defined.insert(value_text(s, metric_c, row));
  const std::vector<MetricGroup> order = ordered_metrics(options.groups, s.labels[metric_c], selection, defined);
  const long replications = std::stol(a.at("replications"));
  if (r.tables.contains("compare")) {
    // compare --sweep: /points has the swept keys beside "scenario"; each group of scenarios shares a sweep point
    std::size_t per_group = 0;
    if (points && points->columns.size() > 2) per_group = points->labels[points->index_of("scenario")].size();
    out << "\n" << compare_section(r.tables.at("compare"), info, order, replications, options.notes, per_group) << incremental;
    return out.str();
  }
  const std::size_t point_count = points ? points->rows() : 1;
  std::vector<bool> shown(point_count, options.points.empty());
  if (!options.points.empty())
    for (const std::size_t p : parse_point_selection(options.points, point_count)) shown[p] = true;
  bool clipped = false;
  // Rows come point by point; each point's block goes to the shared renderer.
  for (std::size_t row = 0; row < s.rows();) {
    const double point = s.values[point_c][row];
    std::vector<std::pair<std::string, std::string>> swept;
    if (!(point >= 0 && point < 1e9) || (points && static_cast<std::size_t>(point) >= points->rows()))
      throw InputError(path + ": /summary names point " + value_text(s, point_c, row) +
                       ", which /points does not have (not a complete rehabsim result file)");
    if (points)
      for (std::size_t c = 0; c < points->columns.size(); ++c)
        if (points->columns[c] != "point") swept.emplace_back(points->columns[c], value_text(*points, c, static_cast<std::size_t>(point)));
    std::vector<MetricLine> lines;
    for (; row < s.rows() && s.values[point_c][row] == point; ++row) {
      const std::string metric = value_text(s, metric_c, row);
      const MetricInfo m = info.contains(metric) ? info.at(metric) : MetricInfo{};
      lines.push_back({metric, s.values[mean_c][row], s.values[low_c][row], s.values[high_c][row], static_cast<long>(s.values[n_c][row]), m.units,
                       m.valid_min, m.valid_max});
    }
    const auto p = static_cast<std::size_t>(point);
    if (p < shown.size() && !shown[p]) continue;
    out << "\n";
    clipped = render_metric_block(out, point_count > 1 ? point_name(p, swept) : "results", lines, order) || clipped;
    for (const auto& note : notes_for(options.notes, lines)) out << "note: " << note << "\n";
  }
  out << interval_notes(clipped, replications) << incremental;
  if (r.tables.contains("sensitivity")) {
    const StoredTable& t = r.tables.at("sensitivity");
    out << "\nsensitivity (partial rank correlation of each swept key with the point means)\n  " << std::left << std::setw(40) << "parameter"
        << std::setw(30) << "metric" << std::right << std::setw(9) << "PRCC" << std::setw(20) << "95% CI" << std::setw(11) << "p"
        << "\n";
    const std::size_t pc = t.index_of("parameter"), mc = t.index_of("metric"), rc = t.index_of("prcc"), lc = t.index_of("ci95_low"),
                      hc = t.index_of("ci95_high"), vc = t.index_of("p_value");
    for (std::size_t row = 0; row < t.rows(); ++row) {
      const std::string metric = value_text(t, mc, row);
      if (!selection.empty() && std::find(selection.begin(), selection.end(), metric) == selection.end()) continue;
      char prcc[32], ci[64], p[32];
      std::snprintf(prcc, sizeof prcc, "%.3f", t.values[rc][row]);
      std::snprintf(ci, sizeof ci, "[%.3f, %.3f]", t.values[lc][row], t.values[hc][row]);
      std::snprintf(p, sizeof p, "%.3g", t.values[vc][row]);
      out << "  " << std::left << std::setw(40) << value_text(t, pc, row) << std::setw(30) << metric << std::right << std::setw(9) << prcc
          << std::setw(20) << ci << std::setw(11) << p << "\n";
    }
  }
  return out.str();
}

std::string summary_report(const std::string& path, const SummaryOptions& options) {
  try {
    return report(path, options);
  } catch (const InputError& e) {  // a damaged file: name it
    const std::string message = e.what();
    throw InputError(message.rfind(path, 0) == 0 || message.rfind("--", 0) == 0 ? message : path + ": " + message);
  }
}

}  // namespace rehabsim::app
