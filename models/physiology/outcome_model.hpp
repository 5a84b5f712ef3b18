#pragma once
// Pain and disability are observed, not integrated. From the state at one instant and the traces
// the course left (sensitisation C, fear F), deficits in [0, 1.5]:
//   nociceptive  N_b = w_H (1 - H) + w_M m + w_E e + w_R rho + w_Sb S + w_N N + w_Re R + flare + w_X X
//                N_l = w_H (1 - H) +                          w_Sl S +         w_Re R + flare + w_X X
//   pain deficits   D_b = N_b + w_C C,   D_l = N_l + w_C C
//   disability      D_odi = D_b + w_F F
// (H healing, m = clamp((1 - M) / (1 - M_floor), 0, 1) muscle, e and rho the same for conditioning
// and mobility, S scar, N nonunion penalty 0-1, R reoperated, X loading above tolerance), each
// clamped to [0, 1.5]; a score is
//   pain = min(10, baseline (r + (1 - r) D) (1 - Q)),   ODI = min(100, baseline (r + (1 - r) D_odi) (1 - s_Q Q))
//   [+ noise, clamped to the scale]
// so D = 1 is the pre-operative level and D > 1 worse than before surgery. Relief Q (exercise-
// induced hypoalgesia, passive modalities) lowers pain as felt, and ODI by its pain share s_Q.
#include <algorithm>

#include "models/params/scenario.hpp"

namespace rehabsim::models {

inline constexpr double kMaxDeficit = 1.5;
inline constexpr double kOdiMax = 100.0;  ///< the ODI scale's top
inline constexpr double kNrsMax = 10.0;   ///< the NRS pain scale's top

struct PhysiologyNow {
  double healing = 0, muscle = 1, muscle_floor = 0.65, scar = 0, nonunion = 0, flare = 0;
  bool reoperated = false;
  double conditioning_deficit = 0, mobility_deficit = 0;  ///< 0-1, like m
  double overload = 0, sensitisation = 0, fear = 0;
};

struct Deficits {
  double odi = 0, back = 0, leg = 0;
};

Deficits recovery_deficits(const OutcomeParams& p, const SensitisationParams& c, const FearParams& f, const ToleranceParams& t,
                           const PhysiologyNow& s);

/// (1 - x) / (1 - floor) clamped to [0, 1]: how far a capacity is below its norm, relative to the floor.
inline double capacity_deficit(double x, double floor) { return floor < 1.0 ? std::clamp((1.0 - x) / (1.0 - floor), 0.0, 1.0) : 0.0; }

/// Expected (noise-free) score from a baseline, residual share and deficit.
inline double expected_score(double baseline, double residual_fraction, double deficit) {
  return baseline * (residual_fraction + (1.0 - residual_fraction) * deficit);
}

/// An observation: expected score plus noise, clamped to [0, max_score].
double observe_score(double expected, double noise, double max_score);

/// Responder: ODI improved by at least `fraction` of baseline.
inline bool is_responder(double baseline_odi, double odi, double fraction) { return baseline_odi - odi >= fraction * baseline_odi; }

/// EQ-5D from ODI and pain (Carreon et al., Spine 2014): 0.97711 - 0.00687 ODI - 0.01488 leg - 0.01008 back.
inline double eq5d_utility(double odi, double leg_pain, double back_pain) {
  return 0.97711 - 0.00687 * odi - 0.01488 * leg_pain - 0.01008 * back_pain;
}

/// Discounted years in [a, b) days: integral of (1 + r)^(-t / 365.25) dt / 365.25.
double discounted_years(double a_days, double b_days, double rate_per_year);

}  // namespace rehabsim::models
