#pragma once
// The recovery model as an engine Experiment: one point (sweeps come later), R replications,
// tables /patients and /replications.
#include <memory>

#include "models/cohort_generator.hpp"
#include "models/output_tables.hpp"
#include "models/scenario.hpp"
#include "sim/experiment.hpp"

namespace rehabsim::models {

class RecoveryExperiment final : public sim::Experiment {
 public:
  explicit RecoveryExperiment(Scenario scenario);
  RecoveryExperiment(const RecoveryExperiment&) = delete;  // cohort_ refers to scenario_
  RecoveryExperiment& operator=(const RecoveryExperiment&) = delete;
  std::uint32_t points() const override { return 1; }
  std::uint32_t replications() const override { return scenario_.run.replications; }
  std::uint64_t seed() const override { return scenario_.run.seed; }
  sim::TableSpec points_spec() const override;
  sim::TableBuffer points_rows() const override;
  const std::vector<sim::TableSpec>& item_tables() const override { return tables_; }
  std::size_t summary_source() const override { return 1; }
  std::vector<sim::TableBuffer> run(const sim::WorkItem& item) const override;

  const Scenario& scenario() const { return scenario_; }

 private:
  Scenario scenario_;
  CohortGenerator cohort_;
  PatientTable patients_;
  ReplicationTable replications_;
  TrajectoryTable trajectories_;
  std::vector<sim::TableSpec> tables_;
};

}  // namespace rehabsim::models
