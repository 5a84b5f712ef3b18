#include "models/output_tables.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace rehabsim::models {

namespace {

using sim::ColumnSpec;
using sim::ColumnType;

const std::vector<std::string> kNoYes = {"no", "yes"};

ColumnSpec i32(std::string n, std::string u, std::string d, std::vector<std::string> labels = {}) {
  return ColumnSpec{std::move(n), ColumnType::Int32, std::move(u), std::move(d), std::move(labels)};
}
ColumnSpec f64(std::string n, std::string u, std::string d) {
  return ColumnSpec{std::move(n), ColumnType::Float64, std::move(u), std::move(d), {}};
}

template <class Array>
std::vector<std::string> names(const Array& list) {
  return {list.begin(), list.end()};
}

std::vector<ColumnSpec> id_columns() {
  return {i32("point", "1", "sweep point id (see /points)"), i32("replication", "1", "replication index")};
}

void set(sim::TableBuffer& out, const ColumnSpec& column, std::size_t index, double value) {
  if (column.type == ColumnType::Float64) out.set(index, value);
  else out.set(index, static_cast<std::int64_t>(value));
}

double mean_of(const std::vector<PatientResult>& rs, const std::function<double(const PatientResult&)>& f) {
  if (rs.empty()) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0;
  for (const auto& r : rs) sum += f(r);
  return sum / static_cast<double>(rs.size());
}

}  // namespace

PatientTable::PatientTable(const std::vector<const Scenario*>& per_point) : spec_{"patients", id_columns()} {
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
  add(f64("protein_g_per_kg", "g/kg/day", "habitual protein intake"), [](auto& r) { return r.covariates.protein_g_per_kg; });
  add(i32("vitamin_d_deficient", "1", "25(OH)D below 20 ng/mL", kNoYes), [](auto& r) { return r.covariates.vitamin_d_deficient; });
  add(i32("surgery", "1", "index operation", names(kSurgeryNames)), [](auto& r) { return static_cast<int>(r.covariates.surgery); });
  add(i32("approach", "1", "surgical approach", names(kApproachNames)), [](auto& r) { return static_cast<int>(r.covariates.approach); });
  add(f64("baseline_odi", "ODI points 0-100", "pre-operative Oswestry Disability Index"), [](auto& r) { return r.covariates.baseline_odi; });
  add(f64("baseline_pain", "NRS 0-10", "pre-operative pain, worse of back and leg"), [](auto& r) { return r.covariates.baseline_pain(); });
  add(i32("pt_start_day", "days", "first supervised session, days after surgery"), [](auto& r) { return r.pt_start_day; });
  add(i32("sessions_attended", "sessions", "supervised sessions attended within 12 months"), [](auto& r) { return r.sessions_attended; });
  add(i32("sessions_missed", "sessions", "booked sessions missed (no-shows) within 12 months"), [](auto& r) { return r.sessions_missed; });
  for (std::size_t f = 0; f < kFollowUpDays.size(); ++f)
    add(f64(std::string("odi_") + kFollowUpNames[f], "ODI points 0-100",
            "observed ODI at day " + std::to_string(kFollowUpDays[f]) + " after surgery (with measurement noise)"),
        [f](auto& r) { return r.odi[f]; });
  add(f64("pain_12m", "NRS 0-10", "observed pain at 12 months, worse of back and leg"), [](auto& r) { return r.pain_12m; });
  add(f64("muscle_12m", "fraction of pre-operative norm", "paraspinal/core muscle capacity at 12 months"),
      [](auto& r) { return r.muscle_12m; });
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
  add(f64("fusion_day", "days", "day of solid fusion; NaN when not fused within the horizon or not a fusion"),
      [](auto& r) { return r.fusion_day; });
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
}

void PatientTable::append(const sim::WorkItem& item, const std::vector<PatientResult>& results, sim::TableBuffer& out) const {
  out.reserve(out.rows() + results.size());
  for (std::size_t p = 0; p < results.size(); ++p) {
    out.add_row();
    out.set(0, std::int64_t{item.point});
    out.set(1, std::int64_t{item.replication});
    out.set(2, static_cast<std::int64_t>(p));
    for (std::size_t c = 0; c < readers_.size(); ++c) set(out, spec_.columns[c + 3], c + 3, readers_[c](results[p]));
    out.set(last_phase_column_, phase_codes_.at(item.point).at(static_cast<std::size_t>(results[p].last_phase + 1)));
  }
}

TrajectoryTable::TrajectoryTable(const Scenario& s) : spec_{"trajectories", id_columns()} {
  const auto weeks = static_cast<std::size_t>(trajectory_weeks(s));
  spec_.columns.push_back(i32("patient", "1", "patient index within the replication (row of /patients with the same ids)"));
  const std::pair<const char*, const char*> variables[] = {
      {"muscle", "fraction of pre-operative norm"}, {"scar", "fraction 0-1"}, {"healing", "fraction 0-1"},
      {"fusion", "fraction 0-1 (progress to solid fusion; NaN when not a fusion)"}, {"balance", "fraction of pre-operative norm"},
      {"pain", "NRS 0-10 (expected, worse of back and leg)"}, {"odi", "ODI points 0-100 (expected, without measurement noise)"},
      {"motivation", "fraction 0-1"}};
  for (const auto& [name, units] : variables) {
    ColumnSpec c = f64(name, units, std::string("weekly value of ") + name + " at day 7 w (column w)");
    c.width = weeks;
    spec_.columns.push_back(c);
  }
}

void TrajectoryTable::append(const sim::WorkItem& item, const std::vector<PatientResult>& results, sim::TableBuffer& out) const {
  out.reserve(out.rows() + results.size());
  for (std::size_t p = 0; p < results.size(); ++p) {
    const Trajectory& t = results[p].trajectory;
    out.add_row();
    out.set(0, std::int64_t{item.point});
    out.set(1, std::int64_t{item.replication});
    out.set(2, static_cast<std::int64_t>(p));
    std::size_t c = 3;
    for (const auto* v : {&t.muscle, &t.scar, &t.healing, &t.fusion, &t.balance, &t.pain, &t.odi, &t.motivation}) out.set_values(c++, *v);
  }
}

ReplicationTable::ReplicationTable() : spec_{"replications", id_columns()} {
  const auto add = [&](ColumnSpec spec, std::function<double(const std::vector<PatientResult>&)> reader) {
    spec_.columns.push_back(std::move(spec));
    readers_.push_back(std::move(reader));
  };
  add(i32("patients", "patients", "patients in the replication"), [](auto& rs) { return static_cast<double>(rs.size()); });
  for (std::size_t f = 0; f < kFollowUpDays.size(); ++f)
    add(f64(std::string("odi_") + kFollowUpNames[f], "ODI points 0-100", "cohort mean of /patients/odi_" + std::string(kFollowUpNames[f])),
        [f](auto& rs) { return mean_of(rs, [f](const PatientResult& r) { return r.odi[f]; }); });
  add(f64("odi_change_12m", "ODI points", "cohort mean of odi_12m - baseline_odi (negative is improvement)"),
      [](auto& rs) { return mean_of(rs, [](const PatientResult& r) { return r.odi[3] - r.covariates.baseline_odi; }); });
  add(f64("pain_12m", "NRS 0-10", "cohort mean of /patients/pain_12m"),
      [](auto& rs) { return mean_of(rs, [](const PatientResult& r) { return r.pain_12m; }); });
  add(f64("muscle_12m", "fraction of pre-operative norm", "cohort mean of /patients/muscle_12m"),
      [](auto& rs) { return mean_of(rs, [](const PatientResult& r) { return r.muscle_12m; }); });
  add(f64("responder_12m", "fraction 0-1", "share of responders at 12 months"),
      [](auto& rs) { return mean_of(rs, [](const PatientResult& r) { return r.responder_12m ? 1.0 : 0.0; }); });
  add(f64("sessions_attended", "sessions", "cohort mean of /patients/sessions_attended"),
      [](auto& rs) { return mean_of(rs, [](const PatientResult& r) { return r.sessions_attended; }); });
  const auto mean = [](auto f) { return [f](const std::vector<PatientResult>& rs) { return mean_of(rs, f); }; };
  add(f64("back_pain_12m", "NRS 0-10", "cohort mean"), mean([](const PatientResult& r) { return r.back_pain_12m; }));
  add(f64("leg_pain_12m", "NRS 0-10", "cohort mean"), mean([](const PatientResult& r) { return r.leg_pain_12m; }));
  add(f64("scar_12m", "fraction 0-1", "cohort mean"), mean([](const PatientResult& r) { return r.scar_12m; }));
  add(f64("balance_12m", "fraction of pre-operative norm", "cohort mean"), mean([](const PatientResult& r) { return r.balance_12m; }));
  add(f64("fused_12m", "fraction 0-1", "share fused by 12 months among fusion patients (NaN without any)"), [](auto& rs) {
    double fused = 0, n = 0;
    for (const auto& r : rs)
      if (r.covariates.surgery == Surgery::Fusion) {
        fused += r.fused_12m;
        n += 1;
      }
    return n > 0 ? fused / n : std::numeric_limits<double>::quiet_NaN();
  });
  add(f64("falls_12m", "falls", "cohort mean"), mean([](const PatientResult& r) { return r.falls_12m; }));
  add(f64("reoperated", "fraction 0-1", "share with a reoperation within the horizon"),
      mean([](const PatientResult& r) { return std::isnan(r.reoperation_day) ? 0.0 : 1.0; }));
  add(f64("dropped_out", "fraction 0-1", "share who dropped out of supervised care"), mean([](const PatientResult& r) { return r.dropped_out; }));
  add(f64("pt_cost_usd", "USD", "cohort mean"), mean([](const PatientResult& r) { return r.pt_cost_usd; }));
  add(f64("total_cost_usd", "USD", "cohort mean"), mean([](const PatientResult& r) { return r.total_cost_usd; }));
  add(f64("qaly", "QALY", "cohort mean"), mean([](const PatientResult& r) { return r.qaly; }));
  add(f64("no_show_rate", "fraction 0-1", "missed / booked supervised sessions, over the cohort"), [](auto& rs) {
    double missed = 0, booked = 0;
    for (const auto& r : rs) {
      missed += r.sessions_missed;
      booked += r.sessions_missed + r.sessions_attended;
    }
    return booked > 0 ? missed / booked : std::numeric_limits<double>::quiet_NaN();
  });
}

void ReplicationTable::append(const sim::WorkItem& item, const std::vector<PatientResult>& results, sim::TableBuffer& out) const {
  out.add_row();
  out.set(0, std::int64_t{item.point});
  out.set(1, std::int64_t{item.replication});
  for (std::size_t c = 0; c < readers_.size(); ++c) set(out, spec_.columns[c + 2], c + 2, readers_[c](results));
}

}  // namespace rehabsim::models
