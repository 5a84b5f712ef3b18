#include "models/recovery_experiment.hpp"

namespace rehabsim::models {

namespace {

sim::TableSpec single_point_spec() { return {"points", {{"point", sim::ColumnType::Int32, "1", "sweep point id", {}}}}; }

sim::TableBuffer single_point_row() {
  sim::TableBuffer rows(single_point_spec());
  rows.add_row();
  rows.set(0, std::int64_t{0});
  return rows;
}

std::vector<const Scenario*> pointers(const std::vector<Scenario>& v) {
  std::vector<const Scenario*> out;
  for (const auto& s : v) out.push_back(&s);
  return out;
}

std::vector<Scenario> one(Scenario s) {
  std::vector<Scenario> v;
  v.push_back(std::move(s));
  return v;
}

}  // namespace

RecoveryExperiment::RecoveryExperiment(Scenario scenario)
    : RecoveryExperiment(one(std::move(scenario)), single_point_spec(), single_point_row()) {}

RecoveryExperiment::RecoveryExperiment(std::vector<Scenario> per_point, sim::TableSpec points_spec, sim::TableBuffer points_rows)
    : points_spec_(std::move(points_spec)), points_rows_(std::move(points_rows)), patients_(pointers(per_point)), trajectories_(per_point.at(0)) {
  // Labels (cohort and phase names) and table shapes come from the first point: sweeps change
  // scalar values only, never the number of cohorts or phases, the horizon or the outputs.
  for (auto& s : per_point) points_.push_back(std::make_unique<Point>(std::move(s)));
  tables_ = {patients_.spec(), replications_.spec()};
  if (scenario().run.trajectories) tables_.push_back(trajectories_.spec());
}

sim::TableSpec RecoveryExperiment::points_spec() const { return points_spec_; }

sim::TableBuffer RecoveryExperiment::points_rows() const { return points_rows_; }

std::vector<sim::TableBuffer> RecoveryExperiment::run(const sim::WorkItem& item) const {
  const std::vector<PatientResult> results = [&] {
    if (!item_scenario_) {
      const Point& point = *points_.at(item.point);
      return simulate_replication(point.scenario, point.cohort, item.replication);
    }
    const Point own(item_scenario_(item.point, item.replication));
    return simulate_replication(own.scenario, own.cohort, item.replication);
  }();
  std::vector<sim::TableBuffer> out;
  for (const auto& t : tables_) out.emplace_back(t);
  patients_.append(item, results, out[0]);
  replications_.append(item, results, out[1]);
  if (scenario().run.trajectories) trajectories_.append(item, results, out[2]);
  return out;
}

}  // namespace rehabsim::models
