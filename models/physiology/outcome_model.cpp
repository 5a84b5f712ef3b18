#include "models/physiology/outcome_model.hpp"

#include <algorithm>
#include <cmath>

namespace rehabsim::models {

Deficits recovery_deficits(const OutcomeParams& p, const SensitisationParams& c, const FearParams& f, const ToleranceParams& t,
                           const PhysiologyNow& s) {
  const double unhealed = p.weight_healing * (1.0 - std::clamp(s.healing, 0.0, 1.0));
  const double muscle = p.weight_muscle * std::clamp((1.0 - s.muscle) / (1.0 - s.muscle_floor), 0.0, 1.0);
  const double capacities = p.weight_conditioning * s.conditioning_deficit + p.weight_mobility * s.mobility_deficit;
  const double reoperated = s.reoperated ? p.weight_reoperation : 0.0;
  const double overload = t.enabled ? t.weight_overload * s.overload : 0.0;
  const double central = c.enabled ? c.weight * s.sensitisation : 0.0;
  const double fear = f.enabled ? f.weight * s.fear : 0.0;
  const double back_n =
      unhealed + muscle + capacities + p.weight_scar_back * s.scar + p.weight_nonunion * s.nonunion + reoperated + s.flare + overload;
  const double leg_n = unhealed + p.weight_scar_leg * s.scar + reoperated + s.flare + overload;
  const double back = back_n + central;
  return {std::clamp(back + fear, 0.0, kMaxDeficit), std::clamp(back, 0.0, kMaxDeficit), std::clamp(leg_n + central, 0.0, kMaxDeficit)};
}

double observe_score(double expected, double noise, double max_score) { return std::clamp(expected + noise, 0.0, max_score); }

double discounted_years(double a_days, double b_days, double rate_per_year) {
  constexpr double kYear = 365.25;
  if (rate_per_year == 0.0) return (b_days - a_days) / kYear;
  const double rho = std::log1p(rate_per_year) / kYear;
  // exp(-rho a) - exp(-rho b) written as exp(-rho a) (1 - exp(-rho (b - a))) with expm1: the plain
  // difference cancels to 0 for a tiny rate (a rate of 1e-17 once gave no QALYs at all).
  return std::exp(-rho * a_days) * -std::expm1(-rho * (b_days - a_days)) / (rho * kYear);
}

}  // namespace rehabsim::models
