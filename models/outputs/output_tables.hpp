#pragma once
// The /patients and /replications tables of result format 2 (docs/output-format.md): each column's
// spec beside the function that reads it, so the two cannot drift. Columns may be added, never renamed.
#include <functional>
#include <span>
#include <vector>

#include "models/params/scenario.hpp"
#include "models/patient/recovery_replication.hpp"
#include "sim/exec/experiment.hpp"
#include "sim/output/table.hpp"

namespace rehabsim::models {

// What the application needs to know of the model's outputs (app/main.cpp hands it on).
inline constexpr const char* kPatientsTable = "patients";
inline constexpr const char* kReplicationsTable = "replications";
inline constexpr const char* kCostMetric = "total_cost_usd";  ///< /replications column of cost per patient
inline constexpr const char* kEffectMetric = "qaly";          ///< /replications column of effect per patient
/// Willingness to pay of /cost_effectiveness: 0 to costs.willingness_to_pay_max_usd_per_qaly in
/// steps of costs.willingness_to_pay_step_usd_per_qaly (by default $0-150,000 in $5,000 steps,
/// spanning the US thresholds of $50,000-150,000 per QALY; Neumann, NEJM 2014). The max is in the grid.
std::vector<double> willingness_to_pay_usd_per_qaly(const CostParams& costs);

/// Full-time therapist hours per week behind `staff_fte` (an assumption: a 40-hour week).
inline constexpr double kFullTimeHoursPerWeek = 40.0;

/// Least-squares slope of `values` against their index (per step); NaN with fewer than two values.
/// The waiting list's growth per week over the KPI weeks: near 0 when the queue is stable.
double least_squares_slope(std::span<const double> values);

/// A replication's paid therapist hours per KPI week over `kFullTimeHoursPerWeek` (NaN without a
/// limited clinic), and its staff cost scaled to 52 weeks.
double staff_fte(const ReplicationResult& result);
double staff_cost_per_year_usd(const ReplicationResult& result);
double waiting_list_growth_per_week(const ReplicationResult& result);

class PatientTable {
 public:
  /// `per_point` are the sweep points' scenarios: phase names (labels of last_phase) may differ
  /// between points, so the labels are their union and each point maps its phases into it.
  explicit PatientTable(const std::vector<const Scenario*>& per_point);
  const sim::TableSpec& spec() const { return spec_; }
  /// Rows for `results`, the replication's patients first_patient, first_patient + 1, ...
  void append(const sim::WorkItem& item, std::span<const PatientResult> results, sim::TableBuffer& out, std::size_t first_patient = 0) const;

 private:
  sim::TableSpec spec_;
  std::vector<std::vector<std::int64_t>> phase_codes_;  ///< per point: code of "none", then of each phase
  std::size_t last_phase_column_ = 0;
  std::vector<std::function<double(const PatientResult&)>> readers_;  ///< one per column after the ids
};

/// Weekly state trajectories, 2-D columns [patient row, week] (written with --trajectories).
class TrajectoryTable {
 public:
  explicit TrajectoryTable(const Scenario& scenario);
  const sim::TableSpec& spec() const { return spec_; }
  void append(const sim::WorkItem& item, std::span<const PatientResult> results, sim::TableBuffer& out, std::size_t first_patient = 0) const;

 private:
  sim::TableSpec spec_;
};

class ReplicationTable {
 public:
  ReplicationTable();
  const sim::TableSpec& spec() const { return spec_; }
  /// One row: the cohort means of the outcomes (patients operated in the warm-up left out) and the
  /// clinic's KPIs over its steady-state weeks (a ReplicationAccumulator fed every patient at once).
  void append(const sim::WorkItem& item, const ReplicationResult& result, sim::TableBuffer& out) const;

  /// A column's running state (sums in patient order), and what every column shares: the patients
  /// counted (warm-up left out), those referred, and the waits of those seen.
  struct ColumnState {
    double a = 0, b = 0;
  };
  struct CohortAggregate {
    double patients = 0, referred = 0;
    std::vector<double> waits;
  };
  using Add = std::function<void(ColumnState&, const PatientResult&)>;  ///< nullptr: nothing per patient
  using Value = std::function<double(const ColumnState&, const CohortAggregate&, const ReplicationResult&)>;

 private:
  friend class ReplicationAccumulator;
  struct Column {
    Add sum;
    Value value;
  };
  void add_clinic_columns();
  sim::TableSpec spec_;
  std::vector<Column> columns_;  ///< one per column after point and replication
};

/// A replication's /replications row, computed from its patients fed in order, in any number of
/// parts (blocks of a big cohort as they finish): the sums run in patient order, so the row has the
/// same bits however the patients were split.
class ReplicationAccumulator {
 public:
  explicit ReplicationAccumulator(const ReplicationTable& table);
  void add(std::span<const PatientResult> patients);
  /// The row; `result` supplies the clinic's record (its patients are not read).
  void append_row(const sim::WorkItem& item, const ReplicationResult& result, sim::TableBuffer& out) const;

 private:
  const ReplicationTable& table_;
  std::vector<ReplicationTable::ColumnState> states_;
  ReplicationTable::CohortAggregate aggregate_;
  bool seen_after_warmup_ = false;
};

/// /clinic_weekly: one row per (point, replication, week) of a clinic with limited capacity.
class ClinicWeeklyTable {
 public:
  ClinicWeeklyTable();
  const sim::TableSpec& spec() const { return spec_; }
  void append(const sim::WorkItem& item, const ReplicationResult& result, sim::TableBuffer& out) const;

 private:
  using Reader = double (*)(const ClinicWeek&);
  sim::TableSpec spec_;
  std::vector<Reader> readers_;  ///< one per column after week and kpi_week
};

}  // namespace rehabsim::models
