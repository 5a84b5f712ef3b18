#include "models/adherence.hpp"

#include <cmath>

namespace rehabsim::models {

double attendance_probability(const AdherenceParams& p, const Covariates& c) {
  const double p0 = p.attendance_probability;
  if (p0 <= 0.0 || p0 >= 1.0) return p0;  // certain (non-)attendance is not moved by covariates
  const double logit = std::log(p0 / (1.0 - p0)) + (c.smoker ? std::log(p.smoker_attendance_odds_ratio) : 0.0) +
                       std::log(p.attendance_odds_ratio_per_5_bmi) * (c.bmi_kg_m2 - 30.0) / 5.0;
  return 1.0 / (1.0 + std::exp(-logit));
}

}  // namespace rehabsim::models
