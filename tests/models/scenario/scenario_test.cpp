#include "models/params/scenario.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "support/input_error.hpp"

#include "models/scenario/scenario_bindings.hpp"
#include "sim/core/errors.hpp"
#include "support/default_scenario_fixture.hpp"

namespace rehabsim::models {
namespace {

TEST(Scenario, DefaultScenarioLoads) {
  const Scenario s = default_scenario();
  EXPECT_EQ(s.run.replications, 20u);
  EXPECT_EQ(s.run.patients, 1000u);
  ASSERT_EQ(s.cohorts.size(), 3u);
  EXPECT_EQ(s.cohorts[1].surgery, Surgery::Fusion);
  EXPECT_DOUBLE_EQ(s.cohorts[0].baseline_odi_mean, 57.0);
  ASSERT_EQ(s.protocol.phases.size(), 4u);
  EXPECT_EQ(of(s.protocol.start_day, Surgery::Fusion), 56);
  EXPECT_DOUBLE_EQ(s.protocol.phases[1].mix.core, 0.35);
  EXPECT_EQ(s.run.horizon_days, 365);
}

TEST(Scenario, ACohortNamedLikeABuiltInOneTakesItsValuesForKeysLeftOut) {
  const sim::config::ScenarioSource d{std::string(default_scenario_toml()), "default.toml"};
  const Scenario builtin = default_scenario();
  // A fusion-only run in three lines: the built-in fusion cohort's population, all patients.
  const sim::config::ScenarioSource only{"[[cohorts]]\nname = \"fusion\"\nshare = 1.0\n", "only.toml"};
  const Scenario s = scenario_from_values(sim::config::load_scenario(only, {}, scenario_schema(), d, &protocol_presets()));
  ASSERT_EQ(s.cohorts.size(), 1u);
  EXPECT_EQ(s.cohorts[0].surgery, Surgery::Fusion);
  EXPECT_DOUBLE_EQ(s.cohorts[0].share, 1.0);
  EXPECT_DOUBLE_EQ(s.cohorts[0].age_mean_years, builtin.cohorts[1].age_mean_years);
  EXPECT_DOUBLE_EQ(s.cohorts[0].baseline_odi_mean, builtin.cohorts[1].baseline_odi_mean);
  EXPECT_DOUBLE_EQ(s.cohorts[0].residual_odi_fraction, builtin.cohorts[1].residual_odi_fraction);
  // A key it sets is its own; a cohort of another name takes the schema defaults.
  const sim::config::ScenarioSource own{
      "[[cohorts]]\nname = \"fusion\"\nshare = 0.5\nage_mean_years = 50.0\n[[cohorts]]\nname = \"mine\"\nshare = 0.5\n", "own.toml"};
  const Scenario t = scenario_from_values(sim::config::load_scenario(own, {}, scenario_schema(), d, &protocol_presets()));
  EXPECT_DOUBLE_EQ(t.cohorts[0].age_mean_years, 50.0);
  EXPECT_DOUBLE_EQ(t.cohorts[0].baseline_odi_mean, builtin.cohorts[1].baseline_odi_mean);
  const auto* spec = scenario_schema().find("cohorts[].baseline_odi_mean");
  ASSERT_NE(spec, nullptr);
  EXPECT_DOUBLE_EQ(t.cohorts[1].baseline_odi_mean, std::get<double>(spec->default_value));
  EXPECT_NE(t.cohorts[1].baseline_odi_mean, builtin.cohorts[1].baseline_odi_mean);  // the test tells the two apart
}

TEST(Scenario, SharesMustSumToOne) {
  test::expect_input_error([] { default_scenario({"cohorts[0].share=0.9"}); }, {"cohorts[].share: expected shares summing to 1, got 1.4"});
}

TEST(Scenario, CorrelationsMustFormAPositiveDefiniteMatrix) {
  // age-diabetic 0.9, bmi-diabetic 0.9, and age-bmi 0 cannot hold together.
  test::expect_input_error(
      [] {
        default_scenario({"correlation.age_diabetic=0.9", "correlation.bmi_diabetic=0.9"});
      },
      {"--set correlation.age_diabetic=0.9", "positive-definite"});
}

TEST(Scenario, ExerciseSharesMustSumToOneAndApproachesFit) {
  test::expect_input_error([] { default_scenario({"protocol.phases[0].mix_core=0.9"}); },
                           {"protocol.phases[0].mix_*: expected the five exercise shares to sum to 1"});
  test::expect_input_error([] { default_scenario({"cohorts[0].endoscopic_fraction=0.7"}); },  // with MIS 0.4
                           {"cohorts[0].endoscopic_fraction: expected mis_fraction + endoscopic_fraction <= 1"});
}

TEST(Scenario, LoadComponentsMustStayFractions) {
  test::expect_input_error([] { default_scenario({"activity.daily_load=0.9"}); }, {"expected daily_load + supervised_weight + home_weight <= 1"});
  test::expect_input_error([] { default_scenario({"outcomes.weight_muscle=0.5"}); },
                           {"expected weight_healing + weight_muscle + weight_conditioning + weight_mobility <= 1"});
}

TEST(Scenario, ClinicRulesNameTheKey) {
  test::expect_input_error(
      [] {
        default_scenario({"clinic.booking.lead_days=30", "clinic.booking.horizon_days=20"});
      },
      {"clinic.booking.horizon_days: expected more than clinic.booking.lead_days (30), got 20"});
  test::expect_input_error([] { default_scenario({"clinic.capacity=therapists"}); },
                           {"clinic.capacity: expected at least one [[clinic.therapists]] entry"});
}

TEST(Scenario, EveryKeyIsBoundToItsOwnMember) {
  // Each key set to another value in its range changes that key's value in the typed scenario and
  // no other key's: no key is bound to nothing, and no two keys share a member (reordering a
  // struct cannot swap parameters unnoticed).
  const auto& bindings = scenario_bindings();
  const auto base = bindings.values(default_scenario());
  std::size_t checked = 0;
  for (const auto& [path, value] : base) {
    const auto* spec = scenario_schema().find(sim::config::normalise_path(path));
    ASSERT_NE(spec, nullptr) << path;
    std::string text;
    if (const auto* d = std::get_if<double>(&value))
      text = std::to_string(*d < spec->max ? std::min(spec->max, *d + (spec->max - *d) / 7) : spec->min);
    else if (const auto* i = std::get_if<std::int64_t>(&value))
      text = std::to_string(static_cast<double>(*i) < spec->max ? *i + 1 : *i - 1);
    else if (const auto* b = std::get_if<bool>(&value))
      text = *b ? "false" : "true";
    else
      continue;  // strings: labels and choices, covered by their own tests
    std::vector<std::pair<std::string, sim::config::Scalar>> changed;
    try {
      changed = bindings.values(default_scenario({path + "=" + text}));
    } catch (const sim::InputError&) {
      continue;  // a cross-field rule refuses this value (it read the key, so the key is bound)
    }
    ASSERT_EQ(changed.size(), base.size()) << path;
    for (std::size_t k = 0; k < base.size(); ++k)
      if (base[k].first == path)
        EXPECT_NE(changed[k].second, base[k].second) << path << "=" << text << " changed nothing";
      else
        EXPECT_EQ(changed[k].second, base[k].second) << "setting " << path << " changed " << base[k].first;
    ++checked;
  }
  EXPECT_GT(checked, 150u);
}

}  // namespace
}  // namespace rehabsim::models

namespace rehabsim::models {
namespace {

// Every array of tables in the schema, at one past each bound: refused, naming the key, its
// allowed count and the count given; at its upper bound the count itself is accepted.
TEST(Scenario, EveryArrayOfTablesIsRefusedOnePastItsBoundsByTheSchema) {
  const sim::config::ScenarioSource d{std::string(default_scenario_toml()), "default.toml"};
  const auto error_of = [&](const std::string& text) -> std::string {
    try {
      (void)sim::config::load_scenario({text, "arrays.toml"}, {}, scenario_schema(), d, &protocol_presets());
    } catch (const sim::InputError& e) {
      return e.what();
    }
    return "";
  };
  int checked = 0;
  for (const auto& key : scenario_schema().keys()) {
    if (key.type != sim::config::ValueType::TableArray) continue;
    SCOPED_TRACE(key.path);
    ASSERT_EQ(key.path.find("[]"), std::string::npos) << "an array inside an array: extend this test";
    ASSERT_LE(key.max, 1000) << "every array of tables has an upper bound a run can meet";
    const auto max = static_cast<int>(key.max), min = static_cast<int>(key.min);
    const std::string expected = key.path + ": expected array of tables (" + std::to_string(min) + ".." + std::to_string(max) + " entries), got ";
    std::string over;
    for (int k = 0; k <= max; ++k) over += "[[" + key.path + "]]\n";
    EXPECT_NE(error_of(over).find(expected + std::to_string(max + 1) + " entries"), std::string::npos) << error_of(over).substr(0, 400);
    const std::string at_max = over.substr(over.find('\n') + 1);
    EXPECT_EQ(error_of(at_max).find(expected), std::string::npos);
    if (min > 0) {
      const auto dot = key.path.rfind('.');
      const std::string empty =
          dot == std::string::npos ? key.path + " = []\n" : "[" + key.path.substr(0, dot) + "]\n" + key.path.substr(dot + 1) + " = []\n";
      EXPECT_NE(error_of(empty).find(expected + "0 entries"), std::string::npos) << error_of(empty).substr(0, 400);
    }
    ++checked;
  }
  EXPECT_GE(checked, 5);  // cohorts, protocol.phases, clinic.therapists, clinic.absences, clinic.arrival_periods
}

}  // namespace
}  // namespace rehabsim::models
