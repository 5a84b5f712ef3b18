#include "app/incremental_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <numeric>
#include <sstream>

#include "app/metric_table.hpp"

namespace rehabsim::app {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

std::vector<IncrementalRow> incremental_analysis(const std::vector<double>& cost, const std::vector<double>& effect) {
  const std::size_t n = cost.size();
  std::vector<IncrementalRow> out(n);
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(cost[i]) || std::isnan(effect[i]))
      out[i] = {CeStatus::Dominated, -1, kNaN, kNaN, kNaN};
    else
      order.push_back(i);
  }
  // By cost, the more effective first among equal costs.
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return cost[a] != cost[b] ? cost[a] < cost[b] : (effect[a] != effect[b] ? effect[a] > effect[b] : a < b);
  });
  // Strong dominance: some cheaper-or-equal option is at least as effective (better in one); the
  // dominating option named is the least costly such.
  std::vector<std::size_t> candidates;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t i = order[k];
    int by = -1;
    for (std::size_t j = 0; j < k && by < 0; ++j) {
      const std::size_t o = order[j];
      if (cost[o] <= cost[i] && effect[o] >= effect[i] && (cost[o] < cost[i] || effect[o] > effect[i] || o < i)) by = static_cast<int>(o);
    }
    if (by >= 0)
      out[i] = {CeStatus::Dominated, by, cost[i] - cost[static_cast<std::size_t>(by)], effect[i] - effect[static_cast<std::size_t>(by)], kNaN};
    else
      candidates.push_back(i);
  }
  // Extended dominance: drop an option whose ICER exceeds the next one's, until the ICERs rise.
  std::vector<std::size_t> frontier = candidates;
  const auto icer = [&](std::size_t from, std::size_t to) { return (cost[to] - cost[from]) / (effect[to] - effect[from]); };
  for (bool changed = true; changed && frontier.size() > 2;) {
    changed = false;
    for (std::size_t k = 1; k + 1 < frontier.size(); ++k)
      if (icer(frontier[k - 1], frontier[k]) > icer(frontier[k], frontier[k + 1])) {
        frontier.erase(frontier.begin() + static_cast<std::ptrdiff_t>(k));
        changed = true;
        break;
      }
  }
  for (std::size_t k = 0; k < frontier.size(); ++k) {
    const std::size_t i = frontier[k];
    if (k == 0) {
      out[i] = {CeStatus::LeastCostly, -1, kNaN, kNaN, kNaN};
      continue;
    }
    const std::size_t prev = frontier[k - 1];
    out[i] = {CeStatus::Frontier, static_cast<int>(prev), cost[i] - cost[prev], effect[i] - effect[prev], icer(prev, i)};
  }
  for (const std::size_t i : candidates) {
    if (std::find(frontier.begin(), frontier.end(), i) != frontier.end()) continue;
    // Against the frontier option just cheaper than it.
    std::size_t prev = frontier.front();
    for (const std::size_t f : frontier)
      if (cost[f] <= cost[i]) prev = f;
    out[i] = {CeStatus::ExtendedlyDominated, static_cast<int>(prev), cost[i] - cost[prev], effect[i] - effect[prev], icer(prev, i)};
  }
  return out;
}

TableSpec incremental_spec(const CostEffectivenessSetup& setup, const std::string& cost_units, const std::string& effect_units) {
  const std::string c = setup.cost_word, e = setup.effect_word, per = cost_units + "/" + effect_units;
  return TableSpec{"incremental_analysis",
                   {{"point", ColumnType::Int32, "1", "sweep point or compared scenario (see /points)", {}},
                    {"cost_" + c, ColumnType::Float64, cost_units, "mean over replications of " + setup.cost_metric, {}},
                    {e, ColumnType::Float64, effect_units, "mean over replications of " + setup.effect_metric, {}},
                    {"status", ColumnType::Int32, "1",
                     "least costly (the frontier's start); on the frontier; dominated (another option costs no more and gains at least as "
                     "much); extendedly dominated (a mix of two frontier options would do better)",
                     kCeStatusNames},
                    {"compared_with",
                     ColumnType::Int32,
                     "1",
                     "the point the increments are against: the previous frontier option, or the "
                     "dominating one; -1 for none",
                     {}},
                    {"incremental_cost_" + c, ColumnType::Float64, cost_units, "cost(point) - cost(compared_with)", {}},
                    {"incremental_" + e, ColumnType::Float64, effect_units, "effect(point) - effect(compared_with)", {}},
                    {"icer_" + c + "_per_" + e,
                     ColumnType::Float64,
                     per,
                     "incremental cost / incremental effect along the frontier (and of an extendedly dominated option, for information); "
                     "NaN for the least costly and dominated options",
                     {}}}};
}

TableBuffer incremental_rows(const TableSpec& spec, const std::vector<double>& cost, const std::vector<double>& effect) {
  TableBuffer out(spec);
  const auto rows = incremental_analysis(cost, effect);
  for (std::size_t i = 0; i < rows.size(); ++i)
    out.add_row_values(i, cost[i], effect[i], static_cast<int>(rows[i].status), rows[i].compared_with, rows[i].incremental_cost,
                       rows[i].incremental_effect, rows[i].icer);
  return out;
}

std::string incremental_text(const std::vector<std::string>& names, const std::vector<double>& cost, const std::vector<double>& effect,
                             const std::vector<IncrementalRow>& rows, const std::string& cost_units, const std::string& effect_units) {
  std::size_t width = 10;
  for (const auto& name : names) width = std::max(width, name.size() + 2);
  const auto w = static_cast<int>(width);
  std::vector<std::size_t> order(names.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cost[a] < cost[b]; });
  const auto effect_text = [](double v, bool sign) {
    if (std::isnan(v)) return std::string("-");
    char t[32];
    std::snprintf(t, sizeof t, sign ? "%+.4f" : "%.4f", v);
    return std::string(t);
  };
  std::ostringstream out;
  out << "cost-effectiveness (per patient, means over replications; in order of cost)\n  " << std::left << std::setw(w) << "option" << std::right
      << std::setw(12) << cost_units << std::setw(10) << effect_units << "   " << std::left << std::setw(w) << "vs" << std::right << std::setw(10)
      << "+" + cost_units << std::setw(10) << "+" + effect_units << "   ICER (" << cost_units << " per " << effect_units << ")\n";
  for (const std::size_t i : order) {
    const IncrementalRow& r = rows[i];
    const std::string vs = r.compared_with >= 0 ? names[static_cast<std::size_t>(r.compared_with)] : "-";
    std::string verdict;
    switch (r.status) {
      case CeStatus::LeastCostly: verdict = "least costly"; break;
      case CeStatus::Frontier: verdict = format_value(r.icer, cost_units); break;
      case CeStatus::Dominated: verdict = r.compared_with >= 0 ? "dominated by " + vs : "undefined (no cost or effect)"; break;
      case CeStatus::ExtendedlyDominated: verdict = "extendedly dominated (" + format_value(r.icer, cost_units) + " vs " + vs + ")"; break;
    }
    out << "  " << std::left << std::setw(w) << names[i] << std::right << std::setw(12) << format_value(cost[i], cost_units) << std::setw(10)
        << effect_text(effect[i], false) << "   " << std::left << std::setw(w) << vs << std::right << std::setw(10)
        << (r.compared_with >= 0 ? format_value(r.incremental_cost, cost_units, true) : "-") << std::setw(10)
        << (r.compared_with >= 0 ? effect_text(r.incremental_effect, true) : "-") << "   " << verdict << "\n";
  }
  return out.str();
}

}  // namespace rehabsim::app
