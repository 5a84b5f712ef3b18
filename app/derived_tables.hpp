#pragma once
// Tables derived from the per-replication rows at the end of a run: /summary, /sensitivity (PRCC),
// /cost_effectiveness and /compare, and the engine's extra per-replication columns (PSA draws).
#include <cstdint>
#include <string>
#include <vector>

#include "app/kernel_names.hpp"
#include "sim/exec/experiment.hpp"
#include "sim/output/table.hpp"

namespace rehabsim::app {

/// The /summary table spec (metric codes labelled by `metrics`, unit codes by `unit_terms`).
TableSpec summary_spec(const std::vector<std::string>& metrics, const std::vector<std::string>& unit_terms);
/// The distinct units of `units` in order of first appearance, and each entry's code among them.
std::pair<std::vector<std::string>, std::vector<std::int64_t>> unit_codes(const std::vector<std::string>& units);
/// What the model hands in for /cost_effectiveness: the per-replication columns of cost and effect,
/// the words that name them in column names ("wtp_<cost>_per_<effect>", "incremental_<effect>", ...)
/// and the willingness-to-pay grid (in cost units per effect unit).
struct CostEffectivenessSetup {
  std::string cost_metric, effect_metric;
  std::string cost_word = "cost", effect_word = "effect";
  std::vector<double> willingness_to_pay;
};

/// The /cost_effectiveness table spec.
TableSpec cost_effectiveness_spec(const CostEffectivenessSetup& setup, const std::string& cost_units, const std::string& effect_units);
/// The /compare table spec.
TableSpec compare_spec(const std::vector<std::string>& scenarios, const std::vector<std::string>& metrics,
                       const std::vector<std::string>& unit_terms);
/// The /sensitivity table spec.
TableSpec sensitivity_spec(const std::vector<std::string>& parameters, const std::vector<std::string>& metrics);

/// A copy of `in` (the model's columns) with `extra` values appended to every row.
TableBuffer with_extra_columns(const TableBuffer& in, const TableSpec& spec, std::size_t model_columns, const std::vector<double>& extra);

/// Every point against `reference`, paired by replication: increments with CIs, ICER, and the
/// probability of being the most cost-effective point at each willingness to pay.
TableBuffer cost_effectiveness_rows(const TableSpec& spec, const CostEffectivenessSetup& setup, const TableBuffer& rows, const TableSpec& rows_spec,
                                    std::uint32_t points, std::uint32_t replications, std::uint32_t reference, std::size_t cost_column,
                                    std::size_t effect_column);

/// PRCC of every numeric swept key (`parameter_columns` of /points) on every metric's point means.
TableBuffer sensitivity_rows(const Experiment& experiment, const TableSpec& spec, const std::vector<std::vector<double>>& point_means,
                             const std::vector<std::size_t>& parameter_columns);

}  // namespace rehabsim::app
