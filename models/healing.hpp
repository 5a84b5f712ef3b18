#pragma once
// Tissue healing H (0-1) after surgery: H(t) = 1 - exp(-t / tau), tau by surgery.
#include <cmath>

#include "models/scenario.hpp"

namespace rehabsim::models {

inline double healing_fraction(double days_since_surgery, double time_constant_days) {
  return days_since_surgery <= 0.0 ? 0.0 : 1.0 - std::exp(-days_since_surgery / time_constant_days);
}

inline double healing_time_constant(const HealingParams& p, Surgery s) {
  return p.time_constant_days[static_cast<int>(s)];
}

}  // namespace rehabsim::models
