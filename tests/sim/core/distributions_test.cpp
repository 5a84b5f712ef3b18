#include "sim/core/distributions.hpp"

#include <gtest/gtest.h>

#include <boost/math/special_functions/erf.hpp>
#include <numbers>
#include <utility>

#include "support/statistics.hpp"

#include <cmath>
#include <vector>

#include "sim/core/rng_stream.hpp"

namespace rehabsim::sim {
namespace {

// A source that replays fixed uniforms, for known-answer tests of the transforms.
struct Fixed {
  std::vector<double> values;
  std::size_t next = 0;
  double uniform01() { return values.at(next++); }
};

TEST(Distributions, NormalQuantileKnownValues) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-14);
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(normal_quantile(0.841344746068543), 1.0, 1e-12);
  EXPECT_NEAR(normal_quantile(1e-10), -6.361340902404056, 1e-10);
  EXPECT_NEAR(normal_cdf(1.959963984540054), 0.975, 1e-15);
  EXPECT_THROW(normal_quantile(0.0), std::domain_error);
}

TEST(Distributions, NormalQuantileMatchesReferenceValuesInEveryRegionOfItsApproximation) {
  // Wichura's AS 241 has three regions: |p - 0.5| <= 0.425, then r = sqrt(-log(min(p, 1-p))) up to
  // 5 (p > 1.4e-11) and beyond. References: scipy.special.ndtri (Cephes), printed with repr().
  const std::pair<double, double> known[] = {{0.3, -0.5244005127080409},     {0.9, 1.2815515655446004},     {0.1, -1.2815515655446004},
                                             {0.075, -1.4395314709384563},   {0.025, -1.9599639845400545},  {1e-05, -4.264890793922825},
                                             {1e-20, -9.262340089798409},    {1e-100, -21.273453560965322}, {1e-300, -37.0470962993612},
                                             {1 - 1e-12, 7.0344869100478356}};
  for (const auto& [p, z] : known) EXPECT_NEAR(normal_quantile(p), z, 4e-16 * std::max(1.0, std::abs(z)) * 4) << p;
  // Against Boost's inverse complementary error function on a dense grid across the region
  // boundaries (relative agreement to a few units in the last place); symmetric where 1 - p is exact.
  using Policy = boost::math::policies::policy<boost::math::policies::promote_double<true>>;
  double worst = 0;
  for (double p = 1e-6; p < 1.0; p += 0.0009765625) {
    const double reference = -std::numbers::sqrt2 * boost::math::erfc_inv(2.0 * p, Policy());
    worst = std::max(worst, std::abs(normal_quantile(p) - reference) / std::max(1e-300, std::abs(reference)));
  }
  for (int k = 1; k < 1024; ++k) EXPECT_EQ(normal_quantile(k / 1024.0), -normal_quantile(1.0 - k / 1024.0)) << k;  // 1 - k/1024 is exact
  EXPECT_LT(worst, 1e-14);
  // Round trip through the distribution function.
  for (const double p : {1e-250, 1e-15, 3e-11, 0.0749, 0.0751, 0.3, 0.5, 0.9249, 0.9251})
    EXPECT_NEAR(normal_cdf(normal_quantile(p)) / p, 1.0, 1e-13) << p;
}

TEST(Distributions, KnownAnswersFromFixedUniforms) {
  Fixed f{{0.5, 0.975, 0.5, std::exp(-1.0), 0.25, 0.7, 0.5}};
  EXPECT_DOUBLE_EQ(exponential(f, 2.0), std::log(2.0) / 2.0);
  EXPECT_NEAR(normal(f, 10.0, 2.0), 10.0 + 2.0 * 1.959963984540054, 1e-12);
  EXPECT_NEAR(lognormal(f, 1.5, 0.3), std::exp(1.5), 1e-12);
  EXPECT_DOUBLE_EQ(weibull(f, 1.7, 3.0), 3.0);  // (-ln e^-1)^(1/k) = 1
  EXPECT_DOUBLE_EQ(uniform(f, 2.0, 6.0), 3.0);
  EXPECT_TRUE(bernoulli(f, 0.71));
  EXPECT_FALSE(bernoulli(f, 0.5));  // 0.5 < 0.5 is false
}

TEST(Distributions, GammaAndBetaKnownAnswers) {
  // Marsaglia-Tsang, shape 3: d = 8/3; z = Phi^-1(0.5) = 0 gives v = 1, accepted by u = 0.5
  // (ln 0.5 < 0), so the draw is d = 8/3, times the scale.
  Fixed f{{0.5, 0.5}};
  EXPECT_NEAR(gamma(f, 3.0, 2.0), 16.0 / 3.0, 1e-12);
  // Beta(3, 3) from two such gamma draws: (8/3) / (8/3 + 8/3) = 1/2.
  Fixed g{{0.5, 0.5, 0.5, 0.5}};
  EXPECT_NEAR(beta(g, 3.0, 3.0), 0.5, 1e-12);
  // Shape < 1: Gamma(k + 1) * U^(1/k); k = 0.5: d = 7/6 accepted, times 0.25^2.
  Fixed h{{0.5, 0.5, 0.25}};
  EXPECT_NEAR(gamma(h, 0.5, 1.0), 7.0 / 6.0 * 0.0625, 1e-12);
}

TEST(Distributions, TruncatedNormalStaysInBoundsAndMapsMedian) {
  EXPECT_NEAR(truncated_normal_from_uniform(0.5, 5.0, 2.0, 1.0, 9.0), 5.0, 1e-12);  // symmetric bounds
  EXPECT_GE(truncated_normal_from_uniform(1e-12, 5.0, 2.0, 4.0, 9.0), 4.0);
  EXPECT_LE(truncated_normal_from_uniform(1 - 1e-12, 5.0, 2.0, 1.0, 6.0), 6.0);
  // Upper half of a normal truncated at its mean: u = 0.5 maps to the 0.75 quantile.
  EXPECT_NEAR(truncated_normal_from_uniform(0.5, 0.0, 1.0, 0.0, 50.0), normal_quantile(0.75), 1e-12);
}

TEST(Distributions, CategoricalBoundaries) {
  const std::vector<double> w = {1.0, 0.0, 3.0};
  EXPECT_EQ(categorical_from_uniform(0.2499, w), 0u);
  EXPECT_EQ(categorical_from_uniform(0.25, w), 2u);  // zero-weight category is never chosen
  EXPECT_EQ(categorical_from_uniform(0.9999999, w), 2u);
  EXPECT_THROW(categorical_from_uniform(0.5, std::vector<double>{0.0, 0.0}), std::invalid_argument);
}

// Moments from 200,000 draws of the real stream; each tolerance is test::kZ standard errors of the
// sample mean (sd / sqrt(n)) (the suite's one rule, support/statistics.hpp).
constexpr int kN = 200000;
double tolerance(double variance) { return test::mean_tolerance(variance, kN); }

template <class F>
double sample_mean(F draw) {
  RngStream s(StreamId{99, 1, 2, 3});
  double sum = 0;
  for (int i = 0; i < kN; ++i) sum += draw(s);
  return sum / kN;
}

TEST(Distributions, SampleMeansMatchTheory) {
  EXPECT_NEAR(sample_mean([](RngStream& s) { return exponential(s, 0.5); }), 2.0, tolerance(4.0));
  EXPECT_NEAR(sample_mean([](RngStream& s) { return normal(s, 3.0, 2.0); }), 3.0, tolerance(4.0));
  const double ln_mean = std::exp(0.1 + 0.5 * 0.25), ln_var = (std::exp(0.25) - 1) * std::exp(0.2 + 0.25);
  EXPECT_NEAR(sample_mean([](RngStream& s) { return lognormal(s, 0.1, 0.5); }), ln_mean, tolerance(ln_var));
  EXPECT_NEAR(sample_mean([](RngStream& s) { return gamma(s, 2.5, 2.0); }), 5.0, tolerance(10.0));
  EXPECT_NEAR(sample_mean([](RngStream& s) { return gamma(s, 0.4, 1.0); }), 0.4, tolerance(0.4));
  EXPECT_NEAR(sample_mean([](RngStream& s) { return beta(s, 2.0, 5.0); }), 2.0 / 7.0, tolerance(10.0 / (49.0 * 8.0)));
  const double wk = 1.5, wl = 2.0, g1 = std::tgamma(1 + 1 / wk), g2 = std::tgamma(1 + 2 / wk);
  EXPECT_NEAR(sample_mean([&](RngStream& s) { return weibull(s, wk, wl); }), wl * g1, tolerance(wl * wl * (g2 - g1 * g1)));
  EXPECT_NEAR(sample_mean([](RngStream& s) { return bernoulli(s, 0.1) ? 1.0 : 0.0; }), 0.1, tolerance(0.09));
}

TEST(Distributions, SampleVarianceOfGammaMatchesTheory) {
  // Var of the sample variance is approximately (mu4 - sigma^4) / n; for Gamma(k, theta),
  // mu4 = 3 k (k + 2) theta^4.  k = 2.5, theta = 2: sigma^2 = 10, mu4 = 3 * 2.5 * 4.5 * 16 = 540.
  RngStream s(StreamId{5, 0, 0, 0});
  double sum = 0, sum2 = 0;
  for (int i = 0; i < kN; ++i) {
    const double x = gamma(s, 2.5, 2.0);
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / kN, var = sum2 / kN - mean * mean;
  EXPECT_NEAR(var, 10.0, test::mean_tolerance(540.0 - 100.0, kN));
}

// Chi-square of a categorical sampler with 4 categories, 3 degrees of freedom: 0.999 quantile 16.27.
TEST(Distributions, CategoricalPassesChiSquare) {
  const std::vector<double> w = {0.1, 0.2, 0.3, 0.4};
  RngStream s(StreamId{77, 0, 0, 0});
  std::vector<int> counts(4, 0);
  for (int i = 0; i < kN; ++i) ++counts[categorical(s, w)];
  double chi2 = 0;
  for (int c = 0; c < 4; ++c) {
    const double e = w[c] * kN;
    chi2 += (counts[c] - e) * (counts[c] - e) / e;
  }
  EXPECT_LT(chi2, 16.27);
}

}  // namespace
}  // namespace rehabsim::sim
