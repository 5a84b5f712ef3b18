#pragma once
// Tissue healing H (0-1) since the last operation: H(t) = 1 - exp(-t / tau), with tau by surgery,
// lengthened by vitamin D deficiency and shortened by protein above the reference.
#include <algorithm>
#include <cmath>

#include "models/params/scenario.hpp"

namespace rehabsim::models {

inline double healing_fraction(double days_since_surgery, double time_constant_days) {
  return days_since_surgery <= 0.0 ? 0.0 : 1.0 - std::exp(-days_since_surgery / time_constant_days);
}

inline double healing_time_constant(const HealingParams& p, Surgery s, bool vitamin_d_deficient = false, double protein_g_per_kg_day = 1.0) {
  const double protein = std::clamp(1.0 + p.protein_per_g_per_kg * (protein_g_per_kg_day - p.reference_protein_g_per_kg), 0.1, 10.0);
  return of(p.time_constant_days, s) * (vitamin_d_deficient ? p.vitamin_d_deficient_multiplier : 1.0) * protein;
}

}  // namespace rehabsim::models
