#pragma once
// The /patients and /replications tables of result format 1 (docs/output-format.md): each column's
// spec beside the function that reads it, so the two cannot drift. Columns may be added, never renamed.
#include <functional>
#include <vector>

#include "models/recovery_replication.hpp"
#include "models/scenario.hpp"
#include "sim/experiment.hpp"
#include "sim/table.hpp"

namespace rehabsim::models {

class PatientTable {
 public:
  explicit PatientTable(const Scenario& scenario);
  const sim::TableSpec& spec() const { return spec_; }
  void append(const sim::WorkItem& item, const std::vector<PatientResult>& results, sim::TableBuffer& out) const;

 private:
  sim::TableSpec spec_;
  std::vector<std::function<double(const PatientResult&)>> readers_;  ///< one per column after the ids
};

/// Weekly state trajectories, 2-D columns [patient row, week] (written with --trajectories).
class TrajectoryTable {
 public:
  explicit TrajectoryTable(const Scenario& scenario);
  const sim::TableSpec& spec() const { return spec_; }
  void append(const sim::WorkItem& item, const std::vector<PatientResult>& results, sim::TableBuffer& out) const;

 private:
  sim::TableSpec spec_;
};

class ReplicationTable {
 public:
  ReplicationTable();
  const sim::TableSpec& spec() const { return spec_; }
  /// One row: the cohort means of the outcomes.
  void append(const sim::WorkItem& item, const std::vector<PatientResult>& results, sim::TableBuffer& out) const;

 private:
  sim::TableSpec spec_;
  std::vector<std::function<double(const std::vector<PatientResult>&)>> readers_;
};

}  // namespace rehabsim::models
