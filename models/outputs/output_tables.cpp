#include "models/outputs/output_tables.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <span>
#include <stdexcept>
#include <string>

namespace rehabsim::models {

namespace {

using sim::ColumnSpec;
using sim::ColumnType;

const std::vector<std::string> kNoYes = {"no", "yes"};

// Each of the model's units as the `units` attribute holds it (a fixed vocabulary, see
// docs/output-format.md) with the value's possible range (valid_min / valid_max; NaN where a side
// is unbounded). Where the vocabulary term is shorter than the unit's name ("fraction of
// pre-operative norm" is "1"), the name goes into the description.
ColumnSpec with_range(ColumnSpec c) {
  const double none = std::numeric_limits<double>::quiet_NaN();
  struct Unit {
    std::string term;
    double min, max;
  };
  static const std::map<std::string, Unit> kUnits = {{"fraction 0-1", {"1", 0, 1}},
                                                     {"fraction of pre-operative norm", {"1", 0, none}},
                                                     {"ODI points 0-100", {"ODI points", 0, 100}},
                                                     {"ODI points", {"ODI points", -100, 100}},
                                                     {"NRS 0-10", {"NRS points", 0, 10}},
                                                     {"days", {"days", 0, none}},
                                                     {"weeks", {"weeks", 0, none}},
                                                     {"years", {"years", 0, none}},
                                                     {"hours", {"hours", 0, none}},
                                                     {"USD", {"USD", 0, none}},
                                                     {"sessions", {"sessions", 0, none}},
                                                     {"appointments", {"appointments", 0, none}},
                                                     {"patients", {"patients", 0, none}},
                                                     {"patients/week", {"patients/week", 0, none}},
                                                     {"falls", {"falls", 0, none}},
                                                     {"therapists", {"therapists", 0, none}},
                                                     {"levels", {"levels", 1, none}},
                                                     {"kg/m^2", {"kg/m^2", 0, none}},
                                                     {"g/kg/day", {"g/kg/day", 0, none}}};
  const auto it = kUnits.find(c.units);
  if (it == kUnits.end()) return c;
  if (c.labels.empty()) {
    c.valid_min = it->second.min;
    c.valid_max = it->second.max;
  }
  if (it->second.term != c.units && it->second.term == "1") c.description += " (" + c.units + ")";
  c.units = it->second.term;
  return c;
}

ColumnSpec i32(std::string n, std::string u, std::string d, std::vector<std::string> labels = {}) {
  return with_range(ColumnSpec{std::move(n), ColumnType::Int32, std::move(u), std::move(d), std::move(labels)});
}
ColumnSpec f64(std::string n, std::string u, std::string d) {
  return with_range(ColumnSpec{std::move(n), ColumnType::Float64, std::move(u), std::move(d), {}});
}

template <class Array>
std::vector<std::string> names(const Array& list) {
  return {list.begin(), list.end()};
}

std::vector<ColumnSpec> id_columns() { return {i32("point", "1", "sweep point id (see /points)"), i32("replication", "1", "replication index")}; }

void set(sim::TableBuffer& out, const ColumnSpec& column, std::size_t index, double value) {
  if (column.type == ColumnType::Float64)
    out.set(index, value);
  else
    out.set(index, static_cast<std::int64_t>(value));
}

}  // namespace

std::vector<double> willingness_to_pay_usd_per_qaly(const CostParams& costs) {
  std::vector<double> grid;
  const double max = costs.willingness_to_pay_max_usd_per_qaly, step = costs.willingness_to_pay_step_usd_per_qaly;
  for (int k = 0; k * step < max * (1 - 1e-12); ++k) grid.push_back(step * k);
  grid.push_back(max);
  return grid;
}

PatientTable::PatientTable(const std::vector<const Scenario*>& per_point) : spec_{kPatientsTable, id_columns()} {
  const Scenario& s = *per_point.at(0);
  std::vector<std::string> cohorts;
  for (const auto& c : s.cohorts) cohorts.push_back(c.name);
  const auto add = [&](ColumnSpec spec, std::function<double(const PatientResult&)> reader) {
    spec_.columns.push_back(std::move(spec));
    readers_.push_back(std::move(reader));
  };
  spec_.columns.push_back(i32("patient", "1", "patient index within the replication (the same person at every point)"));
  add(i32("cohort", "1", "cohort of the scenario (labels: cohort names)", cohorts), [](auto& r) { return r.covariates.cohort; });
  add(f64("age_years", "years", "age at surgery"), [](auto& r) { return r.covariates.age_years; });
  add(i32("sex", "1", "sex", {"male", "female"}), [](auto& r) { return r.covariates.female; });
  add(f64("bmi", "kg/m^2", "body-mass index"), [](auto& r) { return r.covariates.bmi_kg_m2; });
  add(i32("smoker", "1", "current smoker", kNoYes), [](auto& r) { return r.covariates.smoker; });
  add(i32("diabetic", "1", "diabetes", kNoYes), [](auto& r) { return r.covariates.diabetic; });
  add(f64("protein_g_per_kg", "g/kg/day", "habitual protein intake"), [](auto& r) { return r.covariates.protein_g_per_kg_day; });
  add(i32("vitamin_d_deficient", "1", "25(OH)D below 20 ng/mL", kNoYes), [](auto& r) { return r.covariates.vitamin_d_deficient; });
  add(i32("surgery", "1", "index operation", names(kSurgeryNames)), [](auto& r) { return static_cast<int>(r.covariates.surgery); });
  add(i32("approach", "1", "surgical approach", names(kApproachNames)), [](auto& r) { return static_cast<int>(r.covariates.approach); });
  add(f64("baseline_odi", "ODI points 0-100", "pre-operative Oswestry Disability Index"), [](auto& r) { return r.covariates.baseline_odi; });
  add(f64("baseline_pain", "NRS 0-10", "pre-operative pain, worse of back and leg"), [](auto& r) { return r.covariates.baseline_pain(); });
  add(i32("pt_start_day", "days", "first supervised session, days after surgery"), [](auto& r) { return r.pt_start_day; });
  add(i32("sessions_attended", "sessions", "supervised sessions attended within 12 months"), [](auto& r) { return r.sessions_attended; });
  add(i32("sessions_missed", "sessions", "booked follow-up sessions missed (no-shows and late cancellations)"),
      [](auto& r) { return r.sessions_missed; });
  for (std::size_t f = 0; f < kFollowUpDays.size(); ++f)
    add(f64(std::string("odi_") + kFollowUpNames[f], "ODI points 0-100",
            "observed ODI at day " + std::to_string(kFollowUpDays[f]) + " after surgery (with measurement noise)"),
        [f](auto& r) { return r.odi[f]; });
  add(f64("pain_12m", "NRS 0-10", "observed pain at 12 months, worse of back and leg"), [](auto& r) { return r.pain_12m; });
  add(f64("muscle_12m", "fraction of pre-operative norm", "paraspinal/core muscle capacity at 12 months"), [](auto& r) { return r.muscle_12m; });
  add(i32("responder_12m", "1", "ODI at 12 months improved by at least outcomes.responder_improvement_fraction of baseline", kNoYes),
      [](auto& r) { return r.responder_12m; });
  // Added with the recovery physiology (format version 1: columns are only ever added).
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // last_phase labels: "none", then every phase name of every point, in order of first appearance.
  std::vector<std::string> phases = {"none"};
  for (const Scenario* point : per_point) {
    std::vector<std::int64_t> codes = {0};
    for (const auto& ph : point->protocol.phases) {
      auto it = std::find(phases.begin(), phases.end(), ph.name);
      if (it == phases.end()) it = phases.insert(phases.end(), ph.name);
      codes.push_back(it - phases.begin());
    }
    phase_codes_.push_back(std::move(codes));
  }
  add(i32("levels", "levels", "fused levels (fusion; 1 otherwise)"), [](auto& r) { return r.covariates.levels; });
  add(i32("employed", "1", "in work before surgery", kNoYes), [](auto& r) { return r.covariates.employed; });
  add(f64("baseline_back_pain", "NRS 0-10", "pre-operative back pain"), [](auto& r) { return r.covariates.baseline_back_pain; });
  add(f64("baseline_leg_pain", "NRS 0-10", "pre-operative leg pain"), [](auto& r) { return r.covariates.baseline_leg_pain; });
  add(f64("back_pain_12m", "NRS 0-10", "observed back pain at 12 months"), [](auto& r) { return r.back_pain_12m; });
  add(f64("leg_pain_12m", "NRS 0-10", "observed leg pain at 12 months"), [](auto& r) { return r.leg_pain_12m; });
  add(f64("scar_12m", "fraction 0-1", "epidural scar at 12 months"), [](auto& r) { return r.scar_12m; });
  add(f64("healing_12m", "fraction 0-1", "tissue healing at 12 months (since the last operation)"), [](auto& r) { return r.healing_12m; });
  add(i32("fused_12m", "1", "solid fusion by 12 months (fusion surgery; no otherwise)", kNoYes), [](auto& r) { return r.fused_12m; });
  add(f64("fusion_day", "days", "day of solid fusion; NaN when not fused within the horizon or not a fusion"), [](auto& r) { return r.fusion_day; });
  add(f64("balance_12m", "fraction of pre-operative norm", "balance capacity at 12 months"), [](auto& r) { return r.balance_12m; });
  add(i32("falls_12m", "falls", "falls within 12 months"), [](auto& r) { return r.falls_12m; });
  add(f64("reoperation_day", "days", "day of the first reoperation; NaN when none within the horizon"), [](auto& r) { return r.reoperation_day; });
  add(i32("dropped_out", "1", "dropped out of supervised care", kNoYes), [](auto& r) { return r.dropped_out; });
  add(f64("dropout_day", "days", "day of dropout; NaN when none"), [](auto& r) { return r.dropout_day; });
  add(f64("home_adherence", "fraction 0-1", "home-exercise days done / prescribed over the protocol; NaN when none prescribed"),
      [nan](auto& r) { return r.home_days_prescribed > 0 ? static_cast<double>(r.home_days_done) / r.home_days_prescribed : nan; });
  last_phase_column_ = spec_.columns.size();
  add(i32("last_phase", "1", "last protocol phase entered (labels: none, then the phase names of every sweep point)", phases),
      [](auto& r) { return r.last_phase + 1; });  // remapped to the point's codes in append()
  add(f64("return_to_work_day", "days", "day back at work; NaN when not employed or not back within the horizon"),
      [](auto& r) { return r.return_to_work_day; });
  add(f64("pt_cost_usd", "USD", "supervised PT: evaluation and attended visits"), [](auto& r) { return r.pt_cost_usd; });
  add(f64("total_cost_usd", "USD", "PT, supplements and reoperation"), [](auto& r) { return r.total_cost_usd; });
  add(f64("qaly", "QALY", "discounted quality-adjusted life years over the horizon (EQ-5D from ODI and pain)"), [](auto& r) { return r.qaly; });
  // Added with the clinic model.
  add(f64("surgery_day", "days", "calendar day of the operation (day 0 is the first simulated Monday)"), [](auto& r) { return r.surgery_day; });
  add(i32("in_warmup", "1", "operated during clinic.arrivals.warmup_weeks: left out of /replications", kNoYes), [](auto& r) { return r.in_warmup; });
  add(f64("referral_day", "days", "days after surgery the referral joined the clinic's waiting list; NaN without supervised sessions"),
      [](auto& r) { return r.referral_day; });
  add(f64("first_visit_day", "days", "days after surgery of the attended initial evaluation; NaN when never seen within the horizon"),
      [](auto& r) { return r.first_visit_day; });
  add(f64("wait_days", "days", "first_visit_day - referral_day; NaN when never seen"), [](auto& r) { return r.wait_days; });
  add(i32("sessions_prescribed", "sessions", "supervised sessions the protocol asked for (booked or not)"),
      [](auto& r) { return r.sessions_prescribed; });
  add(i32("sessions_telehealth", "sessions", "supervised sessions attended by telehealth"), [](auto& r) { return r.sessions_telehealth; });
  add(i32("no_shows", "appointments", "appointments (evaluations and sessions) not attended without notice"), [](auto& r) { return r.no_shows; });
  add(i32("late_cancellations", "appointments", "appointments cancelled too late to give the slot to someone else"),
      [](auto& r) { return r.late_cancellations; });
}

void PatientTable::append(const sim::WorkItem& item, std::span<const PatientResult> results, sim::TableBuffer& out, std::size_t first_patient) const {
  out.reserve(out.rows() + results.size());
  for (std::size_t p = 0; p < results.size(); ++p) {
    out.add_row();
    out.set(0, std::int64_t{item.point});
    out.set(1, std::int64_t{item.replication});
    out.set(2, static_cast<std::int64_t>(first_patient + p));
    for (std::size_t c = 0; c < readers_.size(); ++c) set(out, spec_.columns[c + 3], c + 3, readers_[c](results[p]));
    out.set(last_phase_column_, phase_codes_.at(item.point).at(static_cast<std::size_t>(results[p].last_phase + 1)));
  }
}

TrajectoryTable::TrajectoryTable(const Scenario& s) : spec_{"trajectories", id_columns()} {
  const auto weeks = static_cast<std::size_t>(trajectory_weeks(s));
  spec_.columns.push_back(i32("patient", "1", "patient index within the replication (row of /patients with the same ids)"));
  for (const TrajectoryVariable& v : kTrajectory) {
    // "fraction 0-1 (fear of movement, ...)": the unit, then what the value is (for the description)
    const std::string text(v.units);
    const auto note = text.find(" (");
    const std::string what = note == std::string::npos ? "" : ", " + text.substr(note + 2, text.size() - note - 3);
    ColumnSpec c = f64(std::string(v.name), text.substr(0, note), "weekly value of " + std::string(v.name) + what + " at day 7 w (column w)");
    c.width = weeks;
    for (std::size_t w = 0; w < weeks; ++w) c.column_axis.push_back(7.0 * static_cast<double>(w));
    c.column_axis_name = "day";
    spec_.columns.push_back(c);
  }
}

void TrajectoryTable::append(const sim::WorkItem& item, std::span<const PatientResult> results, sim::TableBuffer& out,
                             std::size_t first_patient) const {
  out.reserve(out.rows() + results.size());
  for (std::size_t p = 0; p < results.size(); ++p) {
    const Trajectory& t = results[p].trajectory;
    out.add_row();
    out.set(0, std::int64_t{item.point});
    out.set(1, std::int64_t{item.replication});
    out.set(2, static_cast<std::int64_t>(first_patient + p));
    for (std::size_t v = 0; v < kTrajectory.size(); ++v) out.set_values(3 + v, t.values[v]);
  }
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Linear-interpolation quantile (numpy's default) of an unsorted sample; NaN when empty.
double quantile(std::vector<double> v, double q) {
  if (v.empty()) return kNaN;
  std::sort(v.begin(), v.end());
  const double at = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(at));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (at - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

// Sum of a weekly quantity over the replication's KPI weeks; NaN without a limited clinic.
template <class F>
double over_kpi_weeks(const ReplicationResult& res, F f) {
  if (!res.clinic_limited || res.clinic_weeks.empty()) return kNaN;
  double sum = 0;
  const int last = std::min<int>(res.kpi_last_week, static_cast<int>(res.clinic_weeks.size()) - 1);
  if (res.kpi_first_week > last) return kNaN;
  for (int w = res.kpi_first_week; w <= last; ++w) sum += f(res.clinic_weeks[static_cast<std::size_t>(w)]);
  return sum;
}

double kpi_weeks(const ReplicationResult& res) {
  return over_kpi_weeks(res, [](const ClinicWeek&) { return 1.0; });
}

// Share of appointments that were held or missed (evaluations and sessions) with the property f:
// f summed in state.a, the appointments in state.b (value: ratio_ab).
ReplicationTable::Add appointment_rate(std::function<double(const PatientResult&)> f) {
  return [f](ReplicationTable::ColumnState& s, const PatientResult& r) {
    s.a += f(r);
    // sessions held + sessions missed + evaluations held + evaluations missed
    const double evaluation_misses = r.no_shows + r.late_cancellations - r.sessions_missed;
    s.b += r.sessions_attended + r.sessions_missed + (r.evaluated_in_clinic ? 1 : 0) + evaluation_misses;
  };
}

double ratio_ab(const ReplicationTable::ColumnState& s, const ReplicationTable::CohortAggregate&, const ReplicationResult&) {
  return s.b > 0 ? s.a / s.b : kNaN;
}

}  // namespace

ReplicationTable::ReplicationTable() : spec_{kReplicationsTable, id_columns()} {
  // A column summed over patients: `sum` adds each patient's value to the column's running total
  // (state.a), in patient order, so a replication fed block by block gives the bits of one pass.
  const auto add = [&](ColumnSpec spec, Add sum, Value value) {
    spec_.columns.push_back(std::move(spec));
    columns_.push_back({std::move(sum), std::move(value)});
  };
  const auto mean = [&](ColumnSpec spec, std::function<double(const PatientResult&)> f) {
    add(
        std::move(spec), [f](ColumnState& s, const PatientResult& r) { s.a += f(r); },
        [](const ColumnState& s, const CohortAggregate& c, const ReplicationResult&) { return c.patients > 0 ? s.a / c.patients : kNaN; });
  };
  add(i32("patients", "patients", "patients in the replication"), nullptr,
      [](const ColumnState&, const CohortAggregate& c, const ReplicationResult&) { return c.patients; });
  for (std::size_t f = 0; f < kFollowUpDays.size(); ++f)
    mean(f64(std::string("odi_") + kFollowUpNames[f], "ODI points 0-100", "cohort mean of /patients/odi_" + std::string(kFollowUpNames[f])),
         [f](const PatientResult& r) { return r.odi[f]; });
  mean(f64("odi_change_12m", "ODI points", "cohort mean of odi_12m - baseline_odi (negative is improvement)"),
       [](const PatientResult& r) { return r.odi[3] - r.covariates.baseline_odi; });
  mean(f64("pain_12m", "NRS 0-10", "cohort mean of /patients/pain_12m"), [](const PatientResult& r) { return r.pain_12m; });
  mean(f64("muscle_12m", "fraction of pre-operative norm", "cohort mean of /patients/muscle_12m"),
       [](const PatientResult& r) { return r.muscle_12m; });
  mean(f64("responder_fraction_12m", "fraction 0-1", "share of responders at 12 months (per patient: /patients/responder_12m)"),
       [](const PatientResult& r) { return r.responder_12m ? 1.0 : 0.0; });
  mean(f64("sessions_attended", "sessions", "cohort mean of /patients/sessions_attended"),
       [](const PatientResult& r) { return r.sessions_attended; });
  mean(f64("back_pain_12m", "NRS 0-10", "cohort mean"), [](const PatientResult& r) { return r.back_pain_12m; });
  mean(f64("leg_pain_12m", "NRS 0-10", "cohort mean"), [](const PatientResult& r) { return r.leg_pain_12m; });
  mean(f64("scar_12m", "fraction 0-1", "cohort mean"), [](const PatientResult& r) { return r.scar_12m; });
  mean(f64("balance_12m", "fraction of pre-operative norm", "cohort mean"), [](const PatientResult& r) { return r.balance_12m; });
  add(
      f64("fused_fraction_12m", "fraction 0-1", "share fused by 12 months among fusion patients (NaN without any; per patient: /patients/fused_12m)"),
      [](ColumnState& s, const PatientResult& r) {
        if (r.covariates.surgery != Surgery::Fusion) return;
        s.a += r.fused_12m;
        s.b += 1;
      },
      [](const ColumnState& s, const CohortAggregate&, const ReplicationResult&) { return s.b > 0 ? s.a / s.b : kNaN; });
  mean(f64("falls_12m", "falls", "cohort mean"), [](const PatientResult& r) { return r.falls_12m; });
  mean(f64("reoperated", "fraction 0-1", "share with a reoperation within the horizon"),
       [](const PatientResult& r) { return std::isnan(r.reoperation_day) ? 0.0 : 1.0; });
  mean(f64("dropped_out_fraction", "fraction 0-1", "share who dropped out of supervised care (per patient: /patients/dropped_out)"),
       [](const PatientResult& r) { return r.dropped_out; });
  mean(f64("pt_cost_usd", "USD", "cohort mean"), [](const PatientResult& r) { return r.pt_cost_usd; });
  mean(f64("total_cost_usd", "USD", "cohort mean"), [](const PatientResult& r) { return r.total_cost_usd; });
  mean(f64("qaly", "QALY", "cohort mean"), [](const PatientResult& r) { return r.qaly; });
  add(f64("no_show_rate", "fraction 0-1", "no-shows / appointments held or missed (evaluations and sessions), over the cohort"),
      appointment_rate([](const PatientResult& r) { return r.no_shows; }), ratio_ab);
  add_clinic_columns();
}

void ReplicationTable::append(const sim::WorkItem& item, const ReplicationResult& result, sim::TableBuffer& out) const {
  ReplicationAccumulator acc(*this);
  acc.add(result.patients);
  acc.append_row(item, result, out);
}

ReplicationAccumulator::ReplicationAccumulator(const ReplicationTable& table) : table_(table), states_(table.columns_.size()) {}

void ReplicationAccumulator::add(std::span<const PatientResult> patients) {
  for (const PatientResult& r : patients) {
    // Patients operated during the warm-up are left out of every replication-level number. They
    // are numbered first (patients are numbered in order of their operation).
    if (r.in_warmup) {
      if (seen_after_warmup_) throw std::logic_error("warm-up patients are not numbered first");
      continue;
    }
    seen_after_warmup_ = true;
    aggregate_.patients += 1;
    if (!std::isnan(r.referral_day)) aggregate_.referred += 1;
    if (!std::isnan(r.wait_days)) aggregate_.waits.push_back(r.wait_days);
    for (std::size_t c = 0; c < states_.size(); ++c)
      if (table_.columns_[c].sum) table_.columns_[c].sum(states_[c], r);
  }
}

void ReplicationAccumulator::append_row(const sim::WorkItem& item, const ReplicationResult& result, sim::TableBuffer& out) const {
  out.add_row();
  out.set(0, std::int64_t{item.point});
  out.set(1, std::int64_t{item.replication});
  for (std::size_t c = 0; c < states_.size(); ++c)
    set(out, table_.spec_.columns[c + 2], c + 2, table_.columns_[c].value(states_[c], aggregate_, result));
}

double least_squares_slope(std::span<const double> values) {
  const auto n = static_cast<double>(values.size());
  if (values.size() < 2) return kNaN;
  const double x_mean = (n - 1) / 2;
  double y_mean = 0;
  for (const double y : values) y_mean += y / n;
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double dx = static_cast<double>(i) - x_mean;
    sxy += dx * (values[i] - y_mean);
    sxx += dx * dx;
  }
  return sxy / sxx;
}

double staff_fte(const ReplicationResult& res) {
  return over_kpi_weeks(res, [](const ClinicWeek& w) { return w.paid_minutes / 60.0; }) / kpi_weeks(res) / kFullTimeHoursPerWeek;
}

double staff_cost_per_year_usd(const ReplicationResult& res) {
  return over_kpi_weeks(res, [](const ClinicWeek& w) { return w.staff_cost_usd; }) / kpi_weeks(res) * 52.0;
}

double waiting_list_growth_per_week(const ReplicationResult& res) {
  if (std::isnan(kpi_weeks(res))) return kNaN;
  std::vector<double> weekly;
  constexpr double kMinutesPerWeek = 7.0 * sim::SimTime::kMinutesPerDay;
  const int last = std::min<int>(res.kpi_last_week, static_cast<int>(res.clinic_weeks.size()) - 1);
  for (int w = res.kpi_first_week; w <= last; ++w)
    weekly.push_back(res.clinic_weeks[static_cast<std::size_t>(w)].waiting_patient_minutes / kMinutesPerWeek);
  return least_squares_slope(weekly);
}

void ReplicationTable::add_clinic_columns() {
  const auto add = [&](ColumnSpec spec, Add sum, Value value) {
    spec_.columns.push_back(std::move(spec));
    columns_.push_back({std::move(sum), std::move(value)});
  };
  // Columns of the clinic's record alone (no per-patient part).
  const auto clinic = [&](ColumnSpec spec, std::function<double(const ReplicationResult&)> f) {
    add(std::move(spec), nullptr, [f](const ColumnState&, const CohortAggregate&, const ReplicationResult& res) { return f(res); });
  };
  add(f64("late_cancellation_rate", "fraction 0-1", "late cancellations / appointments held or missed, over the cohort"),
      appointment_rate([](const PatientResult& r) { return r.late_cancellations; }), ratio_ab);
  add(f64("wait_mean_days", "days", "mean wait from referral to the first visit, over patients seen"), nullptr,
      [](const ColumnState&, const CohortAggregate& c, const ReplicationResult&) {
        double sum = 0;
        for (double x : c.waits) sum += x;
        return c.waits.empty() ? kNaN : sum / static_cast<double>(c.waits.size());
      });
  add(f64("wait_p50_days", "days", "median wait to the first visit (patients seen)"), nullptr,
      [](const ColumnState&, const CohortAggregate& c, const ReplicationResult&) { return quantile(c.waits, 0.5); });
  add(f64("wait_p90_days", "days", "90th percentile of the wait to the first visit (patients seen)"), nullptr,
      [](const ColumnState&, const CohortAggregate& c, const ReplicationResult&) { return quantile(c.waits, 0.9); });
  add(f64("seen_within_14d", "fraction 0-1", "share of referred patients seen within 14 days of referral"), nullptr,
      [](const ColumnState&, const CohortAggregate& c, const ReplicationResult&) {
        return c.referred > 0 ? static_cast<double>(std::count_if(c.waits.begin(), c.waits.end(), [](double x) { return x <= 14.0; })) / c.referred
                              : kNaN;
      });
  add(f64("never_seen", "fraction 0-1", "share of referred patients not seen within their horizon"), nullptr,
      [](const ColumnState&, const CohortAggregate& c, const ReplicationResult&) {
        return c.referred > 0 ? (c.referred - static_cast<double>(c.waits.size())) / c.referred : kNaN;
      });
  add(
      f64("sessions_delivered_fraction", "fraction 0-1", "supervised sessions attended / prescribed, over the cohort"),
      [](ColumnState& s, const PatientResult& r) {
        s.a += r.sessions_attended;
        s.b += r.sessions_prescribed;
      },
      ratio_ab);
  add(
      f64("telehealth_fraction", "fraction 0-1", "share of attended sessions given by telehealth"),
      [](ColumnState& s, const PatientResult& r) {
        s.a += r.sessions_telehealth;
        s.b += r.sessions_attended;
      },
      ratio_ab);
  clinic(f64("utilisation", "fraction 0-1", "therapist time in attended appointments / time on duty (KPI weeks; NaN with unlimited capacity)"),
         [](const ReplicationResult& res) {
           const double duty = over_kpi_weeks(res, [](const ClinicWeek& w) { return w.on_duty_minutes; });
           return duty > 0 ? over_kpi_weeks(res, [](const ClinicWeek& w) { return w.delivered_minutes; }) / duty : kNaN;
         });
  clinic(f64("waiting_list_mean", "patients", "time-average waiting-list length (referred, not yet seen) over the KPI weeks"),
         [](const ReplicationResult& res) {
           return over_kpi_weeks(res, [](const ClinicWeek& w) { return w.waiting_patient_minutes; }) /
                  (kpi_weeks(res) * 7 * sim::SimTime::kMinutesPerDay);
         });
  clinic(f64("referrals_per_week", "patients/week", "referrals reaching the clinic per week (KPI weeks)"),
         [](const ReplicationResult& res) { return over_kpi_weeks(res, [](const ClinicWeek& w) { return w.referrals; }) / kpi_weeks(res); });
  clinic(f64("overtime_hours", "hours", "therapist overtime over the KPI weeks"),
         [](const ReplicationResult& res) { return over_kpi_weeks(res, [](const ClinicWeek& w) { return w.overtime_minutes; }) / 60.0; });
  clinic(f64("staff_cost_usd", "USD", "therapist pay (scheduled hours and overtime) and per-visit costs over the KPI weeks"),
         [](const ReplicationResult& res) { return over_kpi_weeks(res, [](const ClinicWeek& w) { return w.staff_cost_usd; }); });
  // Per patient operated in the KPI weeks: in steady state the weekly cost over the weekly arrivals.
  add(f64("cost_per_patient_usd", "USD", "staff_cost_usd / patients operated in the KPI weeks"), nullptr,
      [](const ColumnState&, const CohortAggregate& c, const ReplicationResult& res) {
        return c.patients == 0 ? kNaN : over_kpi_weeks(res, [](const ClinicWeek& w) { return w.staff_cost_usd; }) / c.patients;
      });
  add(
      f64("cost_per_responder_usd", "USD", "staff_cost_usd / responders at 12 months among them"),
      [](ColumnState& s, const PatientResult& r) { s.a += r.responder_12m ? 1.0 : 0.0; },
      [](const ColumnState& s, const CohortAggregate&, const ReplicationResult& res) {
        return s.a > 0 ? over_kpi_weeks(res, [](const ClinicWeek& w) { return w.staff_cost_usd; }) / s.a : kNaN;
      });
  clinic(f64("continuity_fraction", "fraction 0-1", "share of attended sessions given by the patient's evaluating therapist"),
         [](const ReplicationResult& res) {
           return res.clinic_limited && res.clinic_sessions > 0
                      ? static_cast<double>(res.continuity_sessions) / static_cast<double>(res.clinic_sessions)
                      : kNaN;
         });
  // Added for readable staffing comparisons (format version 2).
  clinic(f64("staff_fte", "therapists", "paid therapist hours per KPI week / 40 (full-time equivalents; the 40-hour week is an assumption)"),
         [](const ReplicationResult& res) { return staff_fte(res); });
  clinic(f64("staff_cost_per_year_usd", "USD", "staff_cost_usd scaled to 52 weeks (per KPI week x 52)"),
         [](const ReplicationResult& res) { return staff_cost_per_year_usd(res); });
  clinic(
      f64("staff_cost_per_fte_year_usd", "USD", "staff_cost_per_year_usd / staff_fte (pay, overtime and per-visit costs per full-time equivalent)"),
      [](const ReplicationResult& res) { return staff_cost_per_year_usd(res) / staff_fte(res); });
  ColumnSpec growth = f64("waiting_list_growth_per_week", "patients/week",
                          "least-squares slope of the weekly waiting-list length over the KPI weeks: near 0 for a stable queue; above 0, "
                          "demand exceeds capacity and the mean wait grows with the run length");
  growth.valid_min = kNaN;  // a list can shrink
  clinic(std::move(growth), [](const ReplicationResult& res) { return waiting_list_growth_per_week(res); });
}

ClinicWeeklyTable::ClinicWeeklyTable() : spec_{"clinic_weekly", id_columns()} {
  spec_.columns.push_back(i32("week", "weeks", "week since day 0 (days 7w .. 7w + 6)"));
  spec_.columns.push_back(i32("kpi_week", "1", "inside the replication's KPI weeks (after the warm-up, up to the last operation)", kNoYes));
  const auto add = [&](ColumnSpec spec, Reader reader) {
    spec_.columns.push_back(std::move(spec));
    readers_.push_back(reader);
  };
  constexpr double kMinutesPerWeek = 7.0 * sim::SimTime::kMinutesPerDay;
  add(f64("waiting_list_mean", "patients", "time-average number referred and not yet seen"),
      [](const ClinicWeek& k) { return k.waiting_patient_minutes / kMinutesPerWeek; });
  add(i32("waiting_list_end", "patients", "waiting-list length at the end of the week"),
      [](const ClinicWeek& k) { return double(k.waiting_at_end); });
  add(i32("referrals", "patients", "new referrals"), [](const ClinicWeek& k) { return double(k.referrals); });
  add(i32("evaluations", "appointments", "initial evaluations attended"), [](const ClinicWeek& k) { return double(k.evaluations); });
  add(i32("sessions_delivered", "sessions", "follow-up sessions attended"), [](const ClinicWeek& k) { return double(k.sessions); });
  add(i32("telehealth_sessions", "sessions", "of which by telehealth"), [](const ClinicWeek& k) { return double(k.telehealth_sessions); });
  add(i32("no_shows", "appointments", "appointments missed without notice"), [](const ClinicWeek& k) { return double(k.no_shows); });
  add(i32("late_cancellations", "appointments", "appointments cancelled too late to reuse the slot"),
      [](const ClinicWeek& k) { return double(k.late_cancellations); });
  add(i32("clinic_cancellations", "appointments", "appointments cancelled because the therapist was off sick"),
      [](const ClinicWeek& k) { return double(k.clinic_cancellations); });
  add(i32("unbooked_sessions", "sessions", "prescribed sessions for which no slot was free that week"),
      [](const ClinicWeek& k) { return double(k.unbooked_sessions); });
  add(f64("paid_hours", "hours", "scheduled therapist hours paid (booked, idle, on leave or sick)"),
      [](const ClinicWeek& k) { return k.paid_minutes / 60.0; });
  add(f64("on_duty_hours", "hours", "scheduled hours of therapists at work"), [](const ClinicWeek& k) { return k.on_duty_minutes / 60.0; });
  add(f64("delivered_hours", "hours", "therapist hours in attended appointments"), [](const ClinicWeek& k) { return k.delivered_minutes / 60.0; });
  add(f64("utilisation", "fraction 0-1", "delivered_hours / on_duty_hours (NaN when nobody was on duty)"),
      [](const ClinicWeek& k) { return k.on_duty_minutes > 0 ? k.delivered_minutes / k.on_duty_minutes : kNaN; });
  add(f64("overtime_hours", "hours", "hours worked past the shifts"), [](const ClinicWeek& k) { return k.overtime_minutes / 60.0; });
  add(i32("therapists_on_duty", "therapists", "therapists at work on at least one day of the week"),
      [](const ClinicWeek& k) { return double(k.therapists_on_duty); });
  add(f64("staff_cost_usd", "USD", "therapist pay (scheduled hours, overtime) and per-visit costs"),
      [](const ClinicWeek& k) { return k.staff_cost_usd; });
}

void ClinicWeeklyTable::append(const sim::WorkItem& item, const ReplicationResult& res, sim::TableBuffer& out) const {
  if (!res.clinic_limited) return;
  out.reserve(out.rows() + res.clinic_weeks.size());
  for (std::size_t w = 0; w < res.clinic_weeks.size(); ++w) {
    const bool in_kpi = static_cast<int>(w) >= res.kpi_first_week && static_cast<int>(w) <= res.kpi_last_week;
    out.add_row();
    out.set(0, std::int64_t{item.point});
    out.set(1, std::int64_t{item.replication});
    out.set(2, static_cast<std::int64_t>(w));
    out.set(3, static_cast<std::int64_t>(in_kpi));
    for (std::size_t c = 0; c < readers_.size(); ++c) set(out, spec_.columns[c + 4], c + 4, readers_[c](res.clinic_weeks[w]));
  }
}

}  // namespace rehabsim::models
