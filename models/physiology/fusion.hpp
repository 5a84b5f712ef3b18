#pragma once
// Time to solid fusion, an accelerated-failure-time model: T = median exp(sigma z) m, z ~ N(0, 1),
// with a multiplier m per risk factor chosen so that the 12-month nonunion odds ratio of a patient
// who differs from the reference in that factor alone equals the published odds ratio:
//   p0 = P(T0 > 365) = 1 - Phi(ln(365 / median) / sigma),  p1 = OR p0 / (1 - p0 + OR p0)
//   ln m = ln(365 / median) - sigma Phi^-1(1 - p1)
// Factors combine additively in ln m (graded factors: age per decade and protein per g/kg/day below
// the reference scale ln m linearly). Binary factors are matched in the population instead:
// fusion_risk.hpp.
#include "models/params/patient.hpp"
#include "models/params/scenario.hpp"

namespace rehabsim::models {

inline constexpr double kNonunionHorizonDays = 365.0;

double reference_nonunion_probability(const FusionParams& p);
double log_multiplier_for_odds_ratio(const FusionParams& p, double odds_ratio);
/// Fusion day from a standard normal draw z.
double fusion_day(const FusionParams& p, double z, double log_multiplier);

}  // namespace rehabsim::models
