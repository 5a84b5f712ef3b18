#include "app/compare_table.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <map>
#include <sstream>

#include "sim/stats/summary_stats.hpp"

namespace rehabsim::app {

using sim::SampleSummary;
using sim::summarise;

std::string render_compare(const std::vector<std::string>& names, const std::vector<ComparedMetric>& metrics, const std::vector<MetricGroup>& order,
                           long replications, const ResultNotes& notes, std::size_t per_group) {
  const auto first_of_group = [&](std::size_t p) { return per_group ? p / per_group * per_group : 0; };
  std::size_t width = 22;
  for (const auto& name : names) width = std::max(width, name.size() + 4);
  const auto w = static_cast<int>(width);
  std::map<std::string, const ComparedMetric*> by_name;
  for (const auto& m : metrics) by_name[m.name] = &m;
  std::ostringstream text;
  text << std::left << std::setw(w) << "metric / scenario" << std::setw(36) << "mean [95% CI]"
       << (per_group ? std::string("difference vs the first scenario at the same sweep point") : "difference vs " + names[0])
       << " [95% CI, paired]\n";
  bool clipped_any = false;
  for (const MetricGroup& group : order) {
    std::ostringstream block, same;
    for (const auto& name : group.metrics) {
      const auto it = by_name.find(name);
      if (it == by_name.end()) continue;
      const ComparedMetric& m = *it->second;
      if (std::none_of(m.level.begin(), m.level.end(), [](const SampleSummary& x) { return x.n > 0; }))
        continue;                             // e.g. clinic KPIs without a clinic
      if (m.identical && names.size() > 1) {  // the policy does not move it: one line, not a block of +0.000
        same << (same.tellp() > 0 ? ", " : "") << name << " " << format_value(m.level[0].mean, m.units);
        continue;
      }
      block << name << " (" << display_units(m.units, m.valid_min, m.valid_max) << ")\n";
      for (std::size_t p = 0; p < names.size() && p < m.level.size(); ++p) {
        double low = m.level[p].ci95_low, high = m.level[p].ci95_high;
        bool clipped = clip_interval(low, high, m.valid_min, m.valid_max);
        const std::string level = format_value(m.level[p].mean, m.units) + " [" + format_value(low, m.units) + ", " + format_value(high, m.units) +
                                  "]" + (clipped ? "*" : "");
        block << "  " << std::left << std::setw(w - 2) << names[p] << std::setw(36) << level;
        if (p != first_of_group(p)) {
          double dlow = m.difference[p].ci95_low, dhigh = m.difference[p].ci95_high;
          const bool dclipped = clip_interval(dlow, dhigh, m.valid_min, m.valid_max, true);
          clipped = clipped || dclipped;
          block << format_value(m.difference[p].mean, m.units, true) << " [" << format_value(dlow, m.units, true) << ", "
                << format_value(dhigh, m.units, true) << "]" << (dclipped ? "*" : "");
        }
        clipped_any = clipped_any || clipped;
        block << "\n";
      }
    }
    if (block.tellp() == 0 && same.tellp() == 0) continue;
    if (!group.title.empty()) text << "\n== " << group.title << " ==\n";
    text << block.str();
    if (same.tellp() > 0) text << "the same in every scenario: " << same.str() << "\n";
  }
  text << "\n" << interval_notes(clipped_any, replications, true);
  if (notes)
    for (std::size_t p = 0; p < names.size(); ++p) {
      std::map<std::string, SampleSummary> summaries;
      for (const auto& m : metrics)
        if (p < m.level.size()) summaries[m.name] = m.level[p];
      for (const auto& note : notes(summaries)) text << "note (" << names[p] << "): " << note << "\n";
    }
  return text.str();
}

std::string compare_table(const CompareInput& in, TableBuffer& out) {
  const auto& point_of_row = in.rows.integers(in.rows_spec.index_of("point"));
  const auto& rep_of_row = in.rows.integers(in.rows_spec.index_of("replication"));
  std::vector<ComparedMetric> metrics;
  for (std::size_t k = 0; k < in.metric_columns.size(); ++k) {
    const auto& column = in.rows.floats(in.metric_columns[k]);
    std::vector<std::vector<double>> by_rep(in.points, std::vector<double>(in.replications, std::numeric_limits<double>::quiet_NaN()));
    for (std::size_t r = 0; r < column.size(); ++r)
      by_rep[static_cast<std::size_t>(point_of_row[r])][static_cast<std::size_t>(rep_of_row[r])] = column[r];
    const ColumnSpec& spec = in.rows_spec.columns[in.metric_columns[k]];
    ComparedMetric m{in.metric_names[k], spec.units, spec.valid_min, spec.valid_max, {}, {}, true};
    for (std::uint32_t p = 0; p < in.points; ++p) {
      std::vector<double> d(in.replications);
      const std::size_t ref = in.per_group ? p / in.per_group * in.per_group : 0;  // the first scenario at this sweep point
      for (std::uint32_t r = 0; r < in.replications; ++r) {
        d[r] = by_rep[p][r] - by_rep[ref][r];
        if (!std::isnan(d[r]) && d[r] != 0.0) m.identical = false;
      }
      const SampleSummary level = summarise(by_rep[p]), diff = summarise(d);
      out.add_row_values(p, k, level.mean, level.ci95_low, level.ci95_high, diff.mean, diff.ci95_low, diff.ci95_high, diff.n,
                         in.metric_unit_codes[k]);
      m.level.push_back(level);
      m.difference.push_back(diff);
    }
    metrics.push_back(std::move(m));
  }
  return render_compare(in.names, metrics, in.order, static_cast<long>(in.replications), in.notes, in.per_group);
}

}  // namespace rehabsim::app
