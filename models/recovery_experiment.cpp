#include "models/recovery_experiment.hpp"

#include "models/patient/event_kinds.hpp"
#include "models/patient/patient_state.hpp"
#include "sim/core/event_queue.hpp"

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

RecoveryExperiment::RecoveryExperiment(Scenario scenario) : RecoveryExperiment(one(std::move(scenario)), single_point_spec(), single_point_row()) {}

RecoveryExperiment::RecoveryExperiment(std::vector<Scenario> per_point, sim::TableSpec points_spec, sim::TableBuffer points_rows)
    : points_spec_(std::move(points_spec)), points_rows_(std::move(points_rows)), patients_(pointers(per_point)), trajectories_(per_point.at(0)) {
  // Labels (cohort and phase names) and table shapes come from the first point: sweeps change
  // scalar values only, never the number of cohorts or phases, the horizon or the outputs.
  for (auto& s : per_point)
    points_.push_back(points_.empty() ? std::make_unique<Point>(std::move(s)) : std::make_unique<Point>(std::move(s), *points_.back()));
  tables_ = {patients_.spec(), replications_.spec()};
  if (scenario().run.trajectories) tables_.push_back(trajectories_.spec());
  // /clinic_weekly when any point has a clinic with limited capacity (points without one add no rows).
  for (const auto& p : points_) clinic_table_ = clinic_table_ || p->scenario.clinic.limited();
  if (clinic_table_) tables_.push_back(clinic_weekly_.spec());
}

std::vector<std::string> RecoveryExperiment::event_kind_names() const { return {std::begin(kKindNames), std::end(kKindNames)}; }

sim::TableSpec RecoveryExperiment::points_spec() const { return points_spec_; }

sim::TableBuffer RecoveryExperiment::points_rows() const { return points_rows_; }

// Held whole, every patient's result is kept until the item's tables are built, each table row is
// 8 bytes a value, and the journal copies the tables once more. Streamed, each block in flight
// (ReplicationOptions::block_patients patients) holds the same for its patients, and the whole
// cohort shares its operation days and waits. A limited clinic holds every patient's state,
// result and events at once however it is consumed.
sim::ItemMemory RecoveryExperiment::memory_per_item() const {
  const Scenario& s = scenario();
  std::size_t values_per_patient = 0;
  for (const auto& t : tables_)
    if (t.name != kReplicationsTable && t.name != clinic_weekly_.spec().name)
      for (const auto& c : t.columns) values_per_patient += c.width;
  std::size_t per_patient = sizeof(PatientResult) + 2 * 8 * values_per_patient;
  if (s.run.trajectories) per_patient += kTrajectory.size() * static_cast<std::size_t>(trajectory_weeks(s)) * sizeof(double);
  const auto patients = static_cast<std::size_t>(s.run.patients);
  const std::size_t shared = patients * 2 * sizeof(double);
  if (s.clinic.limited()) {
    const std::size_t whole = patients * (per_patient + sizeof(PatientState) + 8 * sizeof(sim::Event) + 64) + shared;
    return {.whole = whole, .streamed = whole, .per_part = 0};
  }
  const std::size_t block = std::min<std::size_t>(patients, ReplicationOptions{}.block_patients);
  return {.whole = patients * per_patient + shared, .streamed = shared, .per_part = block * per_patient};
}

std::vector<sim::TableBuffer> RecoveryExperiment::run(const sim::WorkItem& item) const {
  std::vector<sim::TableBuffer> out;
  for (const auto& t : tables_) out.emplace_back(t);
  run_streamed(item, sim::SerialParts{}, [&](std::vector<sim::TableBuffer>&& piece) {
    for (std::size_t t = 0; t < out.size(); ++t) out[t].append(piece[t]);
  });
  return out;
}

void RecoveryExperiment::run_streamed(const sim::WorkItem& item, const sim::PartsExecutor& parts, const sim::ChunkSink& sink) const {
  const ReplicationOptions options{.parts = &parts};
  const auto empty_tables = [&] {
    std::vector<sim::TableBuffer> out;
    for (const auto& t : tables_) out.emplace_back(t);
    return out;
  };
  const std::size_t patients_at = 0, replication_at = 1, trajectories_at = 2;
  const std::size_t clinic_at = scenario().run.trajectories ? 3 : 2;
  ReplicationAccumulator accumulator(replications_);
  const PatientsSink take = [&](std::uint32_t first, std::span<const PatientResult> block) {
    accumulator.add(block);
    std::vector<sim::TableBuffer> piece = empty_tables();
    patients_.append(item, block, piece[patients_at], first);
    if (scenario().run.trajectories) trajectories_.append(item, block, piece[trajectories_at], first);
    sink(std::move(piece));
  };
  const ReplicationResult result = [&] {
    if (!item_scenario_) {
      const Point& point = *points_.at(item.point);
      return run_replication(point.scenario, point.cohort, item.replication, options, take);
    }
    const Point own(item_scenario_(item.point, item.replication), *points_.at(item.point));
    return run_replication(own.scenario, own.cohort, item.replication, options, take);
  }();
  stats_.add(result.stats);
  std::vector<sim::TableBuffer> last = empty_tables();
  accumulator.append_row(item, result, last[replication_at]);
  if (clinic_table_) clinic_weekly_.append(item, result, last[clinic_at]);
  sink(std::move(last));
}

}  // namespace rehabsim::models
