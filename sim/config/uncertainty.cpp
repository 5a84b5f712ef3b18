#include "sim/config/uncertainty.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "sim/config/toml_source.hpp"
#include "sim/core/distributions.hpp"
#include "sim/core/rng_stream.hpp"

namespace rehabsim::sim::config {

namespace {

// Purpose code of the PSA draws; codes from 0x80000000 up are reserved for the engine.
constexpr std::uint32_t kUncertaintyPurpose = 0x80000002u;
// The gamma and beta shapes the samplers draw reliably (see parameter_of).
constexpr double kMinShape = 0.05, kMaxShape = 1e8;
// Purpose code of the ensemble member a replication takes.
constexpr std::uint32_t kEnsemblePurpose = 0x80000003u;

const char* names[] = {"normal", "lognormal", "beta", "gamma", "uniform"};

}  // namespace

const Schema& uncertainty_table_schema() {
  const double inf = std::numeric_limits<double>::infinity();
  static const Schema schema({
      {"uncertainty.parameters", ValueType::TableArray, std::int64_t{0}, "", 1, inf, {}, "The uncertain parameters, one table each.", ""},
      {"uncertainty.ensemble",
       ValueType::TableArray,
       std::int64_t{0},
       "",
       1,
       inf,
       {},
       "Members of a joint ensemble (e.g. the calibration search's points not ruled out): each a table of scenario keys and values; "
       "a replication takes one member, drawn uniformly.",
       ""},
      {"uncertainty.parameters[].key", ValueType::String, std::string(), "", -inf, inf, {}, "Path of a numeric scenario key.", ""},
      {"uncertainty.parameters[].distribution",
       ValueType::String,
       std::string(),
       "",
       -inf,
       inf,
       {"normal", "lognormal", "beta", "gamma", "uniform"},
       "Distribution of the replication's draw.",
       ""},
      {"uncertainty.parameters[].mean", ValueType::Float, 0.0, "units of the key", -inf, inf, {}, "Mean (all but uniform).", ""},
      {"uncertainty.parameters[].sd", ValueType::Float, 0.0, "units of the key", -inf, inf, {}, "Standard deviation (all but uniform).", ""},
      {"uncertainty.parameters[].min", ValueType::Float, 0.0, "units of the key", -inf, inf, {}, "Lower end (uniform).", ""},
      {"uncertainty.parameters[].max", ValueType::Float, 0.0, "units of the key", -inf, inf, {}, "Upper end (uniform).", ""},
  });
  return schema;
}

namespace {

// The scenario key an uncertain parameter draws: numeric, and not a run setting.
const KeySpec* uncertain_key(const std::string& key, const std::string& at, const Schema& schema) {
  if (const std::string problem = index_problem(key); !problem.empty()) throw InputError(at + ": uncertainty key " + key + ": " + problem);
  const KeySpec* spec = schema.find(normalise_path(key));
  if (!spec || (spec->type != ValueType::Float && spec->type != ValueType::Integer)) {
    std::string message = at + ": uncertainty key \"" + key + "\": expected a numeric scenario key";
    if (const std::string s = schema.suggest(normalise_path(key), true); !s.empty() && !spec) message += "; did you mean \"" + s + "\"?";
    throw InputError(message);
  }
  if (!spec->sweepable) throw InputError(at + ": uncertainty key " + key + ": a run setting (seed, replications, outputs) cannot be uncertain");
  return spec;
}

UncertainParameter parameter_of(const toml::table& p, const std::string& at, const Schema& schema) {
  check_table_keys(p, "uncertainty.parameters[]", uncertainty_table_schema());
  UncertainParameter u;
  u.where = at;
  u.key = p["key"].value_or<std::string>("");
  u.spec = uncertain_key(u.key, at, schema);
  const std::string d = p["distribution"].value_or<std::string>("");
  const auto found = std::find(std::begin(names), std::end(names), d);
  if (found == std::end(names))
    throw InputError(at + ": uncertainty key " + u.key +
                     ": distribution: expected one of \"normal\", \"lognormal\", \"beta\", \"gamma\", \"uniform\", got \"" + d + "\"");
  u.distribution = static_cast<Distribution>(found - std::begin(names));
  const bool uniform = u.distribution == Distribution::Uniform;
  const auto first = p[uniform ? "min" : "mean"].value<double>(), second = p[uniform ? "max" : "sd"].value<double>();
  if (!first || !second)
    throw InputError(at + ": uncertainty key " + u.key + ": expected " + (uniform ? "min and max" : "mean and sd") + " for a " + d + " distribution");
  u.a = *first;
  u.b = *second;
  const auto bad = [&](const std::string& what) { return InputError(at + ": uncertainty key " + u.key + ": " + what); };
  if (uniform && !(u.a < u.b)) throw bad("expected min < max");
  // The moments are squared on the way to each distribution's parameters: beyond these magnitudes
  // the squares under- or overflow (0/0, inf/inf) and the draws are NaN.
  const auto representable = [](double v) { return v == 0 || (std::abs(v) >= 1e-150 && std::abs(v) <= 1e150); };
  if (!representable(u.a) || !representable(u.b)) throw bad("expected values between 1e-150 and 1e150 in magnitude (or 0)");
  if (!uniform && !(u.b > 0)) throw bad("expected sd > 0");
  if ((u.distribution == Distribution::Lognormal || u.distribution == Distribution::Gamma) && !(u.a > 0))
    throw bad("expected mean > 0 for a " + d + " distribution");
  if (u.distribution == Distribution::Beta && !(u.a > 0 && u.a < 1 && u.b * u.b < u.a * (1 - u.a)))
    throw bad("expected 0 < mean < 1 and sd^2 < mean (1 - mean) for a beta distribution");
  // The samplers' shapes must stay where they work: a shape near 0 draws values that underflow to 0
  // (a beta then gives 0/0), a huge one (an sd near 0) never leaves the gamma sampler's loop.
  const auto shapes_fit = [](double shape) { return shape >= kMinShape && shape <= kMaxShape; };
  if (u.distribution == Distribution::Gamma && !shapes_fit(u.a * u.a / (u.b * u.b)))
    throw bad("expected mean^2 / sd^2 (the gamma's shape) between " + std::to_string(kMinShape) +
              " and 1e8: a smaller sd is a fixed value "
              "(leave the key out of [uncertainty]), a larger one is better given as a lognormal");
  if (u.distribution == Distribution::Beta) {
    const double k = u.a * (1 - u.a) / (u.b * u.b) - 1;
    if (!shapes_fit(u.a * k) || !shapes_fit((1 - u.a) * k))
      throw bad("expected the beta's shapes mean k and (1 - mean) k, k = mean (1 - mean) / sd^2 - 1, between " + std::to_string(kMinShape) +
                " and 1e8 (an sd this close to its largest possible value, or this small, cannot be drawn reliably)");
  }
  return u;
}

// [[uncertainty.ensemble]]: every member gives the same numeric keys, each value within the key's range.
void read_ensemble(const toml::array& members, const std::string& where, const Schema& schema, UncertaintySpec& out) {
  if (!members.is_array_of_tables() || members.empty())
    throw InputError(where + ": uncertainty.ensemble: expected [[uncertainty.ensemble]] tables, one per member");
  std::vector<std::string> keys;
  const std::size_t first = out.parameters.size();
  for (std::size_t m = 0; m < members.size(); ++m) {
    const toml::table& member = *members.get(m)->as_table();
    const std::string at = where_of(member.source());
    std::vector<std::string> these;
    for (const auto& [k, _] : member) these.emplace_back(k.str());
    if (m == 0) {
      if (these.empty()) throw InputError(at + ": uncertainty.ensemble[0]: expected \"key\" = value entries");
      keys = these;
      for (std::size_t c = 0; c < keys.size(); ++c) {
        UncertainParameter u;
        u.where = at;
        u.key = keys[c];
        u.spec = uncertain_key(u.key, at, schema);
        u.distribution = Distribution::Ensemble;
        u.a = static_cast<double>(c);
        out.parameters.push_back(u);
      }
    } else if (these != keys) {
      throw InputError(at + ": uncertainty.ensemble[" + std::to_string(m) + "]: expected the same keys as the first member");
    }
    std::vector<double> values;
    for (std::size_t c = 0; c < keys.size(); ++c) {
      const auto v = member[keys[c]].value<double>();
      const KeySpec& spec = *out.parameters[first + c].spec;
      if (!v || !std::isfinite(*v) || *v < spec.min || *v > spec.max)
        throw InputError(at + ": uncertainty.ensemble[" + std::to_string(m) + "]." + keys[c] + ": expected a number within the key's range");
      values.push_back(*v);
    }
    out.ensemble.push_back(std::move(values));
  }
}

}  // namespace

UncertaintySpec read_uncertainty(const ScenarioSource& scenario, const Schema& schema) {
  UncertaintySpec out;
  const toml::table root = parse_toml(scenario.text, scenario.name);
  const toml::node* node = root.get("uncertainty");
  if (!node) return out;
  const std::string where = where_of(node->source());
  const toml::table* t = node->as_table();
  if (!t) throw InputError(where + ": uncertainty: expected a table ([uncertainty])");
  // The ensemble's member tables hold scenario keys, checked below, not keys of this table's schema.
  toml::table own = *t;
  own.erase("ensemble");
  check_table_keys(own, "uncertainty", uncertainty_table_schema());
  const toml::array* list = t->get_as<toml::array>("parameters");
  const toml::array* members = t->get_as<toml::array>("ensemble");
  if ((!list && !members) || (list && !list->is_array_of_tables()))
    throw InputError(where + ": uncertainty.parameters: expected [[uncertainty.parameters]] tables (or [[uncertainty.ensemble]] members)");
  if (list)
    for (const auto& element : *list) out.parameters.push_back(parameter_of(*element.as_table(), where_of(element.source()), schema));
  if (members) read_ensemble(*members, where, schema, out);
  for (std::size_t i = 0; i < out.parameters.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (out.parameters[i].key == out.parameters[j].key)
        throw InputError(out.parameters[i].where + ": uncertainty key " + out.parameters[i].key + ": uncertain twice (also at " +
                         out.parameters[j].where + ")");
  std::ostringstream text;
  toml::table wrapper;
  wrapper.insert("uncertainty", *t);
  text << wrapper << "\n";
  out.toml = text.str();
  return out;
}

std::vector<double> draw_parameters(const UncertaintySpec& spec, std::uint64_t seed, std::uint32_t replication) {
  std::vector<double> values;
  std::size_t member = 0;
  if (!spec.ensemble.empty()) {
    RngStream s({seed, replication, 0, kEnsemblePurpose});
    member = std::min(spec.ensemble.size() - 1, static_cast<std::size_t>(s.uniform01() * static_cast<double>(spec.ensemble.size())));
  }
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
      case Distribution::Ensemble: x = spec.ensemble[member][static_cast<std::size_t>(u.a)]; break;
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
    if (spec.parameters[i].spec->type == ValueType::Integer)
      std::snprintf(text, sizeof text, "%lld", static_cast<long long>(values[i]));
    else
      std::snprintf(text, sizeof text, "%.17e", values[i]);
    out.push_back(spec.parameters[i].key + "=" + text);
  }
  return out;
}

}  // namespace rehabsim::sim::config
