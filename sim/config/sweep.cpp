#include "sim/config/sweep.hpp"

#include <cmath>
#include <cstdio>
#include <numeric>
#include <set>
#include <sstream>

#include "sim/config/edit_distance.hpp"
#include "sim/config/toml_source.hpp"
#include "sim/core/distributions.hpp"
#include "sim/core/rng_stream.hpp"

namespace rehabsim::sim::config {

namespace {

// Purpose code of the sweep design's stream; codes from 0x80000000 up are reserved for the engine.
constexpr std::uint32_t kSweepDesignPurpose = 0x80000001u;

SweepMode mode_of(const std::string& text, const std::string& where) {
  if (text == "grid") return SweepMode::Grid;
  if (text == "lhs") return SweepMode::Lhs;
  if (text == "random") return SweepMode::Random;
  throw InputError(where + ": sweep.mode: expected one of \"grid\", \"lhs\", \"random\", got \"" + text + "\"");
}

const char* mode_name(SweepMode m) {
  switch (m) {
    case SweepMode::Grid: return "grid";
    case SweepMode::Lhs: return "lhs";
    case SweepMode::Random: return "random";
    case SweepMode::None: break;
  }
  return "none";
}

// Checks a swept key against the schema and records its spec.
void resolve_key(SweepKey& k, const Schema& schema) {
  if (const std::string problem = index_problem(k.key); !problem.empty()) throw InputError(k.where + ": sweep key " + k.key + ": " + problem);
  const KeySpec* spec = schema.find(normalise_path(k.key));
  if (!spec || spec->type == ValueType::TableArray) {
    std::string message = k.where + ": sweep key " + k.key + ": unknown scenario key";
    if (const std::string s = schema.suggest(normalise_path(k.key), true); !s.empty()) message += "; did you mean \"" + s + "\"?";
    throw InputError(message);
  }
  if (!spec->sweepable)
    throw InputError(k.where + ": sweep key " + k.key +
                     ": a run setting cannot be swept (every point shares the run's "
                     "seed, replications and outputs)");
  k.spec = spec;
}

// Reads one value (a TOML node) for a grid, validated like a scenario value.
Scalar grid_value(const toml::node& node, const SweepKey& k) {
  std::string got;
  const auto value = scalar_from_node(node, *k.spec, got);
  if (!value) throw InputError(k.where + ": sweep values of " + k.key + ": expected " + expected_text(*k.spec) + ", got " + got);
  return *value;
}

// A grid value listed twice would make two points with one label (and one result twice).
void check_distinct_values(const SweepKey& k) {
  for (std::size_t i = 0; i < k.values.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (k.values[i] == k.values[j])
        throw InputError(k.where + ": sweep values of " + k.key + ": expected distinct values, got " + scalar_text(k.values[i]) + " twice");
}

void check_range(SweepKey& k) {
  const KeySpec& s = *k.spec;
  if (s.type != ValueType::Integer && s.type != ValueType::Float)
    throw InputError(k.where + ": sweep key " + k.key + ": a range needs a numeric key; list the values of a " + type_name(s.type) +
                     " key in a grid instead");
  if (!(k.min < k.max))
    throw InputError(k.where + ": sweep key " + k.key + ": expected min < max, got " + std::to_string(k.min) + " and " + std::to_string(k.max));
  if (k.min < s.min || k.max > s.max)
    throw InputError(k.where + ": sweep key " + k.key + ": expected a range within " + expected_text(s) + ", got " + std::to_string(k.min) + ".." +
                     std::to_string(k.max));
  if (k.log_scale && !(k.min > 0)) throw InputError(k.where + ": sweep key " + k.key + ": a log-uniform range needs min > 0");
}

// A numeric key of the model's schema, to show what a key path looks like.
std::string example_key(const Schema& schema) {
  for (const auto& k : schema.keys())
    if (k.type == ValueType::Float && k.sweepable && k.path.find("[]") == std::string::npos) return k.path;
  return "table.key";
}

SweepKey key_from_table(const toml::table& t, const std::string& where, const Schema& schema) {
  check_table_keys(t, "sweep.keys[]", sweep_table_schema());
  SweepKey k;
  k.where = where;
  const auto key = t["key"].value<std::string>();
  if (!key) throw InputError(where + ": sweep.keys[].key: expected the key path of a scenario value, e.g. \"" + example_key(schema) + "\"");
  k.key = *key;
  return k;
}

// What a scenario's [sweep] table says: its keys, and the mode and samples when given.
struct FileSweep {
  std::vector<SweepKey> keys;
  std::string mode_text, mode_where;
  std::int64_t samples = 0;
};

SweepKey file_key(const toml::table& kt, const std::string& where, const Schema& schema) {
  SweepKey k = key_from_table(kt, where, schema);
  resolve_key(k, schema);
  if (const toml::node* values = kt.get("values")) {
    const toml::array* va = values->as_array();
    if (!va || va->empty()) throw InputError(where_of(values->source()) + ": sweep values of " + k.key + ": expected a non-empty array");
    for (const auto& v : *va) k.values.push_back(grid_value(v, k));
    check_distinct_values(k);
    return k;
  }
  const auto lo = kt["min"].value<double>(), hi = kt["max"].value<double>();
  if (!lo || !hi) throw InputError(k.where + ": sweep key " + k.key + ": expected either values = [...] or min and max");
  k.min = *lo;
  k.max = *hi;
  k.log_scale = kt["scale"].value_or<std::string>("uniform") == "log";
  check_range(k);
  return k;
}

FileSweep file_sweep(const toml::table& root, const Schema& schema) {
  FileSweep out;
  const toml::node* node = root.get("sweep");
  if (!node) return out;
  const toml::table* t = node->as_table();
  if (!t) throw InputError(where_of(node->source()) + ": sweep: expected a table ([sweep])");
  check_table_keys(*t, "sweep", sweep_table_schema());
  if (const toml::node* m = t->get("mode")) {
    out.mode_text = m->as_string()->get();
    out.mode_where = where_of(m->source());
  }
  if (const toml::node* n = t->get("samples")) out.samples = n->as_integer()->get();
  if (const toml::node* list = t->get("keys")) {
    const toml::array* a = list->as_array();
    if (!a || !a->is_array_of_tables()) throw InputError(where_of(list->source()) + ": sweep.keys: expected [[sweep.keys]] tables");
    for (const auto& element : *a) out.keys.push_back(file_key(*element.as_table(), where_of(element.source()), schema));
  }
  return out;
}

// A command-line value read as --set reads it: TOML (numbers, booleans, quoted strings), a bare
// word being a string. One grammar for every form a swept value takes on the command line.
toml::table cli_value(const std::string& text, const std::string& where) {
  try {
    return toml::parse("v = " + text, where);
  } catch (const toml::parse_error&) {
    toml::table bare;
    bare.insert("v", text);
    return bare;
  }
}

// One end of `lo:hi`: a whole TOML number (no trailing text, no second colon).
double range_end(const std::string& text, const SweepKey& k, const char* which) {
  const toml::table parsed = cli_value(text, k.where);
  const toml::node* v = parsed.get("v");
  if (v->is_integer()) return static_cast<double>(v->as_integer()->get());
  if (v->is_floating_point()) return v->as_floating_point()->get();
  throw InputError(k.where + ": expected KEY=lo:hi with two numbers, got " + which + " \"" + text + "\"");
}

// One `--sweep KEY=v1,v2,...` (a grid's values) or `--sweep KEY=lo:hi` (a range).
SweepKey cli_key(const std::string& text, const Schema& schema) {
  SweepKey k;
  k.where = "--sweep " + text;
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) throw InputError(k.where + ": expected KEY=v1,v2,... or KEY=lo:hi");
  k.key = text.substr(0, eq);
  resolve_key(k, schema);
  const std::string rhs = text.substr(eq + 1);
  if (rhs.empty()) throw InputError(k.where + ": expected values after '=' (KEY=v1,v2,... or KEY=lo:hi), got none");
  const auto colon = rhs.find(':');
  if (colon != std::string::npos && rhs.find(',') == std::string::npos && k.spec->type != ValueType::String) {
    if (rhs.find(':', colon + 1) != std::string::npos) throw InputError(k.where + ": expected KEY=lo:hi with one colon, got \"" + rhs + "\"");
    k.min = range_end(rhs.substr(0, colon), k, "lo");
    k.max = range_end(rhs.substr(colon + 1), k, "hi");
    check_range(k);
    return k;
  }
  // Split on every comma, keeping empty items: "100," and ",100" and "1,,2" all name an empty value.
  std::size_t start = 0, position = 1;
  while (true) {
    const std::size_t comma = rhs.find(',', start);
    const std::string item = rhs.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (item.empty()) throw InputError(k.where + ": sweep values of " + k.key + ": value " + std::to_string(position) + " is empty");
    k.values.push_back(grid_value(*cli_value(item, k.where).get("v"), k));
    if (comma == std::string::npos) break;
    start = comma + 1;
    ++position;
  }
  check_distinct_values(k);
  return k;
}

// The mode (the command line's, else the file's, else grid for lists and lhs for ranges), checked
// against the keys.
void settle_mode(SweepSpec& sweep, const FileSweep& file, const std::string& cli_mode, const std::string& scenario_name) {
  const bool any_grid = std::any_of(sweep.keys.begin(), sweep.keys.end(), [](const SweepKey& k) { return !k.values.empty(); });
  const bool any_range = std::any_of(sweep.keys.begin(), sweep.keys.end(), [](const SweepKey& k) { return k.values.empty(); });
  const std::string mode_text = cli_mode.empty() ? file.mode_text : cli_mode;
  const std::string mode_where = cli_mode.empty() ? file.mode_where : "--sweep-mode";
  sweep.mode = mode_text.empty() ? (any_range ? SweepMode::Lhs : SweepMode::Grid) : mode_of(mode_text, mode_where);
  const std::string where = mode_where.empty() ? scenario_name : mode_where;
  if (sweep.mode == SweepMode::Grid && any_range)
    throw InputError(where + ": sweep: a grid needs values for every key; give ranges (min, max) only in lhs or random mode");
  if (sweep.mode == SweepMode::Grid) {
    // The product of the value counts, checked as it grows (8 keys x 256 values once wrapped to 0 points).
    std::int64_t points = 1;
    std::string factors;
    for (const auto& k : sweep.keys) {
      const auto values = static_cast<std::int64_t>(k.values.size());
      factors += (factors.empty() ? "" : " x ") + std::to_string(values);
      points = points > kMaxSweepPoints ? points : points * values;
    }
    if (points > kMaxSweepPoints)
      throw InputError(where + ": sweep: a grid of " + factors + " values has more than " + std::to_string(kMaxSweepPoints) +
                       " points; sweep fewer values, or sample the space with mode = \"lhs\" and samples");
    return;
  }
  if (any_grid) throw InputError(where + ": sweep: " + mode_name(sweep.mode) + " mode needs a range (min, max) for every key, not a list of values");
  if (sweep.samples < 1 || sweep.samples > kMaxSweepPoints)
    throw InputError(scenario_name + ": sweep.samples: expected the number of points (integer 1.." + std::to_string(kMaxSweepPoints) + ") for " +
                     mode_name(sweep.mode) + " mode, got " + std::to_string(sweep.samples));
}

// The sweep as it will run (file and command line together), stored with the scenario.
std::string sweep_toml(const SweepSpec& sweep) {
  toml::table t;
  t.insert("mode", std::string(mode_name(sweep.mode)));
  if (sweep.mode != SweepMode::Grid) t.insert("samples", sweep.samples);
  toml::array list;
  for (const auto& k : sweep.keys) {
    toml::table kt;
    kt.insert("key", k.key);
    if (!k.values.empty()) {
      toml::array values;
      for (const auto& v : k.values) std::visit([&](const auto& x) { values.push_back(x); }, v);
      kt.insert("values", values);
    } else {
      kt.insert("min", k.min);
      kt.insert("max", k.max);
      kt.insert("scale", std::string(k.log_scale ? "log" : "uniform"));
    }
    list.push_back(kt);
  }
  t.insert("keys", list);
  toml::table root_out;
  root_out.insert("sweep", t);
  std::ostringstream out;
  out << root_out << "\n";
  return out.str();
}

}  // namespace

const Schema& sweep_table_schema() {
  const double inf = std::numeric_limits<double>::infinity();
  static const Schema schema({
      {"sweep.mode",
       ValueType::String,
       std::string(),
       "",
       -inf,
       inf,
       {"grid", "lhs", "random"},
       "grid: every combination of the listed values; lhs: Latin hypercube over ranges; random: independent uniform draws "
       "(left out: grid for lists of values, lhs for ranges)",
       ""},
      {"sweep.samples",
       ValueType::Integer,
       std::int64_t{0},
       "points",
       1,
       static_cast<double>(kMaxSweepPoints),
       {},
       "Points of an lhs or random sweep.",
       ""},
      {"sweep.keys", ValueType::TableArray, std::int64_t{0}, "", 1, inf, {}, "The swept keys, one [[sweep.keys]] table each.", ""},
      {"sweep.keys[].key", ValueType::String, std::string(), "", -inf, inf, {}, "Path of a scenario key, e.g. \"cohorts[0].share\".", ""},
      {"sweep.keys[].values", ValueType::Array, std::int64_t{0}, "", -inf, inf, {}, "Grid: the values, each valid for the key.", ""},
      {"sweep.keys[].min", ValueType::Float, 0.0, "units of the key", -inf, inf, {}, "lhs/random: lower end of the range.", ""},
      {"sweep.keys[].max", ValueType::Float, 0.0, "units of the key", -inf, inf, {}, "lhs/random: upper end of the range.", ""},
      {"sweep.keys[].scale",
       ValueType::String,
       std::string("uniform"),
       "",
       -inf,
       inf,
       {"uniform", "log"},
       "lhs/random: uniform on the range, or uniform on its logarithm.",
       ""},
  });
  return schema;
}

SweepSpec read_sweep(const ScenarioSource& scenario, const std::vector<std::string>& cli_sweeps, const std::string& cli_mode,
                     std::int64_t cli_samples, const Schema& schema) {
  SweepSpec sweep;
  FileSweep file = file_sweep(parse_toml(scenario.text, scenario.name), schema);
  sweep.samples = file.samples;
  std::vector<SweepKey> keys = std::move(file.keys);
  for (const std::string& text : cli_sweeps) keys.push_back(cli_key(text, schema));
  if (keys.empty()) {
    if (!file.mode_text.empty() || sweep.samples) throw InputError(scenario.name + ": sweep: no [[sweep.keys]] to sweep");
    return sweep;
  }
  std::set<std::string> seen;
  for (const auto& k : keys)
    if (!seen.insert(k.key).second) throw InputError(k.where + ": sweep key " + k.key + " is swept twice");
  if (cli_samples > 0) sweep.samples = cli_samples;
  sweep.keys = std::move(keys);
  settle_mode(sweep, file, cli_mode, scenario.name);
  if (sweep.mode == SweepMode::Grid && sweep.samples != 0)
    throw InputError((cli_samples > 0 ? "--samples " + std::to_string(cli_samples) : scenario.name + ": sweep.samples") +
                     ": samples applies to lhs and random sweeps; a grid runs every combination of its values, so leave samples out");
  sweep.toml = sweep_toml(sweep);
  return sweep;
}

SweepPoints expand_sweep(const SweepSpec& sweep, std::uint64_t seed) {
  SweepPoints points{{}, TableSpec{"points", {{"point", ColumnType::Int32, "1", "sweep point id", {}}}}, TableBuffer(TableSpec{})};
  std::vector<std::vector<std::string>> labels(sweep.keys.size());
  for (std::size_t k = 0; k < sweep.keys.size(); ++k) {
    const SweepKey& key = sweep.keys[k];
    ColumnSpec c{key.key, ColumnType::Float64, key.spec->unit.empty() ? "1" : key.spec->unit, "swept value of " + key.key, {}};
    if (key.spec->type == ValueType::Integer) c.type = ColumnType::Int64;
    if (key.spec->type == ValueType::String || key.spec->type == ValueType::Boolean) {
      c.type = ColumnType::Int32;
      for (const auto& v : key.values)
        labels[k].push_back(std::holds_alternative<bool>(v) ? (std::get<bool>(v) ? "true" : "false") : std::get<std::string>(v));
      c.labels = labels[k];
      c.description += " (code into labels)";
    }
    points.spec.columns.push_back(c);
  }
  points.rows = TableBuffer(points.spec);

  // Per point: the value index (grid) or the value (lhs/random) of each key.
  std::size_t n = 1;
  if (sweep.mode == SweepMode::Grid)
    for (const auto& k : sweep.keys) n *= k.values.size();
  else if (sweep.mode != SweepMode::None)
    n = static_cast<std::size_t>(sweep.samples);
  std::vector<std::vector<Scalar>> design(n, std::vector<Scalar>(sweep.keys.size()));
  std::vector<std::vector<std::size_t>> codes(n, std::vector<std::size_t>(sweep.keys.size(), 0));
  if (sweep.mode == SweepMode::Grid) {
    for (std::size_t p = 0; p < n; ++p) {
      std::size_t rest = p;
      for (std::size_t k = sweep.keys.size(); k-- > 0;) {  // the last key varies fastest
        const std::size_t size = sweep.keys[k].values.size();
        codes[p][k] = rest % size;
        design[p][k] = sweep.keys[k].values[rest % size];
        rest /= size;
      }
    }
  } else if (sweep.mode != SweepMode::None) {
    for (std::size_t k = 0; k < sweep.keys.size(); ++k) {
      const SweepKey& key = sweep.keys[k];
      RngStream s({seed, 0, static_cast<std::uint32_t>(k), kSweepDesignPurpose});
      std::vector<std::size_t> strata(n);
      std::iota(strata.begin(), strata.end(), 0);
      if (sweep.mode == SweepMode::Lhs)  // one sample per stratum, strata shuffled (Fisher-Yates)
        for (std::size_t i = n; i-- > 1;) std::swap(strata[i], strata[static_cast<std::size_t>(s.uniform01() * static_cast<double>(i + 1))]);
      for (std::size_t p = 0; p < n; ++p) {
        const double u = sweep.mode == SweepMode::Lhs ? (static_cast<double>(strata[p]) + s.uniform01()) / static_cast<double>(n) : s.uniform01();
        double x = key.log_scale ? std::exp(std::log(key.min) + u * (std::log(key.max) - std::log(key.min))) : key.min + u * (key.max - key.min);
        if (key.spec->type == ValueType::Integer)
          design[p][k] = static_cast<std::int64_t>(std::clamp(std::llround(x), std::llround(std::ceil(key.min)), std::llround(std::floor(key.max))));
        else
          design[p][k] = std::clamp(x, key.min, key.max);
      }
    }
  }
  for (std::size_t p = 0; p < n; ++p) {
    std::vector<std::string> overrides;
    points.rows.add_row();
    points.rows.set(0, static_cast<std::int64_t>(p));
    for (std::size_t k = 0; k < sweep.keys.size(); ++k) {
      const Scalar& v = design[p][k];
      char number[64];
      std::string text;
      if (const auto* d = std::get_if<double>(&v)) {
        std::snprintf(number, sizeof number, "%.17g", *d);
        text = number;
        if (text.find_first_of(".eEn") == std::string::npos) text += ".0";  // keep it a TOML float
        points.rows.set(k + 1, *d);
      } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
        text = std::to_string(*i);
        points.rows.set(k + 1, *i);
      } else {
        text = scalar_text(v);
        points.rows.set(k + 1, static_cast<std::int64_t>(codes[p][k]));
      }
      overrides.push_back(sweep.keys[k].key + "=" + text);
    }
    points.overrides.push_back(std::move(overrides));
  }
  return points;
}

}  // namespace rehabsim::sim::config
