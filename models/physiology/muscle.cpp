#include "models/physiology/muscle.hpp"

#include <algorithm>

namespace rehabsim::models {

MuscleRates muscle_rates(const MuscleParams& p, double age_years, double protein_g_per_kg_day) {
  const double decades = (age_years - p.reference_age_years) / 10.0;
  const double protein = protein_g_per_kg_day - p.reference_protein_g_per_kg;
  // Multipliers are kept within [0.1, 10] so extreme covariates cannot flip a rate's sign.
  const auto factor = [](double x) { return std::clamp(1.0 + x, 0.1, 10.0); };
  return {p.loss_rate_per_day * factor(p.age_atrophy_per_decade * decades) * factor(p.protein_atrophy_per_g_per_kg * protein),
          base_gain_rate(p) * factor(p.age_regain_per_decade * decades) * factor(p.protein_regain_per_g_per_kg * protein)};
}

LinearRegime muscle_regime(const MuscleParams& p, const MuscleRates& r, double load) {
  return capacity_regime(p, r.loss_rate_per_day, r.gain_rate_per_day, load);
}

LinearRegime muscle_regime(const MuscleParams& p, const MuscleRates& r, double load, Approach approach) {
  LinearRegime regime = muscle_regime(p, r, load);
  regime.target *= 1.0 - p.lasting_loss_fraction[static_cast<int>(approach)];
  return regime;
}

double muscle_after_surgery(const MuscleParams& p, Approach approach, double m0) {
  return m0 * (1.0 - p.injury_fraction[static_cast<int>(approach)]);
}

}  // namespace rehabsim::models
