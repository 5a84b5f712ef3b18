#include "models/outcome_model.hpp"

#include <algorithm>
#include <cmath>

namespace rehabsim::models {

Deficits recovery_deficits(const OutcomeParams& p, const PhysiologyNow& s) {
  const double unhealed = p.weight_healing * (1.0 - std::clamp(s.healing, 0.0, 1.0));
  const double muscle = p.weight_muscle * std::clamp((1.0 - s.muscle) / (1.0 - s.muscle_floor), 0.0, 1.0);
  const double reoperated = s.reoperated ? p.weight_reoperation : 0.0;
  return {std::clamp(unhealed + muscle + p.weight_scar_back * s.scar + p.weight_nonunion * s.nonunion + reoperated + s.flare, 0.0, 1.0),
          std::clamp(unhealed + p.weight_scar_leg * s.scar + reoperated + s.flare, 0.0, 1.0)};
}

double observe_score(double expected, double noise, double max_score) {
  return std::clamp(expected + noise, 0.0, max_score);
}

double discounted_years(double a_days, double b_days, double rate_per_year) {
  constexpr double kYear = 365.25;
  if (rate_per_year == 0.0) return (b_days - a_days) / kYear;
  const double rho = std::log1p(rate_per_year) / kYear;
  return (std::exp(-rho * a_days) - std::exp(-rho * b_days)) / (rho * kYear);
}

}  // namespace rehabsim::models
