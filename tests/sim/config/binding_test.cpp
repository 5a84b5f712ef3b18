// Bindings on their own: one declaration gives a key's schema entry (type and default from the
// member) and sets that member from loaded values, in groups and arrays of tables.
#include "sim/config/binding.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "sim/config/loader.hpp"

namespace rehabsim::sim::config {
namespace {

enum class Colour { Red, Green };
constexpr std::array<const char*, 2> kColours = {"red", "green"};

struct Item {
  std::string name = "item";
  double weight_kg = 2.5;
};
struct Part {
  int count = 3;
  bool open = true;
};
struct Root {
  double rate_per_day = 0.25;
  std::uint32_t patients = 10;
  Colour colour = Colour::Green;
  std::array<double, 2> pair{1, 2};
  Part part;
  std::vector<Item> items;
};

#define AT(member) \
  [](auto& x) -> auto& { return x.member; }

Bindings<Root> bindings() {
  Bindings<Part> part;
  part.add({"count", "1", 0, 9, "How many.", ""}, AT(count));
  part.add({"open", "", -INFINITY, INFINITY, "Open or not.", ""}, AT(open));
  Bindings<Item> item;
  item.add({"name", "", -INFINITY, INFINITY, "Label.", ""}, AT(name));
  item.add({"weight_kg", "kg", 0, 100, "Weight.", "a source"}, AT(weight_kg));
  Bindings<Root> b;
  b.add({"a.rate_per_day", "1/day", 0, 1, "A rate.", "Smith 2020"}, AT(rate_per_day));
  b.add({"a.patients", "patients", 1, 100, "Patients.", ""}, AT(patients));
  b.add({"a.colour", "", -INFINITY, INFINITY, "Colour.", ""}, AT(colour), kColours);
  b.add({"a.second", "", 0, 10, "Second of the pair.", ""}, AT(pair[1]));
  b.add_group("part", AT(part), part);
  b.add_array({"items", "", 0, 5, "Items.", ""}, AT(items), item);
  return b;
}

#undef AT

TEST(Bindings, OneDeclarationGivesTheSchemaEntryWithTheStructsDefault) {
  const auto keys = bindings().keys();
  std::vector<std::string> paths;
  for (const auto& k : keys) paths.push_back(k.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"a.rate_per_day", "a.patients", "a.colour", "a.second", "part.count", "part.open", "items",
                                             "items[].name", "items[].weight_kg"}));
  EXPECT_EQ(keys[0].type, ValueType::Float);
  EXPECT_EQ(std::get<double>(keys[0].default_value), 0.25);
  EXPECT_EQ(keys[0].unit, "1/day");
  EXPECT_EQ(keys[0].source, "Smith 2020");
  EXPECT_EQ(keys[1].type, ValueType::Integer);
  EXPECT_EQ(std::get<std::int64_t>(keys[1].default_value), 10);
  EXPECT_EQ(keys[2].type, ValueType::String);
  EXPECT_EQ(std::get<std::string>(keys[2].default_value), "green");
  EXPECT_EQ(keys[2].choices, (std::vector<std::string>{"red", "green"}));
  EXPECT_EQ(std::get<double>(keys[3].default_value), 2.0);
  EXPECT_EQ(keys[5].type, ValueType::Boolean);
  EXPECT_EQ(keys[6].type, ValueType::TableArray);
  EXPECT_EQ(std::get<double>(keys[8].default_value), 2.5);
  EXPECT_EQ(keys[8].max, 100);
}

TEST(Bindings, ApplySetsEveryBoundMember) {
  const Bindings<Root> b = bindings();
  const Schema schema(b.keys());
  const ScenarioSource defaults{"[[items]]\nname = \"x\"\n", "default.toml"};
  const Values v = load_scenario({"[a]\nrate_per_day = 0.5\ncolour = \"red\"\nsecond = 7.0\n[part]\nopen = false\n"
                                  "[[items]]\nname = \"p\"\n[[items]]\nweight_kg = 9.0\n",
                                  "s.toml"},
                                 {"part.count=4"}, schema, defaults);
  const Root r = b.apply(v);
  EXPECT_EQ(r.rate_per_day, 0.5);
  EXPECT_EQ(r.patients, 10u);  // the default
  EXPECT_EQ(r.colour, Colour::Red);
  EXPECT_EQ(r.pair[0], 1.0);
  EXPECT_EQ(r.pair[1], 7.0);
  EXPECT_EQ(r.part.count, 4);
  EXPECT_FALSE(r.part.open);
  ASSERT_EQ(r.items.size(), 2u);
  EXPECT_EQ(r.items[0].name, "p");
  EXPECT_EQ(r.items[0].weight_kg, 2.5);
  EXPECT_EQ(r.items[1].name, "item");
  EXPECT_EQ(r.items[1].weight_kg, 9.0);
  // values() reads back what apply() set, by concrete path.
  const auto back = b.values(r);
  ASSERT_EQ(back.size(), 10u);
  EXPECT_EQ(back[0].first, "a.rate_per_day");
  EXPECT_EQ(std::get<double>(back[0].second), 0.5);
  EXPECT_EQ(std::get<std::string>(back[2].second), "red");
  EXPECT_EQ(back[8].first, "items[1].name");
  EXPECT_EQ(std::get<double>(back[9].second), 9.0);
}

}  // namespace
}  // namespace rehabsim::sim::config
