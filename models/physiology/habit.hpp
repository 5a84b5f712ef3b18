#pragma once
// Exercise habit H (0-1): the share of days a patient exercises on their own (docs/model.md,
// "Exercise habit"). Closed form between events, like the other first-order states:
//   in a phase (not dropped out)        dH/dt = (p - H) / tau_form,  p = share of days exercised
//   after the programme or a dropout    dH/dt = -H / tau_decay
//   before the programme                H stays (0)
// After the programme the patient keeps doing the last phase's home exercise on H of the days:
// its loads are those of that phase with no supervised session and 7 H home days a week, and its
// loading above tissue tolerance counts on H of the days (X = H max(0, loading - T)).
#include <algorithm>

#include "models/params/scenario.hpp"
#include "models/physiology/first_order.hpp"

namespace rehabsim::models {

/// Share of this week's days with exercise: home days done plus supervised sessions kept, at most 1.
inline double practised_share(int home_days_done, double supervised_sessions_per_week) {
  return std::clamp((home_days_done + supervised_sessions_per_week) / 7.0, 0.0, 1.0);
}

enum class HabitStage { Before, Practising, After };

inline LinearRegime habit_regime(const HabitParams& p, HabitStage stage, double habit_now, double practised) {
  if (!p.enabled) return {0.0, 0.0};
  switch (stage) {
    case HabitStage::Practising: return {1.0 / p.formation_time_constant_days, std::clamp(practised, 0.0, 1.0)};
    case HabitStage::After: return {1.0 / p.decay_time_constant_days, 0.0};
    case HabitStage::Before: break;
  }
  return {0.0, habit_now};
}

}  // namespace rehabsim::models
