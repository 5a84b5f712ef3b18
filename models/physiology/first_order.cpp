#include "models/physiology/first_order.hpp"

#include <cmath>

namespace rehabsim::models {

double base_gain_rate(const CapacityParams& p) {
  return p.loss_rate_per_day * (1.0 - p.habitual_load) * (1.0 - p.floor_fraction) / (p.habitual_load * (p.max_fraction - 1.0));
}

LinearRegime capacity_regime(const CapacityParams& p, double loss_rate_per_day, double gain_rate_per_day, double load) {
  const double loss = loss_rate_per_day * (1.0 - load);
  const double gain = gain_rate_per_day * load;
  const double beta = loss + gain;
  if (beta <= 0.0) return {0.0, 1.0};  // no dynamics: the capacity stays where it is
  return {beta, (loss * p.floor_fraction + gain * p.max_fraction) / beta};
}

double advance_linear(double x0, const LinearRegime& regime, double dt_days) {
  sim::ExpMemo once;
  return advance_linear(x0, regime, dt_days, once);
}

}  // namespace rehabsim::models
