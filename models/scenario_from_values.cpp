#include <Eigen/Cholesky>
#include <cmath>

#include "models/clinic/clinic_schema.hpp"
#include "models/correlation_matrix.hpp"
#include "models/schema_keys.hpp"
#include "models/scenario.hpp"
#include "sim/errors.hpp"

namespace rehabsim::models {

namespace {

using sim::InputError;
using sim::config::Values;
using schema_keys::index_of;

PerSurgery per_surgery(const Values& v, const std::string& prefix) {
  PerSurgery out{};
  for (std::size_t s = 0; s < 3; ++s) out[s] = v.number(prefix + "_" + kSurgeryNames[s]);
  return out;
}

LoadMix load_mix(const Values& v, const std::string& prefix) {
  return {v.number(prefix + "mobility"), v.number(prefix + "strength"), v.number(prefix + "core"), v.number(prefix + "functional"),
          v.number(prefix + "aerobic")};
}

void require(bool ok, const Values& v, const std::string& path, const std::string& message) {
  if (!ok) throw InputError(v.where(path) + ": " + message);
}

CohortSpec cohort(const Values& v, const std::string& p) {
  CohortSpec c;
  c.name = v.string(p + "name");
  c.share = v.number(p + "share");
  c.surgery = static_cast<Surgery>(index_of(kSurgeryNames, v.string(p + "surgery")));
  c.mis_fraction = v.number(p + "mis_fraction");
  c.endoscopic_fraction = v.number(p + "endoscopic_fraction");
  require(c.mis_fraction + c.endoscopic_fraction <= 1.0 + 1e-12, v, p + "endoscopic_fraction",
          p + "endoscopic_fraction: expected mis_fraction + endoscopic_fraction <= 1, got " + std::to_string(c.mis_fraction + c.endoscopic_fraction));
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
  c.two_level_fraction = v.number(p + "two_level_fraction");
  c.employed_fraction = v.number(p + "employed_fraction");
  c.baseline_odi_mean = v.number(p + "baseline_odi_mean");
  c.baseline_odi_sd = v.number(p + "baseline_odi_sd");
  c.baseline_back_pain_mean = v.number(p + "baseline_back_pain_mean");
  c.baseline_back_pain_sd = v.number(p + "baseline_back_pain_sd");
  c.baseline_leg_pain_mean = v.number(p + "baseline_leg_pain_mean");
  c.baseline_leg_pain_sd = v.number(p + "baseline_leg_pain_sd");
  c.residual_odi_fraction = v.number(p + "residual_odi_fraction");
  c.residual_back_pain_fraction = v.number(p + "residual_back_pain_fraction");
  c.residual_leg_pain_fraction = v.number(p + "residual_leg_pain_fraction");
  c.residual_sd_log = v.number(p + "residual_sd_log");
  c.motivation_mean = v.number(p + "motivation_mean");
  return c;
}

Phase phase(const Values& v, const std::string& p) {
  Phase ph;
  ph.name = v.string(p + "name");
  ph.duration_weeks = static_cast<int>(v.integer(p + "duration_weeks"));
  ph.max_weeks = static_cast<int>(v.integer(p + "max_weeks"));
  ph.sessions_per_week = static_cast<int>(v.integer(p + "sessions_per_week"));
  ph.mode = static_cast<SessionMode>(index_of(kSessionModeNames, v.string(p + "mode")));
  ph.home_days_per_week = static_cast<int>(v.integer(p + "home_days_per_week"));
  ph.intensity = v.number(p + "intensity");
  ph.mix = load_mix(v, p + "mix_");
  const double mix_sum = ph.mix.mobility + ph.mix.strength + ph.mix.core + ph.mix.functional + ph.mix.aerobic;
  require(std::abs(mix_sum - 1.0) < 1e-6, v, p + "mix_mobility",
          p + "mix_*: expected the five exercise shares to sum to 1, got " + std::to_string(mix_sum));
  ph.entry_day_min = static_cast<int>(v.integer(p + "entry_day_min"));
  ph.entry_pain_max = v.number(p + "entry_pain_max");
  ph.entry_healing_min = v.number(p + "entry_healing_min");
  ph.entry_muscle_min = v.number(p + "entry_muscle_min");
  return ph;
}

}  // namespace

Scenario scenario_from_values(const Values& v) {
  Scenario s;
  s.run.replications = static_cast<std::uint32_t>(v.integer("run.replications"));
  s.run.seed = static_cast<std::uint64_t>(v.integer("run.seed"));
  s.run.patients = static_cast<std::uint32_t>(v.integer("run.patients"));
  s.run.horizon_days = static_cast<int>(v.integer("run.horizon_days"));
  s.run.trajectories = v.boolean("output.trajectories");

  double share_sum = 0.0;
  for (std::size_t i = 0; i < v.count("cohorts"); ++i) {
    s.cohorts.push_back(cohort(v, "cohorts[" + std::to_string(i) + "]."));
    share_sum += s.cohorts.back().share;
  }
  require(std::abs(share_sum - 1.0) <= 1e-6, v, "cohorts", "cohorts[].share: expected shares summing to 1, got " + std::to_string(share_sum));

  s.correlation = {v.number("correlation.age_diabetic"), v.number("correlation.bmi_diabetic"), v.number("correlation.age_smoker"),
                   v.number("correlation.bmi_vitamin_d_deficient"), v.number("correlation.diabetic_vitamin_d_deficient"),
                   v.number("correlation.protein_vitamin_d_deficient"), v.number("correlation.odi_back_pain"),
                   v.number("correlation.odi_leg_pain"), v.number("correlation.back_leg_pain")};
  require(Eigen::LLT<CovariateMatrix>(correlation_matrix(s.correlation)).info() == Eigen::Success, v, "correlation.age_diabetic",
          "correlation: expected correlations that form a positive-definite matrix; these do not (reduce the largest ones)");

  Protocol& pr = s.protocol;
  pr.name = v.string("protocol.name");
  pr.start_day = {static_cast<double>(v.integer("protocol.start_day_discectomy")), static_cast<double>(v.integer("protocol.start_day_fusion")),
                  static_cast<double>(v.integer("protocol.start_day_decompression"))};
  for (std::size_t i = 0; i < v.count("protocol.phases"); ++i) pr.phases.push_back(phase(v, "protocol.phases[" + std::to_string(i) + "]."));
  pr.discharge_odi_max = v.number("protocol.discharge_odi_max");
  pr.max_sessions = static_cast<int>(v.integer("protocol.max_sessions"));
  pr.supplement_protein_g_per_kg = v.number("protocol.supplement_protein_g_per_kg");
  pr.supplement_vitamin_d = v.boolean("protocol.supplement_vitamin_d");
  pr.supplement_days = static_cast<int>(v.integer("protocol.supplement_days"));
  pr.vitamin_d_correction_probability = v.number("protocol.vitamin_d_correction_probability");

  ActivityParams& a = s.activity;
  a = {static_cast<int>(v.integer("activity.restricted_days")), v.number("activity.restricted_load"), v.number("activity.daily_load"),
       v.number("activity.supervised_weight"), v.number("activity.home_weight"), v.number("activity.reference_sessions_per_week"),
       v.number("activity.telehealth_effect_fraction")};
  require(a.daily_load + a.supervised_weight + a.home_weight <= 1.0 + 1e-12, v, "activity.daily_load",
          "activity: expected daily_load + supervised_weight + home_weight <= 1 (the load is a fraction), got " +
              std::to_string(a.daily_load + a.supervised_weight + a.home_weight));
  s.stimulus = {load_mix(v, "stimulus.muscle_"), load_mix(v, "stimulus.balance_")};

  MuscleParams& m = s.muscle;
  m.loss_rate_per_day = v.number("muscle.atrophy_rate_per_day");
  m.floor_fraction = v.number("muscle.floor_fraction");
  m.max_fraction = v.number("muscle.max_fraction");
  m.habitual_load = v.number("muscle.habitual_load");
  m.injury_fraction = {v.number("muscle.injury_open_fraction"), v.number("muscle.injury_mis_fraction"), v.number("muscle.injury_endoscopic_fraction")};
  m.age_atrophy_per_decade = v.number("muscle.age_atrophy_per_decade");
  m.age_regain_per_decade = v.number("muscle.age_regain_per_decade");
  m.protein_atrophy_per_g_per_kg = v.number("muscle.protein_atrophy_per_g_per_kg");
  m.protein_regain_per_g_per_kg = v.number("muscle.protein_regain_per_g_per_kg");
  m.reference_age_years = v.number("muscle.reference_age_years");
  m.reference_protein_g_per_kg = v.number("muscle.reference_protein_g_per_kg");

  BalanceParams& b = s.balance;
  b.loss_rate_per_day = v.number("balance.loss_rate_per_day");
  b.floor_fraction = v.number("balance.floor_fraction");
  b.max_fraction = v.number("balance.max_fraction");
  b.habitual_load = v.number("balance.habitual_load");
  b.surgery_drop_fraction = v.number("balance.surgery_drop_fraction");

  s.scar = {per_surgery(v, "scar.max_fraction"),
            {v.number("scar.approach_factor_open"), v.number("scar.approach_factor_mis"), v.number("scar.approach_factor_endoscopic")},
            v.number("scar.formation_rate_per_day"), static_cast<int>(v.integer("scar.maturation_days")), v.number("scar.remodel_rate_per_day"),
            v.number("scar.mobilisation_effect")};
  s.healing = {per_surgery(v, "healing.time_constant_days"), v.number("healing.vitamin_d_deficient_multiplier"),
               v.number("healing.protein_per_g_per_kg"), v.number("healing.reference_protein_g_per_kg")};
  s.setback = {v.number("setback.rate_per_day_at_full_excess"), v.number("setback.flare_deficit"), v.number("setback.flare_time_constant_days"),
               v.number("setback.fusion_delay_factor"), v.number("setback.motivation_penalty")};
  s.fusion = {v.number("fusion.median_days"), v.number("fusion.sigma_log"), v.number("fusion.smoker_odds_ratio"),
              v.number("fusion.vitamin_d_deficient_odds_ratio"), v.number("fusion.diabetic_odds_ratio"), v.number("fusion.per_level_odds_ratio"),
              v.number("fusion.age_odds_ratio_per_decade"), v.number("fusion.protein_odds_ratio_per_g_per_kg_below"),
              v.number("fusion.reference_age_years"), v.number("fusion.reference_protein_g_per_kg")};
  s.falls = {v.number("falls.rate_per_year"), v.number("falls.odds_ratio_per_decade"), v.number("falls.log_hazard_per_balance_deficit")};
  s.reoperation = {{v.number("reoperation.rate_per_year_discectomy"), v.number("reoperation.rate_per_year_fusion"),
                    v.number("reoperation.rate_per_year_decompression")},
                   v.number("reoperation.mis_rate_ratio_discectomy"), v.number("reoperation.nonunion_rate_per_year")};
  s.outcomes = {v.number("outcomes.weight_healing"), v.number("outcomes.weight_muscle"), v.number("outcomes.weight_scar_back"),
                v.number("outcomes.weight_scar_leg"), v.number("outcomes.weight_nonunion"), v.number("outcomes.weight_reoperation"),
                v.number("outcomes.odi_noise_sd"), v.number("outcomes.pain_noise_sd"), v.number("outcomes.responder_improvement_fraction"),
                v.number("outcomes.discount_rate_per_year")};
  require(s.outcomes.weight_healing + s.outcomes.weight_muscle <= 1.0 + 1e-12, v, "outcomes.weight_healing",
          "outcomes: expected weight_healing + weight_muscle <= 1, got " + std::to_string(s.outcomes.weight_healing + s.outcomes.weight_muscle));
  s.adherence = {v.number("adherence.attendance_probability"), v.number("adherence.smoker_attendance_odds_ratio"),
                 v.number("adherence.attendance_odds_ratio_per_5_bmi"), v.number("adherence.attendance_log_odds_per_motivation"),
                 v.number("adherence.telehealth_attendance_odds_ratio"), v.number("adherence.home_adherence_mean"),
                 v.number("adherence.home_adherence_concentration"), v.number("adherence.home_motivation_effect"),
                 v.number("adherence.dropout_rate_per_week"), v.number("adherence.dropout_log_hazard_per_motivation"),
                 v.number("adherence.reference_motivation")};
  s.motivation = {v.number("motivation.concentration"), v.number("motivation.smoker_shift"), v.number("motivation.improvement_gain"),
                  v.number("motivation.pain_penalty"), v.number("motivation.time_constant_days")};
  s.return_to_work = {per_surgery(v, "return_to_work.probability"), per_surgery(v, "return_to_work.median_days"),
                      v.number("return_to_work.sigma_log"), v.number("return_to_work.smoker_probability_ratio")};
  s.costs = {v.number("costs.pt_visit_usd"), v.number("costs.pt_evaluation_usd"), v.number("costs.protein_supplement_usd_per_day"),
             v.number("costs.vitamin_d_supplement_usd_per_day"), v.number("costs.reoperation_usd")};
  s.clinic = clinic_from_values(v);
  return s;
}

}  // namespace rehabsim::models
