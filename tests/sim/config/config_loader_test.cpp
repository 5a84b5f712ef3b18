#include "sim/config/loader.hpp"

#include <gtest/gtest.h>

#include "support/input_error.hpp"

#include "sim/core/errors.hpp"

namespace rehabsim::sim::config {
namespace {

Schema test_schema() {
  const double inf = std::numeric_limits<double>::infinity();
  return Schema({
      {"clinic.therapists", ValueType::Integer, std::int64_t{4}, "therapists", 1, 500, {}, "Therapists.", ""},
      {"clinic.share", ValueType::Float, 0.5, "fraction 0-1", 0, 1, {}, "A share.", ""},
      {"clinic.mode", ValueType::String, std::string("clinic"), "", -inf, inf, {"clinic", "telehealth"}, "Mode.", ""},
      {"clinic.open", ValueType::Boolean, true, "", -inf, inf, {}, "Open.", ""},
      {"groups", ValueType::TableArray, std::int64_t{0}, "", 1, 4, {}, "Groups.", ""},
      {"groups[].name", ValueType::String, std::string("g"), "", -inf, inf, {}, "Name.", ""},
      {"groups[].size", ValueType::Integer, std::int64_t{10}, "", 0, 100, {}, "Size.", ""},
  });
}

const ScenarioSource kDefaults{"[[groups]]\nname = \"a\"\nsize = 1\n[[groups]]\nname = \"b\"\n", "default.toml"};

Values load(const std::string& text, std::vector<std::string> overrides = {}) {
  static const Schema schema = test_schema();
  return load_scenario({text, "scenarios/x.toml"}, overrides, schema, kDefaults);
}

std::string error_of(const std::string& text, std::vector<std::string> overrides = {}) {
  return test::input_error_of([&] { load(text, overrides); });
}

TEST(ConfigLoader, FillsDefaultsAndTakesArraysFromTheDefaultScenario) {
  const Values v = load("[clinic]\ntherapists = 6\n");
  EXPECT_EQ(v.integer("clinic.therapists"), 6);
  EXPECT_EQ(v.where("clinic.therapists"), "scenarios/x.toml:2:14");
  EXPECT_DOUBLE_EQ(v.number("clinic.share"), 0.5);
  EXPECT_EQ(v.where("clinic.share"), "default");
  ASSERT_EQ(v.count("groups"), 2u);
  EXPECT_EQ(v.string("groups[0].name"), "a");
  EXPECT_EQ(v.integer("groups[0].size"), 1);
  EXPECT_EQ(v.integer("groups[1].size"), 10);  // element default
}

TEST(ConfigLoader, IntegerIsAcceptedWhereANumberIsExpected) { EXPECT_DOUBLE_EQ(load("[clinic]\nshare = 1\n").number("clinic.share"), 1.0); }

TEST(ConfigLoader, OutOfRangeNamesFileLineColumnKeyAndExpectation) {
  EXPECT_EQ(error_of("\n[clinic]\ntherapists = -2\n"), "scenarios/x.toml:3:14: clinic.therapists: expected integer 1..500, got -2");
}

TEST(ConfigLoader, WrongTypeIsReported) {
  EXPECT_EQ(error_of("[clinic]\ntherapists = \"six\"\n"), "scenarios/x.toml:2:14: clinic.therapists: expected integer 1..500, got string 'six'");
  EXPECT_EQ(error_of("[clinic]\nmode = \"home\"\n"),
            "scenarios/x.toml:2:8: clinic.mode: expected one of \"clinic\", \"telehealth\", got string 'home'");
}

TEST(ConfigLoader, UnknownKeySuggestsTheClosest) {
  EXPECT_EQ(error_of("[clinic]\ntherapsts = 3\n"), "scenarios/x.toml:2:13: clinic.therapsts: unknown key; did you mean \"clinic.therapists\"?");
  EXPECT_EQ(error_of("[clinc]\ntherapists = 3\n"), "scenarios/x.toml:1:1: clinc: unknown key; did you mean \"clinic\"?");
  EXPECT_EQ(error_of("zzzzzzzz = 1\n"), "scenarios/x.toml:1:12: zzzzzzzz: unknown key");
}

TEST(ConfigLoader, ReportsEveryError) {
  const std::string e = error_of("[clinic]\ntherapists = 0\nshare = 2.0\n");
  EXPECT_NE(e.find("clinic.therapists"), std::string::npos);
  EXPECT_NE(e.find("clinic.share"), std::string::npos);
}

TEST(ConfigLoader, SyntaxErrorNamesLineAndColumn) {
  const std::string e = error_of("[clinic]\ntherapists = = 3\n");
  EXPECT_EQ(e.rfind("scenarios/x.toml:2:", 0), 0u) << e;
  EXPECT_NE(e.find("invalid TOML"), std::string::npos);
}

TEST(ConfigLoader, ArrayCountIsChecked) {
  EXPECT_NE(error_of("groups = []\n").find("groups: expected array of tables (1..4 entries), got 0 entries"), std::string::npos);
}

TEST(ConfigLoader, OverridesAreValidatedLikeTheFile) {
  const Values v = load("", {"clinic.therapists=6", "clinic.mode=telehealth", "groups[1].size=7", "clinic.open=false"});
  EXPECT_EQ(v.integer("clinic.therapists"), 6);
  EXPECT_EQ(v.where("clinic.therapists"), "--set clinic.therapists=6");
  EXPECT_EQ(v.string("clinic.mode"), "telehealth");
  EXPECT_EQ(v.integer("groups[1].size"), 7);
  EXPECT_EQ(v.string("groups[0].name"), "a");  // the rest of the array comes from the defaults
  EXPECT_FALSE(v.boolean("clinic.open"));
  EXPECT_EQ(error_of("", {"clinic.therapists=-2"}), "--set clinic.therapists=-2: clinic.therapists: expected integer 1..500, got -2");
  EXPECT_NE(error_of("", {"clinic.therapist=2"}).find("did you mean \"clinic.therapists\""), std::string::npos);
  // An array of tables is suggested, on the command line, as a number in its first element.
  EXPECT_NE(error_of("", {"grops=2"}).find("did you mean \"groups[0].size\""), std::string::npos);
  EXPECT_NE(error_of("[[grops]]\nsize = 2\n").find("did you mean \"groups\""), std::string::npos);
  EXPECT_NE(error_of("", {"groups[5].size=2"}).find("index 5 is out of range"), std::string::npos);
  EXPECT_NE(error_of("", {"novalue"}).find("expected KEY=VALUE"), std::string::npos);
}

TEST(ConfigLoader, EffectiveTomlReloadsToTheSameValues) {
  const Values v = load("[clinic]\ntherapists = 9\n", {"groups[0].size=3"});
  const Values again = load(v.to_toml());
  for (const auto& [path, located] : v.scalars()) EXPECT_EQ(again.scalars().at(path).value, located.value) << path;
}

TEST(ConfigLoader, MissingFileIsAnInputErrorNamingIt) {
  EXPECT_EQ(
      test::input_error_of([] { read_scenario_file("/nonexistent/dir/s.toml"); }).rfind("/nonexistent/dir/s.toml: cannot read scenario file", 0), 0u);
}

TEST(ConfigLoader, PresetIsTheBaseAndTheScenarioKeysApplyOnTop) {
  const double inf = std::numeric_limits<double>::infinity();
  static const Schema schema({
      {"p.preset", ValueType::String, std::string("none"), "", -inf, inf, {"none", "fast", "slow"}, "Preset.", ""},
      {"p.days", ValueType::Integer, std::int64_t{1}, "days", 0, 365, {}, "Days.", ""},
      {"p.rate", ValueType::Float, 0.5, "1", 0, 1, {}, "Rate.", ""},
  });
  const PresetLibrary library{"p", {{"fast", {"[p]\ndays = 7\nrate = 0.9\n", "fast.toml"}}, {"slow", {"[p]\ndays = 90\n", "slow.toml"}}}};
  const ScenarioSource none{"", "default.toml"};
  const auto load = [&](const std::string& text, std::vector<std::string> overrides = {}) {
    return load_scenario({text, "s.toml"}, overrides, schema, none, &library);
  };
  const Values fast = load("[p]\npreset = \"fast\"\n");
  EXPECT_EQ(fast.integer("p.days"), 7);
  EXPECT_DOUBLE_EQ(fast.number("p.rate"), 0.9);
  EXPECT_EQ(fast.where("p.days"), "fast.toml:2:8");
  const Values mine = load("[p]\npreset = \"fast\"\ndays = 3\n");  // the scenario's key wins
  EXPECT_EQ(mine.integer("p.days"), 3);
  // --set p.preset selects first; other overrides apply on top of it.
  const Values chosen = load("[p]\npreset = \"fast\"\n", {"p.rate=0.1", "p.preset=slow"});
  EXPECT_EQ(chosen.integer("p.days"), 90);
  EXPECT_DOUBLE_EQ(chosen.number("p.rate"), 0.1);
  EXPECT_THROW(load("[p]\npreset = \"medium\"\n"), InputError);  // not in the library: the key's choices say so
}

TEST(ConfigLoader, ArrayIndexesAreDecimalIntegersInRange) {
  EXPECT_EQ(parse_index("0"), 0u);
  EXPECT_EQ(parse_index("42"), 42u);
  EXPECT_EQ(parse_index("999999999"), 999999999u);
  for (const char* bad : {"", "1e3", "0x1", "-1", "+1", " 1", "1.0", "9999999999", "99999999999999999999"}) EXPECT_FALSE(parse_index(bad)) << bad;
  EXPECT_EQ(index_problem("groups[1].size"), "");
  EXPECT_NE(index_problem("groups[].size").find("got \"\""), std::string::npos);
  EXPECT_NE(index_problem("groups[1.size").find("closing ]"), std::string::npos);
  // --set reports the index as written, never as a wrapped-around number or an internal error.
  EXPECT_EQ(error_of("", {"groups[1e3].size=1"}),
            "--set groups[1e3].size=1: groups[1e3].size: expected an array index of decimal digits (0..999999999) inside [], got \"1e3\" "
            "(e.g. groups[0])");
  EXPECT_NE(error_of("", {"groups[-1].size=1"}).find("got \"-1\""), std::string::npos);
  EXPECT_NE(error_of("", {"groups[99999999999999999999].size=1"}).find("expected an array index"), std::string::npos);
  EXPECT_NE(error_of("", {"groups[5].size=1"}).find("index 5 is out of range (groups has 2 entries)"), std::string::npos);
}

}  // namespace
}  // namespace rehabsim::sim::config
