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

/// A replication's patients, or the part of them a table aggregates (no copy).
using Patients = std::span<const PatientResult>;

class PatientTable {
 public:
  /// `per_point` are the sweep points' scenarios: phase names (labels of last_phase) may differ
  /// between points, so the labels are their union and each point maps its phases into it.
  explicit PatientTable(const std::vector<const Scenario*>& per_point);
  const sim::TableSpec& spec() const { return spec_; }
  void append(const sim::WorkItem& item, const std::vector<PatientResult>& results, sim::TableBuffer& out) const;

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
  void append(const sim::WorkItem& item, const std::vector<PatientResult>& results, sim::TableBuffer& out) const;

 private:
  sim::TableSpec spec_;
};

class ReplicationTable {
 public:
  ReplicationTable();
  const sim::TableSpec& spec() const { return spec_; }
  /// One row: the cohort means of the outcomes (patients operated in the warm-up left out) and the
  /// clinic's KPIs over its steady-state weeks.
  void append(const sim::WorkItem& item, const ReplicationResult& result, sim::TableBuffer& out) const;

 private:
  using Reader = std::function<double(Patients, const ReplicationResult&)>;
  void add_clinic_columns();
  sim::TableSpec spec_;
  std::vector<Reader> readers_;
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
