#include "models/patient/cohort_generator.hpp"

#include <gtest/gtest.h>

#include "support/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <vector>

#include "models/params/correlation_matrix.hpp"
#include "support/default_scenario_fixture.hpp"

namespace rehabsim::models {
namespace {

constexpr int kN = 20000;

double proportion_tolerance(double p) { return test::proportion_tolerance(p, kN); }

std::vector<double> ranks(const std::vector<double>& x) {
  std::vector<std::size_t> idx(x.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [&](auto a, auto b) { return x[a] < x[b]; });
  std::vector<double> r(x.size());
  for (std::size_t i = 0; i < idx.size(); ++i) r[idx[i]] = static_cast<double>(i);
  return r;
}

double pearson(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = static_cast<double>(a.size());
  const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n, mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

class CohortGeneratorTest : public ::testing::Test {
 protected:
  // One cohort (fusion) so prevalences are those of one spec.
  Scenario scenario = default_scenario({"cohorts[0].share=0", "cohorts[1].share=1", "cohorts[2].share=0"});
  std::vector<Covariates> draw_all() {
    CohortGenerator g(scenario);
    std::vector<Covariates> out;
    for (std::uint32_t i = 0; i < kN; ++i) out.push_back(g.draw(scenario.run.seed, 0, i));
    return out;
  }
};

TEST_F(CohortGeneratorTest, BinaryPrevalencesMatchTheScenario) {
  const auto patients = draw_all();
  const CohortSpec& c = scenario.cohorts[1];
  const auto rate = [&](auto pred) { return static_cast<double>(std::count_if(patients.begin(), patients.end(), pred)) / kN; };
  EXPECT_NEAR(rate([](auto& p) { return p.smoker; }), c.smoker_fraction, proportion_tolerance(c.smoker_fraction));
  EXPECT_NEAR(rate([](auto& p) { return p.diabetic; }), c.diabetic_fraction, proportion_tolerance(c.diabetic_fraction));
  EXPECT_NEAR(rate([](auto& p) { return p.vitamin_d_deficient; }), c.vitamin_d_deficient_fraction,
              proportion_tolerance(c.vitamin_d_deficient_fraction));
  EXPECT_NEAR(rate([](auto& p) { return p.female; }), c.female_fraction, proportion_tolerance(c.female_fraction));
  EXPECT_NEAR(rate([](auto& p) { return p.approach == Approach::MinimallyInvasive; }), c.mis_fraction, proportion_tolerance(c.mis_fraction));
  EXPECT_NEAR(rate([](auto& p) { return p.levels == 2; }), c.two_level_fraction, proportion_tolerance(c.two_level_fraction));
  EXPECT_NEAR(rate([](auto& p) { return p.employed; }), c.employed_fraction, proportion_tolerance(c.employed_fraction));
  EXPECT_EQ(rate([](auto& p) { return p.surgery == Surgery::Fusion && p.cohort == 1; }), 1.0);
}

TEST_F(CohortGeneratorTest, RankCorrelationsOfOdiAndPainMatchTheCopula) {
  // For a Gaussian copula with latent r, Spearman's rho is (6 / pi) asin(r / 2) whatever the
  // (strictly increasing) marginals. Tolerance: test::kZ null standard errors of 1 / sqrt(n - 1).
  const auto patients = draw_all();
  std::vector<double> odi, back, leg;
  for (const auto& p : patients) {
    odi.push_back(p.baseline_odi);
    back.push_back(p.baseline_back_pain);
    leg.push_back(p.baseline_leg_pain);
  }
  const auto spearman = [](double r) { return 6.0 / std::numbers::pi * std::asin(r / 2.0); };
  const double tolerance = test::tolerance(1.0 / std::sqrt(kN - 1.0));
  EXPECT_NEAR(pearson(ranks(odi), ranks(back)), spearman(scenario.correlation.odi_back_pain), tolerance);
  EXPECT_NEAR(pearson(ranks(odi), ranks(leg)), spearman(scenario.correlation.odi_leg_pain), tolerance);
  EXPECT_NEAR(pearson(ranks(back), ranks(leg)), spearman(scenario.correlation.back_leg_pain), tolerance);
}

TEST_F(CohortGeneratorTest, CorrelatedBinaryCovariatesCoOccurMoreOften) {
  // bmi-diabetes latent correlation 0.35: diabetics have a higher mean BMI than non-diabetics.
  const auto patients = draw_all();
  double bmi_d = 0, bmi_n = 0;
  int nd = 0, nn = 0;
  for (const auto& p : patients) (p.diabetic ? (bmi_d += p.bmi_kg_m2, ++nd) : (bmi_n += p.bmi_kg_m2, ++nn));
  const double sd = scenario.cohorts[1].bmi_sd_kg_m2;
  EXPECT_GT(bmi_d / nd - bmi_n / nn, 5.0 * sd * std::sqrt(1.0 / nd + 1.0 / nn));
}

TEST_F(CohortGeneratorTest, SamePatientAtEveryPointAndDifferentAcrossReplications) {
  CohortGenerator g(scenario);
  Scenario other = default_scenario({"cohorts[0].share=0", "cohorts[1].share=1", "cohorts[2].share=0", "protocol.start_day_fusion=90"});
  CohortGenerator g2(other);
  const Covariates a = g.draw(scenario.run.seed, 3, 17), b = g2.draw(other.run.seed, 3, 17), c = g.draw(scenario.run.seed, 4, 17);
  EXPECT_EQ(a.age_years, b.age_years);
  EXPECT_EQ(a.baseline_odi, b.baseline_odi);
  EXPECT_EQ(a.home_adherence, b.home_adherence);
  EXPECT_NE(a.age_years, c.age_years);
}

TEST(CohortMarginals, ZeroLatentGivesTheMedians) {
  CohortSpec c;
  c.age_mean_years = 56.5;  // midway between the truncation bounds 18 and 95: the median stays 56.5
  c.smoker_fraction = 0.4;
  c.diabetic_fraction = 0.6;
  Covariates out;
  CohortGenerator::apply_marginals(c, CovariateVector::Zero(), out);
  EXPECT_NEAR(out.age_years, 56.5, 1e-9);
  EXPECT_FALSE(out.smoker);   // u = 0.5 is not above 1 - 0.4
  EXPECT_TRUE(out.diabetic);  // u = 0.5 is above 1 - 0.6
}

}  // namespace
}  // namespace rehabsim::models

namespace rehabsim::models {
namespace {

TEST(CohortGenerator, ReusedFusionCoefficientsAreThoseOfTheSamePopulationAndOnlyOfIt) {
  const Scenario a = default_scenario({"muscle.atrophy_rate_per_day=0.02"});
  const Scenario b = default_scenario({"muscle.atrophy_rate_per_day=0.01"});  // another point of a physiology sweep
  const Scenario c = default_scenario({"fusion.smoker_relative_risk=2.5"});
  const Scenario d = default_scenario({"cohorts[1].smoker_fraction=0.5"});
  EXPECT_TRUE(CohortGenerator::same_fusion_population(a, b));
  EXPECT_FALSE(CohortGenerator::same_fusion_population(a, c));
  EXPECT_FALSE(CohortGenerator::same_fusion_population(a, d));
  const CohortGenerator ga(a), gb(b), gc(c);
  const FusionCoefficients& ka = ga.fusion_coefficients();
  const FusionCoefficients& kb = gb.fusion_coefficients();
  EXPECT_EQ(ka.smoker, kb.smoker);  // matched again, the same numbers: reuse changes nothing
  EXPECT_EQ(ka.vitamin_d_deficient, kb.vitamin_d_deficient);
  EXPECT_EQ(ka.diabetic, kb.diabetic);
  EXPECT_EQ(ka.two_level, kb.two_level);
  EXPECT_NE(ka.smoker, gc.fusion_coefficients().smoker);  // a different population would be wrong to reuse
  const CohortGenerator reused(b, ka);
  EXPECT_EQ(reused.fusion_coefficients().smoker, ka.smoker);
  const Covariates x = gb.draw(7, 1, 42), y = reused.draw(7, 1, 42);
  EXPECT_EQ(x.age_years, y.age_years);
  EXPECT_EQ(x.baseline_odi, y.baseline_odi);
}

}  // namespace
}  // namespace rehabsim::models
