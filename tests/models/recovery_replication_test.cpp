#include "models/recovery_replication.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "models/cohort_generator.hpp"
#include "models/default_scenario_fixture.hpp"
#include "models/healing.hpp"
#include "models/muscle.hpp"
#include "models/outcome_model.hpp"
#include "models/training_load.hpp"

namespace rehabsim::models {
namespace {

std::vector<PatientResult> run(const Scenario& s, std::uint32_t replication = 0) {
  CohortGenerator g(s);
  return simulate_replication(s, g, replication);
}

TEST(RecoveryReplication, FullAttendanceDeliversEveryPrescribedSession) {
  // Standard protocol: 2x4 + 2x4 + 1x4 = 20 sessions, all before day 365 for every surgery.
  const Scenario s = default_scenario({"run.patients=200", "adherence.attendance_probability=1"});
  for (const auto& r : run(s)) {
    EXPECT_EQ(r.sessions_attended, 20);
    EXPECT_EQ(r.sessions_missed, 0);
    EXPECT_EQ(r.pt_start_day, s.protocol.start_day[static_cast<int>(r.covariates.surgery)]);
  }
}

TEST(RecoveryReplication, SessionsAfterTheHorizonAreNotCounted) {
  // Start at day 350: only the sessions in days 350..365 of the first phase (2 per week) count:
  // days 350, 353.5, 357, 360.5, 364 -> 5 sessions.
  const Scenario s = default_scenario({"run.patients=20", "adherence.attendance_probability=1", "protocol.start_day_discectomy=350",
                                       "protocol.start_day_fusion=350", "protocol.start_day_decompression=350"});
  for (const auto& r : run(s)) EXPECT_EQ(r.sessions_attended, 5);
}

TEST(RecoveryReplication, NoShowRateMatchesTheAttendanceModel) {
  // Reference attendance 0.9 without covariate effects: no-show fraction 0.1 within 5 binomial SEs
  // (sessions of one patient are independent draws).
  const Scenario s = default_scenario({"run.patients=2000", "adherence.smoker_attendance_odds_ratio=1",
                                       "adherence.attendance_odds_ratio_per_5_bmi=1"});
  double missed = 0, booked = 0;
  for (const auto& r : run(s)) {
    missed += r.sessions_missed;
    booked += r.sessions_missed + r.sessions_attended;
  }
  EXPECT_NEAR(missed / booked, 0.1, 5.0 * std::sqrt(0.1 * 0.9 / booked));
}

TEST(RecoveryReplication, MuscleFollowsTheClosedFormForAHandBuiltPatient) {
  // No protocol sessions or home exercise, no noise: the 12-month muscle is the closed form
  // through the two regimes (restricted until day 14, then daily life) from the injured start.
  const Scenario s = default_scenario({"run.patients=5", "protocol.phases[0].sessions_per_week=0", "protocol.phases[1].sessions_per_week=0",
                                       "protocol.phases[2].sessions_per_week=0", "protocol.phases[0].home_days_per_week=0",
                                       "protocol.phases[1].home_days_per_week=0", "protocol.phases[2].home_days_per_week=0",
                                       "protocol.phases[3].home_days_per_week=0", "outcomes.odi_noise_sd=0", "outcomes.pain_noise_sd=0"});
  for (const auto& r : run(s)) {
    const Covariates& c = r.covariates;
    const MuscleRates rates = muscle_rates(s.muscle, c.age_years, c.protein_g_per_kg);
    const double m14 = advance_muscle(muscle_after_surgery(s.muscle, c.approach),
                                      muscle_regime(s.muscle, rates, s.activity.restricted_load), 14.0);
    const double m365 = advance_muscle(m14, muscle_regime(s.muscle, rates, s.activity.daily_load), 365.0 - 14.0);
    EXPECT_NEAR(r.muscle_12m, m365, 1e-12);
    const double h = healing_fraction(365, healing_time_constant(s.healing, c.surgery));
    const double expected = expected_score(c.baseline_odi, c.residual_odi_fraction, recovery_deficit(s.outcomes, h, m365, s.muscle.floor_fraction));
    EXPECT_NEAR(r.odi[3], std::clamp(expected, 0.0, 100.0), 1e-9);
  }
}

TEST(RecoveryReplication, DeterministicAndCommonRandomNumbers) {
  const Scenario s = default_scenario({"run.patients=300"});
  const auto a = run(s, 2), b = run(s, 2);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].odi, b[i].odi);
    EXPECT_EQ(a[i].sessions_attended, b[i].sessions_attended);
  }
  // A later PT start changes outcomes but not who the patients are.
  const Scenario later = default_scenario({"run.patients=300", "protocol.start_day_discectomy=70"});
  const auto c = run(later, 2);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].covariates.baseline_odi, c[i].covariates.baseline_odi);
}

TEST(RecoveryReplication, TrainingImprovesMuscleAndOutcomeOnTheSamePatients) {
  // Paired comparison: the standard protocol vs no supervised or home training.
  const Scenario standard = default_scenario({"run.patients=500"});
  const Scenario none = default_scenario({"run.patients=500", "protocol.phases[0].intensity=0", "protocol.phases[1].intensity=0",
                                          "protocol.phases[2].intensity=0", "protocol.phases[3].intensity=0"});
  const auto a = run(standard), b = run(none);
  double muscle_diff = 0, odi3_diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    muscle_diff += a[i].muscle_12m - b[i].muscle_12m;
    odi3_diff += a[i].odi[1] - b[i].odi[1];
    EXPECT_GE(a[i].muscle_12m, b[i].muscle_12m);  // more load never loses muscle
  }
  EXPECT_GT(muscle_diff / static_cast<double>(a.size()), 0.0);
  EXPECT_LT(odi3_diff / static_cast<double>(a.size()), 0.0);  // same noise draws: the paired difference is the model's effect
}

}  // namespace
}  // namespace rehabsim::models
