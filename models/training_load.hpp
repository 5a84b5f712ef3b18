#pragma once
// The load L (0-1) of the current regime: ordinary activity (restricted just after surgery) plus
// the protocol phase's supervised and home components at the phase intensity.
//   L = min(1, base + intensity (w_sup min(1, n / n_ref) [last session attended]
//                               + w_home home_days / 7 adherence))
#include "models/scenario.hpp"

namespace rehabsim::models {

/// @param phase the current phase, or nullptr outside the protocol
double training_load(const ActivityParams& a, bool restricted, const Phase* phase, bool attended_last_session,
                     double home_adherence);

}  // namespace rehabsim::models
