#include "app/cli.hpp"

#include <boost/program_options.hpp>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <thread>

#include "app/compare_command.hpp"
#include "app/extract_command.hpp"
#include "app/run_command.hpp"
#include "app/summary_command.hpp"
#include "sim/core/errors.hpp"
#include "sim/exec/interrupt.hpp"

namespace po = boost::program_options;

namespace rehabsim::app {

using namespace rehabsim::sim;  // the engine kernel this layer drives

namespace {

constexpr int kExitOk = 0, kExitInternal = 1, kExitUsage = 2, kExitInterrupted = 130;

std::string quote_argument(const std::string& a) {
  if (!a.empty() && a.find_first_of(" \t\n'\"\\$`*?[]{}()<>|&;!#~") == std::string::npos) return a;
  std::string q = "'";
  for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string utc_now_iso8601() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

struct Parsed {
  po::variables_map vm;
  bool help = false;
};

Parsed parse(const std::vector<std::string>& args, const po::options_description& options, const po::positional_options_description& positional) {
  Parsed p;
  po::store(po::command_line_parser(args).options(options).positional(positional).run(), p.vm);
  po::notify(p.vm);
  p.help = p.vm.count("help") > 0;
  return p;
}

struct SweepOptions {
  std::vector<std::string> keys;
  std::string mode;
  std::int64_t samples = 0;
};

struct Loaded {
  bool sampled_sweep = false;  ///< lhs or random: PRCC sensitivity is computed
  std::size_t point_count = 1;
  std::function<config::Values(std::size_t)> values_at;  ///< a point's validated values, loaded on demand
  config::SweepPoints points;
  std::string scenario_toml;  ///< the full scenario (point-independent keys), the sweep and the uncertainty
  config::UncertaintySpec uncertainty;
  std::function<config::Values(std::size_t, std::uint32_t)> item_values;  ///< with PSA only
  std::uint64_t seed = 0;
};

// The scenario as stored in a result file: every key with defaults filled in, so that it runs
// alone. When the sweep chooses a preset (TABLE.preset), the preset table keeps only the keys the
// user set: stored expanded, point 0's preset would override every other point's.
std::string stored_toml(const ModelBinding& b, const config::Values& base, const config::SweepSpec& sweep) {
  if (!b.presets) return base.to_toml();
  const std::string preset_key = b.presets->table + ".preset", prefix = b.presets->table + ".";
  const bool sweeps_preset = std::any_of(sweep.keys.begin(), sweep.keys.end(), [&](const config::SweepKey& k) { return k.key == preset_key; });
  if (!sweeps_preset) return base.to_toml();
  return base.to_toml([&](const std::string& path, const config::Located& v) {
    if (path.rfind(prefix, 0) != 0 || path == preset_key) return true;
    if (v.where == "default") return false;
    return std::none_of(b.presets->presets.begin(), b.presets->presets.end(),
                        [&](const config::Preset& p) { return v.where.rfind(p.source.name, 0) == 0; });
  });
}

// Reads a scenario (or the built-in default), applies overrides and expands its sweep. Each point's
// values are loaded (and validated) when asked for.
// No scenario path: the built-in default scenario. A path given, even an empty one ("$UNSET"), is read
// as a file (an empty path, a directory or a FIFO is refused, never taken for the defaults).
Loaded load(const ModelBinding& b, const std::optional<std::string>& scenario_path, const std::vector<std::string>& overrides,
            const SweepOptions& sw) {
  const auto source = std::make_shared<config::ScenarioSource>(scenario_path ? config::read_scenario_file(*scenario_path) : b.default_scenario);
  const auto base = std::make_shared<config::Values>(config::load_scenario(*source, overrides, *b.schema, b.default_scenario, b.presets));
  const config::SweepSpec sweep = config::read_sweep(*source, sw.keys, sw.mode, sw.samples, *b.schema);
  const auto seed = static_cast<std::uint64_t>(base->integer(b.seed_key));
  const auto uncertainty = std::make_shared<config::UncertaintySpec>(config::read_uncertainty(*source, *b.schema));
  // A key both swept and uncertain would take each replication's draw at every point: the sweep
  // recorded in /points would be silently ignored.
  for (const auto& u : uncertainty->parameters)
    for (const auto& k : sweep.keys)
      if (u.key == k.key)
        throw InputError(u.where + ": uncertainty key " + u.key + " is also swept (" + k.where +
                         "): every draw would replace the swept value; sweep it or give it a distribution, not both");
  Loaded out{sweep.mode == config::SweepMode::Lhs || sweep.mode == config::SweepMode::Random,
             1,
             {},
             config::expand_sweep(sweep, seed),
             stored_toml(b, *base, sweep) + sweep.toml + uncertainty->toml,
             *uncertainty,
             {},
             seed};
  out.point_count = out.points.overrides.size();
  auto point_overrides = std::make_shared<std::vector<std::vector<std::string>>>(out.points.overrides);
  if (!uncertainty->empty()) {
    // Each work item: the point's overrides, then the replication's parameter draws.
    out.item_values = [&b, source, overrides, point_overrides, uncertainty, seed](std::size_t p, std::uint32_t r) {
      std::vector<std::string> all = overrides;
      all.insert(all.end(), (*point_overrides)[p].begin(), (*point_overrides)[p].end());
      const auto drawn = config::parameter_overrides(*uncertainty, config::draw_parameters(*uncertainty, seed, r));
      all.insert(all.end(), drawn.begin(), drawn.end());
      try {
        config::Values values = config::load_scenario(*source, all, *b.schema, b.default_scenario, b.presets);
        if (b.check_values) b.check_values(values);  // the typed scenario the run will build, with its cross-field rules
        return values;
      } catch (const InputError& e) {
        // Locate the failure at the [[uncertainty.parameters]] entries that drew the values: a rule
        // between keys left at their defaults would otherwise be reported at "default:".
        std::string draws;
        for (std::size_t k = 0; k < drawn.size(); ++k)
          draws += (draws.empty() ? "" : ", ") + drawn[k] + " (" + uncertainty->parameters[k].where + ")";
        std::string what = e.what();
        if (what.rfind("default: ", 0) == 0) what.erase(0, 9);
        throw InputError(uncertainty->parameters.front().where + ": replication " + std::to_string(r) + " draws " + draws +
                         ", which breaks a rule: " + what + " (narrow the [uncertainty] distributions so that every draw is valid)");
      }
    };
  }
  if (sweep.mode == config::SweepMode::None) {
    out.values_at = [base](std::size_t) { return *base; };
    return out;
  }
  out.values_at = [&b, source, overrides, point_overrides](std::size_t p) {
    std::vector<std::string> all = overrides;
    all.insert(all.end(), (*point_overrides)[p].begin(), (*point_overrides)[p].end());
    try {
      return config::load_scenario(*source, all, *b.schema, b.default_scenario, b.presets);
    } catch (const InputError& e) {
      std::string values;
      for (const auto& o : (*point_overrides)[p]) values += (values.empty() ? "" : ", ") + o;
      throw InputError("sweep point " + std::to_string(p) + " (" + values + "): " + e.what());
    }
  };
  return out;
}

void add_sweep_options(po::options_description& options, SweepOptions& sw) {
  // clang-format off: one option a line
  options.add_options()("sweep", po::value<std::vector<std::string>>(&sw.keys)->composing(),
                        "sweep a key: --sweep KEY=v1,v2,... (grid) or --sweep KEY=lo:hi (lhs/random); repeatable")(
      "sweep-mode", po::value<std::string>(&sw.mode), "grid, lhs or random (default: the scenario's, else grid for lists, lhs for ranges)")(
      "samples", po::value<std::int64_t>(&sw.samples), "points of an lhs or random sweep");
  // clang-format on
}

// Options shared by `run` and `compare`.
struct RunOptions {
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
};

void add_run_options(po::options_description& options, RunOptions& o, const ModelBinding& b, const std::string& default_output_level) {
  // clang-format off: one option a line
  options.add_options()("replications,r", po::value<long>(), "replications per point (sets the scenario's replication count)")(
      "seed,s", po::value<std::string>(), "master random seed (integer 0..2^53-1)")(
      "threads,j", po::value<int>(&o.threads), "worker threads (default: all cores)")("set", po::value<std::vector<std::string>>()->composing(),
                                                                                      "override a scenario key: --set KEY=VALUE (repeatable)")(
      "output", po::value<std::string>()->default_value(default_output_level),
      ("what to write: summary (/points, /summary), " + b.replication_table + " (and /" + b.replication_table + ") or " + b.entity_table + " (and /" +
       b.entity_table + ")")
          .c_str())("force", "overwrite an existing result file")(
      "metrics", po::value<std::string>(), "metrics to print, comma-separated: names or groups (clinic, outcomes, ...); the file keeps all")(
      "quiet,q", "no progress output")("stats",
                                       "after the run, print timings, peak memory, events handled by kind and rates per CPU-second on stderr");
  // clang-format on
}

// The --set, -r and -s overrides, in that order.
std::vector<std::string> overrides_of(const ModelBinding& b, const po::variables_map& vm) {
  std::vector<std::string> overrides;
  if (vm.count("set")) overrides = vm["set"].as<std::vector<std::string>>();
  if (vm.count("replications")) overrides.push_back(b.replications_key + "=" + std::to_string(vm["replications"].as<long>()));
  if (vm.count("seed")) {
    // Read as text: a negative seed must not wrap around to 18446744073709551615.
    const std::string text = vm["seed"].as<std::string>();
    const bool digits = !text.empty() && text.size() <= 16 && text.find_first_not_of("0123456789") == std::string::npos;
    const config::KeySpec* spec = b.schema->find(b.seed_key);
    if (!digits || (spec && static_cast<double>(std::stoull(text)) > spec->max))
      throw InputError("-s/--seed: expected " + (spec ? config::expected_text(*spec) : std::string("a non-negative integer")) + ", got " + text);
    overrides.push_back(b.seed_key + "=" + text);
  }
  return overrides;
}

// `--metrics`, checked against the metrics the experiment will report (its per-replication
// table's Float64 columns) before anything runs.
std::vector<std::string> metric_selection(const ModelBinding& b, const po::variables_map& vm, const Experiment& experiment) {
  if (!vm.count("metrics")) return {};
  const TableSpec& rows = experiment.item_tables()[experiment.summary_source()];
  std::vector<std::string> names;
  for (const auto& c : rows.columns)
    if (c.type == ColumnType::Float64) names.push_back(c.name);
  return parse_metric_selection(vm["metrics"].as<std::string>(), b.metric_groups, names);
}

// The request fields common to `run` and `compare`.
RunRequest base_request(const ModelBinding& b, const po::variables_map& vm, const RunOptions& o, const std::string& command_line,
                        const std::string& scenario_toml) {
  if (o.threads < 1 || o.threads > 1024) throw InputError("-j/--threads: expected integer 1..1024, got " + std::to_string(o.threads));
  const std::string level = vm["output"].as<std::string>();
  if (level != "summary" && level != b.replication_table && level != b.entity_table)
    throw InputError("--output: expected one of \"summary\", \"" + b.replication_table + "\", \"" + b.entity_table + "\", got \"" + level + "\"" +
                     (level.find('.') != std::string::npos || level.find('/') != std::string::npos
                          ? " (--output chooses what to write; the result file is -o/--output-file FILE)"
                          : ""));
  RunRequest request;
  request.force = vm.count("force") > 0;
  request.threads = o.threads;
  request.quiet = vm.count("quiet") > 0;
  request.stats = vm.count("stats") > 0;
  request.stop = &install_interrupt_handler();
  request.attributes = {b.version, b.git_commit, utc_now_iso8601(), command_line, scenario_toml, 0, 0, {}, {}, {}};
  request.skip_tables = level == "summary"             ? std::set<std::string>{b.entity_table, b.replication_table}
                        : level == b.replication_table ? std::set<std::string>{b.entity_table}
                                                       : std::set<std::string>{};
  request.cost_effectiveness = b.cost_effectiveness;
  request.model_fingerprint = b.model_fingerprint;
  request.metric_groups = b.metric_groups;
  request.result_notes = b.result_notes;
  return request;
}

// --resume FILE: the run writes FILE; an -o naming another file is a contradiction.
void apply_resume(const po::variables_map& vm, RunRequest& request) {
  if (!vm.count("resume")) return;
  const std::string target = vm["resume"].as<std::string>();
  if (vm.count("output-file") && !vm["output-file"].defaulted() && vm["output-file"].as<std::string>() != target)
    throw InputError("--resume " + target + ": -o names another file (" + vm["output-file"].as<std::string>() + ")");
  request.output_path = target;
  request.resume = true;
}

int cmd_run(const ModelBinding& b, const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description options("Options for `" + b.program + " run [SCENARIO.toml]`");
  RunOptions run_options;
  // clang-format off: one option a line
  options.add_options()("help,h", "show this help")("output-file,o", po::value<std::string>(), "result file (default: results/<scenario name>.h5)")(
      "trajectories", "also write weekly state trajectories (/trajectories)")("reference-point", po::value<std::uint32_t>()->default_value(0),
                                                                              "point that cost-effectiveness is measured against")(
      "resume", po::value<std::string>(), "finish an interrupted run (Ctrl-C, kill, power loss) writing FILE; same scenario, options and seed")(
      "scenario", po::value<std::string>(), "scenario file (default: the built-in default scenario)");
  // clang-format on
  add_run_options(options, run_options, b, b.entity_table);
  SweepOptions sweep_options;
  add_sweep_options(options, sweep_options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const Parsed p = parse(args, options, positional);
  if (p.help) {
    std::cout << "Usage: " << b.program << " run [SCENARIO.toml] [options]\n"
              << "Runs a scenario (without one, the built-in default, identical to scenarios/default.toml)\n"
              << "and writes an HDF5 result file and a summary table.\n\n"
              << options;
    return kExitOk;
  }
  std::vector<std::string> overrides = overrides_of(b, p.vm);
  if (p.vm.count("trajectories")) overrides.push_back(b.trajectories_key + "=true");
  const std::optional<std::string> scenario_file =
      p.vm.count("scenario") ? std::optional<std::string>(p.vm["scenario"].as<std::string>()) : std::nullopt;
  const std::string scenario = scenario_file.value_or("");
  Loaded loaded = load(b, scenario_file, overrides, sweep_options);
  const std::unique_ptr<Experiment> experiment =
      b.make_experiment(loaded.point_count, loaded.values_at, std::move(loaded.points), loaded.item_values);

  RunRequest request = base_request(b, p.vm, run_options, command_line, loaded.scenario_toml);
  request.metric_selection = metric_selection(b, p.vm, *experiment);
  if (b.willingness_to_pay) request.cost_effectiveness.willingness_to_pay = b.willingness_to_pay(loaded.values_at(0));
  request.output_path = p.vm.count("output-file")
                            ? p.vm["output-file"].as<std::string>()
                            : "results/" + (scenario.empty() ? std::string("default") : std::filesystem::path(scenario).stem().string()) + ".h5";
  apply_resume(p.vm, request);
  request.sensitivity = loaded.sampled_sweep;
  request.reference_point = p.vm["reference-point"].as<std::uint32_t>();
  if (request.reference_point >= experiment->points())
    throw InputError("--reference-point: expected a point 0.." + std::to_string(experiment->points() - 1) + ", got " +
                     std::to_string(request.reference_point));
  if (!loaded.uncertainty.empty()) {
    for (const auto& u : loaded.uncertainty.parameters)
      request.extra_replication_columns.push_back({u.key,
                                                   ColumnType::Float64,
                                                   u.spec->unit.empty() ? "1" : u.spec->unit,
                                                   "this replication's draw of " + u.key + " (probabilistic sensitivity analysis)",
                                                   {}});
    const auto spec = std::make_shared<config::UncertaintySpec>(loaded.uncertainty);
    const std::uint64_t seed = loaded.seed;
    request.extra_replication_values = [spec, seed](std::uint32_t r) { return config::draw_parameters(*spec, seed, r); };
  }
  const RunOutcome outcome = run_experiment(*experiment, request, std::cout);
  return outcome.interrupted ? kExitInterrupted : kExitOk;
}

int cmd_validate(const ModelBinding& b, const std::vector<std::string>& args) {
  po::options_description options("Options for `" + b.program + " validate SCENARIO.toml...`");
  // clang-format off: one option a line
  options.add_options()("help,h", "show this help")("set", po::value<std::vector<std::string>>()->composing(),
                                                    "apply an override before checking: --set KEY=VALUE")(
      "scenario", po::value<std::vector<std::string>>(), "scenario files");
  // clang-format on
  SweepOptions sweep_options;
  add_sweep_options(options, sweep_options);
  po::positional_options_description positional;
  positional.add("scenario", -1);
  const Parsed p = parse(args, options, positional);
  if (p.help || !p.vm.count("scenario")) {
    std::cout << "Usage: " << b.program << " validate SCENARIO.toml...\n"
              << "Checks scenario files (syntax, keys, types, ranges, consistency) without running them.\n\n"
              << options;
    return p.help ? kExitOk : kExitUsage;
  }
  std::vector<std::string> overrides;
  if (p.vm.count("set")) overrides = p.vm["set"].as<std::vector<std::string>>();
  int status = kExitOk;
  for (const auto& file : p.vm["scenario"].as<std::vector<std::string>>()) {
    try {
      Loaded loaded = load(b, file, overrides, sweep_options);
      const std::size_t points = loaded.point_count;
      const std::unique_ptr<Experiment> experiment =
          b.make_experiment(loaded.point_count, loaded.values_at, std::move(loaded.points), loaded.item_values);
      std::string checked = points > 1 ? std::to_string(points) + " sweep points" : std::string();
      if (loaded.item_values) {  // every work item's scenario, with its parameter draws, as the run would build it
        for (std::size_t point = 0; point < points; ++point)
          for (std::uint32_t r = 0; r < experiment->replications(); ++r) loaded.item_values(point, r);
        checked += (checked.empty() ? "" : ", ") + std::to_string(experiment->replications()) + " uncertainty draws each";
      }
      std::cout << file << ": ok" << (checked.empty() ? std::string() : " (" + checked + ")") << "\n";
    } catch (const InputError& e) {
      std::cerr << e.what() << "\n";
      status = kExitUsage;
    }
  }
  return status;
}

int cmd_schema(const ModelBinding& b, const std::vector<std::string>& args) {
  po::options_description options("Options for `" + b.program + " schema`");
  std::string format = "text";
  // clang-format off: one option a line
  options.add_options()("help,h", "show this help")("format", po::value<std::string>(&format),
                                                    "text (default) or markdown (docs/scenario-reference.md)");
  // clang-format on
  const Parsed p = parse(args, options, {});
  if (p.help) {
    std::cout << "Usage: " << b.program << " schema [--format text|markdown]\n"
              << "Prints every scenario key with its type, default, unit, allowed range and description.\n\n"
              << options;
    return kExitOk;
  }
  if (format == "text")
    std::cout << schema_text(*b.schema);
  else if (format == "markdown")
    std::cout << schema_markdown(*b.schema, b.program);
  else
    throw InputError("--format: expected one of \"text\", \"markdown\", got \"" + format + "\"");
  return kExitOk;
}

int cmd_compare(const ModelBinding& b, const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description options("Options for `" + b.program + " compare A.toml B.toml ...` (-r, -s and --set apply to every scenario)");
  RunOptions run_options;
  // clang-format off: one option a line
  options.add_options()("help,h", "show this help")("output-file,o", po::value<std::string>()->default_value("results/compare.h5"), "result file")(
      "resume", po::value<std::string>(), "finish an interrupted compare (Ctrl-C, kill, power loss) writing FILE; same scenarios, options and seed")(
      "trajectories", "also write weekly state trajectories (/trajectories; with --output patients)")(
      "reference-point", po::value<std::uint32_t>()->default_value(0), "scenario (0 = the first) that /cost_effectiveness is measured against")(
      "scenarios", po::value<std::vector<std::string>>(), "scenario files (at least two)");
  // clang-format on
  add_run_options(options, run_options, b, b.replication_table);
  SweepOptions sweep_options;
  add_sweep_options(options, sweep_options);
  po::positional_options_description positional;
  positional.add("scenarios", -1);
  const Parsed p = parse(args, options, positional);
  const auto files = p.vm.count("scenarios") ? p.vm["scenarios"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (!p.help && files.size() == 1)
    throw InputError(b.program + " compare: expected at least two scenario files, got one (" + files[0] + "); to run one scenario, use `" +
                     b.program + " run " + files[0] + "`");
  if (p.help || files.size() < 2) {
    std::cout << "Usage: " << b.program << " compare A.toml B.toml ... [options]\n"
              << "Runs each scenario on the same patients (common random numbers) and prints a side-by-side table of every\n"
              << "outcome with 95% confidence intervals, and each scenario's paired difference from the first with its own CI.\n\n"
              << options;
    return p.help ? kExitOk : kExitUsage;
  }
  std::vector<std::string> overrides = overrides_of(b, p.vm);
  if (p.vm.count("trajectories")) overrides.push_back(b.trajectories_key + "=true");

  // Every scenario is a point; the run settings must agree so that the points are paired.
  const ComparedScenarios compared = read_compared_scenarios(b, files, overrides);
  const auto& sources = compared.sources;
  // scenario_toml is the first scenario (a valid TOML document that runs alone); every compared
  // scenario is in compared_scenario_tomls (`rehabsim extract` writes them out as files). With
  // --sweep, every scenario runs at every sweep point (point = sweep point x scenarios + scenario),
  // compared with the first scenario at the same sweep point; the sweep is stored after the first
  // scenario, so that the file's scenario_toml reruns the first scenario's points.
  const config::SweepSpec sweep = config::read_sweep((*sources)[0], sweep_options.keys, sweep_options.mode, sweep_options.samples, *b.schema);
  const auto swept = std::make_shared<config::SweepPoints>(config::expand_sweep(sweep, compared.seed));
  const std::size_t scenarios = files.size(), sweep_points = swept->overrides.size();
  ComparePoints points = compare_points(compared.names, *swept);
  const auto values_at = [&b, sources, overrides, swept, scenarios](std::size_t i) {
    std::vector<std::string> all = overrides;
    const auto& at = swept->overrides[i / scenarios];
    all.insert(all.end(), at.begin(), at.end());
    return config::load_scenario((*sources)[i % scenarios], all, *b.schema, b.default_scenario, b.presets);
  };
  const std::unique_ptr<Experiment> experiment = b.make_experiment(scenarios * sweep_points, values_at, std::move(points.points), {});

  RunRequest request = base_request(b, p.vm, run_options, command_line, compared.tomls.front() + sweep.toml);
  request.metric_selection = metric_selection(b, p.vm, *experiment);
  if (b.willingness_to_pay) request.cost_effectiveness.willingness_to_pay = b.willingness_to_pay(values_at(0));
  request.attributes.compared_scenario_tomls = compared.tomls;
  request.attributes.compared_scenario_names = compared.names;
  request.output_path = p.vm["output-file"].as<std::string>();
  apply_resume(p.vm, request);
  request.compared_names = points.labels;
  request.compared_per_group = sweep.mode == config::SweepMode::None ? 0 : scenarios;
  request.reference_point = p.vm["reference-point"].as<std::uint32_t>();
  if (request.reference_point >= points.labels.size())
    throw InputError("--reference-point: expected a scenario 0.." + std::to_string(points.labels.size() - 1) + " (in the order given), got " +
                     std::to_string(request.reference_point));
  const RunOutcome outcome = run_experiment(*experiment, request, std::cout);
  return outcome.interrupted ? kExitInterrupted : kExitOk;
}

int cmd_summary(const ModelBinding& b, const std::vector<std::string>& args) {
  po::options_description options("Options for `" + b.program + " summary FILE`");
  SummaryOptions summary{b.replication_table, b.metric_groups, b.result_notes, {}, {}};
  // clang-format off: one option a line
  options.add_options()("help,h", "show this help")("metrics", po::value<std::string>(&summary.metrics),
                                                    "metrics to print, comma-separated: names or groups (clinic, outcomes, ...)")(
      "points", po::value<std::string>(&summary.points), "sweep points to print: numbers or ranges, e.g. 0,3,5-9 (default: all)")(
      "file", po::value<std::string>(), "result file");
  // clang-format on
  po::positional_options_description positional;
  positional.add("file", 1);
  const Parsed p = parse(args, options, positional);
  if (p.help || !p.vm.count("file")) {
    std::cout << "Usage: " << b.program << " summary FILE [--metrics LIST] [--points LIST]\n"
              << "Prints the per-point table (means with 95% confidence intervals), a compare file's paired differences, the\n"
              << "cost-effectiveness table and the sensitivity table of a result file.\n\n"
              << options;
    return p.help ? kExitOk : kExitUsage;
  }
  std::cout << summary_report(p.vm["file"].as<std::string>(), summary);
  return kExitOk;
}

int cmd_extract(const ModelBinding& b, const std::vector<std::string>& args) {
  po::options_description options("Options for `" + b.program + " extract FILE.h5`");
  std::string directory = ".";
  // clang-format off: one option a line
  options.add_options()("help,h", "show this help")("output-dir,o", po::value<std::string>(&directory),
                                                    "directory for the scenario files (default: the current one)")(
      "force", "overwrite scenario files that exist")("file", po::value<std::string>(), "result file");
  // clang-format on
  po::positional_options_description positional;
  positional.add("file", 1);
  const Parsed p = parse(args, options, positional);
  if (p.help || !p.vm.count("file")) {
    std::cout << "Usage: " << b.program << " extract FILE.h5 [-o DIR]\n"
              << "Writes the scenario(s) stored in a result file as TOML files (one per compared scenario, named as in the\n"
              << "file) and prints the command that reproduces its datasets.\n\n"
              << options;
    return p.help ? kExitOk : kExitUsage;
  }
  std::cout << extract_scenarios(p.vm["file"].as<std::string>(), directory, p.vm.count("force") > 0, b.program);
  return kExitOk;
}

void print_usage(const ModelBinding& b, std::ostream& out) {
  out << "Usage: " << b.program << " COMMAND [options]\n\n"
      << "Commands:\n"
      << "  run [SCENARIO.toml]     simulate a scenario and write an HDF5 result file\n"
      << "  validate SCENARIO...    check scenario files without running them\n"
      << "  compare A.toml B.toml.. run scenarios on the same patients; side-by-side table with paired differences\n"
      << "  summary FILE            print the tables of a result file (per point, compare, cost-effectiveness, sensitivity)\n"
      << "  extract FILE            write the scenario(s) stored in a result file as TOML files, to rerun it\n"
      << "  schema                  print every scenario key (type, default, unit, range)\n\n"
      << "Options:\n  -h, --help              this help (`" << b.program << " COMMAND --help` for a command)\n"
      << "  --version               print the version\n\n"
      << "Exit codes: 0 success, 1 internal error, 2 bad input or usage, 130 interrupted.\n";
}

}  // namespace

int cli_main(int argc, const char* const* argv, const ModelBinding& b) {
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + quote_argument(argv[i]);
  if (argc < 2) {
    print_usage(b, std::cerr);
    return kExitUsage;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  try {
    if (command == "--version" || command == "version") {
      std::cout << b.program << " " << b.version << " (" << b.git_commit << ")\n";
      return kExitOk;
    }
    if (command == "--help" || command == "-h" || command == "help") {
      print_usage(b, std::cout);
      return kExitOk;
    }
    if (command == "run") return cmd_run(b, args, command_line);
    if (command == "validate") return cmd_validate(b, args);
    if (command == "schema") return cmd_schema(b, args);
    if (command == "summary") return cmd_summary(b, args);
    if (command == "compare") return cmd_compare(b, args, command_line);
    if (command == "extract") return cmd_extract(b, args);
    std::cerr << b.program << ": unknown command \"" << command << "\"\n\n";
    print_usage(b, std::cerr);
    return kExitUsage;
  } catch (const InputError& e) {
    std::cerr << e.what() << "\n";
    return kExitUsage;
  } catch (const po::too_many_positional_options_error& e) {
    std::cerr << b.program << " " << command << ": " << e.what();
    if (command == "run")
      std::cerr << "; `run` takes one scenario file: to run several on the same patients, use `" << b.program << " compare A.toml B.toml ...`";
    std::cerr << " (see `" << b.program << " " << command << " --help`)\n";
    return kExitUsage;
  } catch (const po::error& e) {
    std::cerr << b.program << " " << command << ": " << e.what() << " (see `" << b.program << " " << command << " --help`)\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << b.program << ": internal error: " << e.what() << "\n";
    return kExitInternal;
  }
}

}  // namespace rehabsim::app
