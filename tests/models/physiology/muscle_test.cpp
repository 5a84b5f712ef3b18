#include "models/physiology/muscle.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "models/physiology/first_order.hpp"

namespace rehabsim::models {
namespace {

MuscleParams params() { return MuscleParams{}; }  // a = 0.019, floor 0.65, max 1.25, L_h 0.5

TEST(Muscle, BaseGainRateHoldsTheHabitualLoadAtOne) {
  const MuscleParams p = params();
  // b0 = 0.019 * 0.5 * 0.35 / (0.5 * 0.25) = 0.0266
  EXPECT_NEAR(base_gain_rate(p), 0.0266, 1e-12);
  const MuscleRates r = muscle_rates(p, p.reference_age_years, p.reference_protein_g_per_kg);
  const LinearRegime g = muscle_regime(p, r, p.habitual_load);
  EXPECT_NEAR(g.target, 1.0, 1e-12);
  EXPECT_NEAR(advance_linear(1.0, g, 100.0), 1.0, 1e-12);
}

TEST(Muscle, DisuseMatchesHandComputedBedRestLoss) {
  const MuscleParams p = params();
  const LinearRegime g = muscle_regime(p, muscle_rates(p, 50, 1.0), 0.0);
  EXPECT_NEAR(g.beta_per_day, 0.019, 1e-15);
  EXPECT_NEAR(g.target, 0.65, 1e-15);
  // M(14) = 0.65 + 0.35 exp(-0.266) = 0.918254: 8.2% loss (Wall 2014: 8.4%)
  EXPECT_NEAR(advance_linear(1.0, g, 14.0), 0.65 + 0.35 * std::exp(-0.266), 1e-14);
  EXPECT_NEAR(1.0 - advance_linear(1.0, g, 14.0), 0.081746, 1e-6);
  // Initial loss rate a (1 - M_floor) = 0.665 %/day, between 0.5 and 0.7 %/day.
  const double h = 1e-6;
  EXPECT_NEAR((1.0 - advance_linear(1.0, g, h)) / h, 0.00665, 1e-8);
}

TEST(Muscle, ClosedFormSolvesTheOde) {
  const MuscleParams p = params();
  const MuscleRates r = muscle_rates(p, 67, 0.8);
  const double load = 0.37, t = 23.0, h = 1e-4;
  const LinearRegime g = muscle_regime(p, r, load);
  const double m = advance_linear(0.83, g, t);
  const double derivative = (advance_linear(0.83, g, t + h) - advance_linear(0.83, g, t - h)) / (2 * h);
  const double rhs = -r.loss_rate_per_day * (1 - load) * (m - p.floor_fraction) + r.gain_rate_per_day * load * (p.max_fraction - m);
  EXPECT_NEAR(derivative, rhs, 1e-9);
}

TEST(Muscle, AdvancingByASumEqualsAdvancingInSteps) {
  const MuscleParams p = params();
  const LinearRegime g = muscle_regime(p, muscle_rates(p, 58, 1.3), 0.8);
  EXPECT_NEAR(advance_linear(0.9, g, 17.5 + 40.25), advance_linear(advance_linear(0.9, g, 17.5), g, 40.25), 1e-14);
}

TEST(Muscle, AgeAndProteinScaleTheRates) {
  const MuscleParams p = params();
  const MuscleRates older = muscle_rates(p, 70, 1.0);  // two decades above 50
  EXPECT_NEAR(older.loss_rate_per_day, 0.019 * 1.2, 1e-15);
  EXPECT_NEAR(older.gain_rate_per_day, 0.0266 * 0.8, 1e-15);
  const MuscleRates fed = muscle_rates(p, 50, 1.5);  // +0.5 g/kg/day
  EXPECT_NEAR(fed.loss_rate_per_day, 0.019 * 0.75, 1e-15);
  EXPECT_NEAR(fed.gain_rate_per_day, 0.0266 * 1.15, 1e-15);
}

TEST(Muscle, SurgicalInjuryIsLargestOpenAndSmallestEndoscopic) {
  const MuscleParams p = params();
  EXPECT_DOUBLE_EQ(muscle_after_surgery(p, Approach::Open), 0.88);
  EXPECT_DOUBLE_EQ(muscle_after_surgery(p, Approach::MinimallyInvasive), 0.95);
  EXPECT_DOUBLE_EQ(muscle_after_surgery(p, Approach::Endoscopic), 0.98);
}

TEST(Muscle, ALastingLossOfTheApproachLowersEveryLevelTheCapacityRelaxesTo) {
  MuscleParams p;  // a 0.019, floor 0.65, max 1.25, habitual load 0.5: b0 = 0.019 * 0.5 * 0.35 / (0.5 * 0.25) = 0.0266
  p.lasting_loss_fraction = {0.2, 0.05, 0.0};
  const MuscleRates r = muscle_rates(p, p.reference_age_years, p.reference_protein_g_per_kg);
  // At the habitual load the intact capacity settles at 1: beta = 0.0095 + 0.0133 = 0.0228
  const LinearRegime intact = muscle_regime(p, r, 0.5);
  EXPECT_NEAR(intact.target, 1.0, 1e-12);
  // After open surgery at 0.8 of that, after MIS at 0.95, endoscopic unchanged; the rate is the same.
  EXPECT_NEAR(muscle_regime(p, r, 0.5, Approach::Open).target, 0.8, 1e-12);
  EXPECT_NEAR(muscle_regime(p, r, 0.5, Approach::MinimallyInvasive).target, 0.95, 1e-12);
  EXPECT_EQ(muscle_regime(p, r, 0.5, Approach::Endoscopic).target, intact.target);
  EXPECT_NEAR(muscle_regime(p, r, 0.5, Approach::Open).beta_per_day, 0.0228, 1e-12);
  // Full training (L = 1): target max 1.25, scaled 1.0 after open surgery: training does not restore it.
  EXPECT_NEAR(muscle_regime(p, r, 1.0, Approach::Open).target, 1.0, 1e-12);
}

TEST(Balance, SameClosedFormWithItsOwnParameters) {
  BalanceParams b;
  b.loss_rate_per_day = 0.01;
  b.floor_fraction = 0.7;
  b.max_fraction = 1.2;
  b.habitual_load = 0.5;
  // b0 = 0.01 * 0.5 * 0.3 / (0.5 * 0.2) = 0.015; at L = 0.8: beta = 0.002 + 0.012 = 0.014,
  // target = (0.002 * 0.7 + 0.012 * 1.2) / 0.014 = 0.0158 / 0.014
  const LinearRegime g = capacity_regime(b, 0.01, base_gain_rate(b), 0.8);
  EXPECT_NEAR(g.beta_per_day, 0.014, 1e-15);
  EXPECT_NEAR(g.target, 0.0158 / 0.014, 1e-12);
  EXPECT_NEAR(advance_linear(0.92, g, 30), g.target + (0.92 - g.target) * std::exp(-0.42), 1e-14);
}

}  // namespace
}  // namespace rehabsim::models
