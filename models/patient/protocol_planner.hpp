#pragma once
// The protocol's decisions for one patient: whether a phase's entry criteria hold, which phase a
// weekly review moves the patient to, and the week's plan (home-exercise days done, supervised
// sessions asked for). It draws from the patient's own streams and books nothing itself.
#include <array>
#include <optional>
#include <span>

#include "models/params/scenario.hpp"
#include "models/patient/patient_state.hpp"

namespace rehabsim::models {

/// Every entry criterion of `next` holds at `now`.
bool entry_criteria_hold(const Phase& next, const PatientState& st, const Scenario& s, const Covariates& c, double now);

/// At a weekly review: the phase to move to (an index, -1 for discharge), or nullopt to stay. A
/// delayed first phase starts once its criteria hold; a supervised phase discharges at the
/// protocol's ODI threshold; after its planned length a phase moves on when the next one's entry
/// criteria hold or its maximum stay is reached.
std::optional<int> phase_move(const PatientState& st, const Scenario& s, const Covariates& c, double now, const Scores& now_scores);

struct PlannedSession {
  double day;  ///< days since surgery the protocol asks for it
  SessionMode mode;
};

/// At most 7 sessions a week (the schema's limit): held in place, so planning allocates nothing.
struct WeekPlan {
  int home_days_prescribed = 0, home_days_done = 0;
  bool supervised = false;  ///< the phase has supervised sessions (even if the cap leaves none this week)
  std::array<PlannedSession, 7> session{};
  std::size_t sessions = 0;
  std::span<const PlannedSession> planned() const { return {session.data(), sessions}; }
};

/// The plan from `now` up to `until` (a week, or what is left of it): draws the home days done
/// and each session's mode, and counts the sessions against the protocol's cap (st.sessions_booked).
WeekPlan plan_week(PatientState& st, const Scenario& s, const Covariates& c, double now, double until);

}  // namespace rehabsim::models
