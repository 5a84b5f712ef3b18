#include "models/calibration/trial_reader.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <cmath>

#include "models/scenario/default_scenario.hpp"
#include "models/scenario/protocol_presets.hpp"
#include "models/scenario/scenario_bindings.hpp"
#include "sim/core/errors.hpp"

namespace rehabsim::models::calibration {
namespace {

using sim::InputError;

std::string where(const toml::node& n, const std::string& file) {
  const auto& s = n.source();
  return file + ":" + std::to_string(s.begin.line) + ":" + std::to_string(s.begin.column);
}

const std::vector<std::string> kTrialKeys = {"name", "source", "population", "design", "replications", "patients", "arms", "targets"};
const std::vector<std::string> kArmKeys = {"name", "set"};
const std::vector<std::string> kTargetKeys = {"name", "measure", "arms",  "at",           "day",      "published", "source",  "rule",
                                              "low",  "high",    "value", "published_se", "decimals", "group",     "surgery", "known_gap"};

std::string joined(const std::vector<std::string>& items) {
  std::string list;
  for (const auto& s : items) list += (list.empty() ? "" : ", ") + s;
  return list;
}

std::string text_of(const toml::table& t, const std::string& key, const std::string& path, const std::string& file, bool required = true) {
  const toml::node* n = t.get(key);
  if (!n) {
    if (required) throw InputError(where(t, file) + ": " + path + "." + key + ": expected a string, got nothing");
    return "";
  }
  if (!n->is_string()) throw InputError(where(*n, file) + ": " + path + "." + key + ": expected a string");
  return **n->as_string();
}

double number_of(const toml::node& n, const std::string& path, const std::string& file) {
  if (n.is_integer()) return static_cast<double>(**n.as_integer());
  if (n.is_floating_point()) return **n.as_floating_point();
  throw InputError(where(n, file) + ": " + path + ": expected a number");
}

void check_keys(const toml::table& t, const std::vector<std::string>& known, const std::string& path, const std::string& file) {
  for (const auto& [k, n] : t)
    if (std::find(known.begin(), known.end(), std::string(k.str())) == known.end())
      throw InputError(where(n, file) + ": " + path + "." + std::string(k.str()) + ": unknown key; expected one of: " + joined(known));
}

Scenario load_arm_scenario(const sim::config::ScenarioSource& src, const std::vector<std::string>& overrides) {
  const sim::config::ScenarioSource d{std::string(default_scenario_toml()), "scenarios/default.toml"};
  return scenario_from_values(sim::config::load_scenario(src, overrides, scenario_schema(), d, &protocol_presets()));
}

Arm read_arm(const toml::node& node, const std::string& p, const std::string& path, const Trial& trial) {
  const toml::table* at = node.as_table();
  if (!at) throw InputError(where(node, path) + ": " + p + ": expected a table");
  check_keys(*at, kArmKeys, p, path);
  Arm arm;
  arm.name = text_of(*at, "name", p, path);
  for (const Arm& other : trial.arms)
    if (other.name == arm.name) throw InputError(where(*at, path) + ": " + p + ".name: expected a name no other arm has, got \"" + arm.name + "\"");
  if (const toml::array* set = (*at)["set"].as_array())
    for (const auto& o : *set) {
      if (!o.is_string()) throw InputError(where(o, path) + ": " + p + ".set: expected strings \"key.path=value\"");
      arm.overrides.push_back(**o.as_string());
    }
  return arm;
}

TargetSpec read_target(const toml::node& node, const std::string& p, const std::string& path, const Trial& trial) {
  const toml::table* tt = node.as_table();
  if (!tt) throw InputError(where(node, path) + ": " + p + ": expected a table");
  check_keys(*tt, kTargetKeys, p, path);
  TargetSpec spec;
  spec.name = text_of(*tt, "name", p, path);
  spec.measure = text_of(*tt, "measure", p, path);
  if (std::find(kMeasures.begin(), kMeasures.end(), spec.measure) == kMeasures.end())
    throw InputError(where(*tt->get("measure"), path) + ": " + p + ".measure: expected one of: " + joined(kMeasures) + "; got \"" + spec.measure +
                     "\"");
  spec.published = text_of(*tt, "published", p, path);
  spec.source = text_of(*tt, "source", p, path);
  if (tt->contains("rule")) spec.rule = text_of(*tt, "rule", p, path);
  if (std::find(kRules.begin(), kRules.end(), spec.rule) == kRules.end())
    throw InputError(where(*tt->get("rule"), path) + ": " + p + ".rule: expected range, point, ci_above or ci_below; got \"" + spec.rule + "\"");
  if (tt->contains("known_gap")) spec.known_gap = text_of(*tt, "known_gap", p, path);
  if (tt->contains("group")) spec.group = text_of(*tt, "group", p, path);
  if (spec.group != "all" && spec.group != "smokers" && spec.group != "non_smokers")
    throw InputError(where(*tt->get("group"), path) + ": " + p + ".group: expected all, smokers or non_smokers");
  if (tt->contains("surgery")) {
    const std::string sname = text_of(*tt, "surgery", p, path);
    const auto it = std::find(kSurgeryNames.begin(), kSurgeryNames.end(), sname);
    if (it == kSurgeryNames.end())
      throw InputError(where(*tt->get("surgery"), path) + ": " + p + ".surgery: expected discectomy, fusion or decompression");
    spec.surgery = static_cast<Surgery>(it - kSurgeryNames.begin());
  }
  if (tt->contains("at")) {
    const std::string at = text_of(*tt, "at", p, path);
    const auto* end = std::end(kFollowUpNames);
    const auto* f = std::find_if(std::begin(kFollowUpNames), end, [&](const char* n) { return at == n; });
    if (f == end) throw InputError(where(*tt->get("at"), path) + ": " + p + ".at: expected 6w, 3m, 6m or 12m; got \"" + at + "\"");
    spec.follow_up = static_cast<int>(f - std::begin(kFollowUpNames));
  }
  for (const std::string key : {"day", "low", "high", "value", "published_se", "decimals"})
    if (const toml::node* n = tt->get(key)) {
      const double v = number_of(*n, p + "." + key, path);
      if (key == "day")
        spec.day = v;
      else if (key == "low")
        spec.low = v;
      else if (key == "high")
        spec.high = v;
      else if (key == "value")
        spec.low = spec.high = v;
      else if (key == "published_se")
        spec.published_se = v;
      else
        spec.decimals = static_cast<int>(v);
    }
  const toml::array* on = (*tt)["arms"].as_array();
  if (!on || on->empty() || on->size() > 2) throw InputError(where(*tt, path) + ": " + p + ".arms: expected one or two arm names");
  for (const auto& n : *on) {
    if (!n.is_string()) throw InputError(where(n, path) + ": " + p + ".arms: expected an arm name");
    const auto a = std::find_if(trial.arms.begin(), trial.arms.end(), [&](const Arm& arm) { return arm.name == **n.as_string(); });
    if (a == trial.arms.end())
      throw InputError(where(n, path) + ": " + p + ".arms: expected the name of a [[trial.arms]] entry, got \"" + **n.as_string() + "\"");
    spec.arms.push_back(static_cast<std::size_t>(a - trial.arms.begin()));
  }
  const bool comparison = is_comparison(spec.measure);
  if (comparison != (spec.arms.size() == 2))
    throw InputError(where(*on, path) + ": " + p + ".arms: expected " + (comparison ? "two arms (A minus B)" : "one arm") + " for " + spec.measure);
  return spec;
}

}  // namespace

Trial read_trial(const sim::config::ScenarioSource& src, const std::vector<std::string>& extra) {
  const std::string& path = src.name;
  Trial trial;
  trial.file = path;
  toml::table doc;
  try {
    doc = toml::parse(src.text, path);
  } catch (const toml::parse_error& e) {
    throw InputError(path + ":" + std::to_string(e.source().begin.line) + ":" + std::to_string(e.source().begin.column) + ": " +
                     std::string(e.description()));
  }
  const toml::table* t = doc["trial"].as_table();
  if (!t) throw InputError(path + ":1:1: trial: expected a [trial] table (name, source, arms, targets)");
  check_keys(*t, kTrialKeys, "trial", path);
  trial.name = text_of(*t, "name", "trial", path);
  trial.source = text_of(*t, "source", "trial", path);
  trial.population = text_of(*t, "population", "trial", path, false);
  trial.design = text_of(*t, "design", "trial", path, false);
  for (const std::string k : {"replications", "patients"})
    if (const toml::node* n = t->get(k)) {
      const double v = number_of(*n, "trial." + k, path);
      if (!(v >= 1 && v <= 1e6 && v == std::floor(v))) throw InputError(where(*n, path) + ": trial." + k + ": expected a whole number 1-1000000");
      (k == "replications" ? trial.replications : trial.patients) = static_cast<std::uint32_t>(v);
    }
  const toml::array* arms = (*t)["arms"].as_array();
  if (!arms || arms->empty()) throw InputError(where(*t, path) + ": trial.arms: expected [[trial.arms]] entries (name, set)");
  for (std::size_t a = 0; a < arms->size(); ++a) {
    Arm arm = read_arm(*arms->get(a), "trial.arms[" + std::to_string(a) + "]", path, trial);
    arm.overrides.insert(arm.overrides.end(), extra.begin(), extra.end());
    if (trial.replications) arm.overrides.push_back("run.replications=" + std::to_string(trial.replications));
    if (trial.patients) arm.overrides.push_back("run.patients=" + std::to_string(trial.patients));
    arm.scenario = load_arm_scenario(src, arm.overrides);
    trial.arms.push_back(std::move(arm));
  }
  const toml::array* targets = (*t)["targets"].as_array();
  if (!targets || targets->empty()) throw InputError(where(*t, path) + ": trial.targets: expected [[trial.targets]] entries");
  for (std::size_t k = 0; k < targets->size(); ++k)
    trial.targets.push_back(read_target(*targets->get(k), "trial.targets[" + std::to_string(k) + "]", path, trial));
  return trial;
}

}  // namespace rehabsim::models::calibration
