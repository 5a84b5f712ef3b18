// Hand-computed values for the treatment-response pathways (models/physiology/pathways.hpp) and the fusion
// progress clock (models/patient/patient_state). Each expected number is worked out in the comment above it.
#include "models/physiology/pathways.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "models/patient/patient_state.hpp"
#include "support/patient_builder.hpp"

namespace rehabsim::models {
namespace {

constexpr double kTol = 1e-12;

TEST(Relief, TargetAddsExerciseAndPassiveAndCapsAtNinetyPercent) {
  ReliefParams p;
  p.exercise_effect = 0.5;
  p.passive_effect = 0.2;
  Loads l;
  l.exercise_dose = 0.6;
  l.passive = 1.0;
  // 0.5 * 0.6 + 0.2 * 1 = 0.5
  EXPECT_NEAR(relief_target(p, l), 0.5, kTol);
  l.exercise_dose = 3.0;  // 1.5 + 0.2 = 1.7 -> capped at 0.9
  EXPECT_NEAR(relief_target(p, l), 0.9, kTol);
  p.enabled = false;
  EXPECT_EQ(relief_target(p, l), 0.0);
}

TEST(Relief, ApproachesItsTargetWithTheTimeConstant) {
  ReliefParams p;
  p.time_constant_days = 7;
  // Q(7) = 0.4 + (0.1 - 0.4) e^-1 = 0.4 - 0.3 * 0.36787944117 = 0.28963616765
  EXPECT_NEAR(advance_relief(p, 0.1, 0.4, 7.0), 0.28963616765, 1e-10);
  EXPECT_NEAR(advance_relief(p, 0.1, 0.4, 0.0), 0.1, kTol);
}

TEST(Sensitisation, RegimeFromPainAboveThresholdAndOverload) {
  SensitisationParams p;
  p.growth_rate_per_day = 0.004;
  p.overload_growth_per_day = 0.6;
  p.recovery_rate_per_day = 0.003;
  // a = 2 (0.004 * 1 + 0.6 * 0.01) = 0.02; beta = 0.023; C* = 0.02 / 0.023 = 0.869565217391
  LinearRegime r = sensitisation_regime(p, 2.0, true, 0.01);
  EXPECT_NEAR(r.beta_per_day, 0.023, kTol);
  EXPECT_NEAR(r.target, 0.02 / 0.023, kTol);
  // Pain below the threshold, no overload: only resolution, toward 0 at rate r.
  r = sensitisation_regime(p, 2.0, false, 0.0);
  EXPECT_NEAR(r.beta_per_day, 0.003, kTol);
  EXPECT_NEAR(r.target, 0.0, kTol);
  // C(100) from 0.5 = 0.5 e^-0.3 = 0.370409110340
  EXPECT_NEAR(advance_linear(0.5, r, 100.0), 0.370409110340, 1e-11);
  p.enabled = false;
  r = sensitisation_regime(p, 2.0, true, 1.0);
  EXPECT_EQ(r.beta_per_day, 0.0);
  EXPECT_EQ(advance_linear(0.3, r, 50.0), 0.3);
}

TEST(Fear, NaturalDeclineAndSupervisedPullCombine) {
  FearParams p;
  p.natural_fraction = 0.1;
  p.natural_time_constant_days = 100;
  p.supervised_floor = 0.05;
  p.supervised_rate_per_day = 0.04;
  // F0 = 0.5 -> F_nat = 0.05; F = 0.4 > F_nat so k_nat = 0.01; k_sup = 0.04 * 0.5 = 0.02
  // beta = 0.03; F* = (0.01 * 0.05 + 0.02 * 0.05) / 0.03 = 0.05
  LinearRegime r = fear_regime(p, 0.5, 0.4, 0.5);
  EXPECT_NEAR(r.beta_per_day, 0.03, kTol);
  EXPECT_NEAR(r.target, 0.05, kTol);
  // Floor 0.2 instead: F* = (0.01 * 0.05 + 0.02 * 0.2) / 0.03 = 0.0045 / 0.03 = 0.15
  p.supervised_floor = 0.2;
  r = fear_regime(p, 0.5, 0.4, 0.5);
  EXPECT_NEAR(r.target, 0.15, kTol);
  // Supervision is clamped to 1: k_sup = 0.04, beta = 0.05
  r = fear_regime(p, 0.5, 0.4, 3.0);
  EXPECT_NEAR(r.beta_per_day, 0.05, kTol);
}

TEST(Fear, CognitiveBehaviouralContentAddsItsOwnPullTowardTheFloor) {
  FearParams p;
  p.natural_fraction = 0.0;
  p.natural_time_constant_days = 60;
  p.supervised_floor = 0.05;
  p.supervised_rate_per_day = 0.02;
  p.cognitive_behavioural_rate_per_day = 0.05;
  // F = 0.4 > 0: k_nat = 1/60; k_sup = 0.02 * 0.5 + 0.05 * 0.5 = 0.035; beta = 0.0516667
  // F* = (0 + 0.035 * 0.05) / 0.0516667 = 0.00175 / 0.0516667 = 0.0338710
  LinearRegime r = fear_regime(p, 0.5, 0.4, 0.5, 0.5);
  EXPECT_NEAR(r.beta_per_day, 1.0 / 60 + 0.035, kTol);
  EXPECT_NEAR(r.target, 0.00175 / (1.0 / 60 + 0.035), kTol);
  EXPECT_NEAR(r.target, 0.0338710, 1e-7);
  // Without the content only exercise's own (smaller) pull remains.
  r = fear_regime(p, 0.5, 0.4, 0.5, 0.0);
  EXPECT_NEAR(r.beta_per_day, 1.0 / 60 + 0.01, kTol);
}

TEST(Fear, DailyLifeNeverRaisesFearBackTowardItsNaturalLevel) {
  FearParams p;
  p.natural_fraction = 0.5;
  // F0 = 0.6 -> F_nat = 0.3; F = 0.2 is below it: no natural term; unsupervised -> F stays put.
  LinearRegime r = fear_regime(p, 0.6, 0.2, 0.0);
  EXPECT_EQ(r.beta_per_day, 0.0);
  EXPECT_EQ(advance_linear(0.2, r, 365.0), 0.2);
  p.enabled = false;
  r = fear_regime(p, 0.6, 0.5, 1.0);
  EXPECT_EQ(advance_linear(0.5, r, 365.0), 0.5);
}

TEST(Tolerance, FusionMassScalesHealingUntilSolid) {
  ToleranceParams p;
  p.fusion_initial_fraction = 0.3;
  // H = 0.8, phi = 0.5: 0.8 (0.3 + 0.7 * 0.5) = 0.52
  EXPECT_NEAR(tissue_tolerance(p, 0.8, true, 0.5), 0.52, kTol);
  EXPECT_NEAR(tissue_tolerance(p, 0.8, true, 0.0), 0.24, kTol);
  EXPECT_NEAR(tissue_tolerance(p, 0.8, true, 1.0), 0.8, kTol);
  EXPECT_NEAR(tissue_tolerance(p, 0.8, true, 7.0), 0.8, kTol);   // maturity clamped
  EXPECT_NEAR(tissue_tolerance(p, 0.8, false, 0.0), 0.8, kTol);  // no fusion mass
  p.enabled = false;
  EXPECT_NEAR(tissue_tolerance(p, 0.8, true, 0.0), 0.8, kTol);
}

TEST(Tolerance, OverloadAndFusionSpeed) {
  EXPECT_NEAR(overload(0.7, 0.52), 0.18, kTol);
  EXPECT_EQ(overload(0.4, 0.52), 0.0);
  ToleranceParams p;
  p.fusion_slowing_per_excess = 1.5;
  // v = 1 / (1 + 1.5 * 0.2) = 1 / 1.3
  EXPECT_NEAR(fusion_speed(p, 0.2), 1.0 / 1.3, kTol);
  EXPECT_EQ(fusion_speed(p, 0.0), 1.0);
  p.enabled = false;
  EXPECT_EQ(fusion_speed(p, 0.2), 1.0);
}

TEST(Mobility, ScarLowersTheCeiling) {
  MobilityParams p;  // loss 0.02, floor 0.6, max 1.15, habitual 0.4
  p.scar_ceiling_loss = 0.15;
  // b0 = a (1 - L_h)(1 - floor) / (L_h (max - 1)) = 0.02 * 0.6 * 0.4 / (0.4 * 0.15) = 0.08
  EXPECT_NEAR(base_gain_rate(p), 0.08, kTol);
  // Scar 0.5: ceiling 1.15 - 0.075 = 1.075. Load 0.5: beta = 0.02 * 0.5 + 0.08 * 0.5 = 0.05
  // x* = (0.01 * 0.6 + 0.04 * 1.075) / 0.05 = (0.006 + 0.043) / 0.05 = 0.98
  LinearRegime r = mobility_regime(p, 0.5, 0.5);
  EXPECT_NEAR(r.beta_per_day, 0.05, kTol);
  EXPECT_NEAR(r.target, 0.98, kTol);
  // No scar: x* = (0.006 + 0.04 * 1.15) / 0.05 = 1.04
  EXPECT_NEAR(mobility_regime(p, 0.0, 0.5).target, 1.04, kTol);
  // A ceiling below the floor is held at the floor: scar loss 10 -> max = floor = 0.6 -> x* = 0.6
  p.scar_ceiling_loss = 10;
  EXPECT_NEAR(mobility_regime(p, 1.0, 0.5).target, 0.6, kTol);
}

TEST(FusionClock, ProgressAccruesAtTheRegimeSpeedAndSetsTheDueDay) {
  PatientState st = test::hand_patient();
  st.fusion_required_days = 140;
  st.fusion_progress_days = 40;
  st.fusion_speed = 0.5;
  // 100 biological days left at half speed: due 200 calendar days from now.
  EXPECT_NEAR(fusion_due(st, 10.0), 210.0, kTol);
  st.fusion_speed = 0.0;
  EXPECT_TRUE(std::isinf(fusion_due(st, 10.0)));
  // A setback stretches what is left: 40 + (140 - 40) * 1.5 = 190
  SetbackParams sp;
  sp.fusion_delay_factor = 1.5;
  EXPECT_NEAR(delayed_fusion_requirement(140, 40, sp), 190.0, kTol);
  EXPECT_NEAR(delayed_fusion_requirement(140, 150, sp), 150.0, kTol);  // already past: nothing left
}

TEST(FusionClock, AdvanceAccruesProgressAndMaturityIsItsShare) {
  Scenario s;
  PatientState st = test::hand_patient();
  st.fusion_required_days = 140;
  st.fusion_progress_days = 14;
  st.fusion_speed = 0.8;
  st.last_update_day = 20;
  advance(st, s, 70.0);  // 50 days at 0.8 -> 14 + 40 = 54
  EXPECT_NEAR(st.fusion_progress_days, 54.0, kTol);
  Covariates c;
  c.surgery = Surgery::Fusion;
  EXPECT_NEAR(fusion_maturity(st, c), 54.0 / 140.0, kTol);
  st.fused = true;
  EXPECT_EQ(fusion_maturity(st, c), 1.0);
  c.surgery = Surgery::Discectomy;
  st.fused = false;
  EXPECT_EQ(fusion_maturity(st, c), 1.0);
}

}  // namespace
}  // namespace rehabsim::models
