// Scar, fusion and hazards: closed forms against hand-computed values and exact distributions.
#include <gtest/gtest.h>

#include "support/statistics.hpp"

#include <cmath>

#include "models/physiology/fusion.hpp"
#include "models/physiology/fusion_risk.hpp"
#include "models/physiology/hazards.hpp"
#include "models/physiology/scar.hpp"
#include "sim/core/distributions.hpp"
#include "sim/core/rng_stream.hpp"

namespace rehabsim::models {
namespace {

TEST(Scar, CeilingBySurgeryApproachAndMobilisation) {
  ScarParams p;                                                                  // max 0.5/0.7/0.6, approach 1/0.8/0.6
  EXPECT_DOUBLE_EQ(scar_ceiling(p, Surgery::Fusion, Approach::Open, 0.5), 0.7);  // no mobilisation effect by default
  EXPECT_NEAR(scar_ceiling(p, Surgery::Discectomy, Approach::Endoscopic, 0.0), 0.3, 1e-15);
  p.mobilisation_effect = 0.4;
  EXPECT_NEAR(scar_ceiling(p, Surgery::Discectomy, Approach::Open, 0.5), 0.6, 1e-15);
  p.mobilisation_effect = -0.4;  // either sign
  EXPECT_NEAR(scar_ceiling(p, Surgery::Discectomy, Approach::Open, 0.5), 0.4, 1e-15);
}

TEST(Scar, FormsThenRemodelsInClosedForm) {
  ScarParams p;  // k_f 0.07, maturation 56 d, k_r 0.001
  // Forming only: S(30) = 0.5 (1 - exp(-2.1))
  EXPECT_NEAR(advance_scar(p, 0.0, 0.0, 30.0, 0.5), 0.5 * (1 - std::exp(-2.1)), 1e-14);
  // Across maturation: 56 days forming, then 44 remodelling.
  const double at56 = 0.5 * (1 - std::exp(-0.07 * 56));
  EXPECT_NEAR(advance_scar(p, 0.0, 0.0, 100.0, 0.5), at56 * std::exp(-0.001 * 44), 1e-14);
  // a + b equals a then b, also across the maturation time.
  EXPECT_NEAR(advance_scar(p, 0.1, 20.0, 70.0, 0.6), advance_scar(p, advance_scar(p, 0.1, 20.0, 30.0, 0.6), 50.0, 40.0, 0.6), 1e-14);
}

TEST(Fusion, MultiplierReproducesThePublishedOddsRatioExactly) {
  FusionParams p;
  const double p0 = reference_nonunion_probability(p);
  EXPECT_NEAR(p0, 1 - sim::normal_cdf(std::log(365.0 / p.median_days) / p.sigma_log), 1e-15);
  for (double odds_ratio : {1.13, 1.57, 2.46}) {
    const double lm = log_multiplier_for_odds_ratio(p, odds_ratio);
    const double p1 = 1 - sim::normal_cdf((std::log(365.0 / p.median_days) - lm) / p.sigma_log);
    EXPECT_NEAR((p1 / (1 - p1)) / (p0 / (1 - p0)), odds_ratio, 1e-9);
  }
  EXPECT_NEAR(log_multiplier_for_odds_ratio(p, 1.0), 0.0, 1e-12);
}

TEST(Fusion, NarrowSpreadsKeepTheOddsRatioFinite) {
  // sigma_log 0.05 (the schema's minimum): P(nonunion) of the reference is about 1e-76, and 1 - p
  // is 1 in double precision (once "internal error: normal_quantile"). In the tail the shift of the
  // quantile is ln(OR) / x (Mills' ratio), so the log multiplier is about sigma ln(OR) / x.
  FusionParams p;
  p.sigma_log = 0.05;
  const double x = std::log(kNonunionHorizonDays / p.median_days) / p.sigma_log;  // 18.5
  EXPECT_NEAR(log_multiplier_for_odds_ratio(p, 1.0), 0.0, 1e-9);
  const double lm = log_multiplier_for_odds_ratio(p, 2.0);
  EXPECT_GT(lm, 0.0);  // an odds ratio above 1 delays fusion
  EXPECT_NEAR(lm, p.sigma_log * std::log(2.0) / x, 0.1 * p.sigma_log * std::log(2.0) / x);
  // The other tail: nonunion nearly certain (median beyond 12 months); an odds ratio above 1 still delays.
  p.median_days = 1000;
  EXPECT_GT(log_multiplier_for_odds_ratio(p, 2.0), 0.0);
  EXPECT_LT(log_multiplier_for_odds_ratio(p, 0.5), 0.0);
  EXPECT_TRUE(std::isfinite(log_multiplier_for_odds_ratio(p, 20.0)));
}

TEST(Fusion, ReferencePatientHasNoMultiplierAndFactorsAdd) {
  FusionParams p;
  const FusionCoefficients k = reference_fusion_coefficients(p);
  Covariates c;
  c.age_years = p.reference_age_years;
  EXPECT_NEAR(fusion_log_multiplier(k, p, c, 1.0, false), 0.0, 1e-12);
  c.smoker = true;
  c.levels = 2;
  EXPECT_NEAR(fusion_log_multiplier(k, p, c, 0.5, true), k.smoker + k.two_level + k.vitamin_d_deficient + 0.5 * k.protein_per_g_per_kg_below, 1e-12);
  EXPECT_NEAR(k.two_level, log_multiplier_for_odds_ratio(p, p.two_level_odds_ratio), 1e-15);
  // The smoking RR becomes an OR at the reference probability p0: p1 = RR p0.
  const double p0 = reference_nonunion_probability(p), p1 = p.smoker_relative_risk * p0;
  EXPECT_NEAR(nonunion_probability(p, k.smoker), p1, 1e-9);
}

// Matched in the population: the marginal relative risk of smoking in the sample used equals the
// published one, and differs from what the reference-patient conversion gives there.
TEST(Fusion, MarginalRelativeRiskIsReproducedInThePopulation) {
  FusionParams p;
  std::vector<Covariates> pop;
  sim::RngStream s({5, 0, 0, 0});
  for (int i = 0; i < 4000; ++i) {
    Covariates c;
    c.surgery = Surgery::Fusion;
    c.age_years = 40 + 30 * s.uniform01();
    c.smoker = s.uniform01() < 0.37;
    c.diabetic = s.uniform01() < 0.2;
    c.vitamin_d_deficient = s.uniform01() < 0.3;
    c.levels = s.uniform01() < 0.3 ? 2 : 1;
    c.protein_g_per_kg_day = 1.0;
    pop.push_back(c);
  }
  const auto rr = [&](const FusionCoefficients& k) {
    double qs = 0, qn = 0, ns = 0, nn = 0;
    for (const Covariates& c : pop) {
      const double q = nonunion_probability(p, fusion_log_multiplier(k, p, c, c.protein_g_per_kg_day, c.vitamin_d_deficient));
      (c.smoker ? qs : qn) += q;
      (c.smoker ? ns : nn) += 1;
    }
    return (qs / ns) / (qn / nn);
  };
  EXPECT_NEAR(rr(marginal_fusion_coefficients(p, pop)), p.smoker_relative_risk, 1e-6);
  EXPECT_GT(std::abs(rr(reference_fusion_coefficients(p)) - p.smoker_relative_risk), 0.05);
  EXPECT_DOUBLE_EQ(marginal_fusion_coefficients(p, {}).smoker, reference_fusion_coefficients(p).smoker);
  // Every binary factor is matched, each by its published measure (smoking a relative risk, the
  // others odds ratios), the exposure defined as the covariates define it (two levels or more).
  const FusionCoefficients k = marginal_fusion_coefficients(p, pop);
  const auto odds_ratio = [&](auto exposed) {
    double qe = 0, qo = 0, ne = 0, no = 0;
    for (const Covariates& c : pop) {
      const double q = nonunion_probability(p, fusion_log_multiplier(k, p, c, c.protein_g_per_kg_day, c.vitamin_d_deficient));
      (exposed(c) ? qe : qo) += q;
      (exposed(c) ? ne : no) += 1;
    }
    const double a = qe / ne, b = qo / no;
    return (a / (1 - a)) / (b / (1 - b));
  };
  EXPECT_NEAR(odds_ratio([](const Covariates& c) { return c.diabetic; }), p.diabetic_odds_ratio, 2e-3);
  EXPECT_NEAR(odds_ratio([](const Covariates& c) { return c.vitamin_d_deficient; }), p.vitamin_d_deficient_odds_ratio, 2e-3);
  EXPECT_NEAR(odds_ratio([](const Covariates& c) { return c.levels >= 2; }), p.two_level_odds_ratio, 2e-3);
  EXPECT_NE(k.two_level, reference_fusion_coefficients(p).two_level);  // matched, not the reference conversion kept
}

// Sampled fusion times follow the lognormal exactly: the share fused by day t matches
// Phi(ln(t / median) / sigma) within test::kZ binomial standard errors.
TEST(Fusion, SampledTimesFollowTheExactDistribution) {
  FusionParams p;
  const double lm = log_multiplier_for_odds_ratio(p, 1.57);
  sim::RngStream s({11, 0, 0, 0});
  constexpr int kN = 100000;
  const double days[] = {100, 180, 365, 500};
  int fused[4] = {};
  for (int i = 0; i < kN; ++i) {
    const double t = fusion_day(p, sim::normal(s, 0, 1), lm);
    for (int j = 0; j < 4; ++j) fused[j] += t <= days[j];
  }
  for (int j = 0; j < 4; ++j) {
    const double exact = sim::normal_cdf((std::log(days[j] / p.median_days) - lm) / p.sigma_log);
    EXPECT_NEAR(static_cast<double>(fused[j]) / kN, exact, test::proportion_tolerance(exact, kN));
  }
}

TEST(Hazards, HandComputedRates) {
  FallParams f;  // 0.25/year, 1.12 per decade, 5 per unit balance deficit
  EXPECT_NEAR(fall_rate_per_day(f, 65, 1.0), 0.25 / 365.25, 1e-15);
  EXPECT_NEAR(fall_rate_per_day(f, 85, 0.9), 0.25 / 365.25 * 1.12 * 1.12 * std::exp(0.5), 1e-15);
  ReoperationParams r;  // 0.017 (+0.056 early, tau 183 d), 0.012 (+0.01/year per year), 0.031 per year; MIS discectomy x1.95; nonunion +0.15
  Covariates c;
  c.approach = Approach::MinimallyInvasive;
  EXPECT_NEAR(reoperation_rate_per_day(r, c, 0, false), (0.017 + 0.056) * 1.95 / 365.25, 1e-15);
  EXPECT_NEAR(reoperation_rate_per_day(r, c, 183, false), (0.017 + 0.056 * std::exp(-1.0)) * 1.95 / 365.25, 1e-15);
  c.surgery = Surgery::Fusion;
  EXPECT_NEAR(reoperation_rate_per_day(r, c, 0, true), (0.012 + 0.15) / 365.25, 1e-15);
  EXPECT_NEAR(reoperation_rate_per_day(r, c, 3 * 365.25, false), (0.012 + 0.03) / 365.25, 1e-15);  // rising with years
}

}  // namespace
}  // namespace rehabsim::models
