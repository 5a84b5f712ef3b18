#include "models/outcome_model.hpp"

#include <gtest/gtest.h>

#include "models/adherence.hpp"
#include "models/healing.hpp"
#include "models/training_load.hpp"

namespace rehabsim::models {
namespace {

TEST(OutcomeModel, DeficitHandComputed) {
  const OutcomeParams p;  // w_H 0.6, w_M 0.4
  // H = 0.5, M = 0.86 with floor 0.65: 0.6 * 0.5 + 0.4 * (0.14 / 0.35) = 0.46
  EXPECT_NEAR(recovery_deficit(p, 0.5, 0.86, 0.65), 0.46, 1e-12);
  EXPECT_NEAR(recovery_deficit(p, 1.0, 1.1, 0.65), 0.0, 1e-15);   // muscle above norm adds no deficit
  EXPECT_NEAR(recovery_deficit(p, 0.0, 0.5, 0.65), 1.0, 1e-15);   // below the floor saturates
}

TEST(OutcomeModel, ScoreAndResponder) {
  // 57 * (0.31 + 0.69 * 0.1) = 21.603
  EXPECT_NEAR(expected_score(57, 0.31, 0.1), 21.603, 1e-12);
  EXPECT_DOUBLE_EQ(observe_score(21.6, -30.0, 100.0), 0.0);
  EXPECT_DOUBLE_EQ(observe_score(9.5, 1.0, 10.0), 10.0);
  EXPECT_TRUE(is_responder(50, 35, 0.3));
  EXPECT_FALSE(is_responder(50, 35.5, 0.3));
}

TEST(Healing, HandComputed) {
  EXPECT_NEAR(healing_fraction(21, 21), 1 - std::exp(-1.0), 1e-15);
  EXPECT_DOUBLE_EQ(healing_fraction(0, 21), 0.0);
  HealingParams p;
  EXPECT_DOUBLE_EQ(healing_time_constant(p, Surgery::Fusion), 60.0);
}

TEST(Adherence, LogisticAttendanceHandComputed) {
  AdherenceParams p;  // 0.9, OR smoker 0.75, OR 0.9 per 5 BMI
  Covariates c;
  c.bmi_kg_m2 = 30;
  EXPECT_NEAR(attendance_probability(p, c), 0.9, 1e-12);
  c.smoker = true;
  c.bmi_kg_m2 = 40;
  // odds 9 * 0.75 * 0.81 = 5.4675 -> p = 5.4675 / 6.4675
  EXPECT_NEAR(attendance_probability(p, c), 5.4675 / 6.4675, 1e-12);
}

TEST(TrainingLoad, HandComputed) {
  ActivityParams a;  // restricted 0.1, daily 0.45, supervised 0.3, home 0.25, reference 3/week
  const Phase ph{"p", 4, 2, 5, 0.7};
  EXPECT_DOUBLE_EQ(training_load(a, true, nullptr, false, 0.5), 0.1);
  EXPECT_DOUBLE_EQ(training_load(a, false, nullptr, true, 0.5), 0.45);
  // 0.45 + 0.7 (0.3 * 2/3 + 0.25 * 5/7 * 0.5) = 0.45 + 0.7 (0.2 + 0.0892857...) = 0.6525
  EXPECT_NEAR(training_load(a, false, &ph, true, 0.5), 0.45 + 0.7 * (0.2 + 0.25 * 5.0 / 7.0 * 0.5), 1e-15);
  EXPECT_NEAR(training_load(a, false, &ph, false, 0.5), 0.45 + 0.7 * (0.25 * 5.0 / 7.0 * 0.5), 1e-15);
}

}  // namespace
}  // namespace rehabsim::models
