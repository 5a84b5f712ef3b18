#pragma once
// A capacity x (muscle, balance) under constant load L between events:
//   dx/dt = -a (1 - L) (x - floor) + b L (max - x)
//   x(t0 + t) = x* + (x(t0) - x*) exp(-beta t),  beta = a (1 - L) + b L,  x* = (a (1 - L) floor + b L max) / beta
// The base gain rate b0 is derived so that the habitual load L_h holds x at 1:
//   b0 = a (1 - L_h) (1 - floor) / (L_h (max - 1)).
#include <cmath>

#include "models/params/scenario.hpp"
#include "sim/core/exp_memo.hpp"

namespace rehabsim::models {

struct LinearRegime {
  double beta_per_day = 0;  ///< relaxation rate
  double target = 1;        ///< level approached under this load
};

double base_gain_rate(const CapacityParams& p);
LinearRegime capacity_regime(const CapacityParams& p, double loss_rate_per_day, double gain_rate_per_day, double load);
double advance_linear(double x0, const LinearRegime& regime, double dt_days);
/// The same, its exp(-beta dt) remembered in `memo` while beta and dt repeat (the same bits).
inline double advance_linear(double x0, const LinearRegime& regime, double dt_days, sim::ExpMemo& memo) {
  if (regime.beta_per_day == 0.0) return x0;
  const double factor = memo.get(regime.beta_per_day, dt_days, [&] { return std::exp(-regime.beta_per_day * dt_days); });
  return regime.target + (x0 - regime.target) * factor;
}

}  // namespace rehabsim::models
