// Hand-computed values for the exercise habit (models/physiology/habit.hpp) and how set_loads keeps
// the last phase's home exercise up after the programme (models/patient/patient_state.cpp).
#include "models/physiology/habit.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "models/patient/patient_state.hpp"
#include "support/patient_builder.hpp"

namespace rehabsim::models {
namespace {

constexpr double kTol = 1e-12;

TEST(Habit, PractisedShareCountsHomeDaysAndKeptSessionsUpToEveryDay) {
  EXPECT_NEAR(practised_share(3, 2.0), 5.0 / 7.0, kTol);
  EXPECT_NEAR(practised_share(0, 0.0), 0.0, kTol);
  EXPECT_NEAR(practised_share(6, 3.0), 1.0, kTol);  // 9 of 7 days: every day
}

TEST(Habit, FormsTowardThePractisedShareAndDecaysAfterTheProgramme) {
  HabitParams p;
  p.formation_time_constant_days = 22;
  p.decay_time_constant_days = 365;
  // Practising at 0.6 of days from H = 0.2: H(10) = 0.6 + (0.2 - 0.6) e^(-10/22) = 0.6 - 0.4 * 0.634736 = 0.346106
  LinearRegime r = habit_regime(p, HabitStage::Practising, 0.2, 0.6);
  EXPECT_NEAR(r.beta_per_day, 1.0 / 22, kTol);
  EXPECT_NEAR(r.target, 0.6, kTol);
  EXPECT_NEAR(advance_linear(0.2, r, 10.0), 0.6 - 0.4 * std::exp(-10.0 / 22), kTol);
  EXPECT_NEAR(advance_linear(0.2, r, 10.0), 0.346106, 1e-6);
  // After the programme from H = 0.5: H(100) = 0.5 e^(-100/365) = 0.5 * 0.760353 = 0.380176
  r = habit_regime(p, HabitStage::After, 0.5, 0.9);  // the practised share no longer counts
  EXPECT_NEAR(r.target, 0.0, kTol);
  EXPECT_NEAR(advance_linear(0.5, r, 100.0), 0.380176, 1e-6);
  // Before the programme it is held.
  r = habit_regime(p, HabitStage::Before, 0.0, 0.9);
  EXPECT_EQ(r.beta_per_day, 0.0);
  EXPECT_EQ(advance_linear(0.0, r, 50.0), 0.0);
  // Disabled: no habit ever forms.
  p.enabled = false;
  r = habit_regime(p, HabitStage::Practising, 0.0, 1.0);
  EXPECT_EQ(advance_linear(0.0, r, 100.0), 0.0);
}

Scenario one_phase_scenario() {
  Scenario s;
  Phase ph;
  ph.sessions_per_week = 2;
  ph.home_days_per_week = 5;
  ph.intensity = 0.5;
  s.protocol.phases = {ph};
  return s;
}

Covariates fusion_patient() {
  Covariates c;
  c.surgery = Surgery::Fusion;
  c.approach = Approach::Open;
  c.baseline_odi = 50;
  c.baseline_back_pain = 6;
  c.baseline_leg_pain = 6;
  return c;
}

TEST(Habit, AfterTheProgrammeTheLastPhasesHomeExerciseGoesOnOnTheHabitsShareOfDays) {
  const Scenario s = one_phase_scenario();
  const Covariates c = fusion_patient();
  PatientState st = test::hand_patient();
  st.restricted = false;
  st.fused = true;  // tolerance = healing
  st.healing_tau_days = 30;
  st.last_phase = 0;  // the programme is over: phase -1, the habit keeps phase 0 up
  st.habit = 0.4;
  set_loads(st, s, c, 60.0);
  // Home exercise on 7 x 0.4 = 2.8 days a week, no supervised session:
  // participation = w_home 2.8 / 7 = 0.25 * 0.4 = 0.1; muscle load = daily + 0.5 * 0.1 * (mix . w_muscle)
  const Loads expected = training_loads(s.activity, s.stimulus, false, &s.protocol.phases[0], 0.0, 1.0, 2.8);
  EXPECT_NEAR(st.loads.muscle, expected.muscle, kTol);
  EXPECT_NEAR(st.loads.muscle, s.activity.daily_load + 0.5 * 0.1 * (0.2 * (0.0 + 1.0 + 1.0 + 0.5 + 0.25)), kTol);
  EXPECT_EQ(st.loads.supervised, 0.0);
  // Loading above tolerance counts on the habit's share of days: X = 0.4 max(0, 0.5 * 0.6 - H(60)).
  const double tolerance = 1 - std::exp(-60.0 / 30);  // 0.8647: no overload
  EXPECT_EQ(st.overload, 0.4 * std::max(0.0, 0.3 - tolerance));
  st.healing_tau_days = 300;  // H(60) = 1 - e^-0.2 = 0.181269: overload 0.4 (0.3 - 0.181269) = 0.0474923
  set_loads(st, s, c, 60.0);
  EXPECT_NEAR(st.overload, 0.4 * (0.3 - (1 - std::exp(-0.2))), kTol);
  // The habit decays meanwhile.
  EXPECT_NEAR(st.habit_regime.beta_per_day, 1.0 / s.habit.decay_time_constant_days, kTol);
  EXPECT_EQ(st.habit_regime.target, 0.0);
}

TEST(Habit, WithoutAHabitOrBeforeAnyPhaseDailyLifeAloneLoads) {
  Scenario s = one_phase_scenario();
  const Covariates c = fusion_patient();
  PatientState st = test::hand_patient();
  st.restricted = false;
  st.habit = 0.0;
  st.last_phase = 0;
  set_loads(st, s, c, 60.0);
  EXPECT_EQ(st.loads.muscle, s.activity.daily_load);
  EXPECT_EQ(st.overload, 0.0);
  st.habit = 0.5;
  st.last_phase = -1;  // awaiting the programme's start
  set_loads(st, s, c, 60.0);
  EXPECT_EQ(st.loads.muscle, s.activity.daily_load);
  EXPECT_EQ(st.habit_regime.beta_per_day, 0.0);
  st.last_phase = 0;
  s.habit.enabled = false;
  set_loads(st, s, c, 60.0);
  EXPECT_EQ(st.loads.muscle, s.activity.daily_load);
}

TEST(Habit, InAPhaseItFormsTowardTheDaysExercisedThisWeek) {
  const Scenario s = one_phase_scenario();
  const Covariates c = fusion_patient();
  PatientState st = test::hand_patient();
  st.restricted = false;
  st.phase = st.last_phase = 0;
  st.home_days_this_week = 3;
  st.sessions_this_week = 2;
  st.attended_last = true;
  set_loads(st, s, c, 60.0);
  EXPECT_NEAR(st.habit_regime.target, 5.0 / 7.0, kTol);
  EXPECT_NEAR(st.habit_regime.beta_per_day, 1.0 / s.habit.formation_time_constant_days, kTol);
  st.attended_last = false;  // a missed session counts no supervised day
  set_loads(st, s, c, 60.0);
  EXPECT_NEAR(st.habit_regime.target, 3.0 / 7.0, kTol);
}

}  // namespace
}  // namespace rehabsim::models
