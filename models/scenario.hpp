#pragma once
// The typed, validated scenario. Built once from config::Values (scenario_from_values); the model
// reads nothing else. Units are in the names; fractions lie in 0..1.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/config/values.hpp"

namespace rehabsim::models {

enum class Surgery : int { Discectomy = 0, Fusion = 1, Decompression = 2 };
inline constexpr std::array<const char*, 3> kSurgeryNames = {"discectomy", "fusion", "decompression"};
enum class Approach : int { Open = 0, MinimallyInvasive = 1 };
inline constexpr std::array<const char*, 2> kApproachNames = {"open", "minimally_invasive"};

struct RunParams {
  std::uint32_t replications = 20;
  std::uint64_t seed = 0;
  std::uint32_t patients = 1000;  ///< per replication, over all cohorts
};

struct CohortSpec {
  std::string name;
  double share = 1.0;  ///< fraction of the patients
  Surgery surgery = Surgery::Discectomy;
  double mis_fraction = 0.0;
  double age_mean_years = 55, age_sd_years = 13;
  double female_fraction = 0.45;
  double bmi_mean_kg_m2 = 29.5, bmi_sd_kg_m2 = 5.5;
  double smoker_fraction = 0.19, diabetic_fraction = 0.15;
  double protein_mean_g_per_kg = 1.0, protein_sd_g_per_kg = 0.3;
  double vitamin_d_deficient_fraction = 0.28;
  double baseline_odi_mean = 50, baseline_odi_sd = 15;
  double baseline_pain_mean = 7, baseline_pain_sd = 1.8;
  double residual_odi_fraction = 0.35;   ///< share of baseline ODI left when recovery is complete
  double residual_pain_fraction = 0.40;  ///< same for pain
  double residual_sd_log = 0.5;          ///< between-patient spread of the residual (log scale)
};

/// Correlations of the latent Gaussian copula between covariates.
struct Correlations {
  double age_diabetic = 0, bmi_diabetic = 0, age_smoker = 0, bmi_vitamin_d_deficient = 0,
         diabetic_vitamin_d_deficient = 0, protein_vitamin_d_deficient = 0, odi_pain = 0;
};

struct Phase {
  std::string name;
  int duration_weeks = 4;
  int sessions_per_week = 2;
  int home_days_per_week = 5;
  double intensity = 0.5;  ///< training intensity of the phase, fraction of a maximal programme
};

struct Protocol {
  std::string name;
  std::array<int, 3> start_day{28, 56, 28};  ///< first supervised session, days after surgery, by Surgery
  std::vector<Phase> phases;
};

struct ActivityParams {
  int restricted_days = 14;        ///< days of restricted activity after surgery
  double restricted_load = 0.1;    ///< training-load equivalent of that period (0-1)
  double daily_load = 0.45;        ///< load of ordinary daily life afterwards, without a programme
  double supervised_weight = 0.3;  ///< load added by a fully attended supervised programme at full intensity
  double home_weight = 0.25;       ///< load added by home exercise every day at full intensity
  double reference_sessions_per_week = 3;  ///< frequency at which the supervised weight is reached
};

struct MuscleParams {
  double atrophy_rate_per_day = 0.019;  ///< a: disuse loss rate constant
  double floor_fraction = 0.65;         ///< M_floor: level that prolonged disuse approaches
  double max_fraction = 1.25;           ///< M_max: level that sustained full training approaches
  double habitual_load = 0.5;           ///< pre-operative habitual load; sets the regain rate so that M* = 1 there
  double injury_open_fraction = 0.12;   ///< immediate loss from an open approach
  double injury_mis_fraction = 0.05;    ///< immediate loss from a minimally invasive approach
  double age_atrophy_per_decade = 0.10; ///< relative change of a per decade above the reference age
  double age_regain_per_decade = -0.10; ///< relative change of b per decade above the reference age
  double protein_atrophy_per_g_per_kg = -0.5;  ///< relative change of a per g/kg/day above the reference
  double protein_regain_per_g_per_kg = 0.3;    ///< relative change of b per g/kg/day above the reference
  double reference_age_years = 50;
  double reference_protein_g_per_kg = 1.0;
};

struct HealingParams {
  std::array<double, 3> time_constant_days{21, 60, 28};  ///< tau of H(t) = 1 - exp(-t/tau), by Surgery
};

struct OutcomeParams {
  double weight_healing = 0.6;  ///< share of the recoverable deficit due to unhealed tissue at surgery
  double weight_muscle = 0.4;   ///< share due to muscle deficit at full disuse (M = M_floor)
  double odi_noise_sd = 8.1;    ///< measurement noise of one ODI observation, points
  double pain_noise_sd = 1.2;   ///< measurement noise of one pain NRS observation
  double responder_improvement_fraction = 0.30;  ///< ODI improvement (fraction of baseline) that counts as response
};

struct AdherenceParams {
  double attendance_probability = 0.9;  ///< reference patient (non-smoker, BMI 30)
  double smoker_attendance_odds_ratio = 0.75;
  double attendance_odds_ratio_per_5_bmi = 0.9;
  double home_adherence_mean = 0.5;          ///< mean fraction of prescribed home-exercise days done
  double home_adherence_concentration = 4;   ///< Beta a+b of the patient's home adherence
};

struct Scenario {
  RunParams run;
  std::vector<CohortSpec> cohorts;
  Correlations correlation;
  Protocol protocol;
  ActivityParams activity;
  MuscleParams muscle;
  HealingParams healing;
  OutcomeParams outcomes;
  AdherenceParams adherence;
};

/// Builds the typed scenario; throws sim::InputError on cross-field problems (shares that do not
/// sum to 1, a correlation matrix that is not positive definite, weights above 1).
Scenario scenario_from_values(const sim::config::Values& values);

}  // namespace rehabsim::models
