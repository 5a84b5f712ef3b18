#include "sim/core/hazard_clock.hpp"

#include <gtest/gtest.h>

#include "support/statistics.hpp"

#include <cmath>

#include "sim/core/distributions.hpp"
#include "sim/core/rng_stream.hpp"

namespace rehabsim::sim {
namespace {

TEST(HazardClock, HandComputedDueTimes) {
  HazardClock c;
  c.renew(1.0, 0.0);
  EXPECT_TRUE(std::isinf(c.due_days()));
  c.set_rate(0.0, 0.1);
  EXPECT_DOUBLE_EQ(c.due_days(), 10.0);
  c.set_rate(4.0, 0.3);  // 0.4 spent; 0.6 left at 0.3/day -> 2 more days
  EXPECT_DOUBLE_EQ(c.due_days(), 6.0);
  c.set_rate(5.0, 0.0);  // 0.3 spent; 0.3 left, paused
  EXPECT_TRUE(std::isinf(c.due_days()));
  c.set_rate(9.0, 0.15);
  EXPECT_DOUBLE_EQ(c.due_days(), 11.0);
}

// Event times under h = 0.1/day on [0, 5) and 0.3/day after, rate changes also at the arbitrary
// times 2 and 7 (same rate): the empirical survival at t must equal exp(-H(t)) within 5 binomial SEs.
TEST(HazardClock, SurvivalMatchesTheExactFunction) {
  const auto cumulative = [](double t) { return t < 5 ? 0.1 * t : 0.5 + 0.3 * (t - 5); };
  RngStream s(StreamId{3, 0, 0, 0});
  constexpr int kN = 100000;
  const double checkpoints[] = {1, 3, 5, 6, 8, 12};
  int survived[6] = {};
  for (int i = 0; i < kN; ++i) {
    HazardClock c;
    c.renew(exponential(s, 1.0), 0.0);
    const double changes[][2] = {{0, 0.1}, {2, 0.1}, {5, 0.3}, {7, 0.3}};
    double event = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < 4; ++k) {
      if (c.due_days() <= changes[k][0]) break;  // fired before this change
      c.set_rate(changes[k][0], changes[k][1]);
    }
    event = c.due_days();
    for (int j = 0; j < 6; ++j) survived[j] += event > checkpoints[j];
  }
  for (int j = 0; j < 6; ++j) {
    const double p = std::exp(-cumulative(checkpoints[j]));
    EXPECT_NEAR(static_cast<double>(survived[j]) / kN, p, test::proportion_tolerance(p, kN)) << "t = " << checkpoints[j];
  }
}

}  // namespace
}  // namespace rehabsim::sim
