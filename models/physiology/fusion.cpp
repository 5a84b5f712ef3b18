#include "models/physiology/fusion.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/distributions.hpp"

namespace rehabsim::models {

double reference_nonunion_probability(const FusionParams& p) {
  return 1.0 - sim::normal_cdf(std::log(kNonunionHorizonDays / p.median_days) / p.sigma_log);
}

double log_multiplier_for_odds_ratio(const FusionParams& p, double odds_ratio) {
  const double x = std::log(kNonunionHorizonDays / p.median_days) / p.sigma_log;
  const double p0 = reference_nonunion_probability(p);
  // A reference nonunion probability too close to 0 or 1 for 1 - p (a narrow spread, e.g. sigma_log
  // 0.05): work in the tail that is small, where no precision is lost.
  if (!(p0 > 1e-12 && p0 < 1.0 - 1e-12)) {
    const double small = x > 0 ? sim::normal_cdf(-x) : sim::normal_cdf(x);  // P(nonunion) or P(union)
    if (!(small > 0)) return 0.0;  // beyond double range: the odds ratio's effect on the time vanishes (limit)
    const double q = x > 0 ? odds_ratio * small / (1.0 - small + odds_ratio * small)  // new nonunion probability
                           : small / (small + odds_ratio * (1.0 - small));            // new union probability
    if (!(q > 0 && q < 1)) return 0.0;
    return std::log(kNonunionHorizonDays / p.median_days) + p.sigma_log * (x > 0 ? sim::normal_quantile(q) : -sim::normal_quantile(q));
  }
  const double p1 = odds_ratio * p0 / (1.0 - p0 + odds_ratio * p0);
  return std::log(kNonunionHorizonDays / p.median_days) - p.sigma_log * sim::normal_quantile(1.0 - p1);
}

double fusion_day(const FusionParams& p, double z, double log_multiplier) { return p.median_days * std::exp(p.sigma_log * z + log_multiplier); }

}  // namespace rehabsim::models
