#pragma once
// Pain and disability are observed, not integrated. Recoverable deficits in [0, 1]:
//   D_back = w_H (1 - H) + w_M m + w_Sb S + w_F N + w_R R + F,   m = clamp((1 - M) / (1 - M_floor), 0, 1)
//   D_leg  = w_H (1 - H) +         w_Sl S +         w_R R + F
// (H healing, M muscle, S scar, N nonunion penalty 0-1, R reoperated, F pain flare), each clamped
// to [0, 1], scale what surgery and recovery can remove:
//   score = baseline (r + (1 - r) D) [+ noise, clamped to the scale];  ODI uses D_back.
#include "models/scenario.hpp"

namespace rehabsim::models {

struct PhysiologyNow {
  double healing = 0, muscle = 1, muscle_floor = 0.65, scar = 0, nonunion = 0, flare = 0;
  bool reoperated = false;
};

struct Deficits {
  double back = 0, leg = 0;
};

Deficits recovery_deficits(const OutcomeParams& p, const PhysiologyNow& s);

/// Expected (noise-free) score from a baseline, residual share and deficit.
inline double expected_score(double baseline, double residual_fraction, double deficit) {
  return baseline * (residual_fraction + (1.0 - residual_fraction) * deficit);
}

/// An observation: expected score plus noise, clamped to [0, max_score].
double observe_score(double expected, double noise, double max_score);

/// Responder: ODI improved by at least `fraction` of baseline.
inline bool is_responder(double baseline_odi, double odi, double fraction) {
  return baseline_odi - odi >= fraction * baseline_odi;
}

/// EQ-5D from ODI and pain (Carreon et al., Spine 2014): 0.97711 - 0.00687 ODI - 0.01488 leg - 0.01008 back.
inline double eq5d_utility(double odi, double leg_pain, double back_pain) {
  return 0.97711 - 0.00687 * odi - 0.01488 * leg_pain - 0.01008 * back_pain;
}

/// Discounted years in [a, b) days: integral of (1 + r)^(-t / 365.25) dt / 365.25.
double discounted_years(double a_days, double b_days, double rate_per_year);

}  // namespace rehabsim::models
