#pragma once
// The treatment-response pathways besides muscle (docs/model.md, "Treatment response"). Each is
// closed form between a patient's events, its drivers held at their values from the last event.
//   relief       Q(t0 + dt) = Q* + (Q0 - Q*) exp(-dt / tau_Q),  Q* = min(0.9, e_ex D_ex + e_pas D_pas)
//   sensitisation dC/dt = a (1 - C) - r C,  a = s_i (g [pain > theta] + g_x X)
//                 -> beta = a + r, C* = a / beta
//   fear          dF/dt = -k_nat (F - F_nat) [F > F_nat] - (k_sup u + k_cb u_cb) (F - F_lo)
//                 -> beta = k_nat [F > F_nat] + k_sup u + k_cb u_cb,
//                    F* = (k_nat [F > F_nat] F_nat + (k_sup u + k_cb u_cb) F_lo) / beta
//                 (F_nat = f_nat F0: daily life lowers fear toward it, never raises it back; u_cb the
//                 supervised share of sessions with cognitive-behavioural content)
//   tolerance     T = H (f0 + (1 - f0) phi)  after fusion (phi: fusion maturity 0-1),  T = H otherwise
//   overload      X = max(0, loading - T)
//   fusion speed  v = 1 / (1 + k_v X)   (biological days of fusion progress per day)
//   mobility ceiling R_max - kappa S (scar stiffens), gain rate that of the scar-free capacity
#include <algorithm>
#include <cmath>

#include "models/params/scenario.hpp"
#include "models/physiology/first_order.hpp"
#include "models/physiology/training_load.hpp"

namespace rehabsim::models {

inline double relief_target(const ReliefParams& p, const Loads& l) {
  if (!p.enabled) return 0.0;
  return std::min(0.9, p.exercise_effect * l.exercise_dose + p.passive_effect * l.passive);
}

/// Relief relaxes to its target with time constant p.time_constant_days; exp remembered in `memo`.
inline double advance_relief(const ReliefParams& p, double q0, double target, double dt_days, sim::ExpMemo& memo) {
  const double tau = p.time_constant_days;
  return target + (q0 - target) * memo.get(tau, dt_days, [&] { return std::exp(-dt_days / tau); });
}
inline double advance_relief(const ReliefParams& p, double q0, double target, double dt_days) {
  sim::ExpMemo once;
  return advance_relief(p, q0, target, dt_days, once);
}

inline LinearRegime sensitisation_regime(const SensitisationParams& p, double susceptibility, bool pain_above_threshold, double overload) {
  if (!p.enabled) return {0.0, 0.0};
  const double a = susceptibility * (p.growth_rate_per_day * (pain_above_threshold ? 1.0 : 0.0) + p.overload_growth_per_day * overload);
  const double beta = a + p.recovery_rate_per_day;
  return beta > 0 ? LinearRegime{beta, a / beta} : LinearRegime{0.0, 0.0};
}

inline LinearRegime fear_regime(const FearParams& p, double initial_fear, double fear_now, double supervised, double cognitive_behavioural = 0.0) {
  if (!p.enabled) return {0.0, fear_now};
  const double natural = p.natural_fraction * initial_fear;
  const double k_nat = fear_now > natural ? 1.0 / p.natural_time_constant_days : 0.0;
  const double k_sup = p.supervised_rate_per_day * std::clamp(supervised, 0.0, 1.0) +
                       p.cognitive_behavioural_rate_per_day * std::clamp(cognitive_behavioural, 0.0, 1.0);
  const double beta = k_nat + k_sup;
  if (beta <= 0) return {0.0, fear_now};
  return {beta, (k_nat * natural + k_sup * p.supervised_floor) / beta};
}

/// Loading the tissue tolerates now: healing H, after fusion scaled by the fusion mass's maturity.
inline double tissue_tolerance(const ToleranceParams& p, double healing, bool fusion, double fusion_maturity) {
  if (!fusion || !p.enabled) return healing;
  return healing * (p.fusion_initial_fraction + (1.0 - p.fusion_initial_fraction) * std::clamp(fusion_maturity, 0.0, 1.0));
}

inline double overload(double loading, double tolerance) { return std::max(0.0, loading - tolerance); }

inline double fusion_speed(const ToleranceParams& p, double overload_now) {
  return p.enabled ? 1.0 / (1.0 + p.fusion_slowing_per_excess * overload_now) : 1.0;
}

/// Mobility under `load` with scar S: the capacity's ceiling lowered by kappa S.
inline LinearRegime mobility_regime(const MobilityParams& p, double scar, double load) {
  CapacityParams stiff = p;
  stiff.max_fraction = std::max(p.floor_fraction, p.max_fraction - p.scar_ceiling_loss * std::clamp(scar, 0.0, 1.0));
  return capacity_regime(stiff, p.loss_rate_per_day, base_gain_rate(p), load);
}

}  // namespace rehabsim::models
