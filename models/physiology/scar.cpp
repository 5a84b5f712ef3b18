#include "models/physiology/scar.hpp"

#include <algorithm>
#include <cmath>

namespace rehabsim::models {

double scar_ceiling(const ScarParams& p, Surgery surgery, Approach approach, double mobility_dose) {
  return std::clamp(of(p.max_fraction, surgery) * p.approach_factor[static_cast<int>(approach)] * (1.0 + p.mobilisation_effect * mobility_dose), 0.0,
                    1.0);
}

double advance_scar(const ScarParams& p, double s0, double t0_days, double dt_days, double ceiling) {
  const double forming = std::clamp(p.maturation_days - t0_days, 0.0, dt_days);
  double s = ceiling + (s0 - ceiling) * std::exp(-p.formation_rate_per_day * forming);
  return s * std::exp(-p.remodel_rate_per_day * (dt_days - forming));
}

}  // namespace rehabsim::models
