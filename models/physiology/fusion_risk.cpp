#include "models/physiology/fusion_risk.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>

#include "models/physiology/fusion.hpp"
#include "sim/core/distributions.hpp"

namespace rehabsim::models {

namespace {

struct Factor {
  double FusionCoefficients::*coefficient;
  bool (*exposed)(const Covariates&);
  double target;
  bool relative_risk;  ///< else an odds ratio
};

std::array<Factor, 4> binary_factors(const FusionParams& p) {
  return {
      {{&FusionCoefficients::smoker, [](const Covariates& c) { return c.smoker; }, p.smoker_relative_risk, true},
       {&FusionCoefficients::vitamin_d_deficient, [](const Covariates& c) { return c.vitamin_d_deficient; }, p.vitamin_d_deficient_odds_ratio, false},
       {&FusionCoefficients::diabetic, [](const Covariates& c) { return c.diabetic; }, p.diabetic_odds_ratio, false},
       {&FusionCoefficients::two_level, [](const Covariates& c) { return c.levels >= 2; }, p.two_level_odds_ratio, false}}};
}

double odds(double q) { return q / (1.0 - q); }

}  // namespace

double nonunion_probability(const FusionParams& p, double log_multiplier) {
  return 1.0 - sim::normal_cdf((std::log(kNonunionHorizonDays / p.median_days) - log_multiplier) / p.sigma_log);
}

FusionCoefficients reference_fusion_coefficients(const FusionParams& p) {
  const double p0 = reference_nonunion_probability(p);
  // RR -> OR at the reference probability: p1 = RR p0 (capped below 1).
  const double p1 = std::min(p.smoker_relative_risk * p0, 1.0 - 1e-9);
  const double smoker_or = p0 > 0 && p0 < 1 ? odds(p1) / odds(p0) : p.smoker_relative_risk;
  return {log_multiplier_for_odds_ratio(p, smoker_or),
          log_multiplier_for_odds_ratio(p, p.vitamin_d_deficient_odds_ratio),
          log_multiplier_for_odds_ratio(p, p.diabetic_odds_ratio),
          log_multiplier_for_odds_ratio(p, p.two_level_odds_ratio),
          log_multiplier_for_odds_ratio(p, p.age_odds_ratio_per_decade),
          log_multiplier_for_odds_ratio(p, p.protein_odds_ratio_per_g_per_kg_below)};
}

double fusion_log_multiplier(const FusionCoefficients& k, const FusionParams& p, const Covariates& c, double protein_g_per_kg_day,
                             bool vitamin_d_deficient) {
  double lm = 0.0;
  if (c.smoker) lm += k.smoker;
  if (vitamin_d_deficient) lm += k.vitamin_d_deficient;
  if (c.diabetic) lm += k.diabetic;
  if (c.levels >= 2) lm += k.two_level;
  lm += (c.age_years - p.reference_age_years) / 10.0 * k.age_per_decade;
  lm += std::max(0.0, p.reference_protein_g_per_kg - protein_g_per_kg_day) * k.protein_per_g_per_kg_below;
  return lm;
}

FusionCoefficients marginal_fusion_coefficients(const FusionParams& p, const std::vector<Covariates>& population) {
  FusionCoefficients k = reference_fusion_coefficients(p);
  if (population.empty()) return k;
  const auto factors = binary_factors(p);
  for (int sweep = 0; sweep < 4; ++sweep) {
    for (const Factor& f : factors) {
      std::size_t exposed_n = 0;
      for (const Covariates& c : population) exposed_n += f.exposed(c);
      if (exposed_n == 0 || exposed_n == population.size() || !(f.target > 0)) continue;  // keep the reference conversion
      // The measure as a function of this factor's coefficient b, the others held.
      const auto measure = [&](double b) {
        FusionCoefficients trial = k;
        trial.*f.coefficient = b;
        double q_exposed = 0, q_other = 0;
        for (const Covariates& c : population) {
          const double q = nonunion_probability(p, fusion_log_multiplier(trial, p, c, c.protein_g_per_kg_day, c.vitamin_d_deficient));
          (f.exposed(c) ? q_exposed : q_other) += q;
        }
        q_exposed /= static_cast<double>(exposed_n);
        q_other /= static_cast<double>(population.size() - exposed_n);
        return f.relative_risk ? q_exposed / q_other : odds(q_exposed) / odds(q_other);
      };
      double lo = -5.0 * p.sigma_log, hi = 5.0 * p.sigma_log;
      if (!(measure(lo) <= f.target && measure(hi) >= f.target)) continue;  // not reachable: keep the reference conversion
      for (int it = 0; it < 40; ++it) {
        const double mid = 0.5 * (lo + hi);
        (measure(mid) < f.target ? lo : hi) = mid;
      }
      k.*f.coefficient = 0.5 * (lo + hi);
    }
  }
  return k;
}

}  // namespace rehabsim::models
