#pragma once
// Loads (0-1) of the current regime. Participation in a phase is
//   P = w_sup min(1, n / n_ref) [last session attended] s_mode + w_home d_done / 7
// (s_mode = 1 in clinic, the telehealth effect otherwise; d_done the home days done this week), and
//   L_muscle  = min(1, base + intensity P sum_k mix_k w_muscle,k)
//   L_balance = min(1, base + intensity P sum_k mix_k w_balance,k)
//   L_conditioning, L_mobility likewise with their stimulus weights
//   mobility dose = intensity mix_mobility P / (w_sup + w_home)   (0-1, drives the scar ceiling)
//   exercise dose = intensity P / (w_sup + w_home)                 (0-1, exercise-induced pain relief)
//   supervised    = min(1, n / n_ref) [last session attended] s_mode   (0-1, education and progress)
//   passive       = supervised [the phase uses passive modalities]
//   cognitive-behavioural = supervised [the phase's sessions have cognitive-behavioural content]
//   loading = intensity (strength + core + functional) [in a phase]   (compared with tissue tolerance)
// base = restricted load for the first days after surgery, the daily-life load afterwards.
#include "models/params/scenario.hpp"

namespace rehabsim::models {

struct Loads {
  double muscle = 0, balance = 0, mobility_dose = 0, loading = 0;
  double conditioning = 0, mobility = 0, exercise_dose = 0, supervised = 0, passive = 0, cognitive_behavioural = 0;
};

/// @param phase the current phase, or nullptr outside the protocol
/// @param supervised_sessions_per_week the patient's supervised frequency this week (0 when the
///        last session was missed); n in the formula
/// @param session_effect s_mode of the last attended session (1 in clinic)
Loads training_loads(const ActivityParams& a, const StimulusWeights& w, bool restricted, const Phase* phase, double supervised_sessions_per_week,
                     double session_effect, double home_days_done);
/// The phase's own frequency and mode, every session kept: the loads when the clinic has room.
Loads training_loads(const ActivityParams& a, const StimulusWeights& w, bool restricted, const Phase* phase, bool attended_last_session,
                     int home_days_done);

}  // namespace rehabsim::models
