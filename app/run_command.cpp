#include "app/run_command.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include "app/derived_tables.hpp"
#include "sim/journal.hpp"
#include "app/progress.hpp"
#include "sim/runner.hpp"
#include "sim/sensitivity.hpp"
#include "sim/summary_stats.hpp"

namespace rehabsim::app {

using namespace rehabsim::sim;  // the engine kernel this layer drives
RunOutcome run_experiment(const Experiment& experiment, const RunRequest& request, std::ostream& summary_out) {
  // A resume replaces the interrupted run's (incomplete) file; otherwise the target is checked now,
  // before any work.
  ResultFile file(request.output_path, request.force || request.resume);
  // The model's tables, the per-replication one extended with the engine's PSA columns.
  std::vector<TableSpec> tables = experiment.item_tables();
  const std::size_t source = experiment.summary_source();
  const std::size_t model_columns = tables[source].columns.size();
  for (const auto& c : request.extra_replication_columns) tables[source].columns.push_back(c);
  const std::size_t total = static_cast<std::size_t>(experiment.points()) * experiment.replications();
  std::string skipped_names;
  for (const auto& name : request.skip_tables) skipped_names += name + ";";
  // Only the tables that are written (and the per-replication one /summary needs) are journaled.
  const auto written = [&](const TableSpec& t) { return !request.skip_tables.contains(t.name); };
  std::vector<std::size_t> kept;
  std::vector<TableSpec> kept_specs;
  for (std::size_t t = 0; t < tables.size(); ++t)
    if (written(tables[t]) || t == experiment.summary_source()) {
      kept.push_back(t);
      kept_specs.push_back(tables[t]);
    }
  Journal journal(journal_path_for(request.output_path),
                  run_fingerprint(request.attributes.scenario_toml + skipped_names, experiment.seed(), experiment.points(),
                                  experiment.replications(), kept_specs),
                  experiment.seed(), request.resume);
  const std::size_t already = journal.recorded().size();

  // Run what is not yet done; every finished item goes to the journal, made durable per batch.
  Progress progress(!request.quiet);
  RunnerOptions options;
  options.threads = request.threads;
  options.stop = request.stop;
  options.skip = [&](std::size_t item) { return journal.recorded().contains(item); };
  options.progress = [&](std::size_t done, std::size_t all) {
    journal.flush();
    progress.update(done, all);
  };
  const std::size_t reps = experiment.replications();
  std::vector<TableBuffer> subset;
  const RunnerResult result = run_work_items(experiment, options, [&](const WorkItem& item, std::vector<TableBuffer>&& out) {
    if (!request.extra_replication_columns.empty())
      out[source] = with_extra_columns(out[source], tables[source], model_columns, request.extra_replication_values(item.replication));
    subset.clear();
    for (const std::size_t t : kept) subset.push_back(std::move(out[t]));
    journal.append(static_cast<std::size_t>(item.point) * reps + item.replication, subset);
  });
  journal.sync();
  progress.finish();

  // The result file, from the journal in work-item order: identical for any thread count and
  // whether or not the run was interrupted and resumed.
  file.add_table(experiment.points_spec());
  file.append(experiment.points_spec().name, experiment.points_rows());
  for (const auto& t : tables)
    if (written(t)) file.add_table(t);
  const TableSpec& source_spec = tables.at(experiment.summary_source());
  TableBuffer replication_rows(source_spec);  // small (points x replications rows): kept for /summary
  for (std::size_t item = 0; item < total; ++item) {
    if (!journal.recorded().contains(item)) continue;
    const std::vector<TableBuffer> out = journal.read(item, kept_specs);
    for (std::size_t k = 0; k < kept.size(); ++k) {
      if (written(kept_specs[k])) file.append(kept_specs[k].name, out[k]);
      if (kept[k] == experiment.summary_source()) replication_rows.append(out[k]);
    }
  }
  const std::size_t finished = journal.recorded().size();

  // /summary: one row per (point, metric) over the replications that finished.
  std::vector<std::size_t> metric_columns;
  std::vector<std::string> metric_names;
  for (std::size_t c = 0; c < model_columns; ++c)  // the engine's PSA columns are inputs, not metrics
    if (source_spec.columns[c].type == ColumnType::Float64) {
      metric_columns.push_back(c);
      metric_names.push_back(source_spec.columns[c].name);
    }
  const TableSpec spec = summary_spec(metric_names);
  TableBuffer summary(spec);
  // Rows of each point (rows arrive in work-item order, but an interruption can leave gaps).
  std::vector<std::vector<std::size_t>> rows_of_point(experiment.points());
  const auto& point_of_row = replication_rows.integers(source_spec.index_of("point"));
  for (std::size_t r = 0; r < point_of_row.size(); ++r) rows_of_point[static_cast<std::size_t>(point_of_row[r])].push_back(r);
  std::ostringstream table;
  constexpr std::uint32_t kPrintedPoints = 10;  // a big sweep's table is read with `rehabsim summary`
  for (std::uint32_t point = 0; point < experiment.points(); ++point) {
    if (point == kPrintedPoints)
      table << "... " << experiment.points() - kPrintedPoints << " more points: `rehabsim summary " << request.output_path << "`\n";
    const bool show = point < kPrintedPoints;
    if (show)
      table << "point " << point << "\n"
          << "  " << std::left << std::setw(28) << "metric" << std::right << std::setw(12) << "mean"
          << std::setw(26) << "95% CI" << std::setw(4) << "n" << "   units\n";
    for (std::size_t m = 0; m < metric_columns.size(); ++m) {
      std::vector<double> sample;
      const auto& column = replication_rows.floats(metric_columns[m]);
      for (const std::size_t r : rows_of_point[point]) sample.push_back(column[r]);
      const SampleSummary s = summarise(sample);
      summary.add_row_values(point, m, s.mean, s.sd, s.ci95_low, s.ci95_high, s.n);
      char ci[64];
      std::snprintf(ci, sizeof ci, "[%.3f, %.3f]", s.ci95_low, s.ci95_high);
      char mean[32];
      std::snprintf(mean, sizeof mean, "%.3f", s.mean);
      if (show && s.n > 0)  // metrics undefined for this scenario (e.g. clinic KPIs without a clinic) stay in /summary only
        table << "  " << std::left << std::setw(28) << metric_names[m] << std::right << std::setw(12) << mean
            << std::setw(26) << ci << std::setw(4) << s.n << "   " << source_spec.columns[metric_columns[m]].units << "\n";
    }
  }
  file.add_table(spec);
  file.append(spec.name, summary);

  if (request.sensitivity) {
    const TableSpec points_spec = experiment.points_spec();
    std::vector<std::size_t> parameter_columns;
    std::vector<std::string> parameters;
    for (std::size_t c = 1; c < points_spec.columns.size(); ++c)
      if (points_spec.columns[c].labels.empty()) {  // numeric keys only
        parameter_columns.push_back(c);
        parameters.push_back(points_spec.columns[c].name);
      }
    std::vector<std::vector<double>> point_means(metric_columns.size(), std::vector<double>(experiment.points()));
    const auto& means = summary.floats(2);
    for (std::size_t row = 0; row < means.size(); ++row)
      point_means[row % metric_columns.size()][row / metric_columns.size()] = means[row];
    const TableSpec s_spec = sensitivity_spec(parameters, metric_names);
    file.add_table(s_spec);
    file.append(s_spec.name, sensitivity_rows(experiment, s_spec, point_means, parameter_columns));
  }

  if (experiment.points() >= 2 && !request.cost_metric.empty()) {
    const auto has = [&](const std::string& name) {
      return std::any_of(source_spec.columns.begin(), source_spec.columns.end(), [&](const ColumnSpec& c) { return c.name == name; });
    };
    if (has(request.cost_metric) && has(request.effect_metric)) {
      const std::size_t cc = source_spec.index_of(request.cost_metric), ec = source_spec.index_of(request.effect_metric);
      const TableSpec ce = cost_effectiveness_spec(source_spec.columns[cc].units, source_spec.columns[ec].units);
      file.add_table(ce);
      file.append(ce.name, cost_effectiveness_rows(ce, replication_rows, source_spec, experiment.points(), experiment.replications(),
                                                   request.reference_point, cc, ec));
    }
  }

  if (!request.compared_names.empty()) {
    // Each scenario against the first, paired by replication: the same patients and draws.
    const TableSpec spec_c = compare_spec(request.compared_names, metric_names);
    TableBuffer rows_c(spec_c);
    const auto& rep_of_row = replication_rows.integers(source_spec.index_of("replication"));
    // One block per metric, one line per scenario: readable for any number of policies.
    std::size_t width = 8;
    for (const auto& name : request.compared_names) width = std::max(width, name.size() + 4);
    std::ostringstream side;
    side << std::left << std::setw(static_cast<int>(width)) << "metric / scenario" << std::setw(40) << "mean [95% CI]"
         << "difference vs " << request.compared_names[0] << " [95% CI, paired]\n";
    for (std::size_t m = 0; m < metric_columns.size(); ++m) {
      const auto& column = replication_rows.floats(metric_columns[m]);
      std::vector<std::vector<double>> by_rep(experiment.points(), std::vector<double>(experiment.replications(), std::numeric_limits<double>::quiet_NaN()));
      for (std::size_t r = 0; r < column.size(); ++r)
        by_rep[static_cast<std::size_t>(point_of_row[r])][static_cast<std::size_t>(rep_of_row[r])] = column[r];
      std::ostringstream block;
      bool defined = false;
      for (std::uint32_t p = 0; p < experiment.points(); ++p) {
        std::vector<double> d(experiment.replications());
        for (std::uint32_t r = 0; r < experiment.replications(); ++r) d[r] = by_rep[p][r] - by_rep[0][r];
        const SampleSummary level = summarise(by_rep[p]), diff = summarise(d);
        rows_c.add_row_values(p, m, level.mean, level.ci95_low, level.ci95_high, diff.mean, diff.ci95_low, diff.ci95_high, diff.n);
        defined = defined || level.n > 0;
        char text[96];
        std::snprintf(text, sizeof text, "%.3f [%.3f, %.3f]", level.mean, level.ci95_low, level.ci95_high);
        block << "  " << std::left << std::setw(static_cast<int>(width) - 2) << request.compared_names[p] << std::setw(40) << text;
        if (p > 0) {
          std::snprintf(text, sizeof text, "%+.3f [%+.3f, %+.3f]", diff.mean, diff.ci95_low, diff.ci95_high);
          block << text;
        }
        block << "\n";
      }
      if (defined) side << metric_names[m] << " (" << source_spec.columns[metric_columns[m]].units << ")\n" << block.str();
    }
    file.add_table(spec_c);
    file.append(spec_c.name, rows_c);
    table.str("");
    table << side.str();
  }

  RootAttributes attributes = request.attributes;
  attributes.seed = experiment.seed();
  attributes.replications = experiment.replications();
  const bool complete = finished == total;
  file.commit(attributes, complete);
  if (complete) journal.remove();  // an incomplete run keeps it for --resume
  summary_out << table.str();
  summary_out << (complete ? "wrote " : "interrupted: wrote the finished work items to ") << file.final_path() << " (" << finished
              << " of " << total << " work items" << (already ? ", " + std::to_string(already) + " from the interrupted run" : std::string())
              << ")" << (complete ? "" : "; finish with --resume " + file.final_path()) << "\n";
  return {result.completed, !complete};
}

}  // namespace rehabsim::app
