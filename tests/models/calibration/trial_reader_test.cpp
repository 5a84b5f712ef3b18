// Reading a virtual trial: the [trial] table becomes typed arms and targets, each arm's scenario is
// the file with its overrides, and every malformed entry names file:line:column and the key.
#include <gtest/gtest.h>

#include "models/calibration/trial_reader.hpp"
#include "support/input_error.hpp"

namespace rehabsim::models::calibration {
namespace {

const std::string kTrial = R"toml([trial]
name = "A trial"
source = "Someone 2020"
replications = 3
patients = 40

[[trial.arms]]
name = "standard"

[[trial.arms]]
name = "none"
set = ["protocol.preset=no_formal_pt"]

[[trial.targets]]
name = "ODI difference at 3 months"
measure = "odi_difference"
arms = ["standard", "none"]
at = "3m"
low = -10
high = -1
published = "-5 (-10 to -1)"
source = "table 2"

[[trial.targets]]
name = "Nonunion in smokers"
measure = "nonunion_share"
arms = ["none"]
rule = "point"
value = 0.2
published_se = 0.05
group = "smokers"
surgery = "fusion"
published = "20%"
source = "cohort"
)toml";

Trial read_text(const std::string& text, std::vector<std::string> extra = {}) { return read_trial({text, "trials/t.toml"}, extra); }

TEST(TrialReader, ReadsArmsAndTargetsWithTheirSettings) {
  const Trial t = read_text(kTrial, {"run.seed=7"});
  EXPECT_EQ(t.name, "A trial");
  ASSERT_EQ(t.arms.size(), 2u);
  EXPECT_EQ(t.arms[1].overrides, (std::vector<std::string>{"protocol.preset=no_formal_pt", "run.seed=7", "run.replications=3", "run.patients=40"}));
  EXPECT_EQ(t.arms[0].scenario.run.replications, 3u);
  EXPECT_EQ(t.arms[0].scenario.run.patients, 40u);
  EXPECT_EQ(t.arms[1].scenario.run.seed, 7u);
  ASSERT_EQ(t.targets.size(), 2u);
  EXPECT_EQ(t.targets[0].arms, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(t.targets[0].follow_up, 1);
  EXPECT_EQ(t.targets[0].rule, "range");
  EXPECT_DOUBLE_EQ(t.targets[0].low, -10);
  EXPECT_EQ(t.targets[1].arms, (std::vector<std::size_t>{1}));
  EXPECT_DOUBLE_EQ(t.targets[1].low, 0.2);
  EXPECT_DOUBLE_EQ(t.targets[1].high, 0.2);
  EXPECT_DOUBLE_EQ(t.targets[1].published_se, 0.05);
  EXPECT_EQ(t.targets[1].group, "smokers");
  ASSERT_TRUE(t.targets[1].surgery.has_value());
  EXPECT_EQ(*t.targets[1].surgery, Surgery::Fusion);
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(TrialReader, EveryMalformedEntryNamesFileLineAndKey) {
  using test::expect_input_error;
  expect_input_error([] { read_text("x = 1\n"); }, {"trials/t.toml:1:1", "trial: expected a [trial] table"});
  expect_input_error([] { read_text(replaced(kTrial, "patients = 40", "patients = 40\ncolour = 1")); },
                     {"trials/t.toml:6:", "trial.colour: unknown key"});
  expect_input_error([] { read_text(replaced(kTrial, "patients = 40", "patients = 0.5")); },
                     {"trials/t.toml:5:", "trial.patients: expected a whole number"});
  expect_input_error([] { read_text(replaced(kTrial, "measure = \"nonunion_share\"", "measure = \"odi_mean\"")); },
                     {"trials/t.toml:", "trial.targets[1].measure: expected one of:", "\"odi_mean\""});
  expect_input_error([] { read_text(replaced(kTrial, "arms = [\"none\"]", "arms = [\"nobody\"]")); },
                     {"trial.targets[1].arms: expected the name of a [[trial.arms]] entry", "\"nobody\""});
  expect_input_error([] { read_text(replaced(kTrial, "arms = [\"standard\", \"none\"]", "arms = [\"standard\"]")); },
                     {"trial.targets[0].arms: expected two arms (A minus B) for odi_difference"});
  expect_input_error([] { read_text(replaced(kTrial, "at = \"3m\"", "at = \"4m\"")); }, {"trial.targets[0].at: expected 6w, 3m, 6m or 12m"});
  expect_input_error([] { read_text(replaced(kTrial, "rule = \"point\"", "rule = \"near\"")); }, {"trial.targets[1].rule: expected range, point"});
  expect_input_error([] { read_text(replaced(kTrial, "group = \"smokers\"", "group = \"women\"")); }, {"trial.targets[1].group: expected all"});
  expect_input_error([] { read_text(replaced(kTrial, "name = \"none\"", "name = \"standard\"")); },
                     {"trial.arms[1].name: expected a name no other arm has"});
  expect_input_error([] { read_text(replaced(kTrial, "value = 0.2", "value = \"0.2\"")); }, {"trial.targets[1].value: expected a number"});
  expect_input_error([] { read_text(replaced(kTrial, "protocol.preset=no_formal_pt", "protocol.preset=nonesuch")); }, {"protocol.preset"});
  expect_input_error([] { read_text("[trial\n"); }, {"trials/t.toml:1:"});
}

}  // namespace
}  // namespace rehabsim::models::calibration
