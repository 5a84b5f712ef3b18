#include "models/scenario.hpp"

#include <gtest/gtest.h>

#include "support/input_error.hpp"

#include "models/default_scenario_fixture.hpp"
#include "models/scenario_bindings.hpp"
#include "sim/errors.hpp"

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

TEST(Scenario, SharesMustSumToOne) {
  test::expect_input_error([] { default_scenario({"cohorts[0].share=0.9"}); }, {"cohorts[].share: expected shares summing to 1, got 1.4"});
}

TEST(Scenario, CorrelationsMustFormAPositiveDefiniteMatrix) {
  // age-diabetic 0.9, bmi-diabetic 0.9, and age-bmi 0 cannot hold together.
  test::expect_input_error([] { default_scenario({"correlation.age_diabetic=0.9", "correlation.bmi_diabetic=0.9"}); },
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
  test::expect_input_error([] { default_scenario({"outcomes.weight_muscle=0.5"}); }, {"expected weight_healing + weight_muscle + weight_conditioning + weight_mobility <= 1"});
}

TEST(Scenario, ClinicRulesNameTheKey) {
  test::expect_input_error([] { default_scenario({"clinic.booking.lead_days=30", "clinic.booking.horizon_days=20"}); },
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
    if (const auto* d = std::get_if<double>(&value)) text = std::to_string(*d < spec->max ? std::min(spec->max, *d + (spec->max - *d) / 7) : spec->min);
    else if (const auto* i = std::get_if<std::int64_t>(&value)) text = std::to_string(static_cast<double>(*i) < spec->max ? *i + 1 : *i - 1);
    else if (const auto* b = std::get_if<bool>(&value)) text = *b ? "false" : "true";
    else continue;  // strings: labels and choices, covered by their own tests
    std::vector<std::pair<std::string, sim::config::Scalar>> changed;
    try {
      changed = bindings.values(default_scenario({path + "=" + text}));
    } catch (const sim::InputError&) {
      continue;  // a cross-field rule refuses this value (it read the key, so the key is bound)
    }
    ASSERT_EQ(changed.size(), base.size()) << path;
    for (std::size_t k = 0; k < base.size(); ++k)
      if (base[k].first == path) EXPECT_NE(changed[k].second, base[k].second) << path << "=" << text << " changed nothing";
      else EXPECT_EQ(changed[k].second, base[k].second) << "setting " << path << " changed " << base[k].first;
    ++checked;
  }
  EXPECT_GT(checked, 150u);
}

}  // namespace
}  // namespace rehabsim::models
