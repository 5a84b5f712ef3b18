// Every scenario key of the recovery model, declared once: path, the member it sets, unit, range,
// description and source (the default is the struct's). The schema and the typed Scenario both
// come from these declarations; cross-field checks are the rules at the end of the file.
#include "models/scenario/scenario_bindings.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "models/clinic/staffing.hpp"
#include "models/params/correlation_matrix.hpp"
#include "models/scenario/clinic_bindings.hpp"
#include "models/scenario/protocol_presets.hpp"
#include "sim/core/errors.hpp"

namespace rehabsim::models {

namespace {

using sim::config::Bindings;
using sim::config::KeyInfo;
using sim::config::Values;
constexpr double kInf = std::numeric_limits<double>::infinity();
const std::string kFraction = "fraction 0-1";

// The member a key sets, as an accessor of the table it is declared in.
#define AT(member) \
  [](auto& x) -> auto& { return x.member; }

// "STEM_discectomy", "STEM_fusion", "STEM_decompression": one value per surgery type.
template <class T, class Field>
void per_surgery(Bindings<T>& b, const std::string& stem, const std::string& unit, double lo, double hi, const std::string& description,
                 const std::string& source, Field field) {
  for (std::size_t s = 0; s < kSurgeryNames.size(); ++s)
    b.add(
        {stem + "_" + kSurgeryNames[s], unit, lo, hi, description + " (" + kSurgeryNames[s] + ")", source},
        [ field, s ](auto& x) -> auto& { return field(x)[s]; });
}

// "STEM_sedentary" ... "STEM_heavy": one value per job demand.
template <class T, class Field>
void per_job(Bindings<T>& b, const std::string& stem, const std::string& unit, double lo, double hi, const std::string& description,
             const std::string& source, Field field) {
  for (std::size_t j = 0; j < kJobDemandNames.size(); ++j)
    b.add(
        {stem + "_" + kJobDemandNames[j], unit, lo, hi, description + " (" + kJobDemandNames[j] + " work)", source},
        [ field, j ](auto& x) -> auto& { return field(x)[j]; });
}

// "PREFIXmobility" ... "PREFIXaerobic": the five shares of a LoadMix.
template <class T, class Field>
void load_mix(Bindings<T>& b, const std::string& prefix, const std::string& unit, const std::string& what, const std::string& source, Field mix) {
  b.add(
      {prefix + "mobility", unit, 0, 1, what + " mobility exercise.", source}, [mix](auto& x) -> auto& { return mix(x).mobility; });
  b.add(
      {prefix + "strength", unit, 0, 1, what + " strength exercise.", source}, [mix](auto& x) -> auto& { return mix(x).strength; });
  b.add(
      {prefix + "core", unit, 0, 1, what + " core exercise.", source}, [mix](auto& x) -> auto& { return mix(x).core; });
  b.add(
      {prefix + "functional", unit, 0, 1, what + " functional exercise.", source}, [mix](auto& x) -> auto& { return mix(x).functional; });
  b.add(
      {prefix + "aerobic", unit, 0, 1, what + " aerobic exercise.", source}, [mix](auto& x) -> auto& { return mix(x).aerobic; });
}

Bindings<RunParams> run_bindings() {
  Bindings<RunParams> b;
  // Run settings: every sweep point and every compared scenario shares them (sweepable = false).
  b.add({"replications", "1", 1, 100000, "Independent replications of the whole cohort.", "", false}, AT(replications));
  b.add({"seed", "1", 0, 9007199254740991.0 /* 2^53 - 1: exact in the range table */, "Master seed of all random streams (Philox key).", "", false},
        AT(seed));
  b.add({"patients", "patients", 1, 10000000, "Patients per replication, shared among the cohorts by their share.", "", false}, AT(patients));
  b.add({"horizon_days", "days", 365, 1826, "Simulated time after surgery (12 months to 5 years).", "", false}, AT(horizon_days));
  return b;
}

Bindings<CohortSpec> cohort_bindings() {
  Bindings<CohortSpec> b;
  b.add({"name", "", -kInf, kInf, "Label of the cohort.", ""}, AT(name));
  b.add({"share", kFraction, 0, 1, "Fraction of the patients in this cohort; shares must sum to 1.", ""}, AT(share));
  b.add({"surgery", "", -kInf, kInf, "Index operation.", ""}, AT(surgery), kSurgeryNames);
  b.add({"mis_fraction", kFraction, 0, 1, "Fraction operated minimally invasively (tubular, MIS TLIF).", "assumption"}, AT(mis_fraction));
  b.add({"endoscopic_fraction", kFraction, 0, 1, "Fraction operated endoscopically; with mis_fraction at most 1.", "assumption"},
        AT(endoscopic_fraction));
  b.add({"age_mean_years", "years", 18, 95, "Mean age (normal, truncated to 18-95).", "QOD: 47 (disc herniation) to 61-70 (spondylolisthesis)"},
        AT(age_mean_years));
  b.add({"age_sd_years", "years", 0.1, 40, "Standard deviation of age before truncation.", "assumption"}, AT(age_sd_years));
  b.add({"female_fraction", kFraction, 0, 1, "Fraction of women.", "SPORT, NORspine: 40-50%"}, AT(female_fraction));
  b.add({"bmi_mean_kg_m2", "kg/m^2", 15, 60, "Mean BMI (normal, truncated to 15-60).", "QOD: 29.9 (decompression), 30.4 (fusion)"},
        AT(bmi_mean_kg_m2));
  b.add({"bmi_sd_kg_m2", "kg/m^2", 0.1, 20, "Standard deviation of BMI.", "assumption"}, AT(bmi_sd_kg_m2));
  b.add({"smoker_fraction", kFraction, 0, 1, "Current smokers.", "Int J Spine Surg 2022: 19.2%"}, AT(smoker_fraction));
  b.add({"diabetic_fraction", kFraction, 0, 1, "Diabetes.", "Cleveland Clinic 2025: 15-25%; Int J Spine Surg 2022: 11.2%"}, AT(diabetic_fraction));
  b.add({"protein_mean_g_per_kg", "g/kg/day", 0.3, 3, "Mean habitual protein intake (normal, truncated 0.3-3).",
         "assumption; RDA 0.8, ESPEN 1.0-1.2 for older adults (Deutz 2014)"},
        AT(protein_mean_g_per_kg));
  b.add({"protein_sd_g_per_kg", "g/kg/day", 0.01, 1.5, "Standard deviation of protein intake.", "assumption"}, AT(protein_sd_g_per_kg));
  b.add({"vitamin_d_deficient_fraction", kFraction, 0, 1, "25(OH)D < 20 ng/mL.", "Stoker 2013: 27%; Ravindra 2015: 30%"},
        AT(vitamin_d_deficient_fraction));
  b.add({"two_level_fraction", kFraction, 0, 1, "Fusions over two levels (the rest one level).", "assumption"}, AT(two_level_fraction));
  b.add({"employed_fraction", kFraction, 0, 1, "Patients in work before surgery.", "QOD: employed subgroup analyses"}, AT(employed_fraction));
  b.add({"baseline_odi_mean", "ODI points 0-100", 0, 100, "Mean pre-operative ODI (normal, truncated 0-100).",
         "SPORT disc herniation 57 (Lurie 2008); QOD fusion 47.7"},
        AT(baseline_odi_mean));
  b.add({"baseline_odi_sd", "ODI points", 0.1, 50, "Standard deviation of pre-operative ODI.", "Hatakka 2025: SD 16"}, AT(baseline_odi_sd));
  b.add({"baseline_back_pain_mean", "NRS 0-10", 0, 10, "Mean pre-operative back pain.", "QOD: 6.0-6.5"}, AT(baseline_back_pain_mean));
  b.add({"baseline_back_pain_sd", "NRS", 0.1, 5, "Standard deviation of back pain.", "assumption"}, AT(baseline_back_pain_sd));
  b.add({"baseline_leg_pain_mean", "NRS 0-10", 0, 10, "Mean pre-operative leg pain.", "QOD: 6.3-7.0"}, AT(baseline_leg_pain_mean));
  b.add({"baseline_leg_pain_sd", "NRS", 0.1, 5, "Standard deviation of leg pain.", "assumption"}, AT(baseline_leg_pain_sd));
  b.add({"residual_odi_fraction", kFraction, 0, 1,
         "Mean share of baseline ODI left when tissue has healed and muscle has recovered (what surgery cannot fix).",
         "calibrated: SPORT discectomy 57 -> about 19 at 3 months; QOD fusion 48 -> about 26 at 12 months (with every pathway's deficit on top)"},
        AT(residual_odi_fraction));
  b.add({"residual_back_pain_fraction", kFraction, 0, 1, "Same for back pain.", "NORspine: back pain -3.2 at 12 months"},
        AT(residual_back_pain_fraction));
  b.add({"residual_leg_pain_fraction", kFraction, 0, 1, "Same for leg pain.", "NORspine: leg pain -4.4 at 12 months"},
        AT(residual_leg_pain_fraction));
  b.add({"residual_sd_log", "log scale", 0, 3, "Between-patient spread of the residual shares (lognormal, mean preserved).",
         "calibrated: responders at 6 weeks and 12 months (Rushton 2020)"},
        AT(residual_sd_log));
  b.add({"motivation_mean", kFraction, 0.01, 0.99, "Mean initial motivation (Beta).", "assumption"}, AT(motivation_mean));
  return b;
}

Bindings<Correlations> correlation_bindings() {
  Bindings<Correlations> b;
  const std::string u = "latent correlation";
  b.add({"age_diabetic", u, -0.99, 0.99, "Gaussian-copula correlation of age and diabetes.", "assumption"}, AT(age_diabetic));
  b.add({"bmi_diabetic", u, -0.99, 0.99, "BMI and diabetes.", "assumption"}, AT(bmi_diabetic));
  b.add({"age_smoker", u, -0.99, 0.99, "Age and smoking.", "assumption"}, AT(age_smoker));
  b.add({"bmi_vitamin_d_deficient", u, -0.99, 0.99, "BMI and vitamin D deficiency.", "Ravindra 2015: BMI > 40 OR 7.55"}, AT(bmi_vitamin_d_deficient));
  b.add({"diabetic_vitamin_d_deficient", u, -0.99, 0.99, "Diabetes and vitamin D deficiency.", "Ravindra 2015: OR 3.29"},
        AT(diabetic_vitamin_d_deficient));
  b.add({"protein_vitamin_d_deficient", u, -0.99, 0.99, "Protein intake and vitamin D deficiency.", "assumption"}, AT(protein_vitamin_d_deficient));
  b.add({"odi_back_pain", u, -0.99, 0.99, "Baseline ODI and back pain.", "assumption"}, AT(odi_back_pain));
  b.add({"odi_leg_pain", u, -0.99, 0.99, "Baseline ODI and leg pain.", "assumption"}, AT(odi_leg_pain));
  b.add({"back_leg_pain", u, -0.99, 0.99, "Baseline back and leg pain.", "assumption"}, AT(back_leg_pain));
  return b;
}

Bindings<Phase> phase_bindings() {
  Bindings<Phase> b;
  b.add({"name", "", -kInf, kInf, "Label of the phase.", ""}, AT(name));
  b.add({"duration_weeks", "weeks", 1, 260, "Planned length of the phase.", ""}, AT(duration_weeks));
  b.add({"max_weeks", "weeks", 0, 260,
         "Longest stay while the next phase's entry criteria are not met (0: the planned length; then the patient moves on).", ""},
        AT(max_weeks));
  b.add({"sessions_per_week", "sessions/week", 0, 7, "Supervised sessions per week.", "US practice 2-3/week (recall); Kernc 2018: 2/week"},
        AT(sessions_per_week));
  b.add({"mode", "", -kInf, kInf, "Where supervised sessions happen.", ""}, AT(mode), kSessionModeNames);
  b.add({"home_days_per_week", "days/week", 0, 7, "Prescribed home-exercise days per week.", ""}, AT(home_days_per_week));
  b.add({"intensity", kFraction, 0, 1, "Training intensity, fraction of a maximal programme.", "assumption"}, AT(intensity));
  b.add({"entry_day_min", "days", 0, 1826, "Entry criterion: at least this many days since surgery.", ""}, AT(entry_day_min));
  b.add({"entry_pain_max", "NRS 0-10", 0, 10, "Entry criterion: worse of back and leg pain (expected) at most this.", ""}, AT(entry_pain_max));
  b.add({"entry_healing_min", kFraction, 0, 1, "Entry criterion: tissue healing at least this.", ""}, AT(entry_healing_min));
  b.add({"entry_muscle_min", "fraction of pre-operative norm", 0, 2, "Entry criterion: muscle capacity at least this.", ""}, AT(entry_muscle_min));
  load_mix(b, "mix_", kFraction, "Share of exercise time spent on", "assumption; the five shares sum to 1", AT(mix));
  b.add({"passive_modalities", "", -kInf, kInf, "Sessions include passive pain relief (heat, manual therapy, TENS): adds relief.passive_effect.",
         "care process: passive modalities in the pain-management phase"},
        AT(passive_modalities));
  b.add({"cognitive_behavioural", "", -kInf, kInf,
         "Sessions include psychologically informed content (pain education, cognitive restructuring, goal setting, graded "
         "activity): fear falls faster, at fear.cognitive_behavioural_rate_per_day.",
         "care process: psychological well-being; Archer 2016 (CBPT), Abbott 2010 (psychomotor therapy), Monticone 2014"},
        AT(cognitive_behavioural));
  return b;
}

std::vector<std::string> preset_names() {
  std::vector<std::string> names = {"none"};
  for (const auto& p : protocol_presets().presets) names.push_back(p.name);
  return names;
}

Bindings<Protocol> protocol_bindings() {
  Bindings<Protocol> b;
  b.add_choice({"preset", "", -kInf, kInf,
                "Start from this protocol of the library (scenarios/protocols/NAME.toml); the scenario's own protocol keys apply on top.", ""},
               AT(preset), preset_names());
  b.add({"name", "", -kInf, kInf, "Label of the protocol.", ""}, AT(name));
  b.add({"start_day_discectomy", "days", 0, 1826, "First phase after discectomy, days after surgery.",
         "Oosterhuis 2014 (Cochrane): most programmes start at 4-6 weeks"},
        AT(start_day[0]));
  b.add({"start_day_fusion", "days", 0, 1826, "First phase after fusion.",
         "Gouzoulis 2024: outpatient PT peaks in month 2; Oestergaard 2012: 12 weeks better than 6"},
        AT(start_day[1]));
  b.add({"start_day_decompression", "days", 0, 1826, "First phase after decompression.", "assumption, as discectomy"}, AT(start_day[2]));
  b.add({"discharge_odi_max", "ODI points", 0, 100, "Discharge from supervised care once the expected ODI is at most this (0: never).", "assumption"},
        AT(discharge_odi_max));
  b.add({"max_sessions", "sessions", 0, 1000, "Cap on booked supervised sessions per patient (0: none).", ""}, AT(max_sessions));
  b.add({"supplement_protein_g_per_kg", "g/kg/day", 0, 2, "Protein supplement added to intake from surgery.",
         "Arentson-Lantz 2019 (whey-augmented diet)"},
        AT(supplement_protein_g_per_kg));
  b.add({"supplement_vitamin_d", "", -kInf, kInf, "Vitamin D (with calcium) supplementation from surgery.", ""}, AT(supplement_vitamin_d));
  b.add({"supplement_days", "days", 0, 1826, "Length of supplementation from surgery.", "Hu 2022: from surgery to fusion"}, AT(supplement_days));
  b.add(
      {"vitamin_d_correction_probability", kFraction, 0, 1, "Probability that supplementation removes a patient's deficiency effects.", "assumption"},
      AT(vitamin_d_correction_probability));
  b.add_array({"phases", "", 1, 24, "Phases in order; each follows the previous one when its entry criteria hold.", ""}, AT(phases),
              phase_bindings());
  return b;
}

Bindings<ActivityParams> activity_bindings() {
  Bindings<ActivityParams> b;
  b.add({"restricted_days", "days", 0, 180, "Days of restricted activity after surgery.", "assumption"}, AT(restricted_days));
  b.add({"restricted_load", kFraction, 0, 1, "Load equivalent while restricted (near bed rest).", "assumption"}, AT(restricted_load));
  b.add({"daily_load", kFraction, 0, 1, "Load of ordinary daily life after the restriction, without a programme.",
         "assumption: slightly below the habitual load, so no-PT patients recover muscle nearly but not fully"},
        AT(daily_load));
  b.add({"supervised_weight", kFraction, 0, 1, "Participation from full attendance at the reference frequency.", "assumption"},
        AT(supervised_weight));
  b.add({"home_weight", kFraction, 0, 1, "Participation from home exercise 7 days a week.", "assumption"}, AT(home_weight));
  b.add({"reference_sessions_per_week", "sessions/week", 0.5, 7, "Supervised frequency that gives the full supervised weight.", "assumption"},
        AT(reference_sessions_per_week));
  b.add({"telehealth_effect_fraction", kFraction, 0, 1.5, "Stimulus of a telehealth session relative to one in clinic.", "assumption"},
        AT(telehealth_effect_fraction));
  return b;
}

Bindings<StimulusWeights> stimulus_bindings() {
  Bindings<StimulusWeights> b;
  load_mix(b, "muscle_", "weight 0-1", "Muscle stimulus per unit of", "assumption", AT(muscle));
  load_mix(b, "balance_", "weight 0-1", "Balance stimulus per unit of", "assumption", AT(balance));
  load_mix(b, "conditioning_", "weight 0-1", "Conditioning (aerobic, endurance) stimulus per unit of", "assumption", AT(conditioning));
  load_mix(b, "mobility_", "weight 0-1", "Mobility (flexibility) stimulus per unit of", "assumption", AT(mobility));
  return b;
}

Bindings<MuscleParams> muscle_bindings() {
  Bindings<MuscleParams> b;
  // "Atrophy" is the muscle's word for the loss rate every first-order capacity has (CapacityParams).
  b.add({"atrophy_rate_per_day", "1/day", 0, 1, "a: disuse loss rate constant (loss rate a(1-M_floor) at M = 1).",
         "Wall 2014: -3.5% at 5 d, -8.4% at 14 d (0.6-0.7 %/day)"},
        AT(loss_rate_per_day));
  b.add({"floor_fraction", kFraction, 0, 0.99, "M_floor: capacity approached under complete disuse.", "Marusic 2021: logarithmic loss with plateau"},
        AT(floor_fraction));
  b.add({"max_fraction", "fraction of pre-operative norm", 1.01, 3, "M_max: capacity approached under sustained full training.",
         "Kliziene 2015: multifidus CSA +22% after 8 months"},
        AT(max_fraction));
  b.add({"habitual_load", kFraction, 0.01, 0.99, "Pre-operative habitual load; the regain rate is set so that M* = 1 there.", "model choice"},
        AT(habitual_load));
  b.add({"injury_open_fraction", kFraction, 0, 0.5, "Immediate capacity loss of an open approach.",
         "recall: open fusion multifidus loss 15-35% at 6-12 months; Sci Rep 2020: open about twice MIS"},
        AT(injury_fraction[0]));
  b.add({"injury_mis_fraction", kFraction, 0, 0.5, "Immediate capacity loss of a minimally invasive approach.",
         "Tabaraee 2015: multifidus CSA -4.9% after MIS microdiscectomy"},
        AT(injury_fraction[1]));
  b.add({"injury_endoscopic_fraction", kFraction, 0, 0.5, "Immediate capacity loss of an endoscopic approach.", "assumption: below MIS"},
        AT(injury_fraction[2]));
  b.add({"lasting_loss_open_fraction", kFraction, 0, 0.5,
         "Lasting capacity loss of an open approach (denervation, fatty infiltration): every level the capacity relaxes to "
         "is scaled by 1 minus this.",
         "Fan 2010: multifidus CSA -36.8% open vs -12.2% MIS at the operated level > 1 year after fusion (the whole "
         "paraspinal capacity loses less); estimated in scenarios/calibration/priors.toml"},
        AT(lasting_loss_fraction[0]));
  b.add({"lasting_loss_mis_fraction", kFraction, 0, 0.5, "Lasting capacity loss of a minimally invasive approach.",
         "Fan 2010: -12.2% at the operated level after MIS fusion; Tabaraee 2015: -4.9% after MIS microdiscectomy"},
        AT(lasting_loss_fraction[1]));
  b.add(
      {"lasting_loss_endoscopic_fraction", kFraction, 0, 0.5, "Lasting capacity loss of an endoscopic approach.", "assumption: at most that of MIS"},
      AT(lasting_loss_fraction[2]));
  b.add({"age_atrophy_per_decade", "relative change per decade", -0.9, 2, "Change of the atrophy rate per decade above the reference age.",
         "Kortebein 2007: older adults lose faster"},
        AT(age_atrophy_per_decade));
  b.add({"age_regain_per_decade", "relative change per decade", -0.9, 2, "Change of the regain rate per decade above the reference age.",
         "Vigelso 2015: strength regain +17% (older) vs +34% (young)"},
        AT(age_regain_per_decade));
  b.add({"protein_atrophy_per_g_per_kg", "relative change per g/kg/day", -0.9, 2,
         "Change of the atrophy rate per g/kg/day of protein above the reference.", "Arentson-Lantz 2019: -680 vs -1035 g with whey (p = 0.08)"},
        AT(protein_atrophy_per_g_per_kg));
  b.add({"protein_regain_per_g_per_kg", "relative change per g/kg/day", -0.9, 2,
         "Change of the regain rate per g/kg/day of protein above the reference.",
         "assumption; Mitchell 2018: more synthesis, no measurable regain effect"},
        AT(protein_regain_per_g_per_kg));
  b.add({"reference_age_years", "years", 18, 95, "Age at which the age effects are zero.", "model choice"}, AT(reference_age_years));
  b.add({"reference_protein_g_per_kg", "g/kg/day", 0.3, 3, "Protein intake at which the protein effects are zero.", "Deutz 2014"},
        AT(reference_protein_g_per_kg));
  return b;
}

Bindings<BalanceParams> balance_bindings() {
  Bindings<BalanceParams> b;
  b.add({"loss_rate_per_day", "1/day", 0, 1, "Disuse loss rate constant of balance.", "assumption"}, AT(loss_rate_per_day));
  b.add({"floor_fraction", kFraction, 0, 0.99, "Balance approached under complete disuse.", "assumption"}, AT(floor_fraction));
  b.add({"max_fraction", "fraction of pre-operative norm", 1.01, 3, "Balance approached under sustained full training.", "assumption"},
        AT(max_fraction));
  b.add({"habitual_load", kFraction, 0.01, 0.99, "Load that holds balance at its pre-operative level.", "model choice"}, AT(habitual_load));
  b.add({"surgery_drop_fraction", kFraction, 0, 0.5, "Immediate balance loss at surgery.",
         "Lubetzky 2020: balance tests improve 2-4 months after surgery (assumption for the early drop)"},
        AT(surgery_drop_fraction));
  return b;
}

// The capacity keys every first-order capacity has (first_order.hpp).
template <class P>
void capacity_keys(Bindings<P>& b, const std::string& what, const std::string& loss_source, const std::string& floor_source) {
  b.add({"loss_rate_per_day", "1/day", 0, 1, "Disuse loss rate constant of " + what + ".", loss_source}, AT(loss_rate_per_day));
  b.add({"floor_fraction", kFraction, 0, 0.99, what + " approached under complete disuse.", floor_source}, AT(floor_fraction));
  b.add({"max_fraction", "fraction of pre-operative norm", 1.01, 3, what + " approached under sustained full training.", "assumption"},
        AT(max_fraction));
  b.add({"habitual_load", kFraction, 0.01, 0.99, "Load that holds " + what + " at its pre-operative level.", "model choice"}, AT(habitual_load));
}

Bindings<ConditioningParams> conditioning_bindings() {
  Bindings<ConditioningParams> b;
  b.add({"enabled", "", -kInf, kInf, "Model conditioning (aerobic capacity, endurance) and its share of disability.", ""}, AT(enabled));
  capacity_keys(b, "conditioning", "assumption: bed rest lowers VO2max by roughly 0.3-0.8 %/day early (recall, unverified)", "assumption");
  b.add({"surgery_drop_fraction", kFraction, 0, 0.5, "Immediate conditioning loss at surgery (hospital stay).", "assumption"},
        AT(surgery_drop_fraction));
  return b;
}

Bindings<MobilityParams> mobility_bindings() {
  Bindings<MobilityParams> b;
  b.add({"enabled", "", -kInf, kInf, "Model mobility (flexibility; stiffness with scar) and its share of disability.", ""}, AT(enabled));
  capacity_keys(b, "mobility", "assumption", "assumption");
  b.add({"surgery_drop_fraction", kFraction, 0, 0.5, "Immediate mobility loss at surgery (guarding, wound).", "assumption"},
        AT(surgery_drop_fraction));
  b.add({"scar_ceiling_loss", "fraction per unit scar", 0, 1, "Fall of the mobility ceiling per unit of scar (stiffness).",
         "assumption; epidural fibrosis tethers the nerve root (Spine 1993: root excursion 0.5-5 mm)"},
        AT(scar_ceiling_loss));
  return b;
}

Bindings<ReliefParams> relief_bindings() {
  Bindings<ReliefParams> b;
  b.add({"enabled", "", -kInf, kInf, "Model pain relief from exercise and passive modalities.", ""}, AT(enabled));
  b.add({"exercise_effect", "fraction per unit dose", 0, 3, "Relief target (fraction of felt pain removed) per unit of exercise dose.",
         "calibrated: Oosterhuis 2014 exercise vs none, pain SMD -0.90 (-1.55 to -0.42) at 3 months"},
        AT(exercise_effect));
  b.add({"passive_effect", kFraction, 0, 1, "Relief target while attending sessions with passive modalities.", "assumption (small, short-lived)"},
        AT(passive_effect));
  b.add({"time_constant_days", "days", 0.5, 365, "Time constant of relief's approach to its target (onset and wash-out).", "assumption"},
        AT(time_constant_days));
  b.add({"odi_share", kFraction, 0, 1, "Share of relief that ODI feels (pain drives several of its sections); pain feels all of it.", "assumption"},
        AT(odi_share));
  return b;
}

Bindings<SensitisationParams> sensitisation_bindings() {
  Bindings<SensitisationParams> b;
  b.add({"enabled", "", -kInf, kInf, "Model sensitisation (chronic pain that grows while pain stays high or tissue is overloaded).", ""},
        AT(enabled));
  b.add({"pain_threshold_nrs", "NRS 0-10", 0, 10, "Expected pain (worse of back and leg) above which sensitisation grows.", "assumption"},
        AT(pain_threshold_nrs));
  b.add({"growth_rate_per_day", "1/day", 0, 1, "Growth rate while pain is above the threshold (mean susceptibility).",
         "calibrated: 12-month responders 72-85% (NORspine, Rushton 2020), with weight and spread"},
        AT(growth_rate_per_day));
  b.add({"overload_growth_per_day", "1/day per unit overload", 0, 10, "Growth rate per unit of loading above tissue tolerance.",
         "calibrated: Oestergaard 2012 (6-week start after fusion worse at 1 year)"},
        AT(overload_growth_per_day));
  b.add({"recovery_rate_per_day", "1/day", 0, 1, "Resolution rate of sensitisation.", "assumption"}, AT(recovery_rate_per_day));
  b.add({"susceptibility_sd_log", "log scale", 0, 3, "Between-patient spread of susceptibility (lognormal, mean 1).",
         "calibrated: share of non-responders at 12 months (Rushton 2020, Solberg 2013)"},
        AT(susceptibility_sd_log));
  b.add({"weight", "deficit per unit", 0, 2, "Deficit per unit of sensitisation (pain and ODI; may take scores above baseline).",
         "calibrated: 12-month responders 72-85% with the 12-month ODI means (SPORT, QOD)"},
        AT(weight));
  return b;
}

Bindings<FearParams> fear_bindings() {
  Bindings<FearParams> b;
  b.add({"enabled", "", -kInf, kInf, "Model fear of movement / low self-efficacy.", ""}, AT(enabled));
  b.add({"initial_mean", kFraction, 0.01, 0.99, "Mean fear at surgery (Beta).", "assumption (kinesiophobia common before spine surgery)"},
        AT(initial_mean));
  b.add({"initial_concentration", "1", 0.1, 1000, "Beta concentration (a+b) of fear at surgery.", "assumption"}, AT(initial_concentration));
  b.add({"natural_fraction", kFraction, 0, 1, "Daily life lowers fear toward this fraction of its initial value (never raises it).",
         "assumption (fear-avoidance resolves in most patients within a year)"},
        AT(natural_fraction));
  b.add({"natural_time_constant_days", "days", 1, 3650, "Time constant of that natural decline.", "assumption"}, AT(natural_time_constant_days));
  b.add({"supervised_floor", kFraction, 0, 1, "Level supervised progress, education and goal setting take fear toward.", "assumption"},
        AT(supervised_floor));
  b.add({"supervised_rate_per_day", "1/day", 0, 1, "Rate of that approach at full supervised participation.",
         "calibrated: Oosterhuis 2014 function SMD -0.67 (-1.22 to -0.12) at 3 months"},
        AT(supervised_rate_per_day));
  b.add({"cognitive_behavioural_rate_per_day", "1/day", 0, 1,
         "Added rate toward the floor at full participation in sessions with cognitive-behavioural content.",
         "estimated (scenarios/calibration/priors.toml): Archer 2016, Abbott 2010, Greenwood 2016; Parrish 2021 SMD 0.61 on "
         "psychological outcomes"},
        AT(cognitive_behavioural_rate_per_day));
  b.add({"setback_increase", kFraction, 0, 1, "Fear added at a setback or a fall.", "assumption"}, AT(setback_increase));
  b.add({"waiting_increase_per_week", kFraction, 0, 1, "Fear added per week on a clinic's waiting list.", "assumption"},
        AT(waiting_increase_per_week));
  b.add({"weight", "deficit per unit", 0, 1, "ODI deficit per unit of fear (disability for the same pain).",
         "calibrated: responders at 6 weeks 46-75% (Rushton 2020) with the SPORT 3-month ODI"},
        AT(weight));
  b.add({"home_adherence_effect", "relative change per unit", 0, 5, "Relative fall of home-exercise adherence per unit of fear above the reference.",
         "assumption"},
        AT(home_adherence_effect));
  b.add({"reference", kFraction, 0, 1, "Fear at which home adherence is unchanged.", "model choice"}, AT(reference));
  return b;
}

Bindings<HabitParams> habit_bindings() {
  Bindings<HabitParams> b;
  b.add({"enabled", "", -kInf, kInf,
         "Model the exercise habit: once the programme ends (or the patient drops out) the last phase's home exercise goes on, "
         "on a share of days that decays.",
         ""},
        AT(enabled));
  b.add({"formation_time_constant_days", "days", 1, 365, "Time constant of the habit's approach to the share of days exercised, while in a phase.",
         "Lally 2010: automaticity reaches 95% of its plateau in a median 66 days (range 18-254), tau = 66 / 3"},
        AT(formation_time_constant_days));
  b.add({"decay_time_constant_days", "days", 7, 3650, "Time constant of the habit's decay once supervised care has ended.",
         "estimated (scenarios/calibration/priors.toml): 61% adherent 1 month after physiotherapy (Medina-Mirapeix 2009), "
         "44% still exercising at 15 months (Pisters 2010)"},
        AT(decay_time_constant_days));
  return b;
}

Bindings<ToleranceParams> tolerance_bindings() {
  Bindings<ToleranceParams> b;
  b.add({"enabled", "", -kInf, kInf, "Model harm from loading above tissue tolerance (with fusion maturity; pain, fusion delay, sensitisation).", ""},
        AT(enabled));
  b.add(
      {"fusion_initial_fraction", kFraction, 0, 1, "Tolerance of the fusion mass at surgery, relative to healed tissue (rises to 1 at fusion).",
       "assumption; with the shipped loads, a 6-week start after fusion overloads (Oestergaard 2012) and a 12-week start does not (Greenwood 2016)"},
      AT(fusion_initial_fraction));
  b.add({"fusion_slowing_per_excess", "1/unit overload", 0, 20, "Fusion progress slows to 1 / (1 + k overload).",
         "assumption; Oestergaard 2012 (direction)"},
        AT(fusion_slowing_per_excess));
  b.add({"weight_overload", "deficit per unit", 0, 2, "Pain deficit per unit of loading above tolerance (while it lasts).", "assumption"},
        AT(weight_overload));
  return b;
}

Bindings<ScarParams> scar_bindings() {
  Bindings<ScarParams> b;
  b.add({"formation_rate_per_day", "1/day", 0, 1, "k_f: rate at which scar approaches its ceiling while forming.",
         "animal data: proliferation and maturation between 3 and 8 weeks"},
        AT(formation_rate_per_day));
  b.add({"maturation_days", "days", 1, 730, "End of scar formation.", "animal data: 8 weeks"}, AT(maturation_days));
  b.add({"remodel_rate_per_day", "1/day", 0, 0.1, "k_r: slow remodelling of mature scar.", "assumption"}, AT(remodel_rate_per_day));
  b.add({"approach_factor_open", "multiplier", 0, 2, "Scar ceiling multiplier of the open approach.", "reference"}, AT(approach_factor[0]));
  b.add({"approach_factor_mis", "multiplier", 0, 2, "Scar ceiling multiplier of the MIS approach.", "assumption"}, AT(approach_factor[1]));
  b.add({"approach_factor_endoscopic", "multiplier", 0, 2, "Scar ceiling multiplier of the endoscopic approach.", "assumption"},
        AT(approach_factor[2]));
  b.add({"mobilisation_effect", "relative change per unit dose", -1, 1,
         "Change of the scar ceiling per unit of early mobility dose; either sign (evidence contradictory: rabbit SLR data suggest more scar).",
         "Zhao 2006 (rabbits); default 0"},
        AT(mobilisation_effect));
  per_surgery(b, "max_fraction", kFraction, 0, 1, "Scar ceiling of an open operation",
              "Acta Radiol 1999: mostly intermediate scar at 1 year (scale assumed)", AT(max_fraction));
  return b;
}

Bindings<HealingParams> healing_bindings() {
  Bindings<HealingParams> b;
  per_surgery(b, "time_constant_days", "days", 1, 730, "tau of tissue healing H(t) = 1 - exp(-t/tau)",
              "calibrated: most ODI change by 3 months after discectomy (SPORT), by 3-6 months after fusion (Makanji 2024)", AT(time_constant_days));
  b.add({"sd_log", "log scale", 0, 3, "Between-patient spread of the healing time constant (lognormal, mean 1).",
         "calibrated: responders at 6-8 weeks 46-75% (Rushton 2020)"},
        AT(sd_log));
  b.add({"vitamin_d_deficient_multiplier", "multiplier", 0.5, 3, "Healing time constant multiplier for vitamin D deficiency.",
         "assumption; Hu 2022: fusion 185 vs 169 days"},
        AT(vitamin_d_deficient_multiplier));
  b.add({"protein_per_g_per_kg", "relative change per g/kg/day", -0.9, 2,
         "Change of the healing time constant per g/kg/day of protein above the reference.", "assumption"},
        AT(protein_per_g_per_kg));
  b.add({"reference_protein_g_per_kg", "g/kg/day", 0.3, 3, "Protein at which the effect is zero.", "Deutz 2014"}, AT(reference_protein_g_per_kg));
  return b;
}

Bindings<SetbackParams> setback_bindings() {
  Bindings<SetbackParams> b;
  b.add({"rate_per_day_at_full_excess", "1/day", 0, 1, "Setback hazard when phase loading exceeds healing by 1 (proportional to the excess).",
         "assumption"},
        AT(rate_per_day_at_full_excess));
  b.add({"flare_deficit", kFraction, 0, 1, "Recovery deficit added by a setback (pain flare).", "assumption"}, AT(flare_deficit));
  b.add({"flare_time_constant_days", "days", 0.5, 365, "Decay time constant of a flare.", "assumption"}, AT(flare_time_constant_days));
  b.add({"fusion_delay_factor", "multiplier", 1, 5, "Stretch of the remaining time to fusion at a setback.", "assumption"}, AT(fusion_delay_factor));
  b.add({"motivation_penalty", kFraction, 0, 1, "Motivation lost at a setback.", "assumption"}, AT(motivation_penalty));
  return b;
}

Bindings<FusionParams> fusion_bindings() {
  Bindings<FusionParams> b;
  b.add({"median_days", "days", 30, 1000, "Median time to solid fusion of the reference patient.",
         "Hu 2022: 169-185 days; calibrated for the population median"},
        AT(median_days));
  b.add({"sigma_log", "log scale", 0.05, 3, "Spread of the lognormal time to fusion.", "gives about 15% unfused at 12 months (review 2025: 15-16%)"},
        AT(sigma_log));
  b.add({"smoker_relative_risk", "relative risk", 0.1, 20, "Nonunion relative risk of smoking, matched in the scenario's fusion population.",
         "Nunna 2022 MA: RR 1.91 (1.56-2.35); Glassman 2000: 26.5% vs 14.2%"},
        AT(smoker_relative_risk));
  b.add({"vitamin_d_deficient_odds_ratio", "odds ratio", 0.1, 20, "Nonunion odds ratio of vitamin D deficiency (matched in the population).",
         "Yang 2024 MA: OR 2.46 (moderate quality)"},
        AT(vitamin_d_deficient_odds_ratio));
  b.add({"diabetic_odds_ratio", "odds ratio", 0.1, 20, "Nonunion odds ratio of diabetes, matched in the population (contested: modest default).",
         "Steinmetz 2025: OR 1.13 (Yang 2024: 3.42)"},
        AT(diabetic_odds_ratio));
  b.add({"two_level_odds_ratio", "odds ratio", 0.1, 20, "Nonunion odds ratio of a two-level fusion vs one level (matched in the population).",
         "Boonsirikamchai 2024: OR 1.35 per level"},
        AT(two_level_odds_ratio));
  b.add({"age_odds_ratio_per_decade", "odds ratio", 0.1, 20, "Nonunion odds ratio per decade above the reference age.",
         "Boonsirikamchai 2024: significant (CI 1.02-1.11 per year); modest default"},
        AT(age_odds_ratio_per_decade));
  b.add({"protein_odds_ratio_per_g_per_kg_below", "odds ratio", 0.1, 20, "Nonunion odds ratio per g/kg/day of protein below the reference.",
         "assumption"},
        AT(protein_odds_ratio_per_g_per_kg_below));
  b.add({"reference_age_years", "years", 18, 95, "Age of the reference patient.", "model choice"}, AT(reference_age_years));
  b.add({"reference_protein_g_per_kg", "g/kg/day", 0.3, 3, "Protein of the reference patient.", "Deutz 2014"}, AT(reference_protein_g_per_kg));
  return b;
}

Bindings<FallParams> falls_bindings() {
  Bindings<FallParams> b;
  b.add({"rate_per_year", "falls/year", 0, 10, "Fall rate at age 65 with pre-operative balance.",
         "community >= 65: 28-35%/year (recall); LSS surgery: 32% in 12 months (BMC Geriatr 2020)"},
        AT(rate_per_year));
  b.add({"odds_ratio_per_decade", "ratio per decade", 0.1, 10, "Fall rate ratio per decade of age.", "Gouzoulis 2024: OR 1.12/decade"},
        AT(odds_ratio_per_decade));
  b.add({"log_hazard_per_balance_deficit", "log ratio per unit", 0, 20, "Log fall-rate ratio per unit of balance below 1.",
         "BMC Geriatr 2020: low muscle mass OR 4.46 (assumption for the scale)"},
        AT(log_hazard_per_balance_deficit));
  return b;
}

Bindings<ReoperationParams> reoperation_bindings() {
  Bindings<ReoperationParams> b;
  b.add({"rate_per_year_discectomy", "1/year", 0, 1, "Late reoperation hazard after discectomy (recurrent herniation).",
         "calibrated with the early hazard: SPORT 9.1% by 4 years (Abdu 2017), about 4% by 1 year (recall)"},
        AT(rate_per_year[0]));
  b.add({"rate_per_year_fusion", "1/year", 0, 1, "Reoperation hazard after fusion at surgery (rising with years, below).",
         "calibrated: Sears 2011 13.6% at 5 years; Ghiselli 2004 16.5%"},
        AT(rate_per_year[1]));
  b.add({"rate_per_year_decompression", "1/year", 0, 1, "Reoperation hazard after decompression.", "Jung 2020: 6.2% at 2 years"},
        AT(rate_per_year[2]));
  per_surgery(b, "early_rate_per_year", "1/year", 0, 5, "Extra early reoperation hazard at surgery, decaying with early_time_constant_days",
              "SPORT (Abdu 2017) and Swespine (Fritzell 2015): recurrence clusters in the first year after discectomy", AT(early_rate_per_year));
  b.add({"early_time_constant_days", "days", 1, 3650, "Decay time constant of the early hazard.", "assumption"}, AT(early_time_constant_days));
  per_surgery(b, "rate_increase_per_year_per_year", "1/year per year", 0, 1, "Rise of the reoperation hazard per year since surgery",
              "adjacent-segment disease rises with years since fusion (Ghiselli 2004: 16.5% at 5 years, 36.1% at 10)",
              AT(rate_increase_per_year_per_year));
  b.add({"mis_rate_ratio_discectomy", "rate ratio", 0.1, 10, "Rate ratio of recurrence after MIS or endoscopic discectomy.", "PMC4037525: RR 1.95"},
        AT(mis_rate_ratio_discectomy));
  b.add({"nonunion_rate_per_year", "1/year", 0, 5, "Revision hazard of a fusion still not fused after 12 months.", "assumption"},
        AT(nonunion_rate_per_year));
  return b;
}

Bindings<OutcomeParams> outcome_bindings() {
  Bindings<OutcomeParams> b;
  b.add({"weight_healing", kFraction, 0, 1, "Deficit from unhealed tissue (at surgery).", "calibrated"}, AT(weight_healing));
  b.add({"weight_muscle", kFraction, 0, 1, "Deficit from muscle at M_floor (back pain and ODI).", "calibrated"}, AT(weight_muscle));
  b.add({"weight_conditioning", kFraction, 0, 1, "Deficit from conditioning at its floor (back pain and ODI).", "calibrated"},
        AT(weight_conditioning));
  b.add({"weight_mobility", kFraction, 0, 1, "Deficit from mobility at its floor (back pain and ODI).", "calibrated"}, AT(weight_mobility));
  b.add({"weight_scar_back", kFraction, 0, 1, "Deficit per unit of scar, back pain and ODI (weak default).",
         "Ross 1996 association, contradicted by Vogelsang 1999"},
        AT(weight_scar_back));
  b.add({"weight_scar_leg", kFraction, 0, 1, "Deficit per unit of scar, leg pain (weak default).", "Ross 1996: 3.2x recurrent radicular pain"},
        AT(weight_scar_leg));
  b.add({"weight_nonunion", kFraction, 0, 1, "Deficit of an unfused fusion at 12 months (grows linearly until then).", "assumption"},
        AT(weight_nonunion));
  b.add({"weight_reoperation", kFraction, 0, 1, "Lasting deficit after a reoperation.", "assumption"}, AT(weight_reoperation));
  b.add({"odi_noise_sd", "ODI points", 0, 30, "Measurement noise of one ODI observation.",
         "derived from Hatakka 2025: mean absolute change 9.17 over 74 d without treatment"},
        AT(odi_noise_sd));
  b.add({"pain_noise_sd", "NRS", 0, 5, "Measurement noise of one pain observation.", "assumption"}, AT(pain_noise_sd));
  b.add({"responder_improvement_fraction", kFraction, 0, 1, "ODI improvement, as a fraction of baseline, that makes a responder.",
         "Ostelo 2008: 30% improvement"},
        AT(responder_improvement_fraction));
  b.add({"discount_rate_per_year", "1/year", 0, 0.2, "Annual discount rate of QALYs.", "common practice: 3%"}, AT(discount_rate_per_year));
  return b;
}

Bindings<AdherenceParams> adherence_bindings() {
  Bindings<AdherenceParams> b;
  b.add({"no_show_probability", kFraction, 0, 1, "Probability of not coming to a booked appointment without notice (reference patient).",
         "UNLV survey 2014: no-show 10.4% (SD 7.4) per appointment"},
        AT(no_show_probability));
  b.add({"late_cancellation_probability", kFraction, 0, 1, "Probability of cancelling a booked appointment too late to reuse the slot.",
         "derived: Onigbinde 2021 20.6% no-shows and cancellations together, minus the 10.4% no-shows"},
        AT(late_cancellation_probability));
  b.add({"smoker_attendance_odds_ratio", "odds ratio", 0.01, 100, "Odds ratio of attendance for smokers.",
         "Bhavsar 2021: smoking predicts no-shows (size not reported; assumption)"},
        AT(smoker_attendance_odds_ratio));
  b.add({"attendance_odds_ratio_per_5_bmi", "odds ratio per 5 kg/m^2", 0.01, 100, "Odds ratio of attendance per 5 BMI units above 30.",
         "Bhavsar 2021: higher BMI predicts no-shows (size not reported; assumption)"},
        AT(attendance_odds_ratio_per_5_bmi));
  b.add({"attendance_log_odds_per_motivation", "log odds per unit", -20, 20, "Log odds of attendance per unit of motivation above the reference.",
         "assumption"},
        AT(attendance_log_odds_per_motivation));
  b.add({"telehealth_attendance_odds_ratio", "odds ratio", 0.01, 100, "Odds ratio of attending a telehealth session.", "assumption"},
        AT(telehealth_attendance_odds_ratio));
  b.add({"home_adherence_mean", kFraction, 0.01, 0.99, "Mean probability of doing a prescribed home-exercise day.",
         "Physiopedia/Jack 2010: 50-70% non-adherence in LBP"},
        AT(home_adherence_mean));
  b.add({"home_adherence_concentration", "1", 0.1, 1000, "Beta concentration (a+b) of a patient's home adherence.", "assumption"},
        AT(home_adherence_concentration));
  b.add({"home_motivation_effect", "relative change per unit", -5, 5, "Relative change of home adherence per unit of motivation above the reference.",
         "assumption"},
        AT(home_motivation_effect));
  b.add({"dropout_rate_per_week", "1/week", 0, 1, "Dropout hazard in supervised care at the reference motivation.",
         "recall: 10-30% dropout in PT trials"},
        AT(dropout_rate_per_week));
  b.add({"dropout_log_hazard_per_motivation", "log ratio per unit", -20, 20,
         "Fall of the log dropout hazard per unit of motivation above the reference.", "assumption"},
        AT(dropout_log_hazard_per_motivation));
  b.add({"reference_motivation", kFraction, 0, 1, "Motivation of the reference patient.", "model choice"}, AT(reference_motivation));
  return b;
}

Bindings<MotivationParams> motivation_bindings() {
  Bindings<MotivationParams> b;
  b.add({"concentration", "1", 0.1, 1000, "Beta concentration (a+b) of initial motivation.", "assumption"}, AT(concentration));
  b.add({"smoker_shift", "motivation", -1, 1, "Shift of mean initial motivation for smokers.", "assumption"}, AT(smoker_shift));
  b.add({"improvement_gain", "motivation per unit", 0, 5, "Target rise per unit of relative ODI improvement.", "assumption"}, AT(improvement_gain));
  b.add({"pain_penalty", "motivation per unit", 0, 5, "Target fall per unit of pain/10.", "assumption"}, AT(pain_penalty));
  b.add({"time_constant_days", "days", 1, 365, "Time constant of motivation's approach to its target.", "assumption"}, AT(time_constant_days));
  b.add({"goal_setting_gain", "motivation per unit", 0, 1, "Target rise at full supervised participation (progress reviewed, goals set).",
         "assumption"},
        AT(goal_setting_gain));
  return b;
}

Bindings<ReturnToWorkParams> return_to_work_bindings() {
  Bindings<ReturnToWorkParams> b;
  per_job(b, "job_share", kFraction, 0, 1, "Share of employed patients by the physical demands of their job",
          "QOD 2021 (Protzer): sedentary 29-35%, light 25%, medium 23-28%, heavy 29-35% as printed (sums above 100%; normalised)", AT(job_share));
  per_job(b, "odi_max", "ODI points", 0, 100, "Expected ODI at most this to go back to work",
          "calibrated: Saltychev 2025 (4.8 weeks after microdiscectomy), QOD 2021 (66% and 82% after fusion)", AT(odi_max));
  b.add({"pain_max_nrs", "NRS 0-10", 0, 10, "Expected pain (worse of back and leg) at most this to go back to work.",
         "calibrated: QOD 2021 decompression 85% at 3 months, 93% at 12"},
        AT(pain_max_nrs));
  per_surgery(b, "restriction_median_days", "days", 1, 1826,
              "Median of the surgeon's restriction: no return before a day drawn per patient (lognormal)",
              "estimated (scenarios/calibration/priors.toml): 68% of surgeons allow sedentary work by 4 weeks after "
              "discectomy, later for heavier work (Arch Orthop Trauma Surg 2023 survey); restrictions vary widely "
              "between surgeons (CSNS survey)",
              AT(restriction_median_days));
  b.add({"restriction_sd_log", "log scale", 0, 2, "Between-patient spread of the surgeon's restriction (lognormal).",
         "estimated (scenarios/calibration/priors.toml): time to return 5.1 +/- 6.0 weeks after discectomy (Kang 2020)"},
        AT(restriction_sd_log));
  b.add({"rate_per_day", "1/day", 0, 10, "Return hazard once ready.", "calibrated: Saltychev 2025 mean 4.79 weeks (3.88-5.70) and 70-80% by 6 weeks"},
        AT(rate_per_day));
  b.add({"smoker_hazard_ratio", "hazard ratio", 0, 5, "Return hazard ratio of smokers.",
         "Glassman 2000: 53% vs 71% back at work (assumption for the scale)"},
        AT(smoker_hazard_ratio));
  return b;
}

Bindings<CostParams> cost_bindings() {
  Bindings<CostParams> b;
  b.add({"pt_visit_usd", "USD", 0, 10000, "Payment per attended supervised visit.", "Medicare: about $80-140 per visit (derived)"}, AT(pt_visit_usd));
  b.add({"pt_evaluation_usd", "USD", 0, 10000, "Initial evaluation.", "Medicare 97161: $95-98"}, AT(pt_evaluation_usd));
  b.add({"protein_supplement_usd_per_day", "USD/day", 0, 100, "Protein supplement.", "assumption"}, AT(protein_supplement_usd_per_day));
  b.add({"vitamin_d_supplement_usd_per_day", "USD/day", 0, 100, "Vitamin D supplement.", "assumption"}, AT(vitamin_d_supplement_usd_per_day));
  b.add({"reoperation_usd", "USD", 0, 1e6, "Cost of a reoperation.", "assumption"}, AT(reoperation_usd));
  // The grid of the acceptability curve and of the net-benefit tables: a run setting, shared by every point.
  b.add({"willingness_to_pay_max_usd_per_qaly", "USD/QALY", 1, 1e7,
         "Largest willingness to pay per QALY in /cost_effectiveness (the grid runs from 0).",
         "US thresholds $50,000-150,000 per QALY (Neumann, NEJM 2014); NICE 20,000-30,000 GBP", false},
        AT(willingness_to_pay_max_usd_per_qaly));
  b.add({"willingness_to_pay_step_usd_per_qaly", "USD/QALY", 1, 1e7, "Step of the willingness-to-pay grid (at most 1,000 steps).", "", false},
        AT(willingness_to_pay_step_usd_per_qaly));
  return b;
}

Bindings<Scenario> make_bindings() {
  Bindings<Scenario> b;
  b.add_group("run", AT(run), run_bindings());
  b.add({"output.trajectories", "", -kInf, kInf, "Write weekly state trajectories to /trajectories (also: run --trajectories).", "", false},
        AT(run.trajectories));
  b.add_array({"cohorts", "", 1, 16,
               "Patient groups, each with its surgery and covariate distributions. A cohort named like one of the built-in "
               "scenario's (discectomy, fusion, decompression) takes that cohort's values for the keys it leaves out, so "
               "[[cohorts]] name = \"fusion\" share = 1 is a fusion-only run.",
               "", true, true},
              AT(cohorts), cohort_bindings());
  b.add_group("correlation", AT(correlation), correlation_bindings());
  b.add_group("protocol", AT(protocol), protocol_bindings());
  b.add_group("activity", AT(activity), activity_bindings());
  b.add_group("stimulus", AT(stimulus), stimulus_bindings());
  b.add_group("muscle", AT(muscle), muscle_bindings());
  b.add_group("balance", AT(balance), balance_bindings());
  b.add_group("conditioning", AT(conditioning), conditioning_bindings());
  b.add_group("mobility", AT(mobility), mobility_bindings());
  b.add_group("relief", AT(relief), relief_bindings());
  b.add_group("sensitisation", AT(sensitisation), sensitisation_bindings());
  b.add_group("fear", AT(fear), fear_bindings());
  b.add_group("habit", AT(habit), habit_bindings());
  b.add_group("tolerance", AT(tolerance), tolerance_bindings());
  b.add_group("scar", AT(scar), scar_bindings());
  b.add_group("healing", AT(healing), healing_bindings());
  b.add_group("setback", AT(setback), setback_bindings());
  b.add_group("fusion", AT(fusion), fusion_bindings());
  b.add_group("falls", AT(falls), falls_bindings());
  b.add_group("reoperation", AT(reoperation), reoperation_bindings());
  b.add_group("outcomes", AT(outcomes), outcome_bindings());
  b.add_group("adherence", AT(adherence), adherence_bindings());
  b.add_group("motivation", AT(motivation), motivation_bindings());
  b.add_group("return_to_work", AT(return_to_work), return_to_work_bindings());
  b.add_group("costs", AT(costs), cost_bindings());
  b.add_group("clinic", AT(clinic), clinic_bindings());
  return b;
}

#undef AT

// --- cross-field rules: what one key alone cannot say --------------------------------------------

void require(bool ok, const Values& v, const std::string& path, const std::string& message) {
  if (!ok) throw sim::InputError(v.where(path) + ": " + message);
}

// Names label cohorts and phases in the result files: two of one name could not be told apart.
template <class Items>
void require_distinct_names(const Items& items, const Values& v, const std::string& array) {
  for (std::size_t i = 0; i < items.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      require(items[i].name != items[j].name, v, array + "[" + std::to_string(i) + "].name",
              array + "[" + std::to_string(i) + "].name: expected a name no other entry has, got \"" + items[i].name + "\" (also " + array + "[" +
                  std::to_string(j) + "])");
}

void check_cohorts(const Scenario& s, const Values& v) {
  require_distinct_names(s.cohorts, v, "cohorts");
  double share_sum = 0.0;
  for (std::size_t i = 0; i < s.cohorts.size(); ++i) {
    const CohortSpec& c = s.cohorts[i];
    const std::string p = "cohorts[" + std::to_string(i) + "].";
    require(
        c.mis_fraction + c.endoscopic_fraction <= 1.0 + 1e-12, v, p + "endoscopic_fraction",
        p + "endoscopic_fraction: expected mis_fraction + endoscopic_fraction <= 1, got " + std::to_string(c.mis_fraction + c.endoscopic_fraction));
    share_sum += c.share;
  }
  if (std::abs(share_sum - 1.0) <= 1e-6) return;
  // Name every share and where it was set: the one to change is often an override (--set) while
  // the others come from the file.
  std::string where, shares;
  for (std::size_t i = 0; i < s.cohorts.size(); ++i) {
    const std::string at = v.where("cohorts[" + std::to_string(i) + "].share");
    if (where.empty() && at.rfind("--", 0) == 0) where = at;  // the first override, if any
    char text[32];
    std::snprintf(text, sizeof text, "%g", s.cohorts[i].share);
    shares += (shares.empty() ? "" : ", ") + s.cohorts[i].name + " " + text + " (" + at + ")";
  }
  char sum[32];
  std::snprintf(sum, sizeof sum, "%g", share_sum);
  if (where.empty()) where = v.where("cohorts");
  throw sim::InputError(where + ": cohorts[].share: expected shares summing to 1, got " + sum + ": " + shares +
                        "; set every cohort's share, e.g. --set 'cohorts[1].share=...'");
}

void check_phases(const Scenario& s, const Values& v) {
  require_distinct_names(s.protocol.phases, v, "protocol.phases");
  for (std::size_t i = 0; i < s.protocol.phases.size(); ++i) {
    const LoadMix& m = s.protocol.phases[i].mix;
    const std::string p = "protocol.phases[" + std::to_string(i) + "].";
    const double mix_sum = m.mobility + m.strength + m.core + m.functional + m.aerobic;
    require(std::abs(mix_sum - 1.0) < 1e-6, v, p + "mix_mobility",
            p + "mix_*: expected the five exercise shares to sum to 1, got " + std::to_string(mix_sum));
  }
}

// A rate for a message: four significant digits (a mean of 52 weekly multipliers is 9.00000000000001).
std::string rate_text(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", x);
  return text;
}

// Mean operations a week over the year (the arrival rate times the mean week-of-year multiplier).
double mean_arrivals_per_week(const ClinicParams& c) {
  double mean_multiplier = 0;
  for (const double m : c.week_of_year_multiplier) mean_multiplier += m / 52.0;
  return c.arrivals_per_week * mean_multiplier;
}

// A limited clinic whose answers would be empty: refused with what to change.
void check_clinic_demand(const Scenario& s, const Values& v) {
  const ClinicParams& c = s.clinic;
  if (!c.limited()) return;
  // Weeks the operations take to arrive: Poisson arrivals over the year, a cohort all in week 0.
  const double weeks_of_arrivals = c.arrivals == ArrivalMode::Poisson ? s.run.patients / mean_arrivals_per_week(c) : 0.0;
  if (c.arrivals == ArrivalMode::Poisson && c.warmup_weeks > 0) {
    require(c.warmup_weeks < weeks_of_arrivals, v, "clinic.arrivals.warmup_weeks",
            "clinic.arrivals.warmup_weeks: expected fewer weeks than the operations take to arrive (" + std::to_string(s.run.patients) +
                " patients at " + rate_text(mean_arrivals_per_week(c)) + "/week: about " + std::to_string(static_cast<int>(weeks_of_arrivals)) +
                " weeks), got " + std::to_string(c.warmup_weeks) +
                ": every patient would be in the warm-up and every KPI undefined (raise run.patients or shorten the warm-up)");
  }
  // Somebody must work in the weeks the run covers: the operations' arrival plus the horizon. Poisson
  // arrivals vary, so the bound is twice the expected span: a therapist hired later than that, or
  // every one of them absent all along, leaves every KPI empty.
  {
    // Capped (and clamped before the cast: a tiny arrival rate makes the span astronomically long):
    // no staffing week in a scenario lies past week 520, so a longer span changes nothing.
    const int last_week = static_cast<int>(std::min(1000.0, std::ceil(2.0 * (weeks_of_arrivals + s.run.horizon_days / 7.0))));
    bool anyone = false;
    for (const TherapistSpec& t : c.therapists)
      for (int w = std::max(0, t.start_week); w < last_week && !anyone; ++w) anyone = employed_in_week(t, w) && !absent_in_week(t, w);
    require(anyone, v, "clinic.therapists",
            "clinic.therapists: expected a therapist at work in some week of the run (weeks 0-" + std::to_string(last_week - 1) +
                ", twice the operations' arrival plus the horizon), got none (start_week, end_week and clinic.absences leave "
                "every week empty): nobody would be seen and every KPI would be empty");
  }
  if (c.spine_specialist_for_fusion) {
    const bool fusion =
        std::any_of(s.cohorts.begin(), s.cohorts.end(), [](const CohortSpec& k) { return k.surgery == Surgery::Fusion && k.share > 0; });
    const bool specialist = std::any_of(c.therapists.begin(), c.therapists.end(), [](const TherapistSpec& t) { return t.spine_specialist; });
    require(!fusion || specialist, v, "clinic.booking.spine_specialist_for_fusion",
            "clinic.booking.spine_specialist_for_fusion: expected a [[clinic.therapists]] entry with spine_specialist = true, got none: "
            "fusion patients could never be evaluated");
  }
}

void check_rules(const Scenario& s, const Values& v) {
  check_cohorts(s, v);
  // Reported where the user set a correlation (the first one set), not at a default.
  std::string where_set = "correlation.age_diabetic";
  for (const auto& k : scenario_schema().keys())
    if (k.path.rfind("correlation.", 0) == 0 && v.where(k.path) != "default") {
      where_set = k.path;
      break;
    }
  require(Eigen::LLT<CovariateMatrix>(correlation_matrix(s.correlation)).info() == Eigen::Success, v, where_set,
          "correlation: expected correlations that form a positive-definite matrix; these do not (reduce the largest ones)");
  check_phases(s, v);
  const ActivityParams& a = s.activity;
  require(a.daily_load + a.supervised_weight + a.home_weight <= 1.0 + 1e-12, v, "activity.daily_load",
          "activity: expected daily_load + supervised_weight + home_weight <= 1 (the load is a fraction), got " +
              std::to_string(a.daily_load + a.supervised_weight + a.home_weight));
  const OutcomeParams& o = s.outcomes;
  const double capacities = o.weight_healing + o.weight_muscle + o.weight_conditioning + o.weight_mobility;
  require(capacities <= 1.0 + 1e-12, v, "outcomes.weight_healing",
          "outcomes: expected weight_healing + weight_muscle + weight_conditioning + weight_mobility <= 1 (together at most the "
          "pre-operative deficit), got " +
              std::to_string(capacities));
  const CostParams& c = s.costs;
  require(c.willingness_to_pay_max_usd_per_qaly / c.willingness_to_pay_step_usd_per_qaly <= 1000, v, "costs.willingness_to_pay_step_usd_per_qaly",
          "expected at most 1,000 steps from 0 to costs.willingness_to_pay_max_usd_per_qaly (" +
              std::to_string(static_cast<long long>(c.willingness_to_pay_max_usd_per_qaly)) + "), got " +
              std::to_string(static_cast<long long>(c.willingness_to_pay_max_usd_per_qaly / c.willingness_to_pay_step_usd_per_qaly)) +
              ": raise the step");
  const auto& jobs = s.return_to_work.job_share;
  const double job_sum = jobs[0] + jobs[1] + jobs[2] + jobs[3];
  require(std::abs(job_sum - 1.0) <= 1e-6, v, "return_to_work.job_share_sedentary",
          "return_to_work.job_share_*: expected the four shares to sum to 1, got " + std::to_string(job_sum));
}

}  // namespace

const Bindings<Scenario>& scenario_bindings() {
  static const Bindings<Scenario> bindings = make_bindings();
  return bindings;
}

const sim::config::Schema& scenario_schema() {
  static const sim::config::Schema schema(scenario_bindings().keys());
  return schema;
}

Scenario scenario_from_values(const Values& values) {
  Scenario s = scenario_bindings().apply(values);
  check_rules(s, values);
  derive_clinic(s.clinic, values);
  check_clinic_demand(s, values);
  return s;
}

}  // namespace rehabsim::models
