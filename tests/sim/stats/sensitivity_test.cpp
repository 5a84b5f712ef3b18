#include "sim/stats/sensitivity.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/core/distributions.hpp"
#include "sim/core/rng_stream.hpp"

namespace rehabsim::sim {
namespace {

TEST(Sensitivity, RanksAverageTies) {
  const std::vector<double> v = {3.0, 1.0, 3.0, 2.0};
  EXPECT_EQ(ranks(v), (std::vector<double>{3.5, 1.0, 3.5, 2.0}));
}

// Hand-computed on a small matrix. With two parameters the PRCC of x1 is the partial Spearman
// correlation r_1y.2 = (r_1y - r_12 r_2y) / sqrt((1 - r_12^2)(1 - r_2y^2)).
// x1 ranks 1..5, x2 ranks (2, 1, 4, 3, 5), y ranks (1, 3, 2, 5, 4): with n = 5 and sum of squared
// rank differences d, r = 1 - 6 d / 120: r_12 = 1 - 6*4/120 = 0.8, r_1y = 0.8, r_2y = 1 - 6*14/120 = 0.3.
// r_1y.2 = (0.8 - 0.24) / sqrt(0.36 * 0.91) = 0.56 / sqrt(0.3276).
TEST(Sensitivity, HandComputedPartialRankCorrelation) {
  Eigen::MatrixXd x(5, 2);
  x << 10, 0.2, 20, 0.1, 30, 0.4, 40, 0.3, 50, 0.5;
  Eigen::VectorXd y(5);
  y << 1.0, 3.0, 2.0, 5.0, 4.0;
  const auto r = prcc(x, y);
  const double r1 = 0.56 / std::sqrt(0.3276);
  EXPECT_NEAR(r[0].prcc, r1, 1e-12);
  // r_2y.1 = (0.3 - 0.64) / sqrt(0.36 * 0.36) = -0.34 / 0.36
  EXPECT_NEAR(r[1].prcc, -0.34 / 0.36, 1e-12);
  // df = n - 2 - 1 = 2: t = r sqrt(2 / (1 - r^2)); two-sided p with 2 df = 1 - t / sqrt(2 + t^2);
  // Fisher z standard error 1 / sqrt(5 - 3 - 1) = 1.
  const double t = r1 * std::sqrt(2.0 / (1 - r1 * r1));
  EXPECT_NEAR(r[0].p_value, 1.0 - t / std::sqrt(2.0 + t * t), 1e-12);
  EXPECT_NEAR(r[0].ci95_low, std::tanh(std::atanh(r1) - 1.959963984540054), 1e-12);
}

// A synthetic model with known monotone effects: y = 5 x1 - 2 x2 + noise, x3 has no effect.
TEST(Sensitivity, SyntheticModelWithKnownEffects) {
  RngStream s({42, 0, 0, 0});
  constexpr int kN = 400;
  Eigen::MatrixXd x(kN, 3);
  Eigen::VectorXd y(kN);
  for (int i = 0; i < kN; ++i) {
    x(i, 0) = s.uniform01();
    x(i, 1) = s.uniform01();
    x(i, 2) = s.uniform01();
    y(i) = 5 * x(i, 0) - 2 * x(i, 1) + normal(s, 0.0, 0.1);
  }
  const auto r = prcc(x, y);
  EXPECT_GT(r[0].prcc, 0.95);
  EXPECT_LT(r[1].prcc, -0.8);
  EXPECT_LT(r[2].ci95_low, 0.0);  // no effect: the interval covers 0
  EXPECT_GT(r[2].ci95_high, 0.0);
  EXPECT_LT(r[0].p_value, 1e-10);
  EXPECT_GT(r[2].p_value, 0.001);
}

TEST(Sensitivity, TooFewPointsGiveNaN) {
  Eigen::MatrixXd x(3, 2);
  x << 1, 2, 2, 1, 3, 3;
  Eigen::VectorXd y(3);
  y << 1, 2, 3;
  EXPECT_TRUE(std::isnan(prcc(x, y)[0].prcc));
}

}  // namespace
}  // namespace rehabsim::sim
