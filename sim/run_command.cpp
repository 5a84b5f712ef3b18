#include "sim/run_command.hpp"

#include <cstdio>
#include <iomanip>
#include <sstream>

#include "sim/progress.hpp"
#include "sim/runner.hpp"
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

RunOutcome run_experiment(const Experiment& experiment, const RunRequest& request, std::ostream& summary_out) {
  ResultFile file(request.output_path, request.force);  // checks the target before any work
  file.add_table(experiment.points_spec());
  file.append(experiment.points_spec().name, experiment.points_rows());
  const auto& tables = experiment.item_tables();
  for (const auto& t : tables) file.add_table(t);

  // The per-replication table is small (points x replications rows): keep it for /summary.
  const TableSpec& source_spec = tables.at(experiment.summary_source());
  TableBuffer replication_rows(source_spec);

  Progress progress(!request.quiet);
  RunnerOptions options;
  options.threads = request.threads;
  options.stop = request.stop;
  options.progress = [&](std::size_t done, std::size_t total) { progress.update(done, total); };
  const RunnerResult result = run_work_items(experiment, options, [&](const WorkItem&, std::vector<TableBuffer>&& out) {
    for (std::size_t t = 0; t < tables.size(); ++t) file.append(tables[t].name, out[t]);
    replication_rows.append(out[experiment.summary_source()]);
  });
  progress.finish();

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
  const auto& point_of_row = replication_rows.integers(source_spec.index_of("point"));
  std::ostringstream table;
  for (std::uint32_t point = 0; point < experiment.points(); ++point) {
    table << "point " << point << "\n"
          << "  " << std::left << std::setw(28) << "metric" << std::right << std::setw(12) << "mean"
          << std::setw(26) << "95% CI" << std::setw(4) << "n" << "   units\n";
    for (std::size_t m = 0; m < metric_columns.size(); ++m) {
      std::vector<double> sample;
      const auto& column = replication_rows.floats(metric_columns[m]);
      for (std::size_t r = 0; r < column.size(); ++r)
        if (point_of_row[r] == point) sample.push_back(column[r]);
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
      table << "  " << std::left << std::setw(28) << metric_names[m] << std::right << std::setw(12) << mean
            << std::setw(26) << ci << std::setw(4) << s.n << "   " << source_spec.columns[metric_columns[m]].units << "\n";
    }
  }
  file.add_table(spec);
  file.append(spec.name, summary);

  RootAttributes attributes = request.attributes;
  attributes.seed = experiment.seed();
  attributes.replications = experiment.replications();
  const bool complete = !result.interrupted;
  file.commit(attributes, complete);
  summary_out << table.str();
  summary_out << (complete ? "wrote " : "interrupted: wrote the finished work items to ") << file.final_path() << " ("
              << result.completed << " of " << static_cast<std::size_t>(experiment.points()) * experiment.replications()
              << " work items)\n";
  return {result.completed, result.interrupted};
}

}  // namespace rehabsim::sim
