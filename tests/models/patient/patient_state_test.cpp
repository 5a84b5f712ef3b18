// The patient's state on its own: closed-form advance, what the outcome model reads, hazard rates
// and the transitions at events, on hand-built patients with hand-computed values.
#include "models/patient/patient_state.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "support/patient_builder.hpp"

namespace rehabsim::models {
namespace {

using test::hand_patient;

Covariates discectomy() {
  Covariates c;
  c.surgery = Surgery::Discectomy;
  c.approach = Approach::Open;
  c.age_years = 65;
  c.baseline_odi = 50;
  c.baseline_back_pain = 6;
  c.baseline_leg_pain = 7;
  c.residual_odi_fraction = 0.3;
  c.residual_back_pain_fraction = 0.4;
  c.residual_leg_pain_fraction = 0.3;
  return c;
}

TEST(PatientState, AdvanceIsClosedFormInEachVariable) {
  Scenario s;
  PatientState st = hand_patient();
  st.muscle = 0.8;
  st.muscle_regime = {0.1, 1.2};
  st.balance = 0.9;
  st.balance_regime = {0.05, 1.0};
  st.flare = 0.5;
  st.scar = 0.1;
  st.scar_ceiling = 0.6;
  advance(st, s, 5.0);
  EXPECT_DOUBLE_EQ(st.muscle, 1.2 + (0.8 - 1.2) * std::exp(-0.5));
  EXPECT_DOUBLE_EQ(st.balance, 1.0 + (0.9 - 1.0) * std::exp(-0.25));
  EXPECT_DOUBLE_EQ(st.flare, 0.5 * std::exp(-5.0 / s.setback.flare_time_constant_days));
  // Scar forms toward its ceiling at k_f before maturation (day 56).
  EXPECT_DOUBLE_EQ(st.scar, 0.6 + (0.1 - 0.6) * std::exp(-s.scar.formation_rate_per_day * 5.0));
  EXPECT_DOUBLE_EQ(st.last_update_day, 5.0);
  advance(st, s, 4.0);  // never backwards
  EXPECT_DOUBLE_EQ(st.last_update_day, 5.0);
}

TEST(PatientState, HealingRestartsAtTheLastOperation) {
  PatientState st = hand_patient();
  st.healing_tau_days = 21;
  EXPECT_DOUBLE_EQ(healing(st, 42), 1 - std::exp(-2.0));
  st.surgery_day = 30;
  EXPECT_DOUBLE_EQ(healing(st, 51), 1 - std::exp(-1.0));
}

TEST(PatientState, HazardRatesFollowTheRegime) {
  Scenario s;
  Covariates c = discectomy();
  PatientState st = hand_patient();
  st.balance = 1.0;
  auto rate = hazard_rates(st, s, c, 10);
  EXPECT_DOUBLE_EQ(rate[kFallHazard], s.falls.rate_per_year / 365.25);  // age 65, balance 1, age factor 1
  EXPECT_DOUBLE_EQ(rate[kReoperationHazard],
                   (s.reoperation.rate_per_year[0] + s.reoperation.early_rate_per_year[0] * std::exp(-10.0 / 183)) / 365.25);
  EXPECT_EQ(rate[kDropoutHazard], 0.0);  // not in supervised care
  EXPECT_EQ(rate[kSetbackHazard], 0.0);  // not in a phase
  s.protocol.phases = {Phase{}};
  st.phase = 0;
  st.loads.loading = 0.9;
  st.healing_tau_days = 21;
  set_loads(st, s, c, 10);  // a non-fusion tolerates what healing allows: overload 0.9 - H(10)
  st.loads.loading = 0.9;
  st.overload = overload(0.9, tissue_tolerance(s.tolerance, healing(st, 10), false, 1.0));
  EXPECT_DOUBLE_EQ(st.overload, 0.9 - (1 - std::exp(-10.0 / 21)));
  rate = hazard_rates(st, s, c, 10);
  EXPECT_DOUBLE_EQ(rate[kSetbackHazard], s.setback.rate_per_day_at_full_excess * (0.9 - (1 - std::exp(-10.0 / 21))));
  EXPECT_GT(rate[kDropoutHazard], 0.0);
  st.reoperated = true;
  EXPECT_EQ(hazard_rates(st, s, c, 10)[kReoperationHazard], 0.0);  // one reoperation at most
  // Falls rise with lost balance: exp(5 x 0.2) at balance 0.8.
  st.balance = 0.8;
  EXPECT_DOUBLE_EQ(hazard_rates(st, s, c, 10)[kFallHazard], s.falls.rate_per_year / 365.25 * std::exp(s.falls.log_hazard_per_balance_deficit * 0.2));
  // Dropout falls with motivation: 1/week x exp(-4 (m - 0.7)) / 7.
  st.motivation = 0.9;
  const double motivated = hazard_rates(st, s, c, 10)[kDropoutHazard];
  st.motivation = 0.3;
  const double unmotivated = hazard_rates(st, s, c, 10)[kDropoutHazard];
  EXPECT_NEAR(motivated, s.adherence.dropout_rate_per_week / 7 * std::exp(-s.adherence.dropout_log_hazard_per_motivation * 0.2), 1e-15);
  EXPECT_NEAR(unmotivated / motivated, std::exp(s.adherence.dropout_log_hazard_per_motivation * 0.6), 1e-9);
}

TEST(PatientState, ExpectedScoresStartAtBaselineAndFallToTheResidual) {
  Scenario s;
  s.outcomes.weight_scar_back = s.outcomes.weight_scar_leg = 0;
  const Covariates c = discectomy();
  PatientState st = hand_patient();
  st.healing_tau_days = 1e-9;  // healed at once
  st.muscle = 1;
  const Scores healed = expected_scores(st, s, c, 1.0);
  EXPECT_NEAR(healed.odi, 50 * 0.3, 1e-9);
  EXPECT_NEAR(healed.back, 6 * 0.4, 1e-9);
  EXPECT_NEAR(healed.leg, 7 * 0.3, 1e-9);
  EXPECT_DOUBLE_EQ(healed.pain(), std::max(healed.back, healed.leg));
  st.healing_tau_days = 21;
  EXPECT_GT(expected_scores(st, s, c, 1.0).odi, healed.odi);  // unhealed tissue adds disability
}

TEST(PatientState, ExpectedScoresStayOnTheirScalesWhenWorseThanBeforeSurgery) {
  // Deficits up to 1.5 are worse than before surgery: baseline ODI 90 at the maximum deficit would be
  // 90 (0.3 + 0.7 x 1.5) = 121.5 points, back pain 9 (0.4 + 0.6 x 1.5) = 11.7; the scales end at 100 and 10.
  Scenario s;
  s.relief.enabled = false;
  Covariates c = discectomy();
  c.baseline_odi = 90;
  c.baseline_back_pain = 9;
  c.baseline_leg_pain = 9;
  PatientState st = hand_patient();
  st.healing_tau_days = 1e9;  // not healing
  st.muscle = 0.3;
  st.scar = 1;
  st.fear = 1;
  st.sensitisation = 1;
  const Scores worst = expected_scores(st, s, c, 1.0);
  EXPECT_DOUBLE_EQ(worst.odi, 100.0);
  EXPECT_DOUBLE_EQ(worst.back, 10.0);
  EXPECT_LE(worst.leg, 10.0);
  // Below the top the formula is unchanged (checked in ExpectedScoresStartAtBaselineAndFallToTheResidual).
}

TEST(PatientState, ASetbackFlaresAndCostsMotivation) {
  Scenario s;
  PatientState st = hand_patient();
  st.flare = 0.9;
  st.motivation = 0.05;
  apply_setback(st, s);
  EXPECT_DOUBLE_EQ(st.flare, 1.0);       // capped at 1
  EXPECT_DOUBLE_EQ(st.motivation, 0.0);  // floored at 0
  st.flare = 0.1;
  st.motivation = 0.6;
  apply_setback(st, s);
  EXPECT_DOUBLE_EQ(st.flare, 0.1 + s.setback.flare_deficit);
  EXPECT_DOUBLE_EQ(st.motivation, 0.6 - s.setback.motivation_penalty);
  EXPECT_DOUBLE_EQ(delayed_fusion_requirement(160, 100, s.setback), 100 + 60 * s.setback.fusion_delay_factor);
  EXPECT_DOUBLE_EQ(st.fear, std::min(1.0, 0.0 + 2 * s.fear.setback_increase));  // two setbacks from fear 0
}

TEST(PatientState, AReoperationInjuresWhatIsThereAndRestartsHealing) {
  Scenario s;
  const Covariates c = discectomy();
  PatientState st = hand_patient();
  st.muscle = 0.9;
  st.balance = 0.95;
  apply_reoperation(st, s, c, 120);
  EXPECT_TRUE(st.reoperated);
  EXPECT_DOUBLE_EQ(st.surgery_day, 120);
  EXPECT_DOUBLE_EQ(st.muscle, 0.9 * (1 - s.muscle.injury_fraction[0]));  // of the current muscle, not of 1
  EXPECT_DOUBLE_EQ(st.balance, 0.95 * (1 - s.balance.surgery_drop_fraction));
}

}  // namespace
}  // namespace rehabsim::models
