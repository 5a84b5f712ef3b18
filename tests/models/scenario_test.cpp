#include "models/scenario.hpp"

#include <gtest/gtest.h>

#include "models/default_scenario_fixture.hpp"
#include "sim/errors.hpp"

namespace rehabsim::models {
namespace {

TEST(Scenario, DefaultScenarioLoads) {
  const Scenario s = default_scenario();
  EXPECT_EQ(s.run.replications, 20u);
  EXPECT_EQ(s.run.patients, 1000u);
  ASSERT_EQ(s.cohorts.size(), 3u);
  EXPECT_EQ(s.cohorts[1].surgery, Surgery::Fusion);
  EXPECT_DOUBLE_EQ(s.cohorts[0].baseline_odi_mean, 57.0);
  ASSERT_EQ(s.protocol.phases.size(), 4u);
  EXPECT_EQ(of(s.protocol.start_day, Surgery::Fusion), 56);
  EXPECT_DOUBLE_EQ(s.protocol.phases[1].mix.core, 0.35);
  EXPECT_EQ(s.run.horizon_days, 365);
}

TEST(Scenario, SharesMustSumToOne) {
  try {
    default_scenario({"cohorts[0].share=0.9"});
    FAIL();
  } catch (const sim::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("cohorts[].share: expected shares summing to 1, got 1.4"), std::string::npos) << e.what();
  }
}

TEST(Scenario, CorrelationsMustFormAPositiveDefiniteMatrix) {
  // age-diabetic 0.9, bmi-diabetic 0.9, and age-bmi 0 cannot hold together.
  EXPECT_THROW(default_scenario({"correlation.age_diabetic=0.9", "correlation.bmi_diabetic=0.9"}), sim::InputError);
}

TEST(Scenario, ExerciseSharesMustSumToOneAndApproachesFit) {
  EXPECT_THROW(default_scenario({"protocol.phases[0].mix_core=0.9"}), sim::InputError);
  EXPECT_THROW(default_scenario({"cohorts[0].endoscopic_fraction=0.7"}), sim::InputError);  // with MIS 0.4
}

TEST(Scenario, LoadComponentsMustStayFractions) {
  EXPECT_THROW(default_scenario({"activity.daily_load=0.9"}), sim::InputError);
  EXPECT_THROW(default_scenario({"outcomes.weight_muscle=0.5"}), sim::InputError);
}

}  // namespace
}  // namespace rehabsim::models
