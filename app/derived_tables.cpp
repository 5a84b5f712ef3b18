#include "app/derived_tables.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/stats/sensitivity.hpp"
#include "sim/stats/summary_stats.hpp"

namespace rehabsim::app {

using namespace rehabsim::sim;  // the engine kernel this layer drives

std::pair<std::vector<std::string>, std::vector<std::int64_t>> unit_codes(const std::vector<std::string>& units) {
  std::vector<std::string> terms;
  std::vector<std::int64_t> codes;
  for (const auto& u : units) {
    auto it = std::find(terms.begin(), terms.end(), u);
    if (it == terms.end()) it = terms.insert(terms.end(), u);
    codes.push_back(it - terms.begin());
  }
  return {terms, codes};
}

TableSpec summary_spec(const std::vector<std::string>& metrics, const std::vector<std::string>& unit_terms) {
  return TableSpec{"summary",
                   {{"point", ColumnType::Int32, "1", "sweep point id (see /points)", {}},
                    {"metric", ColumnType::Int32, "1", "metric code; the name is labels[code], a column of /replications", metrics},
                    {"mean", ColumnType::Float64, "metric", "mean over replications, in the row's units (column units)", {}},
                    {"sd", ColumnType::Float64, "metric", "standard deviation over replications", {}},
                    {"ci95_low", ColumnType::Float64, "metric", "lower end of the Student-t 95% confidence interval of the mean", {}},
                    {"ci95_high", ColumnType::Float64, "metric", "upper end of the Student-t 95% confidence interval of the mean", {}},
                    {"n", ColumnType::Int64, "1", "replications with a defined value", {}},
                    {"units", ColumnType::Int32, "1", "the units of the row's metric (labels[code]: a term of the units vocabulary)", unit_terms}}};
}

TableSpec cost_effectiveness_spec(const CostEffectivenessSetup& setup, const std::string& cost_units, const std::string& effect_units) {
  const std::string per = cost_units + "/" + effect_units;
  const std::string c = setup.cost_word, e = setup.effect_word;
  return TableSpec{
      "cost_effectiveness",
      {{"point", ColumnType::Int32, "1", "sweep point", {}},
       {"reference_point", ColumnType::Int32, "1", "the point compared against (--reference-point)", {}},
       {"wtp_" + c + "_per_" + e, ColumnType::Float64, per, "willingness to pay per unit of effect", {}},
       {"incremental_cost_" + c, ColumnType::Float64, cost_units, "mean over replications of cost(point) - cost(reference), paired", {}},
       {"incremental_cost_ci95_low", ColumnType::Float64, cost_units, "Student-t 95% CI, lower end", {}},
       {"incremental_cost_ci95_high", ColumnType::Float64, cost_units, "Student-t 95% CI, upper end", {}},
       {"incremental_" + e, ColumnType::Float64, effect_units, "mean over replications of effect(point) - effect(reference), paired", {}},
       {"incremental_" + e + "_ci95_low", ColumnType::Float64, effect_units, "Student-t 95% CI, lower end", {}},
       {"incremental_" + e + "_ci95_high", ColumnType::Float64, effect_units, "Student-t 95% CI, upper end", {}},
       {"icer_" + c + "_per_" + e,
        ColumnType::Float64,
        per,
        "incremental cost / incremental effect (NaN for the reference or no effect difference)",
        {}},
       {"probability_cost_effective",
        ColumnType::Float64,
        "1",
        "share of replications in which this point has the highest net monetary benefit (wtp x effect - cost), a fraction",
        {},
        1,
        0.0,
        1.0}}};
}

TableSpec compare_spec(const std::vector<std::string>& scenarios, const std::vector<std::string>& metrics,
                       const std::vector<std::string>& unit_terms) {
  return TableSpec{"compare",
                   {{"scenario", ColumnType::Int32, "1", "compared scenario; the name is labels[code] (the point of /points)", scenarios},
                    {"metric", ColumnType::Int32, "1", "metric; the name is labels[code], a column of /replications", metrics},
                    {"mean", ColumnType::Float64, "metric", "mean over replications, in the row's units (column units)", {}},
                    {"ci95_low", ColumnType::Float64, "metric", "Student-t 95% CI of the mean, lower end", {}},
                    {"ci95_high", ColumnType::Float64, "metric", "Student-t 95% CI of the mean, upper end", {}},
                    {"difference",
                     ColumnType::Float64,
                     "metric",
                     "mean over replications of (this scenario - the first; with --sweep, the first at the same sweep point), paired",
                     {}},
                    {"difference_ci95_low", ColumnType::Float64, "metric", "Student-t 95% CI of the paired difference, lower end", {}},
                    {"difference_ci95_high", ColumnType::Float64, "metric", "Student-t 95% CI of the paired difference, upper end", {}},
                    {"n", ColumnType::Int64, "1", "replications with a defined difference", {}},
                    {"units", ColumnType::Int32, "1", "the units of the row's metric (labels[code]: a term of the units vocabulary)", unit_terms}}};
}

TableSpec sensitivity_spec(const std::vector<std::string>& parameters, const std::vector<std::string>& metrics) {
  return TableSpec{
      "sensitivity",
      {{"parameter", ColumnType::Int32, "1", "swept parameter; the key path is labels[code] (a column of /points)", parameters},
       {"metric", ColumnType::Int32, "1", "outcome; the name is labels[code] (a column of /replications)", metrics},
       {"prcc", ColumnType::Float64, "1", "partial rank correlation coefficient of the parameter with the point means of the metric", {}},
       {"ci95_low", ColumnType::Float64, "1", "lower end of the 95% interval (Fisher z)", {}},
       {"ci95_high", ColumnType::Float64, "1", "upper end of the 95% interval (Fisher z)", {}},
       {"p_value", ColumnType::Float64, "1", "two-sided p-value (Student t, n - 2 - q degrees of freedom)", {}}}};
}

TableBuffer with_extra_columns(const TableBuffer& in, const TableSpec& spec, std::size_t model_columns, const std::vector<double>& extra) {
  TableBuffer out(spec);
  for (std::size_t r = 0; r < in.rows(); ++r) {
    out.add_row();
    for (std::size_t c = 0; c < model_columns; ++c) {
      if (in.is_float(c))
        out.set(c, in.floats(c)[r]);
      else
        out.set(c, in.integers(c)[r]);
    }
    for (std::size_t k = 0; k < extra.size(); ++k) out.set(model_columns + k, extra[k]);
  }
  return out;
}

// Cost-effectiveness of every point against the reference, paired by replication (common random
// numbers): incremental cost and effect with Student-t CIs, the ICER, and the probability of being
// the most cost-effective point at each willingness to pay (the acceptability curve's data).
TableBuffer cost_effectiveness_rows(const TableSpec& spec, const CostEffectivenessSetup& setup, const TableBuffer& rows, const TableSpec& rows_spec,
                                    std::uint32_t points, std::uint32_t replications, std::uint32_t reference, std::size_t cost_column,
                                    std::size_t effect_column) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::vector<double>> cost(points, std::vector<double>(replications, nan)), effect = cost;
  const auto& point = rows.integers(rows_spec.index_of("point"));
  const auto& replication = rows.integers(rows_spec.index_of("replication"));
  for (std::size_t i = 0; i < rows.rows(); ++i) {
    cost[static_cast<std::size_t>(point[i])][static_cast<std::size_t>(replication[i])] = rows.floats(cost_column)[i];
    effect[static_cast<std::size_t>(point[i])][static_cast<std::size_t>(replication[i])] = rows.floats(effect_column)[i];
  }
  // The winning point of each (willingness to pay, replication): computed once, O(wtp x reps x points).
  const std::vector<double>& wtps = setup.willingness_to_pay;
  constexpr std::int64_t kIncomplete = -1;
  std::vector<std::vector<std::int64_t>> winner(wtps.size(), std::vector<std::int64_t>(replications, kIncomplete));
  for (std::size_t w = 0; w < wtps.size(); ++w)
    for (std::uint32_t r = 0; r < replications; ++r) {
      double top = -std::numeric_limits<double>::infinity();
      std::int64_t argmax = kIncomplete;
      for (std::uint32_t k = 0; k < points; ++k) {
        const double nmb = wtps[w] * effect[k][r] - cost[k][r];
        if (std::isnan(nmb)) {
          argmax = kIncomplete;  // a replication counts only when every point finished it
          break;
        }
        if (nmb > top) {
          top = nmb;
          argmax = k;
        }
      }
      winner[w][r] = argmax;
    }
  TableBuffer out(spec);
  for (std::uint32_t p = 0; p < points; ++p) {
    std::vector<double> dc(replications), dq(replications);
    for (std::uint32_t r = 0; r < replications; ++r) {
      dc[r] = cost[p][r] - cost[reference][r];
      dq[r] = effect[p][r] - effect[reference][r];
    }
    const SampleSummary c = summarise(dc), q = summarise(dq);
    const double icer = p == reference || q.mean == 0.0 ? nan : c.mean / q.mean;
    for (std::size_t w = 0; w < wtps.size(); ++w) {
      double wins = 0, counted = 0;
      for (std::uint32_t r = 0; r < replications; ++r)
        if (winner[w][r] != kIncomplete) {
          counted += 1;
          wins += winner[w][r] == p;
        }
      out.add_row_values(p, reference, wtps[w], c.mean, c.ci95_low, c.ci95_high, q.mean, q.ci95_low, q.ci95_high, icer,
                         counted > 0 ? wins / counted : nan);
    }
  }
  return out;
}

// PRCC of every numeric swept key on every metric's point means.
TableBuffer sensitivity_rows(const Experiment& experiment, const TableSpec& spec, const std::vector<std::vector<double>>& point_means,
                             const std::vector<std::size_t>& parameter_columns) {
  TableBuffer out(spec);
  const TableBuffer points = experiment.points_rows();
  for (std::size_t m = 0; m < point_means.size(); ++m) {
    std::vector<Eigen::Index> usable;
    for (std::size_t p = 0; p < point_means[m].size(); ++p)
      if (std::isfinite(point_means[m][p])) usable.push_back(static_cast<Eigen::Index>(p));
    const auto n = static_cast<Eigen::Index>(usable.size());
    Eigen::MatrixXd x(n, static_cast<Eigen::Index>(parameter_columns.size()));
    Eigen::VectorXd y(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto p = static_cast<std::size_t>(usable[static_cast<std::size_t>(i)]);
      y(i) = point_means[m][p];
      for (std::size_t j = 0; j < parameter_columns.size(); ++j) {
        const std::size_t c = parameter_columns[j];
        x(i, static_cast<Eigen::Index>(j)) = points.is_float(c) ? points.floats(c)[p] : static_cast<double>(points.integers(c)[p]);
      }
    }
    const auto results = prcc(x, y);
    for (std::size_t j = 0; j < results.size(); ++j) {
      out.add_row_values(j, m, results[j].prcc, results[j].ci95_low, results[j].ci95_high, results[j].p_value);
    }
  }
  return out;
}

}  // namespace rehabsim::app
