#include <Eigen/Cholesky>
#include <cmath>

#include "models/correlation_matrix.hpp"
#include "models/scenario.hpp"
#include "sim/errors.hpp"

namespace rehabsim::models {

namespace {

Surgery surgery_of(const std::string& name) {
  for (std::size_t i = 0; i < kSurgeryNames.size(); ++i)
    if (name == kSurgeryNames[i]) return static_cast<Surgery>(i);
  throw std::logic_error("unknown surgery " + name);  // the schema's choices make this unreachable
}

}  // namespace

Scenario scenario_from_values(const sim::config::Values& v) {
  using sim::InputError;
  Scenario s;
  s.run.replications = static_cast<std::uint32_t>(v.integer("run.replications"));
  s.run.seed = static_cast<std::uint64_t>(v.integer("run.seed"));
  s.run.patients = static_cast<std::uint32_t>(v.integer("run.patients"));

  double share_sum = 0.0;
  for (std::size_t i = 0; i < v.count("cohorts"); ++i) {
    const std::string p = "cohorts[" + std::to_string(i) + "].";
    CohortSpec c;
    c.name = v.string(p + "name");
    c.share = v.number(p + "share");
    c.surgery = surgery_of(v.string(p + "surgery"));
    c.mis_fraction = v.number(p + "mis_fraction");
    c.age_mean_years = v.number(p + "age_mean_years");
    c.age_sd_years = v.number(p + "age_sd_years");
    c.female_fraction = v.number(p + "female_fraction");
    c.bmi_mean_kg_m2 = v.number(p + "bmi_mean_kg_m2");
    c.bmi_sd_kg_m2 = v.number(p + "bmi_sd_kg_m2");
    c.smoker_fraction = v.number(p + "smoker_fraction");
    c.diabetic_fraction = v.number(p + "diabetic_fraction");
    c.protein_mean_g_per_kg = v.number(p + "protein_mean_g_per_kg");
    c.protein_sd_g_per_kg = v.number(p + "protein_sd_g_per_kg");
    c.vitamin_d_deficient_fraction = v.number(p + "vitamin_d_deficient_fraction");
    c.baseline_odi_mean = v.number(p + "baseline_odi_mean");
    c.baseline_odi_sd = v.number(p + "baseline_odi_sd");
    c.baseline_pain_mean = v.number(p + "baseline_pain_mean");
    c.baseline_pain_sd = v.number(p + "baseline_pain_sd");
    c.residual_odi_fraction = v.number(p + "residual_odi_fraction");
    c.residual_pain_fraction = v.number(p + "residual_pain_fraction");
    c.residual_sd_log = v.number(p + "residual_sd_log");
    share_sum += c.share;
    s.cohorts.push_back(c);
  }
  if (std::abs(share_sum - 1.0) > 1e-6)
    throw InputError(v.where("cohorts") + ": cohorts[].share: expected shares summing to 1, got " + std::to_string(share_sum));

  s.correlation = {v.number("correlation.age_diabetic"), v.number("correlation.bmi_diabetic"),
                   v.number("correlation.age_smoker"), v.number("correlation.bmi_vitamin_d_deficient"),
                   v.number("correlation.diabetic_vitamin_d_deficient"), v.number("correlation.protein_vitamin_d_deficient"),
                   v.number("correlation.odi_pain")};
  if (Eigen::LLT<Eigen::MatrixXd> llt(correlation_matrix(s.correlation)); llt.info() != Eigen::Success)
    throw InputError(v.where("correlation.age_diabetic") +
                     ": correlation: expected correlations that form a positive-definite matrix; these do not (reduce the largest ones)");

  s.protocol.name = v.string("protocol.name");
  s.protocol.start_day = {static_cast<int>(v.integer("protocol.start_day_discectomy")),
                          static_cast<int>(v.integer("protocol.start_day_fusion")),
                          static_cast<int>(v.integer("protocol.start_day_decompression"))};
  for (std::size_t i = 0; i < v.count("protocol.phases"); ++i) {
    const std::string p = "protocol.phases[" + std::to_string(i) + "].";
    s.protocol.phases.push_back(Phase{v.string(p + "name"), static_cast<int>(v.integer(p + "duration_weeks")),
                                      static_cast<int>(v.integer(p + "sessions_per_week")),
                                      static_cast<int>(v.integer(p + "home_days_per_week")), v.number(p + "intensity")});
  }

  s.activity = {static_cast<int>(v.integer("activity.restricted_days")), v.number("activity.restricted_load"),
                v.number("activity.daily_load"), v.number("activity.supervised_weight"), v.number("activity.home_weight"),
                v.number("activity.reference_sessions_per_week")};
  if (s.activity.daily_load + s.activity.supervised_weight + s.activity.home_weight > 1.0 + 1e-12)
    throw InputError(v.where("activity.daily_load") +
                     ": activity: expected daily_load + supervised_weight + home_weight <= 1 (the load is a fraction), got " +
                     std::to_string(s.activity.daily_load + s.activity.supervised_weight + s.activity.home_weight));

  s.muscle = {v.number("muscle.atrophy_rate_per_day"), v.number("muscle.floor_fraction"), v.number("muscle.max_fraction"),
              v.number("muscle.habitual_load"), v.number("muscle.injury_open_fraction"), v.number("muscle.injury_mis_fraction"),
              v.number("muscle.age_atrophy_per_decade"), v.number("muscle.age_regain_per_decade"),
              v.number("muscle.protein_atrophy_per_g_per_kg"), v.number("muscle.protein_regain_per_g_per_kg"),
              v.number("muscle.reference_age_years"), v.number("muscle.reference_protein_g_per_kg")};

  s.healing.time_constant_days = {v.number("healing.time_constant_days_discectomy"), v.number("healing.time_constant_days_fusion"),
                                  v.number("healing.time_constant_days_decompression")};

  s.outcomes = {v.number("outcomes.weight_healing"), v.number("outcomes.weight_muscle"), v.number("outcomes.odi_noise_sd"),
                v.number("outcomes.pain_noise_sd"), v.number("outcomes.responder_improvement_fraction")};
  if (s.outcomes.weight_healing + s.outcomes.weight_muscle > 1.0 + 1e-12)
    throw InputError(v.where("outcomes.weight_healing") + ": outcomes: expected weight_healing + weight_muscle <= 1, got " +
                     std::to_string(s.outcomes.weight_healing + s.outcomes.weight_muscle));

  s.adherence = {v.number("adherence.attendance_probability"), v.number("adherence.smoker_attendance_odds_ratio"),
                 v.number("adherence.attendance_odds_ratio_per_5_bmi"), v.number("adherence.home_adherence_mean"),
                 v.number("adherence.home_adherence_concentration")};
  return s;
}

}  // namespace rehabsim::models
