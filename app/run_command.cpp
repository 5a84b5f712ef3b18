#include "app/run_command.hpp"

#include <sys/statvfs.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>
#include <tuple>

#include "app/compare_table.hpp"
#include "app/derived_tables.hpp"
#include "app/incremental_analysis.hpp"
#include "app/memory.hpp"
#include "app/metric_table.hpp"
#include "app/progress.hpp"
#include "app/run_stats_report.hpp"
#include "sim/core/errors.hpp"
#include "sim/exec/journal.hpp"
#include "sim/exec/runner.hpp"
#include "sim/stats/summary_stats.hpp"

namespace rehabsim::app {

using namespace rehabsim::sim;  // the engine kernel this layer drives

namespace {

// The item tables of a run: the model's, with the per-replication one extended by the engine's PSA
// columns; which are written to the file, and which are journaled (those, and the per-replication
// one that /summary needs).
struct RunTables {
  std::vector<TableSpec> all;
  std::size_t source = 0;         ///< index of the per-replication table
  std::size_t model_columns = 0;  ///< its columns before the PSA ones
  std::vector<std::size_t> kept;  ///< journaled, as indexes into `all`
  std::vector<TableSpec> kept_specs;
  std::set<std::string> skipped;
  bool written(const TableSpec& t) const { return !skipped.contains(t.name); }
  const TableSpec& source_spec() const { return all[source]; }
};

RunTables plan_tables(const Experiment& experiment, const RunRequest& request) {
  RunTables t;
  t.all = experiment.item_tables();
  t.source = experiment.summary_source();
  t.model_columns = t.all[t.source].columns.size();
  for (const auto& c : request.extra_replication_columns) t.all[t.source].columns.push_back(c);
  t.skipped = request.skip_tables;
  for (std::size_t i = 0; i < t.all.size(); ++i)
    if (t.written(t.all[i]) || i == t.source) {
      t.kept.push_back(i);
      t.kept_specs.push_back(t.all[i]);
    }
  return t;
}

JournalKey journal_key(const Experiment& experiment, const RunRequest& request, const RunTables& t) {
  std::string skipped_names;
  for (const auto& name : t.skipped) skipped_names += name + ";";
  std::string scenario = request.attributes.scenario_toml;  // with every compared scenario: a resume must have the same ones
  for (const auto& toml : request.attributes.compared_scenario_tomls) scenario += toml;
  return {"rehabsim " + request.attributes.software_version + " (commit " + request.attributes.git_commit + ")",
          request.model_fingerprint,
          fnv1a(skipped_names.data(), skipped_names.size(), fnv1a(scenario.data(), scenario.size())),
          layout_hash(t.kept_specs),
          experiment.seed(),
          experiment.points(),
          experiment.replications()};
}

// How the run's items are run (shared by the memory check and the run).
RunnerOptions runner_options(const RunRequest& request) {
  RunnerOptions options;
  options.threads = request.threads;
  options.stop = request.stop;
  return options;
}

struct StreamedRun {
  RunnerResult runner;
  TableBuffer replication_rows;  ///< small (points x replications rows): kept for the derived tables
};

// Runs what is not yet done, streaming every item's output in work-item order to the journal (for a
// resume) and to the result file as it is made; the items an interrupted run finished are copied
// from the journal at their place. The file is identical for any thread count and whether or not
// the run was interrupted and resumed.
StreamedRun run_items(ResultFile& file, const Experiment& experiment, const RunRequest& request, const RunTables& t, Journal& journal) {
  file.add_table(experiment.points_spec());
  file.append(experiment.points_spec().name, experiment.points_rows());
  for (const auto& spec : t.all)
    if (t.written(spec)) file.add_table(spec);
  StreamedRun run{{}, TableBuffer(t.source_spec())};
  const auto write = [&](const std::vector<TableBuffer>& kept) {
    for (std::size_t k = 0; k < t.kept.size(); ++k) {
      if (t.written(t.kept_specs[k])) file.append(t.kept_specs[k].name, kept[k]);
      if (t.kept[k] == t.source) run.replication_rows.append(kept[k]);
    }
  };
  Progress progress(!request.quiet);
  RunnerOptions options = runner_options(request);
  options.skip = [&](std::size_t item) { return journal.recorded().contains(item); };
  options.progress = [&](std::size_t done, std::size_t all) {
    journal.flush();
    progress.update(done, all);
  };
  const std::size_t reps = experiment.replications();
  const auto index_of = [&](const WorkItem& item) { return static_cast<std::size_t>(item.point) * reps + item.replication; };
  std::vector<TableBuffer> kept;
  ItemConsumer consumer;
  consumer.chunk = [&](const WorkItem& item, std::vector<TableBuffer>&& out) {
    if (!request.extra_replication_columns.empty())
      out[t.source] = with_extra_columns(out[t.source], t.all[t.source], t.model_columns, request.extra_replication_values(item.replication));
    kept.clear();
    for (const std::size_t k : t.kept) kept.push_back(std::move(out[k]));
    journal.append_chunk(index_of(item), kept);
    write(kept);
  };
  consumer.done = [&](const WorkItem& item) { journal.end_item(index_of(item)); };
  consumer.skipped = [&](const WorkItem& item) {
    journal.read_chunks(index_of(item), t.kept_specs, [&](std::vector<TableBuffer>&& piece) { write(piece); });
  };
  run.runner = run_work_items(experiment, options, consumer);
  journal.sync();
  progress.finish();
  return run;
}

// The metrics: every Float64 column of the per-replication table the model made (the engine's PSA
// columns are inputs, not metrics).
struct Metrics {
  std::vector<std::size_t> columns;
  std::vector<std::string> names;
  std::vector<std::string> unit_terms;       ///< the distinct units of the metrics (labels of /summary/units)
  std::vector<std::int64_t> unit_of_metric;  ///< each metric's code among them
};

Metrics metrics_of(const RunTables& t) {
  Metrics m;
  for (std::size_t c = 0; c < t.model_columns; ++c)
    if (t.source_spec().columns[c].type == ColumnType::Float64) {
      m.columns.push_back(c);
      m.names.push_back(t.source_spec().columns[c].name);
    }
  std::vector<std::string> units;
  for (const std::size_t c : m.columns) units.push_back(t.source_spec().columns[c].units);
  std::tie(m.unit_terms, m.unit_of_metric) = unit_codes(units);
  return m;
}

// Rows of each point (rows arrive in work-item order, but an interruption can leave gaps).
std::vector<std::vector<std::size_t>> rows_of_points(const TableBuffer& rows, const TableSpec& spec, std::uint32_t points) {
  std::vector<std::vector<std::size_t>> out(points);
  const auto& point_of_row = rows.integers(spec.index_of("point"));
  for (std::size_t r = 0; r < point_of_row.size(); ++r) out[static_cast<std::size_t>(point_of_row[r])].push_back(r);
  return out;
}

// /summary: one row per (point, metric) over the replications that finished; also the printed lines.
TableBuffer summary_rows(const TableSpec& spec, const TableBuffer& rows, const RunTables& t, const Metrics& m, std::uint32_t points,
                         std::vector<std::vector<MetricLine>>& lines) {
  TableBuffer summary(spec);
  const auto by_point = rows_of_points(rows, t.source_spec(), points);
  lines.assign(points, {});
  for (std::uint32_t point = 0; point < points; ++point)
    for (std::size_t k = 0; k < m.columns.size(); ++k) {
      std::vector<double> sample;
      const auto& column = rows.floats(m.columns[k]);
      for (const std::size_t r : by_point[point]) sample.push_back(column[r]);
      const SampleSummary s = summarise(sample);
      summary.add_row_values(point, k, s.mean, s.sd, s.ci95_low, s.ci95_high, s.n, m.unit_of_metric[k]);
      const ColumnSpec& column_spec = t.source_spec().columns[m.columns[k]];
      lines[point].push_back(
          {m.names[k], s.mean, s.ci95_low, s.ci95_high, static_cast<long>(s.n), column_spec.units, column_spec.valid_min, column_spec.valid_max});
    }
  return summary;
}

void write_sensitivity(ResultFile& file, const Experiment& experiment, const TableBuffer& summary, const Metrics& m) {
  const TableSpec points_spec = experiment.points_spec();
  std::vector<std::size_t> parameter_columns;
  std::vector<std::string> parameters;
  for (std::size_t c = 1; c < points_spec.columns.size(); ++c)
    if (points_spec.columns[c].labels.empty()) {  // numeric keys only
      parameter_columns.push_back(c);
      parameters.push_back(points_spec.columns[c].name);
    }
  std::vector<std::vector<double>> point_means(m.columns.size(), std::vector<double>(experiment.points()));
  const auto& means = summary.floats(2);
  for (std::size_t row = 0; row < means.size(); ++row) point_means[row % m.columns.size()][row / m.columns.size()] = means[row];
  const TableSpec spec = sensitivity_spec(parameters, m.names);
  file.add_table(spec);
  file.append(spec.name, sensitivity_rows(experiment, spec, point_means, parameter_columns));
}

// /cost_effectiveness (increments against the reference, the acceptability curve's data) and
// /incremental_analysis (dominance and the frontier's ICERs); returns the printed table.
std::string write_cost_effectiveness(ResultFile& file, const Experiment& experiment, const RunRequest& request, const TableBuffer& rows,
                                     const RunTables& t, const std::vector<std::string>& names) {
  const CostEffectivenessSetup& ce = request.cost_effectiveness;
  if (experiment.points() < 2 || ce.cost_metric.empty()) return {};
  const TableSpec& source = t.source_spec();
  const auto has = [&](const std::string& name) {
    return std::any_of(source.columns.begin(), source.columns.end(), [&](const ColumnSpec& c) { return c.name == name; });
  };
  if (!has(ce.cost_metric) || !has(ce.effect_metric)) return {};
  const std::size_t cc = source.index_of(ce.cost_metric), ec = source.index_of(ce.effect_metric);
  const TableSpec spec = cost_effectiveness_spec(ce, source.columns[cc].units, source.columns[ec].units);
  file.add_table(spec);
  file.append(spec.name,
              cost_effectiveness_rows(spec, ce, rows, source, experiment.points(), experiment.replications(), request.reference_point, cc, ec));
  std::vector<double> cost(experiment.points()), effect(experiment.points());
  const auto by_point = rows_of_points(rows, source, experiment.points());
  for (std::uint32_t p = 0; p < experiment.points(); ++p) {
    std::vector<double> c, e;
    for (const std::size_t r : by_point[p]) {
      c.push_back(rows.floats(cc)[r]);
      e.push_back(rows.floats(ec)[r]);
    }
    cost[p] = summarise(c).mean;
    effect[p] = summarise(e).mean;
  }
  const TableSpec incremental = incremental_spec(ce, source.columns[cc].units, source.columns[ec].units);
  file.add_table(incremental);
  file.append(incremental.name, incremental_rows(incremental, cost, effect));
  return incremental_text(names, cost, effect, incremental_analysis(cost, effect), source.columns[cc].units, source.columns[ec].units);
}

// `compare`: writes /compare and returns the side-by-side text.
std::string write_compare(ResultFile& file, const Experiment& experiment, const RunRequest& request, const TableBuffer& rows, const RunTables& t,
                          const Metrics& m, const std::vector<MetricGroup>& order) {
  const TableSpec spec = compare_spec(request.compared_names, m.names, m.unit_terms);
  TableBuffer out(spec);
  const CompareInput in{t.source_spec(),  rows,  experiment.points(),  experiment.replications(), request.compared_names, m.columns, m.names,
                        m.unit_of_metric, order, request.result_notes, request.compared_per_group};
  const std::string text = compare_table(in, out);
  file.add_table(spec);
  file.append(spec.name, out);
  return text;
}

// The value of column c of a /points row as printed ("telehealth", "56", "0.35").
std::string point_value(const TableSpec& spec, const TableBuffer& rows, std::size_t c, std::size_t row) {
  return value_as_printed(rows.is_float(c) ? rows.floats(c)[row] : static_cast<double>(rows.integers(c)[row]), spec.columns[c].labels);
}

// Each point's name in tables where space is short: the compared scenario, or the swept values.
std::vector<std::string> option_names(const Experiment& experiment, const RunRequest& request) {
  if (!request.compared_names.empty()) return request.compared_names;
  const TableSpec spec = experiment.points_spec();
  const TableBuffer rows = experiment.points_rows();
  std::vector<std::string> names;
  for (std::uint32_t p = 0; p < experiment.points(); ++p) {
    std::string name;
    for (std::size_t c = 1; c < spec.columns.size(); ++c)
      name += (name.empty() ? "" : ", ") + short_key(spec.columns[c].name) + "=" + point_value(spec, rows, c, p);
    names.push_back(name.empty() ? "point " + std::to_string(p) : name);
  }
  return names;
}

// The model's notes on every point, named ("b_five_therapists: the queue is unstable: ..."), for
// the file (the report shows them).
std::vector<std::string> point_notes(const RunRequest& request, const std::vector<std::vector<MetricLine>>& lines,
                                     const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (std::size_t p = 0; p < lines.size(); ++p)
    for (const auto& note : notes_for(request.result_notes, lines[p])) out.push_back(names[p] + ": " + note);
  return out;
}

// The printed order of the metrics: the request's groups and selection, a group whose lead metric
// no point defines (clinic KPIs without a clinic) last. Shared by the per-point and compare tables.
std::vector<MetricGroup> printed_order(const RunRequest& request, const std::vector<std::string>& metric_names,
                                       const std::vector<std::vector<MetricLine>>& lines) {
  std::set<std::string> defined;
  for (const auto& point : lines)
    for (const MetricLine& l : point)
      if (l.n > 0) defined.insert(l.metric);
  return ordered_metrics(request.metric_groups, metric_names, request.metric_selection, defined);
}

// The per-point tables as printed, each with the model's notes; a big sweep's are read with `summary`.
std::string points_text(const Experiment& experiment, const std::vector<std::vector<MetricLine>>& lines, const RunRequest& request,
                        const std::vector<MetricGroup>& order) {
  constexpr std::uint32_t kPrintedPoints = 10;
  const TableSpec spec = experiment.points_spec();
  const TableBuffer rows = experiment.points_rows();
  std::ostringstream out;
  bool clipped = false;
  for (std::uint32_t point = 0; point < experiment.points() && point < kPrintedPoints; ++point) {
    std::vector<std::pair<std::string, std::string>> swept;
    for (std::size_t c = 1; c < spec.columns.size(); ++c) swept.emplace_back(spec.columns[c].name, point_value(spec, rows, c, point));
    if (point > 0) out << "\n";
    clipped = render_metric_block(out, experiment.points() > 1 ? point_name(point, swept) : "results", lines[point], order) || clipped;
    for (const auto& note : notes_for(request.result_notes, lines[point])) out << "note: " << note << "\n";
  }
  if (experiment.points() > kPrintedPoints)
    out << "... " << experiment.points() - kPrintedPoints << " more points: `rehabsim summary " << request.output_path << "`\n";
  out << interval_notes(clipped, static_cast<long>(experiment.replications()));
  return out.str();
}

// Refuses a run whose work items in flight cannot fit in the memory available now, naming the
// estimate and what reduces it.
void check_memory(const Experiment& experiment, const RunRequest& request) {
  const RunPlan plan = plan_run(experiment, runner_options(request));
  const auto available = available_memory_bytes();
  if (plan.bytes <= 0 || !available || plan.bytes <= 0.9 * static_cast<double>(*available)) return;
  const std::string held = plan.streamed ? "one work item at a time, its output streamed"
                                         : std::to_string(plan.in_flight) + " work items in flight with -j " + std::to_string(request.threads);
  throw InputError("this run needs about " + gigabytes(plan.bytes) + " of memory (" + held + ") and " + gigabytes(static_cast<double>(*available)) +
                   " is available: lower run.patients (a clinic with limited capacity holds every patient of a replication at "
                   "once), -j, or leave out --trajectories");
}

// True when the file system of `path` has (nearly) no space left.
bool disk_full(const std::string& path) {
  struct statvfs fs {};
  const std::filesystem::path p(path);
  const std::string dir = p.has_parent_path() ? p.parent_path().string() : std::string(".");
  return ::statvfs(dir.c_str(), &fs) == 0 && static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize) < 4.0 * 1024 * 1024;
}

}  // namespace

static RunOutcome run_and_write(const Experiment& experiment, const RunRequest& request, std::ostream& summary_out);

RunOutcome run_experiment(const Experiment& experiment, const RunRequest& request, std::ostream& summary_out) {
  check_memory(experiment, request);
  try {
    return run_and_write(experiment, request, summary_out);
  } catch (const std::runtime_error& e) {
    if (dynamic_cast<const InputError*>(&e) || !disk_full(request.output_path)) throw;
    // Disk full is not a bug: say so, and that the finished work is kept (a cut-short record is dropped on resume).
    throw InputError(request.output_path + ": the disk is full (" + e.what() + "); the finished work items are kept in " +
                     journal_path_for(request.output_path) + ": free some space and finish with --resume " + request.output_path);
  }
}

static RunOutcome run_and_write(const Experiment& experiment, const RunRequest& request, std::ostream& summary_out) {
  // A resume replaces the interrupted run's (incomplete) file; otherwise the target is checked now, before any work.
  ResultFile file(request.output_path, request.force || request.resume);
  const RunTables tables = plan_tables(experiment, request);
  Journal journal(journal_path_for(request.output_path), journal_key(experiment, request, tables), request.resume, request.force);
  const std::size_t already = journal.recorded().size();
  const auto started = std::chrono::steady_clock::now();
  const double cpu_before = process_cpu_seconds();
  const StreamedRun run = [&] {
    try {
      return run_items(file, experiment, request, tables, journal);
    } catch (const InputError& e) {
      // Bad input found while running (a replication's draws breaking a rule): this input can never
      // finish, and the corrected one is another run, so its journal would only refuse it.
      journal.remove();
      throw InputError(std::string(e.what()) + " (nothing was written; correct the scenario and run it again)");
    }
  }();
  const RunnerResult& result = run.runner;
  const TableBuffer& replication_rows = run.replication_rows;
  const auto simulated = std::chrono::steady_clock::now();

  const std::size_t finished = journal.recorded().size(), total = static_cast<std::size_t>(experiment.points()) * experiment.replications();
  const Metrics metrics = metrics_of(tables);
  std::vector<std::vector<MetricLine>> lines;
  const TableSpec summary_table = summary_spec(metrics.names, metrics.unit_terms);
  const TableBuffer summary = summary_rows(summary_table, replication_rows, tables, metrics, experiment.points(), lines);
  file.add_table(summary_table);
  file.append(summary_table.name, summary);
  if (request.sensitivity) write_sensitivity(file, experiment, summary, metrics);
  const std::string cost_effectiveness =
      write_cost_effectiveness(file, experiment, request, replication_rows, tables, option_names(experiment, request));
  const std::vector<MetricGroup> order = printed_order(request, metrics.names, lines);
  const std::string printed = (request.compared_names.empty() ? points_text(experiment, lines, request, order)
                                                              : write_compare(file, experiment, request, replication_rows, tables, metrics, order)) +
                              (cost_effectiveness.empty() ? "" : "\n" + cost_effectiveness);

  RootAttributes attributes = request.attributes;
  attributes.notes = point_notes(request, lines, option_names(experiment, request));
  attributes.seed = experiment.seed();
  attributes.replications = experiment.replications();
  const bool complete = finished == total;
  file.commit(attributes, complete);
  if (complete) journal.remove();  // an incomplete run keeps it for --resume
  summary_out << printed << (complete ? "wrote " : "interrupted: wrote the finished work items to ") << file.final_path() << " (" << finished
              << " of " << total << " work items" << (already ? ", " + std::to_string(already) + " from the interrupted run" : std::string()) << ")"
              << (complete ? "" : "; finish with --resume " + file.final_path()) << "\n";
  if (request.stats) {
    const auto seconds = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    std::error_code ec;
    const std::uintmax_t bytes = std::filesystem::file_size(file.final_path(), ec);
    print_run_stats(std::cerr, experiment.run_stats(),
                    {.simulate_seconds = seconds(started, simulated),
                     .write_seconds = seconds(simulated, std::chrono::steady_clock::now()),
                     .cpu_seconds = process_cpu_seconds() - cpu_before,
                     .file_bytes = ec ? 0 : bytes,
                     .threads = request.threads},
                    experiment.event_kind_names(), experiment.entity_name());
  }
  return {result.completed, !complete};
}

}  // namespace rehabsim::app
