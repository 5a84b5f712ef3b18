#include "sim/calendar/arrival_process.hpp"

#include <gtest/gtest.h>

#include "support/statistics.hpp"

#include <cmath>
#include <stdexcept>

#include "sim/core/distributions.hpp"
#include "sim/core/rng_stream.hpp"

namespace rehabsim::sim {
namespace {

TEST(PiecewiseRateArrivals, InvertsTheCumulativeIntensityByHand) {
  // Rates 2, 0, 4 per period; time 0 falls in the cycle's period 1 (rate 0), then 4, then 2.
  const PiecewiseRateArrivals a({2.0, 0.0, 4.0}, 1);
  EXPECT_DOUBLE_EQ(a.cumulative(1.0), 0.0);
  EXPECT_DOUBLE_EQ(a.cumulative(1.5), 2.0);
  EXPECT_DOUBLE_EQ(a.cumulative(3.0), 6.0);
  EXPECT_DOUBLE_EQ(a.cumulative(4.25), 7.0);  // a second cycle: 6 + 0 + 4 x 0.25
  EXPECT_DOUBLE_EQ(a.time_at(0.0), 1.0);      // nothing arrives in the rate-0 period
  EXPECT_DOUBLE_EQ(a.time_at(2.0), 1.5);
  EXPECT_DOUBLE_EQ(a.time_at(5.0), 2.5);
  EXPECT_DOUBLE_EQ(a.time_at(7.0), 4.25);
  for (double l : {0.3, 1.7, 4.0, 9.9, 25.0}) EXPECT_NEAR(a.cumulative(a.time_at(l)), l, 1e-12);
  EXPECT_THROW(PiecewiseRateArrivals({0.0, 0.0}), std::invalid_argument);
  EXPECT_THROW(PiecewiseRateArrivals({-1.0, 2.0}), std::invalid_argument);
}

TEST(PiecewiseRateArrivals, CountsPerPeriodFollowTheRates) {
  // Two periods with rates 10 and 30: over 2,000 cycles the counts are Poisson with means
  // 20,000 and 60,000; test each within test::kZ standard errors (sqrt of the mean).
  const PiecewiseRateArrivals a({10.0, 30.0});
  RngStream s({7, 0, 0, 1});
  double lambda = 0;
  double counts[2] = {0, 0};
  for (;;) {
    lambda += exponential(s, 1.0);
    const double t = a.time_at(lambda);
    if (t >= 4000.0) break;
    counts[static_cast<int>(std::fmod(t, 2.0))] += 1;
  }
  EXPECT_NEAR(counts[0], 20000.0, test::count_tolerance(20000.0));
  EXPECT_NEAR(counts[1], 60000.0, test::count_tolerance(60000.0));
}

}  // namespace
}  // namespace rehabsim::sim
