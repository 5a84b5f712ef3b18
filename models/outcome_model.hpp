#pragma once
// ODI and pain are observed, not integrated. A recoverable deficit D in [0, 1],
//   D = w_H (1 - H) + w_M clamp((1 - M) / (1 - M_floor), 0, 1),
// scales the part of the baseline that surgery and recovery can remove:
//   ODI = clamp(ODI_base (r + (1 - r) D) + e, 0, 100),  e ~ N(0, sd)  (pain likewise, 0-10),
// with r the patient's residual share.
#include "models/scenario.hpp"

namespace rehabsim::models {

double recovery_deficit(const OutcomeParams& p, double healing, double muscle, double muscle_floor);

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

}  // namespace rehabsim::models
