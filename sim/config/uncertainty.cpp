#include "sim/config/uncertainty.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "sim/config/toml_source.hpp"
#include "sim/distributions.hpp"
#include "sim/rng_stream.hpp"

namespace rehabsim::sim::config {

namespace {

// Purpose code of the PSA draws; codes from 0x80000000 up are reserved for the engine.
constexpr std::uint32_t kUncertaintyPurpose = 0x80000002u;

const char* names[] = {"normal", "lognormal", "beta", "gamma", "uniform"};

}  // namespace

UncertaintySpec read_uncertainty(const ScenarioSource& scenario, const Schema& schema) {
  UncertaintySpec out;
  const toml::table root = parse_toml(scenario.text, scenario.name);
  const toml::node* node = root.get("uncertainty");
  if (!node) return out;
  const std::string where = where_of(node->source());
  const toml::table* t = node->as_table();
  if (!t) throw InputError(where + ": uncertainty: expected a table ([uncertainty])");
  for (const auto& [name, value] : *t)
    if (name.str() != "parameters")
      throw InputError(where_of(value.source()) + ": uncertainty." + std::string(name.str()) + ": unknown key; expected [[uncertainty.parameters]]");
  const toml::array* list = t->get_as<toml::array>("parameters");
  if (!list || !list->is_array_of_tables())
    throw InputError(where + ": uncertainty.parameters: expected [[uncertainty.parameters]] tables");
  for (const auto& element : *list) {
    const toml::table& p = *element.as_table();
    const std::string at = where_of(element.source());
    for (const auto& [name, value] : p) {
      static const std::vector<std::string> known = {"key", "distribution", "mean", "sd", "min", "max"};
      if (std::find(known.begin(), known.end(), std::string(name.str())) == known.end())
        throw InputError(where_of(value.source()) + ": uncertainty.parameters[]." + std::string(name.str()) +
                         ": unknown key; expected key, distribution, mean and sd (or min and max)");
    }
    UncertainParameter u;
    u.key = p["key"].value_or<std::string>("");
    u.spec = schema.find(normalise_path(u.key));
    if (!u.spec || (u.spec->type != ValueType::Float && u.spec->type != ValueType::Integer)) {
      std::string message = at + ": uncertainty key \"" + u.key + "\": expected a numeric scenario key";
      if (const std::string s = schema.suggest(normalise_path(u.key)); !s.empty() && !u.spec) message += "; did you mean \"" + s + "\"?";
      throw InputError(message);
    }
    if (!u.spec->sweepable)
      throw InputError(at + ": uncertainty key " + u.key + ": a run setting (seed, replications, outputs) cannot be uncertain");
    const std::string d = p["distribution"].value_or<std::string>("");
    const auto found = std::find(std::begin(names), std::end(names), d);
    if (found == std::end(names))
      throw InputError(at + ": uncertainty key " + u.key + ": distribution: expected one of \"normal\", \"lognormal\", \"beta\", \"gamma\", \"uniform\", got \"" + d + "\"");
    u.distribution = static_cast<Distribution>(found - std::begin(names));
    const bool uniform = u.distribution == Distribution::Uniform;
    const auto first = p[uniform ? "min" : "mean"].value<double>(), second = p[uniform ? "max" : "sd"].value<double>();
    if (!first || !second)
      throw InputError(at + ": uncertainty key " + u.key + ": expected " + (uniform ? "min and max" : "mean and sd") + " for a " + d + " distribution");
    u.a = *first;
    u.b = *second;
    const auto bad = [&](const std::string& what) { return InputError(at + ": uncertainty key " + u.key + ": " + what); };
    if (uniform && !(u.a < u.b)) throw bad("expected min < max");
    if (!uniform && !(u.b > 0)) throw bad("expected sd > 0");
    if ((u.distribution == Distribution::Lognormal || u.distribution == Distribution::Gamma) && !(u.a > 0))
      throw bad("expected mean > 0 for a " + d + " distribution");
    if (u.distribution == Distribution::Beta && !(u.a > 0 && u.a < 1 && u.b * u.b < u.a * (1 - u.a)))
      throw bad("expected 0 < mean < 1 and sd^2 < mean (1 - mean) for a beta distribution");
    out.parameters.push_back(u);
  }
  std::ostringstream text;
  toml::table wrapper;
  wrapper.insert("uncertainty", *t);
  text << wrapper << "\n";
  out.toml = text.str();
  return out;
}

std::vector<double> draw_parameters(const UncertaintySpec& spec, std::uint64_t seed, std::uint32_t replication) {
  std::vector<double> values;
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const UncertainParameter& u = spec.parameters[i];
    RngStream s({seed, replication, static_cast<std::uint32_t>(i), kUncertaintyPurpose});
    double x = 0;
    switch (u.distribution) {
      case Distribution::Normal: x = normal(s, u.a, u.b); break;
      case Distribution::Lognormal: {  // natural-scale mean and sd -> log-scale mu and sigma
        const double sigma2 = std::log1p(u.b * u.b / (u.a * u.a));
        x = lognormal(s, std::log(u.a) - 0.5 * sigma2, std::sqrt(sigma2));
        break;
      }
      case Distribution::Beta: {  // method of moments
        const double k = u.a * (1 - u.a) / (u.b * u.b) - 1;
        x = beta(s, u.a * k, (1 - u.a) * k);
        break;
      }
      case Distribution::Gamma: x = gamma(s, u.a * u.a / (u.b * u.b), u.b * u.b / u.a); break;
      case Distribution::Uniform: x = uniform(s, u.a, u.b); break;
    }
    x = std::clamp(x, u.spec->min, u.spec->max);
    if (u.spec->type == ValueType::Integer) x = std::round(x);
    values.push_back(x);
  }
  return values;
}

std::vector<std::string> parameter_overrides(const UncertaintySpec& spec, const std::vector<double>& values) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    char text[64];
    if (spec.parameters[i].spec->type == ValueType::Integer) std::snprintf(text, sizeof text, "%lld", static_cast<long long>(values[i]));
    else std::snprintf(text, sizeof text, "%.17e", values[i]);
    out.push_back(spec.parameters[i].key + "=" + text);
  }
  return out;
}

}  // namespace rehabsim::sim::config
