#include "models/calibration/trial_measures.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/physiology/first_order.hpp"
#include "models/physiology/muscle.hpp"
#include "models/physiology/outcome_model.hpp"

namespace rehabsim::models::calibration {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

double mean_of(const Patients& ps, const PatientValue& f) {
  double sum = 0, n = 0;
  for (const PatientResult* r : ps) {
    const double v = f(*r);
    if (std::isnan(v)) continue;
    sum += v;
    n += 1;
  }
  return n > 0 ? sum / n : kNaN;
}

double variance_of(const Patients& ps, const PatientValue& f) {
  const double m = mean_of(ps, f);
  double ss = 0, n = 0;
  for (const PatientResult* r : ps) {
    const double v = f(*r);
    if (std::isnan(v)) continue;
    ss += (v - m) * (v - m);
    n += 1;
  }
  return n > 1 ? ss / (n - 1) : kNaN;
}

double smd(const Patients& a, const Patients& b, const PatientValue& f) {
  return (mean_of(a, f) - mean_of(b, f)) / std::sqrt(0.5 * (variance_of(a, f) + variance_of(b, f)));
}

double median_fusion_day(const Patients& ps) {
  std::vector<double> days;
  for (const PatientResult* r : ps)
    if (r->covariates.surgery == Surgery::Fusion) days.push_back(std::isnan(r->fusion_day) ? kInf : r->fusion_day);
  if (days.empty()) return kNaN;
  std::sort(days.begin(), days.end());
  const std::size_t n = days.size();
  return n % 2 ? days[n / 2] : 0.5 * (days[n / 2 - 1] + days[n / 2]);
}

double muscle_loss_percent_per_day(const Scenario& s, const Patients& ps) {
  return mean_of(ps, [&](const PatientResult& r) {
    const auto rates = muscle_rates(s.muscle, r.covariates.age_years, r.covariates.protein_g_per_kg_day);
    return (1.0 - advance_linear(1.0, muscle_regime(s.muscle, rates, 0.0), 14.0)) / 14.0 * 100.0;
  });
}

bool in_target_group(const TargetSpec& t, const PatientResult& r) {
  if (t.surgery && r.covariates.surgery != *t.surgery) return false;
  if (t.group == "smokers" && !r.covariates.smoker) return false;
  if (t.group == "non_smokers" && r.covariates.smoker) return false;
  return true;
}

double measure(const TargetSpec& t, const Trial& trial, const std::vector<Patients>& arms) {
  const Patients& a = arms[t.arms[0]];
  const Patients* b = t.arms.size() > 1 ? &arms[t.arms[1]] : nullptr;
  const auto f = static_cast<std::size_t>(t.follow_up);
  const auto odi = [f](const PatientResult& r) { return r.odi[f]; };
  const auto pain = [f](const PatientResult& r) { return r.pain[f]; };
  const std::string& m = t.measure;
  if (m == "baseline_odi") return mean_of(a, [](const PatientResult& r) { return r.covariates.baseline_odi; });
  if (m == "odi") return mean_of(a, odi);
  if (m == "odi_change") return mean_of(a, [f](const PatientResult& r) { return r.odi[f] - r.covariates.baseline_odi; });
  if (m == "odi_difference") return mean_of(a, odi) - mean_of(*b, odi);
  if (m == "odi_smd") return smd(a, *b, odi);
  if (m == "pain_smd") return smd(a, *b, pain);
  if (m == "pain_difference_vas") return 10.0 * (mean_of(a, pain) - mean_of(*b, pain));
  if (m == "qaly_difference")
    return mean_of(a, [](const PatientResult& r) { return r.qaly; }) - mean_of(*b, [](const PatientResult& r) { return r.qaly; });
  if (m == "responders")
    return mean_of(a, [f](const PatientResult& r) { return is_responder(r.covariates.baseline_odi, r.odi[f], 0.30) ? 1.0 : 0.0; });
  if (m == "return_to_work_share")
    return mean_of(a, [&](const PatientResult& r) { return r.covariates.employed ? (r.return_to_work_day <= t.day ? 1.0 : 0.0) : kNaN; });
  if (m == "return_to_work_mean_weeks")
    return mean_of(
        a, [&](const PatientResult& r) { return r.covariates.employed && r.return_to_work_day <= t.day ? r.return_to_work_day / 7.0 : kNaN; });
  const auto nonunion = [](const PatientResult& r) { return r.covariates.surgery == Surgery::Fusion ? (r.fused_12m ? 0.0 : 1.0) : kNaN; };
  if (m == "nonunion_relative_risk") {
    Patients smokers, others;
    for (const PatientResult* r : a) (r->covariates.smoker ? smokers : others).push_back(r);
    return mean_of(smokers, nonunion) / mean_of(others, nonunion);
  }
  if (m == "nonunion_share") return mean_of(a, nonunion);
  if (m == "fused_12m") return 1.0 - mean_of(a, nonunion);
  if (m == "reoperation_share") return mean_of(a, [&](const PatientResult& r) { return r.reoperation_day <= t.day ? 1.0 : 0.0; });
  if (m == "no_show_rate" || m == "late_cancellation_rate") {
    double events = 0, appointments = 0;
    for (const PatientResult* r : a) {
      events += m == "no_show_rate" ? r->no_shows : r->late_cancellations;
      appointments += r->sessions_attended + r->sessions_missed;
    }
    return events / appointments;
  }
  if (m == "median_fusion_day") return median_fusion_day(a);
  if (m == "muscle_loss_14d") return muscle_loss_percent_per_day(trial.arms[t.arms[0]].scenario, a);
  return kNaN;
}

}  // namespace rehabsim::models::calibration
