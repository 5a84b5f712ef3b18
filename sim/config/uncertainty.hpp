#pragma once
// Probabilistic sensitivity analysis: an [uncertainty] table gives scenario keys a distribution, and
// each replication draws its own parameter set (the same at every sweep point, so points stay
// paired). Distributions are given on the natural scale:
//   [[uncertainty.parameters]]
//   key = "muscle.atrophy_rate_per_day"
//   distribution = "normal" | "lognormal" | "beta" | "gamma" (mean, sd) | "uniform" (min, max)
// Draws are clamped to the key's allowed range; integer keys are rounded.
// An ensemble (the calibration search's points not ruled out) gives several keys jointly: each
// replication takes one member, drawn uniformly, and all its values:
//   [[uncertainty.ensemble]]
//   "fear.weight" = 0.41
//   "relief.exercise_effect" = 0.89
#include <cstdint>
#include <string>
#include <vector>

#include "sim/config/loader.hpp"
#include "sim/config/schema.hpp"
#include "sim/output/table.hpp"

namespace rehabsim::sim::config {

enum class Distribution { Normal, Lognormal, Beta, Gamma, Uniform, Ensemble };

struct UncertainParameter {
  std::string key;
  const KeySpec* spec = nullptr;
  Distribution distribution = Distribution::Normal;
  double a = 0, b = 0;  ///< mean and sd, or min and max (uniform); Ensemble: a = its column in the members
  std::string where;    ///< file:line:column of its [[uncertainty.parameters]] entry (or first ensemble member)
};

struct UncertaintySpec {
  std::vector<UncertainParameter> parameters;  ///< those with a distribution, then the ensemble's keys
  std::vector<std::vector<double>> ensemble;   ///< members: one value per ensemble key, in their order
  std::string toml;                            ///< the [uncertainty] table as TOML, for the stored scenario
  bool empty() const { return parameters.empty(); }
};

/// Reads [uncertainty]; throws InputError naming file, line, key and what was expected.
/// The keys of the [uncertainty] table itself (parameters and their fields).
const Schema& uncertainty_table_schema();

UncertaintySpec read_uncertainty(const ScenarioSource& scenario, const Schema& schema);

/// The parameter values of one replication (stream keyed by seed and replication, never by point).
std::vector<double> draw_parameters(const UncertaintySpec& spec, std::uint64_t seed, std::uint32_t replication);

/// "key=value" overrides for drawn values.
std::vector<std::string> parameter_overrides(const UncertaintySpec& spec, const std::vector<double>& values);

}  // namespace rehabsim::sim::config
