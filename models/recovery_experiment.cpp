#include "models/recovery_experiment.hpp"

namespace rehabsim::models {

RecoveryExperiment::RecoveryExperiment(Scenario scenario)
    : scenario_(std::move(scenario)), cohort_(scenario_), patients_(scenario_), trajectories_(scenario_) {
  tables_ = {patients_.spec(), replications_.spec()};
  if (scenario_.run.trajectories) tables_.push_back(trajectories_.spec());
}

sim::TableSpec RecoveryExperiment::points_spec() const {
  return {"points", {{"point", sim::ColumnType::Int32, "1", "sweep point id", {}}}};
}

sim::TableBuffer RecoveryExperiment::points_rows() const {
  sim::TableBuffer rows(points_spec());
  for (std::uint32_t p = 0; p < points(); ++p) {
    rows.add_row();
    rows.set(0, std::int64_t{p});
  }
  return rows;
}

std::vector<sim::TableBuffer> RecoveryExperiment::run(const sim::WorkItem& item) const {
  const std::vector<PatientResult> results = simulate_replication(scenario_, cohort_, item.replication);
  std::vector<sim::TableBuffer> out;
  for (const auto& t : tables_) out.emplace_back(t);
  patients_.append(item, results, out[0]);
  replications_.append(item, results, out[1]);
  if (scenario_.run.trajectories) trajectories_.append(item, results, out[2]);
  return out;
}

}  // namespace rehabsim::models
