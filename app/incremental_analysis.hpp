#pragma once
// The incremental cost-effectiveness analysis of a set of options (sweep points or compared
// scenarios) from their mean cost and effect: strong dominance, extended dominance and the ICERs
// along the efficiency frontier (Drummond et al., Methods for the Economic Evaluation of Health
// Care Programmes, 4th ed., ch. 4). Written as /incremental_analysis and printed.
#include <cstdint>
#include <string>
#include <vector>

#include "app/derived_tables.hpp"
#include "app/kernel_names.hpp"

namespace rehabsim::app {

enum class CeStatus { LeastCostly = 0, Frontier = 1, Dominated = 2, ExtendedlyDominated = 3 };
inline const std::vector<std::string> kCeStatusNames = {"least costly", "on the frontier", "dominated", "extendedly dominated"};

struct IncrementalRow {
  CeStatus status = CeStatus::LeastCostly;
  int compared_with = -1;  ///< the option the increments are against: the previous frontier option, or the dominating one
  double incremental_cost = 0, incremental_effect = 0;
  double icer = 0;  ///< along the frontier (and, for information, of an extendedly dominated option); NaN otherwise
};

/// One row per option, in the options' order. An option is dominated when another costs no more
/// and gains at least as much (better in one); extendedly dominated when a mix of its two frontier
/// neighbours would do better (its ICER exceeds the next one's). Options with a NaN mean are
/// left out (status Dominated, compared_with -1, NaN increments).
std::vector<IncrementalRow> incremental_analysis(const std::vector<double>& cost, const std::vector<double>& effect);

TableSpec incremental_spec(const CostEffectivenessSetup& setup, const std::string& cost_units, const std::string& effect_units);
TableBuffer incremental_rows(const TableSpec& spec, const std::vector<double>& cost, const std::vector<double>& effect);

/// The printed table: options in order of cost, with their status in words. `names` per option.
std::string incremental_text(const std::vector<std::string>& names, const std::vector<double>& cost, const std::vector<double>& effect,
                             const std::vector<IncrementalRow>& rows, const std::string& cost_units, const std::string& effect_units);

}  // namespace rehabsim::app
