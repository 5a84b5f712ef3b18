#include "models/patient/protocol_planner.hpp"

#include <algorithm>
#include <cmath>

#include "models/physiology/adherence.hpp"
#include "sim/core/distributions.hpp"

namespace rehabsim::models {

bool entry_criteria_hold(const Phase& next, const PatientState& st, const Scenario& s, const Covariates& c, double now) {
  return now >= next.entry_day_min && expected_scores(st, s, c, now).pain() <= next.entry_pain_max && healing(st, now) >= next.entry_healing_min &&
         st.muscle >= next.entry_muscle_min;
}

std::optional<int> phase_move(const PatientState& st, const Scenario& s, const Covariates& c, double now, const Scores& now_scores) {
  if (st.dropped) return std::nullopt;
  const Protocol& p = s.protocol;
  if (st.awaiting_start) return entry_criteria_hold(p.phases.front(), st, s, c, now) ? std::optional<int>(0) : std::nullopt;
  const Phase* ph = phase_of(st, p);
  if (!ph) return std::nullopt;
  const double weeks_in = (now - st.phase_start_day) / 7.0;
  if (p.discharge_odi_max > 0 && ph->sessions_per_week > 0 && now_scores.odi <= p.discharge_odi_max) return -1;
  if (weeks_in < ph->duration_weeks - 1e-9) return std::nullopt;
  const auto next = static_cast<std::size_t>(st.phase + 1);
  if (next >= p.phases.size()) return -1;
  if (entry_criteria_hold(p.phases[next], st, s, c, now) || weeks_in >= std::max(ph->max_weeks, ph->duration_weeks) - 1e-9)
    return static_cast<int>(next);
  return std::nullopt;
}

namespace {

SessionMode session_mode(PatientState& st, const Scenario& s, const Phase& ph) {
  if (ph.mode == SessionMode::Telehealth) return SessionMode::Telehealth;
  if (s.clinic.telehealth_share > 0 && sim::bernoulli(st.rng.mode, s.clinic.telehealth_share)) return SessionMode::Telehealth;
  return SessionMode::Clinic;
}

}  // namespace

WeekPlan plan_week(PatientState& st, const Scenario& s, const Covariates& c, double now, double until) {
  WeekPlan plan;
  const Phase* ph = st.dropped ? nullptr : phase_of(st, s.protocol);
  if (!ph) return plan;
  const double days = until - now;
  plan.home_days_prescribed = static_cast<int>(std::lround(ph->home_days_per_week * days / 7.0));
  const double p_home = home_day_probability(s.adherence, s.fear, c.home_adherence, st.motivation, st.fear);
  for (int d = 0; d < plan.home_days_prescribed; ++d) plan.home_days_done += sim::bernoulli(st.rng.home, p_home);
  if (ph->sessions_per_week == 0) return plan;
  plan.supervised = true;
  const double interval = 7.0 / ph->sessions_per_week;
  for (double t = now; t < until - 1e-9 && plan.sessions < plan.session.size(); t += interval) {
    if (s.protocol.max_sessions > 0 && st.sessions_booked >= s.protocol.max_sessions) break;
    ++st.sessions_booked;
    plan.session[plan.sessions++] = {t, session_mode(st, s, *ph)};
  }
  return plan;
}

}  // namespace rehabsim::models
