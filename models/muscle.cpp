#include "models/muscle.hpp"

#include <algorithm>
#include <cmath>

namespace rehabsim::models {

double base_regain_rate(const MuscleParams& p) {
  return p.atrophy_rate_per_day * (1.0 - p.habitual_load) * (1.0 - p.floor_fraction) /
         (p.habitual_load * (p.max_fraction - 1.0));
}

MuscleRates muscle_rates(const MuscleParams& p, double age_years, double protein_g_per_kg) {
  const double decades = (age_years - p.reference_age_years) / 10.0;
  const double protein = protein_g_per_kg - p.reference_protein_g_per_kg;
  // Multipliers are kept within [0.1, 10] so extreme covariates cannot flip a rate's sign.
  const auto factor = [](double x) { return std::clamp(1.0 + x, 0.1, 10.0); };
  return {p.atrophy_rate_per_day * factor(p.age_atrophy_per_decade * decades) * factor(p.protein_atrophy_per_g_per_kg * protein),
          base_regain_rate(p) * factor(p.age_regain_per_decade * decades) * factor(p.protein_regain_per_g_per_kg * protein)};
}

MuscleRegime muscle_regime(const MuscleParams& p, const MuscleRates& r, double load) {
  const double loss = r.atrophy_per_day * (1.0 - load);
  const double gain = r.regain_per_day * load;
  const double beta = loss + gain;
  if (beta <= 0.0) return {0.0, 1.0};  // no dynamics at all (both rates zero): M stays where it is
  return {beta, (loss * p.floor_fraction + gain * p.max_fraction) / beta};
}

double advance_muscle(double m0, const MuscleRegime& regime, double dt_days) {
  if (regime.beta_per_day == 0.0) return m0;
  return regime.target + (m0 - regime.target) * std::exp(-regime.beta_per_day * dt_days);
}

double muscle_after_surgery(const MuscleParams& p, Approach approach, double m0) {
  return m0 * (1.0 - (approach == Approach::Open ? p.injury_open_fraction : p.injury_mis_fraction));
}

}  // namespace rehabsim::models
