#pragma once
// The typed, validated scenario. Built once from config::Values (scenario_from_values); the model
// reads nothing else. Units are in the names; fractions lie in 0..1; rates are per day unless named.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/params/clinic_params.hpp"
#include "sim/config/values.hpp"

namespace rehabsim::models {

enum class Surgery : int { Discectomy = 0, Fusion = 1, Decompression = 2 };
inline constexpr std::array<const char*, 3> kSurgeryNames = {"discectomy", "fusion", "decompression"};
enum class Approach : int { Open = 0, MinimallyInvasive = 1, Endoscopic = 2 };
inline constexpr std::array<const char*, 3> kApproachNames = {"open", "minimally_invasive", "endoscopic"};
enum class SessionMode : int { Clinic = 0, Telehealth = 1 };
inline constexpr std::array<const char*, 2> kSessionModeNames = {"clinic", "telehealth"};

/// A value per surgery type, indexed by Surgery.
using PerSurgery = std::array<double, 3>;
template <class T>
inline T of(const std::array<T, 3>& v, Surgery s) {
  return v[static_cast<std::size_t>(s)];
}

struct RunParams {
  std::uint32_t replications = 20;
  std::uint64_t seed = 20261122;
  std::uint32_t patients = 1000;  ///< per replication, over all cohorts
  int horizon_days = 365;         ///< simulated time after surgery (365-1826)
  bool trajectories = false;      ///< record weekly state trajectories (/trajectories)
};

struct CohortSpec {
  std::string name = "cohort";
  double share = 1.0;
  Surgery surgery = Surgery::Discectomy;
  double mis_fraction = 0.3, endoscopic_fraction = 0.0;
  double age_mean_years = 55, age_sd_years = 13;
  double female_fraction = 0.45;
  double bmi_mean_kg_m2 = 29.5, bmi_sd_kg_m2 = 5.5;
  double smoker_fraction = 0.19, diabetic_fraction = 0.15;
  double protein_mean_g_per_kg = 1.0, protein_sd_g_per_kg = 0.3;
  double vitamin_d_deficient_fraction = 0.28;
  double two_level_fraction = 0.0;  ///< fusion over two levels (the rest one level)
  double employed_fraction = 0.6;
  double baseline_odi_mean = 50, baseline_odi_sd = 15;
  double baseline_back_pain_mean = 6, baseline_back_pain_sd = 2;
  double baseline_leg_pain_mean = 6, baseline_leg_pain_sd = 2;
  double residual_odi_fraction = 0.35;
  double residual_back_pain_fraction = 0.45;
  double residual_leg_pain_fraction = 0.35;
  double residual_sd_log = 1.2;
  double motivation_mean = 0.7;
  bool operator==(const CohortSpec&) const = default;
};

/// Correlations of the latent Gaussian copula between covariates.
struct Correlations {
  double age_diabetic = 0.25, bmi_diabetic = 0.35, age_smoker = -0.2, bmi_vitamin_d_deficient = 0.2, diabetic_vitamin_d_deficient = 0.2,
         protein_vitamin_d_deficient = -0.2, odi_back_pain = 0.5, odi_leg_pain = 0.4, back_leg_pain = 0.2;
  bool operator==(const Correlations&) const = default;
};

/// Shares of a phase's exercise time; they sum to 1.
struct LoadMix {
  double mobility = 0.2, strength = 0.2, core = 0.2, functional = 0.2, aerobic = 0.2;
};

struct Phase {
  std::string name = "phase";
  int duration_weeks = 4;  ///< planned length
  int max_weeks = 0;       ///< longest stay while waiting for the next phase's entry criteria (>= duration)
  int sessions_per_week = 2;
  SessionMode mode = SessionMode::Clinic;
  int home_days_per_week = 5;
  double intensity = 0.5;
  LoadMix mix;
  // Entry criteria (checked at the weekly review; all must hold)
  int entry_day_min = 0;       ///< days since surgery
  double entry_pain_max = 10;  ///< worse of back and leg pain (expected), NRS
  double entry_healing_min = 0;
  double entry_muscle_min = 0;
  bool passive_modalities = false;  ///< sessions include passive pain relief (heat, manual therapy, TENS)
  /// Sessions include psychologically informed content: pain education, cognitive restructuring, goal
  /// setting and graded activity (cognitive-behavioural physical therapy, psychomotor therapy).
  bool cognitive_behavioural = false;
};

struct Protocol {
  std::string preset = "none";  ///< the library protocol this one started from ("none": the scenario's own)
  std::string name = "standard";
  std::array<int, 3> start_day{28, 56, 28};  ///< first phase start, days after surgery, by Surgery
  std::vector<Phase> phases;
  double discharge_odi_max = 0;            ///< leave supervised care early once expected ODI <= this (0: never)
  int max_sessions = 0;                    ///< cap on booked supervised sessions (0: none)
  double supplement_protein_g_per_kg = 0;  ///< added protein while supplemented
  bool supplement_vitamin_d = false;
  int supplement_days = 0;                        ///< supplementation from surgery for this many days
  double vitamin_d_correction_probability = 0.7;  ///< a deficient patient's deficiency corrected by the supplement
};

struct ActivityParams {
  int restricted_days = 14;
  double restricted_load = 0.1;
  double daily_load = 0.40;
  double supervised_weight = 0.35;
  double home_weight = 0.25;
  double reference_sessions_per_week = 3;
  double telehealth_effect_fraction = 0.8;  ///< supervised stimulus of a telehealth session vs in clinic
};

/// How much each exercise type loads muscle and balance (weights on the LoadMix shares).
struct StimulusWeights {
  LoadMix muscle{0.0, 1.0, 1.0, 0.5, 0.25};
  LoadMix balance{0.25, 0.25, 0.5, 1.0, 0.5};
  LoadMix conditioning{0.0, 0.25, 0.25, 0.5, 1.0};
  LoadMix mobility{1.0, 0.25, 0.25, 0.5, 0.25};
};

/// A first-order capacity (muscle, balance): loss toward a floor without load, gain toward a max with it.
struct CapacityParams {
  double loss_rate_per_day = 0.019;
  double floor_fraction = 0.65;
  double max_fraction = 1.25;
  double habitual_load = 0.5;  ///< load that holds the capacity at 1 (defines the gain rate)
};

struct MuscleParams : CapacityParams {
  std::array<double, 3> injury_fraction{0.12, 0.05, 0.02};  ///< by Approach
  /// Part of the capacity lost for good (denervation, fatty infiltration), by Approach: every target
  /// the capacity relaxes to is scaled by (1 - this); training does not bring it back.
  std::array<double, 3> lasting_loss_fraction{0.01542, 0.04725, 0.0};
  double age_atrophy_per_decade = 0.10;
  double age_regain_per_decade = -0.10;
  double protein_atrophy_per_g_per_kg = -0.5;
  double protein_regain_per_g_per_kg = 0.3;
  double reference_age_years = 50;
  double reference_protein_g_per_kg = 1.0;
};

struct BalanceParams : CapacityParams {
  double surgery_drop_fraction = 0.08;
};

/// Conditioning E (aerobic capacity and endurance): a first-order capacity driven by aerobic work.
struct ConditioningParams : CapacityParams {
  ConditioningParams() : CapacityParams{0.012, 0.7, 1.2, 0.4} {}
  bool enabled = true;
  double surgery_drop_fraction = 0.05;
};

/// Mobility R (flexibility, the inverse of stiffness): a first-order capacity driven by mobility
/// work, whose ceiling falls with scar.
struct MobilityParams : CapacityParams {
  MobilityParams() : CapacityParams{0.02, 0.6, 1.15, 0.4} {}
  bool enabled = true;
  double surgery_drop_fraction = 0.15;
  double scar_ceiling_loss = 0.15;  ///< the mobility ceiling falls by this per unit of scar
};

/// Pain relief Q (0-1) from exercise-induced hypoalgesia and passive modalities.
struct ReliefParams {
  bool enabled = true;
  double exercise_effect = 1.6;  ///< relief target per unit of exercise dose
  double passive_effect = 0.1;   ///< relief target while attending sessions with passive modalities
  double time_constant_days = 7;
  double odi_share = 0.3;  ///< share of relief that ODI feels (its pain-driven sections)
};

/// Sensitisation C (0-1): central sensitisation / chronicity that grows while pain stays high.
struct SensitisationParams {
  bool enabled = true;
  double pain_threshold_nrs = 4.5;       ///< pain (worse of back and leg, expected) above which C grows
  double growth_rate_per_day = 0.01;     ///< g: growth while above the threshold (reference susceptibility)
  double overload_growth_per_day = 0.6;  ///< g_x: growth per unit of loading above tolerance
  double recovery_rate_per_day = 0.003;  ///< r: resolution
  double susceptibility_sd_log = 2.0;    ///< between-patient spread of the growth rates (lognormal, mean 1)
  double weight = 1.0;                   ///< deficit per unit of C (pain and ODI), may lift scores above baseline
};

/// Fear of movement / low self-efficacy F (0-1).
struct FearParams {
  bool enabled = true;
  double initial_mean = 0.5, initial_concentration = 8;  ///< Beta of F at surgery
  double natural_fraction = 0.0;                         ///< daily life takes F toward this fraction of its initial value
  double natural_time_constant_days = 60;
  double supervised_floor = 0.05;         ///< supervised progress and education take F toward this
  double supervised_rate_per_day = 0.05;  ///< at full supervised participation
  /// Added rate toward the floor at full participation in sessions with cognitive-behavioural content.
  double cognitive_behavioural_rate_per_day = 0.02611;
  double setback_increase = 0.1;  ///< added at a setback or fall
  double waiting_increase_per_week = 0.01;
  double weight = 1.0;                 ///< ODI deficit per unit of F (disability, not pain)
  double home_adherence_effect = 0.5;  ///< relative fall of home adherence per unit of F above 0.45
  double reference = 0.45;
};

/// Exercise habit H (0-1): the share of days a patient exercises on their own. Practice during a
/// phase builds it (toward the share of days exercised, Lally 2010); once the programme ends (or the
/// patient drops out) it decays, and until then the patient keeps doing the last phase's home
/// exercise on that share of days.
struct HabitParams {
  bool enabled = true;
  double formation_time_constant_days = 22;  ///< approach to the practised share of days
  double decay_time_constant_days = 249.8;   ///< decay once supervised care has ended
};

/// Tissue tolerance of loading: healing, and after fusion the maturity of the fusion mass.
struct ToleranceParams {
  bool enabled = true;
  double fusion_initial_fraction = 0.5;    ///< fusion mass tolerance at surgery, rising to 1 at solid fusion
  double fusion_slowing_per_excess = 1.5;  ///< fusion progress slows to 1 / (1 + k excess)
  double weight_overload = 0.3;            ///< pain deficit per unit of loading above tolerance
};

struct ScarParams {
  PerSurgery max_fraction{0.5, 0.7, 0.6};
  std::array<double, 3> approach_factor{1.0, 0.8, 0.6};  ///< by Approach
  double formation_rate_per_day = 0.07;
  int maturation_days = 56;
  double remodel_rate_per_day = 0.001;
  double mobilisation_effect = 0.0;  ///< relative change of the scar ceiling per unit of early mobility dose (either sign)
};

struct HealingParams {
  PerSurgery time_constant_days{33, 60, 28};
  double sd_log = 0.7;                          ///< between-patient spread of tau (lognormal, mean 1)
  double vitamin_d_deficient_multiplier = 1.2;  ///< on tau
  double protein_per_g_per_kg = -0.2;           ///< relative change of tau per g/kg/day above the reference
  double reference_protein_g_per_kg = 1.0;
};

struct SetbackParams {
  double rate_per_day_at_full_excess = 0.02;  ///< hazard when loading exceeds healing by 1
  double flare_deficit = 0.25;                ///< added to the recovery deficit at a setback
  double flare_time_constant_days = 14;
  double fusion_delay_factor = 1.3;  ///< stretches the remaining time to fusion
  double motivation_penalty = 0.1;
};

struct FusionParams {
  double median_days = 140;  ///< reference patient (calibrated: population median 150-200 days)
  double sigma_log = 0.7;
  // Binary risk factors: published marginal effects on 12-month nonunion in the scenario's own
  // fusion population (converted to time multipliers there, fusion_risk.hpp).
  double smoker_relative_risk = 1.91;
  double vitamin_d_deficient_odds_ratio = 2.46;
  double diabetic_odds_ratio = 1.13;
  double two_level_odds_ratio = 1.35;
  double age_odds_ratio_per_decade = 1.2;
  double protein_odds_ratio_per_g_per_kg_below = 1.5;
  double reference_age_years = 55;
  double reference_protein_g_per_kg = 1.0;
  bool operator==(const FusionParams&) const = default;
};

struct FallParams {
  double rate_per_year = 0.25;  ///< at age 65 with balance 1
  double odds_ratio_per_decade = 1.12;
  double log_hazard_per_balance_deficit = 5.0;
};

struct ReoperationParams {
  PerSurgery rate_per_year{0.017, 0.012, 0.031};    ///< at the time origin (late rate after discectomy)
  PerSurgery early_rate_per_year{0.056, 0.0, 0.0};  ///< extra early hazard, decaying with early_time_constant_days
  double early_time_constant_days = 183;
  PerSurgery rate_increase_per_year_per_year{0.0, 0.01, 0.0};  ///< hazard rise per year since surgery (adjacent segment)
  double mis_rate_ratio_discectomy = 1.95;
  double nonunion_rate_per_year = 0.15;  ///< revision hazard for an unfused fusion after 12 months
};

struct OutcomeParams {
  double weight_healing = 0.5;
  double weight_muscle = 0.2;
  double weight_conditioning = 0.15;
  double weight_mobility = 0.15;
  double weight_scar_back = 0.05;
  double weight_scar_leg = 0.1;
  double weight_nonunion = 0.2;
  double weight_reoperation = 0.15;
  double odi_noise_sd = 8.1;
  double pain_noise_sd = 1.2;
  double responder_improvement_fraction = 0.30;
  double discount_rate_per_year = 0.03;
};

struct AdherenceParams {
  double no_show_probability = 0.104;           ///< per appointment, reference patient
  double late_cancellation_probability = 0.10;  ///< per appointment, in addition
  double smoker_attendance_odds_ratio = 0.75;
  double attendance_odds_ratio_per_5_bmi = 0.9;
  double attendance_log_odds_per_motivation = 2.0;
  double telehealth_attendance_odds_ratio = 1.2;
  double home_adherence_mean = 0.5;
  double home_adherence_concentration = 4;
  double home_motivation_effect = 1.0;
  double dropout_rate_per_week = 0.01;
  double dropout_log_hazard_per_motivation = 4.0;
  double reference_motivation = 0.7;
};

struct MotivationParams {
  double concentration = 10;  ///< Beta a+b of the initial motivation
  double smoker_shift = -0.05;
  double improvement_gain = 0.3;  ///< target rises by this per unit of relative ODI improvement
  double pain_penalty = 0.3;      ///< target falls by this per unit of pain / 10
  double time_constant_days = 21;
  double goal_setting_gain = 0.1;  ///< target rises by this at full supervised participation
};

enum class JobDemand : int { Sedentary = 0, Light = 1, Medium = 2, Heavy = 3 };
inline constexpr std::array<const char*, 4> kJobDemandNames = {"sedentary", "light", "medium", "heavy"};

/// Return to work: a hazard that opens once the surgeon's restriction has passed and function and
/// pain meet the job's demands.
struct ReturnToWorkParams {
  std::array<double, 4> job_share{0.3, 0.25, 0.25, 0.2};  ///< by JobDemand
  std::array<double, 4> odi_max{47, 41, 35, 30};          ///< expected ODI at most this to return, by JobDemand
  double pain_max_nrs = 4.5;
  /// The surgeon's restriction: no return before a day drawn per patient, lognormal with this median
  /// by surgery and restriction_sd_log on the log scale.
  PerSurgery restriction_median_days{7.339, 66.6, 35.4};
  double restriction_sd_log = 0.2162;
  double rate_per_day = 0.4512;  ///< once ready
  double smoker_hazard_ratio = 0.75;
};

struct CostParams {
  double pt_visit_usd = 110;
  double pt_evaluation_usd = 100;
  double protein_supplement_usd_per_day = 1.5;
  double vitamin_d_supplement_usd_per_day = 0.1;
  double reoperation_usd = 25000;
  /// Willingness-to-pay grid of /cost_effectiveness: 0 to max in steps (run settings).
  double willingness_to_pay_max_usd_per_qaly = 150000;
  double willingness_to_pay_step_usd_per_qaly = 5000;
};

struct Scenario {
  RunParams run;
  std::vector<CohortSpec> cohorts;
  Correlations correlation;
  Protocol protocol;
  ActivityParams activity;
  StimulusWeights stimulus;
  MuscleParams muscle;
  BalanceParams balance;
  ConditioningParams conditioning;
  MobilityParams mobility;
  ReliefParams relief;
  SensitisationParams sensitisation;
  FearParams fear;
  HabitParams habit;
  ToleranceParams tolerance;
  ScarParams scar;
  HealingParams healing;
  SetbackParams setback;
  FusionParams fusion;
  FallParams falls;
  ReoperationParams reoperation;
  OutcomeParams outcomes;
  AdherenceParams adherence;
  MotivationParams motivation;
  ReturnToWorkParams return_to_work;
  CostParams costs;
  ClinicParams clinic;
};

/// Builds the typed scenario; throws sim::InputError on cross-field problems.
Scenario scenario_from_values(const sim::config::Values& values);

}  // namespace rehabsim::models
