// Judging rules against hand-computed values. values {1, 2, 3}: mean 2, sd 1, SE 1/sqrt(3) =
// 0.57735, 1.96 SE = 1.13161; Student t(0.975, 2 df) = 4.30265, so the 95% CI is 2 -+ 2.48414.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "models/calibration/target_verdict.hpp"

namespace rehabsim::models::calibration {
namespace {

TargetSpec target(const std::string& rule, double low, double high, double published_se = 0) {
  TargetSpec t;
  t.rule = rule;
  t.low = low;
  t.high = high;
  t.published_se = published_se;
  return t;
}

const std::vector<double> kValues = {1, 2, 3};

TEST(TargetVerdict, RangeIsWidenedByTheSimulationStandardError) {
  EXPECT_TRUE(judge(target("range", 3.13, 4), kValues).holds);   // 2 >= 3.13 - 1.13161
  EXPECT_FALSE(judge(target("range", 3.14, 4), kValues).holds);  // 2 <  3.14 - 1.13161
  EXPECT_TRUE(judge(target("range", 0, 0.87), kValues).holds);
  EXPECT_FALSE(judge(target("range", 0, 0.86), kValues).holds);
  const Verdict v = judge(target("range", 0, 1), kValues);
  EXPECT_NEAR(v.sim.mean, 2.0, 1e-12);
  EXPECT_NEAR(v.sim.ci95_low, 2.0 - 2.48414, 1e-4);
  EXPECT_NE(v.rule.find("widened by 1.96 SE_sim = 1.13161"), std::string::npos) << v.rule;
}

TEST(TargetVerdict, PointCombinesSimulationAndPublishedStandardErrors) {
  EXPECT_TRUE(judge(target("point", 3.13, 3.13), kValues).holds);  // |2 - 3.13| <= 1.13161
  EXPECT_FALSE(judge(target("point", 3.14, 3.14), kValues).holds);
  // 1.96 sqrt(1/3 + 0.25) = 1.49697
  EXPECT_TRUE(judge(target("point", 3.49, 3.49, 0.5), kValues).holds);
  EXPECT_FALSE(judge(target("point", 3.50, 3.50, 0.5), kValues).holds);
}

TEST(TargetVerdict, CiRulesNeedTheWholeIntervalBeyondTheBound) {
  EXPECT_TRUE(judge(target("ci_above", -0.49, 0), kValues).holds);  // CI low -0.48414
  EXPECT_FALSE(judge(target("ci_above", -0.48, 0), kValues).holds);
  EXPECT_TRUE(judge(target("ci_below", 0, 4.49), kValues).holds);  // CI high 4.48414
  EXPECT_FALSE(judge(target("ci_below", 0, 4.48), kValues).holds);
}

TEST(TargetVerdict, ANonFiniteMeanNeverHolds) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_FALSE(judge(target("range", -inf, inf), {nan, nan}).holds);
  EXPECT_FALSE(judge(target("range", -inf, inf), {inf, inf}).holds);
}

}  // namespace
}  // namespace rehabsim::models::calibration
