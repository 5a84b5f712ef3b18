#include "models/physiology/outcome_model.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "models/physiology/adherence.hpp"
#include "models/physiology/healing.hpp"
#include "models/physiology/training_load.hpp"

namespace rehabsim::models {
namespace {

TEST(OutcomeModel, DeficitsHandComputed) {
  const OutcomeParams p;  // w_H 0.5, w_M 0.2, w_E 0.15, w_R 0.15, scar back 0.05 / leg 0.1, nonunion 0.2, reoperation 0.15
  SensitisationParams c;  // w_C 0.5 (set here: the test does not follow the defaults)
  c.weight = 0.5;
  FearParams f;  // w_F 0.5
  f.weight = 0.5;
  ToleranceParams t;  // w_X 0.3
  // H 0.5, M 0.86 (floor 0.65), S 0.4, N 0.5, no reoperation, flare 0.1, conditioning deficit 0.2,
  // mobility deficit 0.4, overload 0.1, sensitisation 0.2, fear 0.3:
  // back = 0.25 + 0.2 * 0.4 + 0.15 * 0.2 + 0.15 * 0.4 + 0.02 + 0.1 + 0.1 + 0.03 + 0.5 * 0.2 = 0.77
  // leg = 0.25 + 0.04 + 0.1 + 0.03 + 0.1 = 0.52; odi = back + 0.5 * 0.3 = 0.92
  PhysiologyNow s{0.5, 0.86, 0.65, 0.4, 0.5, 0.1, false};
  s.conditioning_deficit = 0.2;
  s.mobility_deficit = 0.4;
  s.overload = 0.1;
  s.sensitisation = 0.2;
  s.fear = 0.3;
  const Deficits d = recovery_deficits(p, c, f, t, s);
  EXPECT_NEAR(d.back, 0.77, 1e-12);
  EXPECT_NEAR(d.leg, 0.52, 1e-12);
  EXPECT_NEAR(d.odi, 0.92, 1e-12);
  // Each pathway switched off drops its term.
  c.enabled = f.enabled = t.enabled = false;
  const Deficits off = recovery_deficits(p, c, f, t, s);
  EXPECT_NEAR(off.back, 0.77 - 0.1 - 0.03, 1e-12);
  EXPECT_NEAR(off.odi, off.back, 1e-15);
  const Deficits healed = recovery_deficits(p, c, f, t, {1.0, 1.1, 0.65, 0.0, 0.0, 0.0, true});
  EXPECT_NEAR(healed.back, 0.15, 1e-15);  // only the reoperation remains; muscle above norm adds nothing
  PhysiologyNow worst{0.0, 0.5, 0.65, 1.0, 1.0, 1.0, true};
  worst.sensitisation = 1.0;
  EXPECT_NEAR(recovery_deficits(p, SensitisationParams{}, f, t, worst).back, kMaxDeficit, 1e-15);  // saturates above baseline
  EXPECT_NEAR(capacity_deficit(0.9, 0.6), 0.25, 1e-15);
  EXPECT_DOUBLE_EQ(capacity_deficit(1.1, 0.6), 0.0);
}

TEST(OutcomeModel, ScoreResponderAndUtility) {
  EXPECT_NEAR(expected_score(57, 0.31, 0.1), 21.603, 1e-12);  // 57 (0.31 + 0.69 * 0.1)
  EXPECT_DOUBLE_EQ(observe_score(21.6, -30.0, 100.0), 0.0);
  EXPECT_DOUBLE_EQ(observe_score(9.5, 1.0, 10.0), 10.0);
  EXPECT_TRUE(is_responder(50, 35, 0.3));
  EXPECT_FALSE(is_responder(50, 35.5, 0.3));
  // Carreon 2014: 0.97711 - 0.00687 * 20 - 0.01488 * 2 - 0.01008 * 3 = 0.77971
  EXPECT_NEAR(eq5d_utility(20, 2, 3), 0.77971, 1e-12);
}

TEST(OutcomeModel, DiscountedYears) {
  EXPECT_NEAR(discounted_years(0, 365.25, 0.0), 1.0, 1e-15);
  // integral_0^1 1.03^-t dt = (1 - 1/1.03) / ln 1.03
  EXPECT_NEAR(discounted_years(0, 365.25, 0.03), (1 - 1 / 1.03) / std::log(1.03), 1e-12);
  EXPECT_NEAR(discounted_years(0, 100, 0.03) + discounted_years(100, 365.25, 0.03), discounted_years(0, 365.25, 0.03), 1e-14);
}

TEST(OutcomeModel, DiscountedYearsAreContinuousDownToTheSmallestRate) {
  // Every rate the schema allows (0..0.2), tiny ones included: a week 300 days out is worth between
  // its discounted value at 0.2 and its undiscounted 7 / 365.25 years, falls as the rate rises, and
  // tends to the undiscounted value (relative error of order rate) as the rate tends to 0.
  const double undiscounted = 7.0 / 365.25;
  double previous = undiscounted;
  for (double rate : {1e-300, 1e-200, 1e-100, 1e-30, 1e-17, 1e-12, 1e-8, 1e-4, 0.01, 0.03, 0.1, 0.2}) {
    const double v = discounted_years(300, 307, rate);
    EXPECT_LE(v, previous * (1 + 1e-15)) << rate;  // within rounding where the rate no longer shows
    EXPECT_GT(v, 0.0) << rate;
    if (rate <= 1e-8) EXPECT_NEAR(v / undiscounted, 1.0, 1e-7) << rate;
    previous = v;
  }
  // 0.2 per year, hand-computed: rho = ln 1.2 / 365.25; (e^(-300 rho) - e^(-307 rho)) / (rho 365.25)
  const double rho = std::log(1.2) / 365.25;
  EXPECT_NEAR(discounted_years(300, 307, 0.2), (std::exp(-300 * rho) - std::exp(-307 * rho)) / (rho * 365.25), 1e-15);
}

TEST(Healing, HandComputedWithNutrition) {
  EXPECT_NEAR(healing_fraction(21, 21), 1 - std::exp(-1.0), 1e-15);
  EXPECT_DOUBLE_EQ(healing_fraction(0, 21), 0.0);
  HealingParams p;  // tau 21/60/28, vitamin D x1.2, protein -0.2 per g/kg
  EXPECT_DOUBLE_EQ(healing_time_constant(p, Surgery::Fusion), 60.0);
  EXPECT_NEAR(healing_time_constant(p, Surgery::Fusion, true, 1.5), 60.0 * 1.2 * 0.9, 1e-12);
}

TEST(Adherence, NoShowsAndLateCancellationsHandComputed) {
  AdherenceParams p;  // no-show 0.104, late 0.10, attendance OR smoker 0.75, 0.9 per 5 BMI, 2.0 per motivation, telehealth 1.2
  Covariates c;
  c.bmi_kg_m2 = 30;
  const MissProbabilities ref = miss_probabilities(p, c, 0.7, SessionMode::Clinic);
  EXPECT_NEAR(ref.no_show, 0.104, 1e-12);
  EXPECT_NEAR(ref.late_cancellation, 0.10, 1e-15);
  EXPECT_NEAR(ref.attended(), 1 - 0.204, 1e-12);
  c.smoker = true;
  c.bmi_kg_m2 = 40;
  // no-show odds: (0.104 / 0.896) / (0.75 * 0.81 * exp(2 * -0.2) * 1.2)
  const double odds = (0.104 / 0.896) / (0.75 * 0.81 * std::exp(-0.4) * 1.2);
  EXPECT_NEAR(miss_probabilities(p, c, 0.5, SessionMode::Telehealth).no_show, odds / (1 + odds), 1e-12);
  FearParams f;  // home effect 0.5 per unit above 0.45
  EXPECT_NEAR(home_day_probability(p, f, 0.5, 0.9, 0.45), 0.5 * 1.2, 1e-12);
  EXPECT_NEAR(home_day_probability(p, f, 0.5, 0.9, 0.85), 0.5 * 1.2 * 0.8, 1e-12);
  EXPECT_NEAR(dropout_rate_per_day(p, 0.45), 0.01 / 7 * std::exp(1.0), 1e-15);
}

TEST(Motivation, TargetAndRelaxation) {
  MotivationParams p;  // gain 0.3, pain penalty 0.3, tau 21
  EXPECT_NEAR(motivation_target(p, 0.6, 0.5, 4.0), 0.6 + 0.15 - 0.12, 1e-15);
  EXPECT_NEAR(motivation_target(p, 0.6, 0.5, 4.0, 0.5), 0.6 + 0.15 - 0.12 + 0.05, 1e-15);  // goal setting 0.1 at full supervision
  EXPECT_DOUBLE_EQ(motivation_target(p, 0.95, 1.0, 0.0), 1.0);                             // clamped
  EXPECT_NEAR(relax_motivation(p, 0.4, 0.8, 21), 0.8 - 0.4 * std::exp(-1.0), 1e-15);
  EXPECT_NEAR(relax_motivation(p, relax_motivation(p, 0.4, 0.8, 5), 0.8, 16), relax_motivation(p, 0.4, 0.8, 21), 1e-15);
}

TEST(TrainingLoad, HandComputed) {
  ActivityParams a;   // restricted 0.1, daily 0.40, supervised 0.35, home 0.25, reference 3/week, telehealth 0.8
  StimulusWeights w;  // muscle: 0, 1, 1, 0.5, 0.25; balance: 0.25, 0.25, 0.5, 1, 0.5
  Phase ph;
  ph.sessions_per_week = 2;
  ph.intensity = 0.7;
  ph.mix = {0.1, 0.35, 0.35, 0.1, 0.1};
  EXPECT_DOUBLE_EQ(training_loads(a, w, true, nullptr, false, 0).muscle, 0.1);
  EXPECT_DOUBLE_EQ(training_loads(a, w, false, nullptr, true, 3).balance, 0.40);
  // participation = 0.35 * 2/3 + 0.25 * 4/7; muscle weight = 0.35 + 0.35 + 0.05 + 0.025 = 0.775
  const double participation = 0.35 * 2.0 / 3.0 + 0.25 * 4.0 / 7.0;
  const Loads l = training_loads(a, w, false, &ph, true, 4);
  EXPECT_NEAR(l.muscle, 0.40 + 0.7 * participation * 0.775, 1e-15);
  EXPECT_NEAR(l.balance, 0.40 + 0.7 * participation * (0.025 + 0.0875 + 0.175 + 0.1 + 0.05), 1e-15);
  EXPECT_NEAR(l.mobility_dose, 0.7 * 0.1 * participation / 0.60, 1e-15);
  EXPECT_NEAR(l.loading, 0.7 * 0.8, 1e-15);
  EXPECT_EQ(l.cognitive_behavioural, 0.0);
  ph.cognitive_behavioural = true;  // the supervised share: min(1, 2/3) = 0.666667
  EXPECT_NEAR(training_loads(a, w, false, &ph, true, 4).cognitive_behavioural, 2.0 / 3.0, 1e-15);
  EXPECT_EQ(training_loads(a, w, false, &ph, false, 4).cognitive_behavioural, 0.0);  // last session missed
  // Home days may be fractional (a habit's share of the week): 2.8 days = 0.25 * 0.4 participation.
  EXPECT_NEAR(training_loads(a, w, false, &ph, 0.0, 1.0, 2.8).muscle, 0.40 + 0.7 * 0.1 * 0.775, 1e-15);
  ph.mode = SessionMode::Telehealth;
  EXPECT_NEAR(training_loads(a, w, false, &ph, true, 0).muscle, 0.40 + 0.7 * 0.35 * 2.0 / 3.0 * 0.8 * 0.775, 1e-15);
}

}  // namespace
}  // namespace rehabsim::models
