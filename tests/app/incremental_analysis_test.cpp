// Dominance, extended dominance and the frontier's ICERs, against a hand-worked example.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "app/incremental_analysis.hpp"

namespace rehabsim::app {
namespace {

TEST(IncrementalAnalysis, DominanceExtendedDominanceAndFrontierByHand) {
  // A (0, 0); B (100, 1.0); C (150, 0.8): dominated by B; E (250, 1.2); D (300, 1.5).
  // Frontier after strong dominance: A, B, E, D with ICERs 100, 150/0.2 = 750, 50/0.3 = 166.7:
  // 750 > 166.7, so E is extendedly dominated; then A, B, D with 100 and 200/0.5 = 400.
  const std::vector<double> cost = {0, 100, 150, 300, 250}, effect = {0, 1.0, 0.8, 1.5, 1.2};
  const auto rows = incremental_analysis(cost, effect);
  EXPECT_EQ(rows[0].status, CeStatus::LeastCostly);
  EXPECT_EQ(rows[0].compared_with, -1);
  EXPECT_EQ(rows[1].status, CeStatus::Frontier);
  EXPECT_EQ(rows[1].compared_with, 0);
  EXPECT_DOUBLE_EQ(rows[1].icer, 100.0);
  EXPECT_EQ(rows[2].status, CeStatus::Dominated);
  EXPECT_EQ(rows[2].compared_with, 1);
  EXPECT_DOUBLE_EQ(rows[2].incremental_cost, 50.0);
  EXPECT_NEAR(rows[2].incremental_effect, -0.2, 1e-12);
  EXPECT_TRUE(std::isnan(rows[2].icer));
  EXPECT_EQ(rows[3].status, CeStatus::Frontier);
  EXPECT_EQ(rows[3].compared_with, 1);
  EXPECT_DOUBLE_EQ(rows[3].icer, 400.0);
  EXPECT_EQ(rows[4].status, CeStatus::ExtendedlyDominated);
  EXPECT_EQ(rows[4].compared_with, 1);
  EXPECT_NEAR(rows[4].icer, 750.0, 1e-9);
}

TEST(IncrementalAnalysis, EqualOptionsAndMissingMeans) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Two identical options: the later is dominated by the earlier. A NaN mean is left out.
  const auto rows = incremental_analysis({10, 10, nan, 20}, {1, 1, 2, 3});
  EXPECT_EQ(rows[0].status, CeStatus::LeastCostly);
  EXPECT_EQ(rows[1].status, CeStatus::Dominated);
  EXPECT_EQ(rows[1].compared_with, 0);
  EXPECT_EQ(rows[2].status, CeStatus::Dominated);
  EXPECT_EQ(rows[2].compared_with, -1);
  EXPECT_EQ(rows[3].status, CeStatus::Frontier);
  EXPECT_DOUBLE_EQ(rows[3].icer, 5.0);  // (20 - 10) / (3 - 1)
}

TEST(IncrementalAnalysis, CheaperAndBetterDominatesTheReference) {
  // B costs less and gains more than A: A is dominated, B is least costly.
  const auto rows = incremental_analysis({200, 100}, {0.5, 0.6});
  EXPECT_EQ(rows[0].status, CeStatus::Dominated);
  EXPECT_EQ(rows[0].compared_with, 1);
  EXPECT_EQ(rows[1].status, CeStatus::LeastCostly);
}

}  // namespace
}  // namespace rehabsim::app

namespace rehabsim::app {
namespace {

TEST(IncrementalAnalysis, TiesInCostInEffectAndInIcerByHand) {
  // Equal cost: (100, 0.8) is dominated by (100, 1.0) whatever their order in the input.
  // Equal effect: (150, 1.0) is dominated by the cheaper (100, 1.0).
  // Frontier: (50, 0.5) least costly; (100, 1.0) ICER 50 / 0.5 = 100; (200, 1.5) ICER 100 / 0.5 = 200.
  // (250, 1.75): ICER 50 / 0.25 = 200 from (200, 1.5), equal to the step before it: not extendedly
  // dominated (only a strictly larger ICER is).
  const std::vector<double> cost = {100, 100, 50, 150, 200, 250}, effect = {0.8, 1.0, 0.5, 1.0, 1.5, 1.75};
  const auto rows = incremental_analysis(cost, effect);
  EXPECT_EQ(rows[0].status, CeStatus::Dominated);
  EXPECT_EQ(rows[0].compared_with, 1);
  EXPECT_DOUBLE_EQ(rows[0].incremental_cost, 0.0);
  EXPECT_NEAR(rows[0].incremental_effect, -0.2, 1e-12);
  EXPECT_EQ(rows[1].status, CeStatus::Frontier);
  EXPECT_EQ(rows[1].compared_with, 2);
  EXPECT_DOUBLE_EQ(rows[1].incremental_cost, 50.0);  // a frontier row's increments: this option minus the previous one
  EXPECT_DOUBLE_EQ(rows[1].incremental_effect, 0.5);
  EXPECT_DOUBLE_EQ(rows[1].icer, 100.0);
  EXPECT_EQ(rows[2].status, CeStatus::LeastCostly);
  EXPECT_EQ(rows[3].status, CeStatus::Dominated);
  EXPECT_EQ(rows[3].compared_with, 1);
  EXPECT_EQ(rows[4].status, CeStatus::Frontier);
  EXPECT_EQ(rows[4].compared_with, 1);
  EXPECT_DOUBLE_EQ(rows[4].incremental_cost, 100.0);
  EXPECT_DOUBLE_EQ(rows[4].incremental_effect, 0.5);
  EXPECT_DOUBLE_EQ(rows[4].icer, 200.0);
  EXPECT_EQ(rows[5].status, CeStatus::Frontier);
  EXPECT_EQ(rows[5].compared_with, 4);
  EXPECT_DOUBLE_EQ(rows[5].icer, 200.0);
  // The same options in the reverse order: the same verdicts.
  const std::vector<double> rc(cost.rbegin(), cost.rend()), re(effect.rbegin(), effect.rend());
  const auto reversed = incremental_analysis(rc, re);
  for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(reversed[rows.size() - 1 - i].status, rows[i].status) << "option " << i;
}

}  // namespace
}  // namespace rehabsim::app
