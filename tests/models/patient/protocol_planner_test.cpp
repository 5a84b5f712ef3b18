// The protocol planner on its own: entry criteria, the weekly review's phase moves and the week's
// plan, on a hand-built patient and protocol.
#include "models/patient/protocol_planner.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "support/patient_builder.hpp"

namespace rehabsim::models {
namespace {

PatientState patient() {
  PatientState st = test::hand_patient(3);
  st.healing_tau_days = 21;
  return st;
}

Covariates covariates() {
  Covariates c;
  c.baseline_odi = 40;
  c.baseline_back_pain = c.baseline_leg_pain = 5;
  c.home_adherence = 0.5;
  return c;
}

Scenario two_phases() {
  Scenario s;
  Phase a, b;
  a.name = "early";
  a.duration_weeks = 2;
  a.max_weeks = 4;
  b.name = "late";
  b.entry_muscle_min = 0.95;
  s.protocol.phases = {a, b};
  return s;
}

TEST(ProtocolPlanner, EntryCriteriaAreAllRequired) {
  Scenario s = two_phases();
  PatientState st = patient();
  const Covariates c = covariates();
  Phase p;
  p.entry_day_min = 30;
  EXPECT_FALSE(entry_criteria_hold(p, st, s, c, 29));
  EXPECT_TRUE(entry_criteria_hold(p, st, s, c, 30));
  p.entry_healing_min = 1 - std::exp(-2.0);  // day 42 with tau 21
  EXPECT_FALSE(entry_criteria_hold(p, st, s, c, 41));
  EXPECT_TRUE(entry_criteria_hold(p, st, s, c, 42.001));
  p.entry_muscle_min = 1.01;
  EXPECT_FALSE(entry_criteria_hold(p, st, s, c, 100));
}

TEST(ProtocolPlanner, PhaseMovesAtTheWeeklyReview) {
  Scenario s = two_phases();
  PatientState st = patient();
  const Covariates c = covariates();
  const Scores scores{20, 3, 3};
  st.awaiting_start = true;
  EXPECT_EQ(phase_move(st, s, c, 30, scores), 0);  // the delayed first phase starts
  st.awaiting_start = false;
  st.phase = 0;
  st.phase_start_day = 30;
  st.muscle = 0.9;                                            // below the next phase's entry criterion
  EXPECT_EQ(phase_move(st, s, c, 37, scores), std::nullopt);  // 1 week in: planned length 2
  EXPECT_EQ(phase_move(st, s, c, 44, scores), std::nullopt);  // 2 weeks in, criteria fail, max 4
  EXPECT_EQ(phase_move(st, s, c, 58, scores), 1);             // 4 weeks in: the maximum stay
  st.muscle = 1.0;
  EXPECT_EQ(phase_move(st, s, c, 44, scores), 1);  // criteria hold after the planned length
  st.phase = 1;
  st.phase_start_day = 44;
  EXPECT_EQ(phase_move(st, s, c, 44 + 28, scores), -1);  // the last phase ends: discharge
  s.protocol.discharge_odi_max = 25;
  EXPECT_EQ(phase_move(st, s, c, 45, scores), -1);  // expected ODI 20 <= 25: discharged early
  st.dropped = true;
  EXPECT_EQ(phase_move(st, s, c, 45, scores), std::nullopt);
}

TEST(ProtocolPlanner, TheWeekPlanSpacesSessionsAndCountsThemAgainstTheCap) {
  Scenario s = two_phases();
  s.protocol.phases[0].sessions_per_week = 2;
  s.protocol.phases[0].home_days_per_week = 5;
  PatientState st = patient();
  st.phase = 0;
  const Covariates c = covariates();
  const WeekPlan full = plan_week(st, s, c, 28, 35);
  EXPECT_TRUE(full.supervised);
  ASSERT_EQ(full.sessions, 2u);
  EXPECT_DOUBLE_EQ(full.session[0].day, 28);
  EXPECT_DOUBLE_EQ(full.session[1].day, 31.5);
  EXPECT_EQ(full.session[0].mode, SessionMode::Clinic);
  EXPECT_EQ(full.home_days_prescribed, 5);
  EXPECT_GE(full.home_days_done, 0);
  EXPECT_LE(full.home_days_done, 5);
  EXPECT_EQ(st.sessions_booked, 2);
  const WeekPlan partial = plan_week(st, s, c, 31, 35);  // 4 days: round(5 * 4 / 7) = 3 home days
  EXPECT_EQ(partial.home_days_prescribed, 3);
  ASSERT_EQ(partial.sessions, 2u);  // days 31 and 34.5
  s.protocol.max_sessions = 5;
  EXPECT_EQ(plan_week(st, s, c, 35, 42).sessions, 1u);  // 4 booked, one left under the cap
  EXPECT_EQ(plan_week(st, s, c, 42, 49).sessions, 0u);
  s.protocol.phases[0].mode = SessionMode::Telehealth;
  s.protocol.max_sessions = 0;
  EXPECT_EQ(plan_week(st, s, c, 49, 56).session.at(0).mode, SessionMode::Telehealth);
  st.dropped = true;
  EXPECT_FALSE(plan_week(st, s, c, 56, 63).supervised);
}

}  // namespace
}  // namespace rehabsim::models
