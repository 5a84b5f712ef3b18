#include "sim/run_command.hpp"

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include "sim/journal.hpp"
#include "sim/progress.hpp"
#include "sim/runner.hpp"
#include "sim/sensitivity.hpp"
#include "sim/summary_stats.hpp"

namespace rehabsim::sim {

TableSpec summary_spec(const std::vector<std::string>& metrics) {
  return TableSpec{"summary",
                   {{"point", ColumnType::Int32, "1", "sweep point id (see /points)", {}},
                    {"metric", ColumnType::Int32, "1", "metric code; the name is labels[code], a column of /replications", metrics},
                    {"mean", ColumnType::Float64, "units of the metric", "mean over replications", {}},
                    {"sd", ColumnType::Float64, "units of the metric", "standard deviation over replications", {}},
                    {"ci95_low", ColumnType::Float64, "units of the metric", "lower end of the Student-t 95% confidence interval of the mean", {}},
                    {"ci95_high", ColumnType::Float64, "units of the metric", "upper end of the Student-t 95% confidence interval of the mean", {}},
                    {"n", ColumnType::Int64, "1", "replications with a defined value", {}}}};
}

TableSpec sensitivity_spec(const std::vector<std::string>& parameters, const std::vector<std::string>& metrics) {
  return TableSpec{"sensitivity",
                   {{"parameter", ColumnType::Int32, "1", "swept parameter; the key path is labels[code] (a column of /points)", parameters},
                    {"metric", ColumnType::Int32, "1", "outcome; the name is labels[code] (a column of /replications)", metrics},
                    {"prcc", ColumnType::Float64, "1", "partial rank correlation coefficient of the parameter with the point means of the metric", {}},
                    {"ci95_low", ColumnType::Float64, "1", "lower end of the 95% interval (Fisher z)", {}},
                    {"ci95_high", ColumnType::Float64, "1", "upper end of the 95% interval (Fisher z)", {}},
                    {"p_value", ColumnType::Float64, "1", "two-sided p-value (Student t, n - 2 - q degrees of freedom)", {}}}};
}

namespace {

// PRCC of every numeric swept key on every metric's point means.
TableBuffer sensitivity_rows(const Experiment& experiment, const TableSpec& spec, const std::vector<std::vector<double>>& point_means,
                             std::vector<std::size_t> parameter_columns) {
  TableBuffer out(spec);
  const TableBuffer points = experiment.points_rows();
  for (std::size_t m = 0; m < point_means.size(); ++m) {
    std::vector<Eigen::Index> usable;
    for (std::size_t p = 0; p < point_means[m].size(); ++p)
      if (std::isfinite(point_means[m][p])) usable.push_back(static_cast<Eigen::Index>(p));
    const auto n = static_cast<Eigen::Index>(usable.size());
    Eigen::MatrixXd x(n, static_cast<Eigen::Index>(parameter_columns.size()));
    Eigen::VectorXd y(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto p = static_cast<std::size_t>(usable[static_cast<std::size_t>(i)]);
      y(i) = point_means[m][p];
      for (std::size_t j = 0; j < parameter_columns.size(); ++j) {
        const std::size_t c = parameter_columns[j];
        x(i, static_cast<Eigen::Index>(j)) = points.is_float(c) ? points.floats(c)[p] : static_cast<double>(points.integers(c)[p]);
      }
    }
    const auto results = prcc(x, y);
    for (std::size_t j = 0; j < results.size(); ++j) {
      out.add_row();
      out.set(0, static_cast<std::int64_t>(j));
      out.set(1, static_cast<std::int64_t>(m));
      out.set(2, results[j].prcc);
      out.set(3, results[j].ci95_low);
      out.set(4, results[j].ci95_high);
      out.set(5, results[j].p_value);
    }
  }
  return out;
}

}  // namespace

RunOutcome run_experiment(const Experiment& experiment, const RunRequest& request, std::ostream& summary_out) {
  // A resume replaces the interrupted run's (incomplete) file; otherwise the target is checked now,
  // before any work.
  ResultFile file(request.output_path, request.force || request.resume);
  const auto& tables = experiment.item_tables();
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
    journal.sync();
    progress.update(done, all);
  };
  const std::size_t reps = experiment.replications();
  std::vector<TableBuffer> subset;
  const RunnerResult result = run_work_items(experiment, options, [&](const WorkItem& item, std::vector<TableBuffer>&& out) {
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
  for (std::size_t c = 0; c < source_spec.columns.size(); ++c)
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
      summary.add_row();
      summary.set(0, std::int64_t{point});
      summary.set(1, static_cast<std::int64_t>(m));
      summary.set(2, s.mean);
      summary.set(3, s.sd);
      summary.set(4, s.ci95_low);
      summary.set(5, s.ci95_high);
      summary.set(6, static_cast<std::int64_t>(s.n));
      char ci[64];
      std::snprintf(ci, sizeof ci, "[%.3f, %.3f]", s.ci95_low, s.ci95_high);
      char mean[32];
      std::snprintf(mean, sizeof mean, "%.3f", s.mean);
      if (show)
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

}  // namespace rehabsim::sim
