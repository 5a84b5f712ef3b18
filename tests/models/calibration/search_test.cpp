// The calibration search's parts against hand-computed values: observations from each judging
// rule, the implausibility, the prior scales, the Latin hypercube's strata, the refocusing draws,
// the priors file's checks, and one point scored on a small trial.
#include "models/calibration/search.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "sim/core/errors.hpp"
#include "support/input_error.hpp"

namespace rehabsim::models::calibration {
namespace {

TargetSpec target(const std::string& rule, double low, double high, double se = 0) {
  TargetSpec t;
  t.rule = rule;
  t.low = low;
  t.high = high;
  t.published_se = se;
  return t;
}

TEST(CalibrationSearch, ObservationsFromEachJudgingRule) {
  const double inf = std::numeric_limits<double>::infinity();
  const Observation range = observation_of(target("range", 2, 6));
  EXPECT_DOUBLE_EQ(range.value, 4);
  EXPECT_DOUBLE_EQ(range.sd, 4 / 3.92);  // the half-width of a 95% interval over 1.96
  EXPECT_EQ(range.side, 0);
  const Observation at_least = observation_of(target("range", 0.7, inf));
  EXPECT_EQ(at_least.value, 0.7);
  EXPECT_EQ(at_least.side, +1);
  EXPECT_EQ(observation_of(target("range", -inf, 0.75)).side, -1);
  const Observation point = observation_of(target("point", 3, 3, 0.5));
  EXPECT_EQ(point.value, 3);
  EXPECT_EQ(point.sd, 0.5);
  EXPECT_EQ(observation_of(target("ci_above", 1.2, inf)).side, +1);
  EXPECT_EQ(observation_of(target("ci_below", -inf, -0.3)).value, -0.3);
}

TEST(CalibrationSearch, ImplausibilityIsTheDistanceOverTheCombinedSd) {
  const Observation range{4, 4 / 3.92, 0};
  // |6 - 4| / sqrt(1.0204^2 + 0.3^2 + 0.4^2)
  EXPECT_NEAR(implausibility(range, 6, 0.3, 0.4), 1.7600609910919334, 1e-12);
  EXPECT_NEAR(implausibility(range, 2, 0.3, 0.4), 1.7600609910919334, 1e-12);  // symmetric
  const Observation at_least{0.7, 0, +1};
  EXPECT_EQ(implausibility(at_least, 0.75, 0.01, 0.07), 0.0);                          // on the allowed side
  EXPECT_NEAR(implausibility(at_least, 0.65, 0.01, 0.07), 0.7071067811865476, 1e-12);  // 0.05 / sqrt(0.01^2 + 0.07^2)
  EXPECT_EQ(implausibility({0.75, 0, -1}, 0.7, 0.01, 0), 0.0);
  EXPECT_TRUE(std::isinf(implausibility(range, std::nan(""), 0.3, 0.4)));
  EXPECT_TRUE(std::isinf(implausibility({1, 0, 0}, 2, 0, 0)));  // no scale at all: any miss is ruled out
  EXPECT_EQ(implausibility({1, 0, 0}, 1, 0, 0), 0.0);
  EXPECT_DOUBLE_EQ(discrepancy_sd({-2, 3, 0}, 0.1), 0.3);  // 0.1 x max(|value|, sd)
  EXPECT_DOUBLE_EQ(discrepancy_sd({-2, 1, 0}, 0.1), 0.2);
}

TEST(CalibrationSearch, PriorScalesMapTheUnitCube) {
  Prior linear{"k", 2, 6};
  EXPECT_DOUBLE_EQ(value_at(linear, 0.25), 3);
  EXPECT_DOUBLE_EQ(unit_of(linear, 5), 0.75);
  Prior log{"k", 0.1, 10, true};
  EXPECT_NEAR(value_at(log, 0.5), 1.0, 1e-15);
  EXPECT_NEAR(value_at(log, 0.0), 0.1, 1e-15);
  EXPECT_NEAR(unit_of(log, 10), 1.0, 1e-15);
  EXPECT_EQ(overrides_of({linear, log}, {0.25, 0.5})[0], "k=3");
  Prior whole{"k", 0, 10};
  whole.integer = true;
  EXPECT_EQ(value_at(whole, 0.36), 4.0);  // 3.6 rounded: an integer key takes whole values
}

TEST(CalibrationSearch, LatinHypercubeHitsEveryStratumOnceInEveryCoordinate) {
  sim::RngStream s({7, 1, 0, 21});
  const auto points = latin_hypercube(10, 3, s);
  ASSERT_EQ(points.size(), 10u);
  for (std::size_t d = 0; d < 3; ++d) {
    std::set<int> strata;
    for (const auto& p : points) {
      EXPECT_GE(p[d], 0.0);
      EXPECT_LT(p[d], 1.0);
      strata.insert(static_cast<int>(p[d] * 10));
    }
    EXPECT_EQ(strata.size(), 10u) << d;
  }
}

TEST(CalibrationSearch, RefocusDrawsAroundTheKeptPointsWithinTheCube) {
  sim::RngStream s({7, 2, 0, 21});
  // One kept point: steps of sd spread x min_sd = 0.05; the mean of 4,000 draws lies within 4 SE of it.
  const auto near = refocus({{0.3, 0.6}}, 4000, 1.0, 0.05, s);
  for (std::size_t d = 0; d < 2; ++d) {
    double mean = 0;
    for (const auto& p : near) mean += p[d];
    mean /= 4000;
    EXPECT_NEAR(mean, d == 0 ? 0.3 : 0.6, 4 * 0.05 / std::sqrt(4000.0));
  }
  // Near an edge with a wide step, every draw is reflected into [0, 1].
  const auto edge = refocus({{0.99}, {0.01}}, 2000, 3.0, 0.5, s);
  EXPECT_TRUE(std::all_of(edge.begin(), edge.end(), [](const auto& p) { return p[0] >= 0 && p[0] <= 1; }));
  EXPECT_THROW(refocus({}, 3, 1, 0.1, s), std::invalid_argument);
}

sim::config::ScenarioSource priors(const std::string& body) { return {body, "priors.toml"}; }

TEST(CalibrationSearch, PriorsAreReadAndEachKeyIsCheckedByTheModel) {
  const auto read = read_priors(priors(R"([[parameters]]
key = "fear.weight"
low = 0.2
high = 1.0
default = 1.0
reasoning = "a share of the deficit"
evidence = "none: assumption"

[[parameters]]
key = "muscle.atrophy_rate_per_day"
low = 0.002
high = 0.03
scale = "log"
reasoning = "disuse atrophy rates"
)"));
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0].key, "fear.weight");
  EXPECT_FALSE(read[0].log_scale);
  EXPECT_TRUE(read[1].log_scale);
  EXPECT_TRUE(std::isnan(read[1].default_value));
  EXPECT_FALSE(read[0].integer);
  EXPECT_TRUE(read_priors(priors("[[parameters]]\nkey = \"run.horizon_days\"\nlow = 365\nhigh = 700\nreasoning = \"r\"\n"))[0].integer);
  const auto refusal = [](const std::string& body) { return test::input_error_of([&] { read_priors(priors(body)); }); };
  const std::string unknown = refusal("[[parameters]]\nkey = \"fear.nonexistent\"\nlow = 0\nhigh = 1\nreasoning = \"r\"\n");
  EXPECT_NE(unknown.find("priors.toml:1:1: parameters[0]: fear.nonexistent = 0 is refused: unknown scenario key"), std::string::npos) << unknown;
  const std::string outside = refusal("[[parameters]]\nkey = \"fear.weight\"\nlow = 0\nhigh = 3\nreasoning = \"r\"\n");
  EXPECT_NE(outside.find("fear.weight = 3 is refused: outside the key's allowed range 0 to 1"), std::string::npos) << outside;
  EXPECT_NE(refusal("[[parameters]]\nkey = \"protocol.preset\"\nlow = 0\nhigh = 1\nreasoning = \"r\"\n").find("expected a numeric key"),
            std::string::npos);
  // A bound that breaks a rule tying keys together (weights summing over 1 with the others at their
  // defaults) is the search's to meet, not a bad prior.
  EXPECT_EQ(read_priors(priors("[[parameters]]\nkey = \"outcomes.weight_healing\"\nlow = 0.1\nhigh = 0.8\nreasoning = \"r\"\n")).size(), 1u);
  EXPECT_EQ(read_priors(priors("[[parameters]]\nkey = \"cohorts[0].residual_odi_fraction\"\nlow = 0.1\nhigh = 0.4\nreasoning = \"r\"\n")).size(), 1u);
  EXPECT_NE(refusal("[[parameters]]\nkey = \"fear.weight\"\nlow = 0.5\nhigh = 0.5\nreasoning = \"r\"\n").find("expected low < high"),
            std::string::npos);
  EXPECT_NE(refusal("[[parameters]]\nkey = \"fear.weight\"\nlow = 0\nhigh = 1\nscale = \"log\"\nreasoning = \"r\"\n").find("positive bound"),
            std::string::npos);
  EXPECT_NE(refusal("[[parameters]]\nkey = \"fear.weight\"\nlow = 0\nhigh = 1\n").find("parameters[0].reasoning: expected a string"),
            std::string::npos);
  EXPECT_NE(refusal("[[parameters]]\nkey = \"fear.weight\"\nlow = 0\nhigh = 1\nreasoning = \"r\"\n[[parameters]]\nkey = \"fear.weight\"\nlow = "
                    "0\nhigh = 1\nreasoning = \"r\"\n")
                .find("has a prior already"),
            std::string::npos);
  EXPECT_NE(refusal("[[parameters]]\nkey = \"fear.weight\"\nlow = 0\nhigh = 1\nreasoning = \"r\"\nsource = \"x\"\n")
                .find("parameters[0].source: unknown key"),
            std::string::npos);
  EXPECT_NE(refusal("x = 1\n").find("expected [[parameters]]"), std::string::npos);
}

TEST(CalibrationSearch, APointIsScoredOnEveryTargetOfEveryTrial) {
  const sim::config::ScenarioSource trial{R"([trial]
name = "tiny"
source = "test"
replications = 3
patients = 60

[[trial.arms]]
name = "a"
set = []

[[trial.targets]]
name = "ODI at 12 months"
measure = "odi"
arms = ["a"]
at = "12m"
low = 10
high = 30
published = "10-30"
source = "test"

[[trial.targets]]
name = "ODI at 12 months, far off"
measure = "odi"
arms = ["a"]
at = "12m"
low = 90
high = 95
published = "90-95"
source = "test"
)",
                                          "tiny.toml"};
  const auto fits = evaluate_point({trial}, {"fear.weight=0.5"}, 0.1, 2);
  ASSERT_EQ(fits.size(), 2u);
  for (const TargetFit& f : fits) {
    EXPECT_EQ(f.trial, "tiny.toml");
    EXPECT_TRUE(std::isfinite(f.mean));
    EXPECT_GT(f.se, 0);
  }
  // The implausibility is the formula's, from the fit's own mean and SE (2 replications, not 3).
  const Observation o{20, 20 / 3.92, 0};
  EXPECT_DOUBLE_EQ(fits[0].implausibility, implausibility(o, fits[0].mean, fits[0].se, discrepancy_sd(o, 0.1)));
  EXPECT_GT(fits[1].implausibility, 3.0);                                                 // an ODI near 90 is ruled out
  EXPECT_FALSE(fits[1].holds);                                                            // and does not hold by the suite's rule either
  EXPECT_EQ(evaluate_point({trial}, {"fear.weight=0.5"}, 0.1, 2)[0].mean, fits[0].mean);  // deterministic
  EXPECT_NE(evaluate_point({trial}, {"fear.weight=0.1"}, 0.1, 2)[0].mean, fits[0].mean);  // the override reaches the arms
}

}  // namespace
}  // namespace rehabsim::models::calibration

namespace rehabsim::models::calibration {
namespace {

TEST(CalibrationSearch, AKeyBySurgeryReachesTheCohortsOfThatSurgeryInAnyTrialOrder) {
  const auto read = read_priors(
      {"[[parameters]]\nkey = \"cohorts[surgery=fusion].residual_odi_fraction\"\nlow = 0.1\nhigh = 0.5\nreasoning = \"r\"\n", "priors.toml"});
  EXPECT_EQ(read.at(0).key, "cohorts[surgery=fusion].residual_odi_fraction");
  EXPECT_NE(test::input_error_of([] {
              read_priors({"[[parameters]]\nkey = \"cohorts[surgery=knee].residual_odi_fraction\"\nlow = 0.1\nhigh = 0.5\nreasoning = \"r\"\n",
                           "priors.toml"});
            }).find("expected cohorts[surgery=discectomy|fusion|decompression], got surgery knee"),
            std::string::npos);
  // Fusion listed first, discectomy second: the discectomy key must reach cohort 1 only.
  const sim::config::ScenarioSource trial{R"([trial]
name = "two cohorts"
source = "test"
replications = 2
patients = 200

[[cohorts]]
name = "fusion"
share = 0.5
surgery = "fusion"

[[cohorts]]
name = "discectomy"
share = 0.5
surgery = "discectomy"

[[trial.arms]]
name = "a"
set = []

[[trial.targets]]
name = "fusion ODI"
measure = "odi"
arms = ["a"]
at = "12m"
surgery = "fusion"
low = 10
high = 30
published = "x"
source = "x"

[[trial.targets]]
name = "discectomy ODI"
measure = "odi"
arms = ["a"]
at = "12m"
surgery = "discectomy"
low = 10
high = 30
published = "x"
source = "x"
)",
                                          "two.toml"};
  const auto low = evaluate_point({trial}, {"cohorts[surgery=discectomy].residual_odi_fraction=0.05"}, 0.1, 0);
  const auto high = evaluate_point({trial}, {"cohorts[surgery=discectomy].residual_odi_fraction=0.6"}, 0.1, 0);
  EXPECT_EQ(low[0].mean, high[0].mean);      // the fusion cohort is untouched
  EXPECT_LT(low[1].mean + 5, high[1].mean);  // the discectomy cohort's residual share moved its 12-month ODI
}

}  // namespace
}  // namespace rehabsim::models::calibration

namespace rehabsim::models::calibration {
namespace {

TEST(CalibrationSearch, ThePointsTheModelsRulesRefuseAreKnownBeforeAnyRun) {
  const auto priors =
      read_priors({"[[parameters]]\nkey = \"outcomes.weight_healing\"\nlow = 0.3\nhigh = 0.8\nreasoning = \"r\"\n\n"
                   "[[parameters]]\nkey = \"outcomes.weight_muscle\"\nlow = 0.05\nhigh = 0.3\nreasoning = \"r\"\n",
                   "priors.toml"});
  // With the other weights at their defaults (conditioning 0.15, mobility 0.15), healing + muscle may be at most 0.7.
  EXPECT_TRUE(acceptable(priors, {0.0, 0.0}));   // 0.3 + 0.05
  EXPECT_FALSE(acceptable(priors, {1.0, 1.0}));  // 0.8 + 0.3
  EXPECT_TRUE(acceptable(priors, {0.4, 0.6}));   // 0.5 + 0.2 = 0.7
  EXPECT_FALSE(acceptable(priors, {0.6, 0.6}));  // 0.6 + 0.2
}

}  // namespace
}  // namespace rehabsim::models::calibration
