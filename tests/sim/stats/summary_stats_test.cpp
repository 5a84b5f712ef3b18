#include "sim/stats/summary_stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace rehabsim::sim {
namespace {

TEST(SummaryStats, HandComputedStudentTInterval) {
  // {1..5}: mean 3, sd sqrt(2.5); t(0.975, 4) = 2.7764451; half-width 2.7764451 * 1.5811388 / sqrt(5).
  const std::vector<double> x = {1, 2, 3, 4, 5};
  const SampleSummary s = summarise(x);
  EXPECT_DOUBLE_EQ(s.mean, 3.0);
  EXPECT_NEAR(s.sd, std::sqrt(2.5), 1e-14);
  EXPECT_NEAR(s.ci95_low, 3.0 - 1.963243, 1e-6);
  EXPECT_NEAR(s.ci95_high, 3.0 + 1.963243, 1e-6);
  EXPECT_EQ(s.n, 5);
}

TEST(SummaryStats, SkipsNaNAndHandlesTinySamples) {
  const std::vector<double> x = {2.0, std::nan(""), 4.0};
  const SampleSummary s = summarise(x);
  EXPECT_EQ(s.n, 2);
  EXPECT_DOUBLE_EQ(s.mean, 3.0);
  const std::vector<double> one = {7.0};
  EXPECT_TRUE(std::isnan(summarise(one).sd));
  EXPECT_EQ(summarise(std::vector<double>{}).n, 0);
}

}  // namespace
}  // namespace rehabsim::sim
