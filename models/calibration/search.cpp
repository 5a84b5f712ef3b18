#include "models/calibration/search.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <regex>

#include "models/calibration/target_verdict.hpp"
#include "models/calibration/trial_reader.hpp"
#include "models/calibration/trial_run.hpp"
#include "models/scenario/default_scenario.hpp"
#include "models/scenario/protocol_presets.hpp"
#include "models/scenario/scenario_bindings.hpp"
#include "sim/config/toml_source.hpp"
#include "sim/core/distributions.hpp"
#include "sim/core/errors.hpp"
#include "sim/stats/summary_stats.hpp"

namespace rehabsim::models::calibration {
namespace {

using sim::InputError;

// "file:line:column" of a node of the priors file.
std::string where(const toml::node& n) { return sim::config::where_of(n.source()); }

std::string exact(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

// The key's own rules (a numeric key that exists, the bound within its allowed range); rules that
// tie several keys together are met by the search itself (a point breaking one is refused and
// counts as ruled out), since a bound alone, with the other keys at their defaults, may break them.
// `cohorts[surgery=NAME].KEY`: KEY of every cohort of that surgery, in whatever order a trial lists them.
const std::regex kBySurgery(R"(^cohorts\[surgery=([a-z]+)\]\.(.+)$)");

const sim::config::KeySpec& check_bound(const std::string& key, double bound) {
  std::smatch m;
  if (std::regex_match(key, m, kBySurgery) && std::find(kSurgeryNames.begin(), kSurgeryNames.end(), m[1].str()) == kSurgeryNames.end())
    throw InputError("expected cohorts[surgery=discectomy|fusion|decompression], got surgery " + m[1].str());
  const std::string normalised =
      std::regex_replace(std::regex_replace(key, std::regex(R"(\[surgery=[a-z]+\])"), "[]"), std::regex(R"(\[[0-9]+\])"), "[]");
  const sim::config::KeySpec* spec = scenario_schema().find(normalised);
  if (!spec) {
    const std::string near = scenario_schema().suggest(normalised, true);
    throw InputError("unknown scenario key" + (near.empty() ? std::string() : " (did you mean " + near + "?)"));
  }
  if (spec->type != sim::config::ValueType::Float && spec->type != sim::config::ValueType::Integer)
    throw InputError("expected a numeric key, this one is not a number");
  if (bound < spec->min || bound > spec->max) throw InputError("outside the key's allowed range " + exact(spec->min) + " to " + exact(spec->max));
  return *spec;
}

double reflect(double u) {
  u = std::fmod(std::abs(u), 2.0);
  return u > 1.0 ? 2.0 - u : u;
}

// The overrides as a trial's scenario takes them: a key by surgery becomes the key of each of the
// trial's cohorts of that surgery (none: the parameter does not concern this trial).
std::vector<std::string> for_trial(const std::vector<std::string>& overrides, const std::vector<CohortSpec>& cohorts) {
  std::vector<std::string> out;
  static const std::regex by_surgery(R"(^cohorts\[surgery=([a-z]+)\]\.([^=]+)=(.*)$)");
  for (const auto& o : overrides) {
    std::smatch m;
    if (!std::regex_match(o, m, by_surgery)) {
      out.push_back(o);
      continue;
    }
    for (std::size_t i = 0; i < cohorts.size(); ++i)
      if (kSurgeryNames[static_cast<std::size_t>(cohorts[i].surgery)] == m[1].str())
        out.push_back("cohorts[" + std::to_string(i) + "]." + m[2].str() + "=" + m[3].str());
  }
  return out;
}

}  // namespace

std::vector<Prior> read_priors(const sim::config::ScenarioSource& source) {
  const std::string& file = source.name;
  const toml::table doc = sim::config::parse_toml(source.text, file);
  const toml::array* list = doc["parameters"].as_array();
  if (!list || list->empty()) throw InputError(file + ":1:1: parameters: expected [[parameters]] entries (key, low, high, reasoning)");
  std::vector<Prior> priors;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string path = "parameters[" + std::to_string(i) + "]";
    const toml::table* t = list->get(i)->as_table();
    if (!t) throw InputError(where(*list->get(i)) + ": " + path + ": expected a table");
    for (const auto& [k, n] : *t) {
      static const std::vector<std::string> known = {"key", "low", "high", "scale", "default", "reasoning", "evidence"};
      if (std::find(known.begin(), known.end(), std::string(k.str())) == known.end())
        throw InputError(where(n) + ": " + path + "." + std::string(k.str()) +
                         ": unknown key; expected key, low, high, scale, default, reasoning or evidence");
    }
    const auto text = [&](const char* key, bool required) -> std::string {
      const toml::node* n = t->get(key);
      if (!n) {
        if (required) throw InputError(where(*t) + ": " + path + "." + key + ": expected a string, got nothing");
        return "";
      }
      if (!n->is_string() || (required && (**n->as_string()).empty()))
        throw InputError(where(*n) + ": " + path + "." + key + ": expected a non-empty string");
      return **n->as_string();
    };
    const auto number = [&](const char* key, bool required) {
      const toml::node* n = t->get(key);
      if (!n) {
        if (required) throw InputError(where(*t) + ": " + path + "." + key + ": expected a number, got nothing");
        return std::numeric_limits<double>::quiet_NaN();
      }
      if (n->is_integer()) return static_cast<double>(**n->as_integer());
      if (n->is_floating_point() && std::isfinite(**n->as_floating_point())) return **n->as_floating_point();
      throw InputError(where(*n) + ": " + path + "." + key + ": expected a finite number");
    };
    Prior p;
    p.key = text("key", true);
    p.low = number("low", true);
    p.high = number("high", true);
    p.default_value = number("default", false);
    p.reasoning = text("reasoning", true);
    p.evidence = text("evidence", false);
    const std::string scale = t->contains("scale") ? text("scale", true) : "linear";
    if (scale != "linear" && scale != "log")
      throw InputError(where(*t->get("scale")) + ": " + path + ".scale: expected linear or log, got \"" + scale + "\"");
    p.log_scale = scale == "log";
    if (!(p.low < p.high)) throw InputError(where(*t) + ": " + path + ": expected low < high, got " + exact(p.low) + " and " + exact(p.high));
    if (p.log_scale && !(p.low > 0))
      throw InputError(where(*t) + ": " + path + ".low: expected a positive bound on the log scale, got " + exact(p.low));
    for (const Prior& other : priors)
      if (other.key == p.key) throw InputError(where(*t) + ": " + path + ".key: \"" + p.key + "\" has a prior already");
    for (const double bound : {p.low, p.high}) {
      try {
        p.integer = check_bound(p.key, bound).type == sim::config::ValueType::Integer;
      } catch (const InputError& e) {
        throw InputError(where(*t) + ": " + path + ": " + p.key + " = " + exact(bound) + " is refused: " + e.what());
      }
    }
    priors.push_back(std::move(p));
  }
  return priors;
}

Observation observation_of(const TargetSpec& t) {
  if (t.rule == "point") return {t.low, t.published_se, 0};
  if (t.rule == "ci_above") return {t.low, 0, +1};
  if (t.rule == "ci_below") return {t.high, 0, -1};
  const bool low = std::isfinite(t.low), high = std::isfinite(t.high);
  if (low && high) return {0.5 * (t.low + t.high), (t.high - t.low) / (2 * 1.96), 0};
  if (low) return {t.low, 0, +1};
  return {t.high, 0, -1};
}

double discrepancy_sd(const Observation& o, double fraction) { return fraction * std::max(std::abs(o.value), o.sd); }

double implausibility(const Observation& o, double sim_mean, double sim_se, double discrepancy) {
  if (!std::isfinite(sim_mean)) return std::numeric_limits<double>::infinity();
  const double distance = sim_mean - o.value;
  if ((o.side > 0 && distance >= 0) || (o.side < 0 && distance <= 0)) return 0.0;
  const double se = std::isfinite(sim_se) ? sim_se : 0.0;
  const double scale = std::sqrt(o.sd * o.sd + se * se + discrepancy * discrepancy);
  if (!(scale > 0)) return distance == 0 ? 0.0 : std::numeric_limits<double>::infinity();
  return std::abs(distance) / scale;
}

double value_at(const Prior& p, double unit) {
  const double v = p.log_scale ? std::exp(std::log(p.low) + unit * (std::log(p.high) - std::log(p.low))) : p.low + unit * (p.high - p.low);
  return p.integer ? std::round(v) : v;
}

double unit_of(const Prior& p, double value) {
  if (p.log_scale) return (std::log(value) - std::log(p.low)) / (std::log(p.high) - std::log(p.low));
  return (value - p.low) / (p.high - p.low);
}

std::vector<std::string> overrides_of(const std::vector<Prior>& priors, const std::vector<double>& unit_point) {
  std::vector<std::string> out;
  for (std::size_t k = 0; k < priors.size(); ++k) out.push_back(priors[k].key + "=" + exact(value_at(priors[k], unit_point.at(k))));
  return out;
}

std::vector<std::string> for_default_scenario(const std::vector<std::string>& overrides) {
  static const std::vector<CohortSpec> cohorts = [] {
    const sim::config::ScenarioSource d{std::string(default_scenario_toml()), "scenarios/default.toml"};
    return scenario_from_values(sim::config::load_scenario(d, {}, scenario_schema(), d, &protocol_presets())).cohorts;
  }();
  return for_trial(overrides, cohorts);
}

bool acceptable(const std::vector<Prior>& priors, const std::vector<double>& unit_point) {
  const sim::config::ScenarioSource d{std::string(default_scenario_toml()), "scenarios/default.toml"};
  try {
    (void)scenario_from_values(
        sim::config::load_scenario(d, for_default_scenario(overrides_of(priors, unit_point)), scenario_schema(), d, &protocol_presets()));
    return true;
  } catch (const InputError&) {
    return false;
  }
}

std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t dims, sim::RngStream& stream) {
  std::vector<std::vector<double>> points(n, std::vector<double>(dims));
  std::vector<std::size_t> strata(n);
  for (std::size_t d = 0; d < dims; ++d) {
    std::iota(strata.begin(), strata.end(), std::size_t{0});
    for (std::size_t i = n; i > 1; --i) std::swap(strata[i - 1], strata[static_cast<std::size_t>(stream.uniform01() * static_cast<double>(i))]);
    for (std::size_t i = 0; i < n; ++i) points[i][d] = (static_cast<double>(strata[i]) + stream.uniform01()) / static_cast<double>(n);
  }
  return points;
}

std::vector<std::vector<double>> refocus(const std::vector<std::vector<double>>& kept, std::size_t n, double spread, double min_sd,
                                         sim::RngStream& stream) {
  if (kept.empty()) throw std::invalid_argument("refocus: no points to draw around");
  const std::size_t dims = kept.front().size();
  std::vector<double> sd(dims, min_sd);
  if (kept.size() > 1)
    for (std::size_t d = 0; d < dims; ++d) {
      double mean = 0, ss = 0;
      for (const auto& p : kept) mean += p[d];
      mean /= static_cast<double>(kept.size());
      for (const auto& p : kept) ss += (p[d] - mean) * (p[d] - mean);
      sd[d] = std::max(min_sd, std::sqrt(ss / static_cast<double>(kept.size() - 1)));
    }
  std::vector<std::vector<double>> out(n, std::vector<double>(dims));
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t d = 0; d < dims; ++d) out[j][d] = reflect(kept[j % kept.size()][d] + spread * sd[d] * sim::normal(stream, 0.0, 1.0));
  return out;
}

std::vector<std::pair<std::string, std::string>> target_names(const std::vector<sim::config::ScenarioSource>& trials) {
  std::vector<std::pair<std::string, std::string>> names;
  for (const auto& source : trials)
    for (const TargetSpec& t : read_trial(source, {}).targets) names.emplace_back(source.name, t.name);
  return names;
}

std::vector<TargetFit> evaluate_point(const std::vector<sim::config::ScenarioSource>& trials, const std::vector<std::string>& overrides,
                                      double discrepancy_fraction, std::uint32_t replications) {
  std::vector<TargetFit> fits;
  static const std::regex by_surgery_override(R"(^cohorts\[surgery=)");
  const bool by_surgery =
      std::any_of(overrides.begin(), overrides.end(), [](const std::string& o) { return std::regex_search(o, by_surgery_override); });
  for (const auto& source : trials) {
    // The trial's own cohorts (their surgeries) decide where keys by surgery go; read only when needed.
    Trial trial = read_trial(source, by_surgery ? for_trial(overrides, read_trial(source, {}).arms.front().scenario.cohorts) : overrides);
    if (replications)
      for (Arm& arm : trial.arms) arm.scenario.run.replications = replications;
    const std::vector<std::vector<double>> values = simulate_trial(trial);
    for (std::size_t k = 0; k < trial.targets.size(); ++k) {
      const sim::SampleSummary s = sim::summarise(values[k]);
      const double se = s.n > 1 ? s.sd / std::sqrt(static_cast<double>(s.n)) : std::numeric_limits<double>::quiet_NaN();
      const Observation o = observation_of(trial.targets[k]);
      fits.push_back({source.name, trial.targets[k].name, s.mean, se, implausibility(o, s.mean, se, discrepancy_sd(o, discrepancy_fraction)),
                      judge(trial.targets[k], values[k]).holds});
    }
  }
  return fits;
}

}  // namespace rehabsim::models::calibration
