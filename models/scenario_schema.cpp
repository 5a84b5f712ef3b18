#include "models/scenario_schema.hpp"

#include "models/protocol_presets.hpp"
#include "models/scenario.hpp"
#include "models/schema_keys.hpp"
#include "models/clinic/clinic_schema.hpp"

#include <cstdint>
#include <limits>

namespace rehabsim::models {

namespace {

using namespace schema_keys;

// Appends "prefix.discectomy|fusion|decompression" keys of one per-surgery parameter.
void per_surgery(std::vector<KeySpec>& keys, const std::string& prefix, PerSurgery defaults, const std::string& unit, double lo,
                 double hi, const std::string& description, const std::string& source) {
  for (int s = 0; s < 3; ++s)
    keys.push_back(number(prefix + "_" + kSurgeryNames[static_cast<std::size_t>(s)], defaults[static_cast<std::size_t>(s)], unit, lo,
                          hi, description + " (" + kSurgeryNames[static_cast<std::size_t>(s)] + ")", source));
}

void load_mix(std::vector<KeySpec>& keys, const std::string& prefix, const LoadMix& d, const std::string& unit,
              const std::string& what, const std::string& source) {
  const std::pair<const char*, double> parts[] = {{"mobility", d.mobility}, {"strength", d.strength}, {"core", d.core},
                                                  {"functional", d.functional}, {"aerobic", d.aerobic}};
  for (const auto& [name, value] : parts)
    keys.push_back(number(prefix + name, value, unit, 0, 1, what + " " + name + " exercise.", source));
}

std::vector<std::string> preset_names() {
  std::vector<std::string> names = {"none"};
  for (const auto& p : protocol_presets().presets) names.push_back(p.name);
  return names;
}

std::vector<KeySpec> keys() {
  const Scenario d;  // the struct defaults are the schema defaults
  const CohortSpec c;
  const Phase ph;
  std::vector<KeySpec> k = {
      // run
      integer("run.replications", 20, "1", 1, 100000, "Independent replications of the whole cohort."),
      integer("run.seed", 20261122, "1", 0, 9007199254740991.0 /* 2^53 - 1: exact in the range table */,
              "Master seed of all random streams (Philox key)."),
      integer("run.patients", 1000, "patients", 1, 10000000, "Patients per replication, shared among the cohorts by their share."),
      integer("run.horizon_days", 365, "days", 365, 1826, "Simulated time after surgery (12 months to 5 years)."),
      boolean("output.trajectories", false, "Write weekly state trajectories to /trajectories (also: run --trajectories)."),

      // cohorts
      tables("cohorts", 1, 16, "Patient groups, each with its surgery and covariate distributions."),
      text("cohorts[].name", "cohort", {}, "Label of the cohort."),
      number("cohorts[].share", 1.0, kFraction, 0, 1, "Fraction of the patients in this cohort; shares must sum to 1.", ""),
      text("cohorts[].surgery", "discectomy", {"discectomy", "fusion", "decompression"}, "Index operation."),
      number("cohorts[].mis_fraction", c.mis_fraction, kFraction, 0, 1, "Fraction operated minimally invasively (tubular, MIS TLIF).", "assumption"),
      number("cohorts[].endoscopic_fraction", c.endoscopic_fraction, kFraction, 0, 1, "Fraction operated endoscopically; with mis_fraction at most 1.", "assumption"),
      number("cohorts[].age_mean_years", c.age_mean_years, "years", 18, 95, "Mean age (normal, truncated to 18-95).",
             "QOD: 47 (disc herniation) to 61-70 (spondylolisthesis)"),
      number("cohorts[].age_sd_years", c.age_sd_years, "years", 0.1, 40, "Standard deviation of age before truncation.", "assumption"),
      number("cohorts[].female_fraction", c.female_fraction, kFraction, 0, 1, "Fraction of women.", "SPORT, NORspine: 40-50%"),
      number("cohorts[].bmi_mean_kg_m2", c.bmi_mean_kg_m2, "kg/m^2", 15, 60, "Mean BMI (normal, truncated to 15-60).",
             "QOD: 29.9 (decompression), 30.4 (fusion)"),
      number("cohorts[].bmi_sd_kg_m2", c.bmi_sd_kg_m2, "kg/m^2", 0.1, 20, "Standard deviation of BMI.", "assumption"),
      number("cohorts[].smoker_fraction", c.smoker_fraction, kFraction, 0, 1, "Current smokers.", "Int J Spine Surg 2022: 19.2%"),
      number("cohorts[].diabetic_fraction", c.diabetic_fraction, kFraction, 0, 1, "Diabetes.", "Cleveland Clinic 2025: 15-25%; Int J Spine Surg 2022: 11.2%"),
      number("cohorts[].protein_mean_g_per_kg", c.protein_mean_g_per_kg, "g/kg/day", 0.3, 3, "Mean habitual protein intake (normal, truncated 0.3-3).",
             "assumption; RDA 0.8, ESPEN 1.0-1.2 for older adults (Deutz 2014)"),
      number("cohorts[].protein_sd_g_per_kg", c.protein_sd_g_per_kg, "g/kg/day", 0.01, 1.5, "Standard deviation of protein intake.", "assumption"),
      number("cohorts[].vitamin_d_deficient_fraction", c.vitamin_d_deficient_fraction, kFraction, 0, 1, "25(OH)D < 20 ng/mL.",
             "Stoker 2013: 27%; Ravindra 2015: 30%"),
      number("cohorts[].two_level_fraction", c.two_level_fraction, kFraction, 0, 1, "Fusions over two levels (the rest one level).", "assumption"),
      number("cohorts[].employed_fraction", c.employed_fraction, kFraction, 0, 1, "Patients in work before surgery.", "QOD: employed subgroup analyses"),
      number("cohorts[].baseline_odi_mean", c.baseline_odi_mean, "ODI points 0-100", 0, 100, "Mean pre-operative ODI (normal, truncated 0-100).",
             "SPORT disc herniation 57 (Lurie 2008); QOD fusion 47.7"),
      number("cohorts[].baseline_odi_sd", c.baseline_odi_sd, "ODI points", 0.1, 50, "Standard deviation of pre-operative ODI.", "Hatakka 2025: SD 16"),
      number("cohorts[].baseline_back_pain_mean", c.baseline_back_pain_mean, "NRS 0-10", 0, 10, "Mean pre-operative back pain.", "QOD: 6.0-6.5"),
      number("cohorts[].baseline_back_pain_sd", c.baseline_back_pain_sd, "NRS", 0.1, 5, "Standard deviation of back pain.", "assumption"),
      number("cohorts[].baseline_leg_pain_mean", c.baseline_leg_pain_mean, "NRS 0-10", 0, 10, "Mean pre-operative leg pain.", "QOD: 6.3-7.0"),
      number("cohorts[].baseline_leg_pain_sd", c.baseline_leg_pain_sd, "NRS", 0.1, 5, "Standard deviation of leg pain.", "assumption"),
      number("cohorts[].residual_odi_fraction", c.residual_odi_fraction, kFraction, 0, 1,
             "Mean share of baseline ODI left when tissue has healed and muscle has recovered (what surgery cannot fix).",
             "calibrated: SPORT discectomy 57 -> about 19; QOD fusion 48 -> about 24"),
      number("cohorts[].residual_back_pain_fraction", c.residual_back_pain_fraction, kFraction, 0, 1, "Same for back pain.",
             "NORspine: back pain -3.2 at 12 months"),
      number("cohorts[].residual_leg_pain_fraction", c.residual_leg_pain_fraction, kFraction, 0, 1, "Same for leg pain.",
             "NORspine: leg pain -4.4 at 12 months"),
      number("cohorts[].residual_sd_log", c.residual_sd_log, "log scale", 0, 3,
             "Between-patient spread of the residual shares (lognormal, mean preserved).", "assumption"),
      number("cohorts[].motivation_mean", c.motivation_mean, kFraction, 0.01, 0.99, "Mean initial motivation (Beta).", "assumption"),

      // correlation
      number("correlation.age_diabetic", 0.25, "latent correlation", -0.99, 0.99, "Gaussian-copula correlation of age and diabetes.", "assumption"),
      number("correlation.bmi_diabetic", 0.35, "latent correlation", -0.99, 0.99, "BMI and diabetes.", "assumption"),
      number("correlation.age_smoker", -0.2, "latent correlation", -0.99, 0.99, "Age and smoking.", "assumption"),
      number("correlation.bmi_vitamin_d_deficient", 0.2, "latent correlation", -0.99, 0.99, "BMI and vitamin D deficiency.",
             "Ravindra 2015: BMI > 40 OR 7.55"),
      number("correlation.diabetic_vitamin_d_deficient", 0.2, "latent correlation", -0.99, 0.99, "Diabetes and vitamin D deficiency.",
             "Ravindra 2015: OR 3.29"),
      number("correlation.protein_vitamin_d_deficient", -0.2, "latent correlation", -0.99, 0.99, "Protein intake and vitamin D deficiency.", "assumption"),
      number("correlation.odi_back_pain", 0.5, "latent correlation", -0.99, 0.99, "Baseline ODI and back pain.", "assumption"),
      number("correlation.odi_leg_pain", 0.4, "latent correlation", -0.99, 0.99, "Baseline ODI and leg pain.", "assumption"),
      number("correlation.back_leg_pain", 0.2, "latent correlation", -0.99, 0.99, "Baseline back and leg pain.", "assumption"),

      // protocol
      text("protocol.preset", "none", preset_names(),
           "Start from this protocol of the library (scenarios/protocols/NAME.toml); the scenario's own protocol keys apply on top."),
      text("protocol.name", "standard", {}, "Label of the protocol."),
      integer("protocol.start_day_discectomy", 28, "days", 0, 1826, "First phase after discectomy, days after surgery.",
              "Oosterhuis 2014 (Cochrane): most programmes start at 4-6 weeks"),
      integer("protocol.start_day_fusion", 56, "days", 0, 1826, "First phase after fusion.",
              "Gouzoulis 2024: outpatient PT peaks in month 2; Oestergaard 2012: 12 weeks better than 6"),
      integer("protocol.start_day_decompression", 28, "days", 0, 1826, "First phase after decompression.", "assumption, as discectomy"),
      number("protocol.discharge_odi_max", 0, "ODI points", 0, 100, "Discharge from supervised care once the expected ODI is at most this (0: never).", "assumption"),
      integer("protocol.max_sessions", 0, "sessions", 0, 1000, "Cap on booked supervised sessions per patient (0: none).", ""),
      number("protocol.supplement_protein_g_per_kg", 0, "g/kg/day", 0, 2, "Protein supplement added to intake from surgery.",
             "Arentson-Lantz 2019 (whey-augmented diet)"),
      boolean("protocol.supplement_vitamin_d", false, "Vitamin D (with calcium) supplementation from surgery."),
      integer("protocol.supplement_days", 0, "days", 0, 1826, "Length of supplementation from surgery.", "Hu 2022: from surgery to fusion"),
      number("protocol.vitamin_d_correction_probability", 0.7, kFraction, 0, 1,
             "Probability that supplementation removes a patient's deficiency effects.", "assumption"),
      tables("protocol.phases", 1, 24, "Phases in order; each follows the previous one when its entry criteria hold."),
      text("protocol.phases[].name", "phase", {}, "Label of the phase."),
      integer("protocol.phases[].duration_weeks", ph.duration_weeks, "weeks", 1, 260, "Planned length of the phase."),
      integer("protocol.phases[].max_weeks", 0, "weeks", 0, 260,
              "Longest stay while the next phase's entry criteria are not met (0: the planned length; then the patient moves on)."),
      integer("protocol.phases[].sessions_per_week", ph.sessions_per_week, "sessions/week", 0, 7, "Supervised sessions per week.",
              "US practice 2-3/week (recall); Kernc 2018: 2/week"),
      text("protocol.phases[].mode", "clinic", {"clinic", "telehealth"}, "Where supervised sessions happen."),
      integer("protocol.phases[].home_days_per_week", ph.home_days_per_week, "days/week", 0, 7, "Prescribed home-exercise days per week."),
      number("protocol.phases[].intensity", ph.intensity, kFraction, 0, 1, "Training intensity, fraction of a maximal programme.", "assumption"),
      integer("protocol.phases[].entry_day_min", 0, "days", 0, 1826, "Entry criterion: at least this many days since surgery."),
      number("protocol.phases[].entry_pain_max", 10, "NRS 0-10", 0, 10, "Entry criterion: worse of back and leg pain (expected) at most this.", ""),
      number("protocol.phases[].entry_healing_min", 0, kFraction, 0, 1, "Entry criterion: tissue healing at least this.", ""),
      number("protocol.phases[].entry_muscle_min", 0, "fraction of pre-operative norm", 0, 2, "Entry criterion: muscle capacity at least this.", ""),
  };
  load_mix(k, "protocol.phases[].mix_", ph.mix, kFraction, "Share of exercise time spent on", "assumption; the five shares sum to 1");

  const std::vector<KeySpec> physiology = {
      // activity
      integer("activity.restricted_days", d.activity.restricted_days, "days", 0, 180, "Days of restricted activity after surgery.", "assumption"),
      number("activity.restricted_load", d.activity.restricted_load, kFraction, 0, 1, "Load equivalent while restricted (near bed rest).", "assumption"),
      number("activity.daily_load", d.activity.daily_load, kFraction, 0, 1, "Load of ordinary daily life after the restriction, without a programme.",
             "assumption: slightly below the habitual load, so no-PT patients recover muscle nearly but not fully"),
      number("activity.supervised_weight", d.activity.supervised_weight, kFraction, 0, 1,
             "Participation from full attendance at the reference frequency.", "assumption"),
      number("activity.home_weight", d.activity.home_weight, kFraction, 0, 1, "Participation from home exercise 7 days a week.", "assumption"),
      number("activity.reference_sessions_per_week", d.activity.reference_sessions_per_week, "sessions/week", 0.5, 7,
             "Supervised frequency that gives the full supervised weight.", "assumption"),
      number("activity.telehealth_effect_fraction", d.activity.telehealth_effect_fraction, kFraction, 0, 1.5,
             "Stimulus of a telehealth session relative to one in clinic.", "assumption"),
  };
  k.insert(k.end(), physiology.begin(), physiology.end());
  load_mix(k, "stimulus.muscle_", d.stimulus.muscle, "weight 0-1", "Muscle stimulus per unit of", "assumption");
  load_mix(k, "stimulus.balance_", d.stimulus.balance, "weight 0-1", "Balance stimulus per unit of", "assumption");

  const std::vector<KeySpec> rest = {
      // muscle
      number("muscle.atrophy_rate_per_day", d.muscle.loss_rate_per_day, "1/day", 0, 1, "a: disuse loss rate constant (loss rate a(1-M_floor) at M = 1).",
             "Wall 2014: -3.5% at 5 d, -8.4% at 14 d (0.6-0.7 %/day)"),
      number("muscle.floor_fraction", d.muscle.floor_fraction, kFraction, 0, 0.99, "M_floor: capacity approached under complete disuse.",
             "Marusic 2021: logarithmic loss with plateau"),
      number("muscle.max_fraction", d.muscle.max_fraction, "fraction of pre-operative norm", 1.01, 3, "M_max: capacity approached under sustained full training.",
             "Kliziene 2015: multifidus CSA +22% after 8 months"),
      number("muscle.habitual_load", d.muscle.habitual_load, kFraction, 0.01, 0.99, "Pre-operative habitual load; the regain rate is set so that M* = 1 there.", "model choice"),
      number("muscle.injury_open_fraction", d.muscle.injury_fraction[0], kFraction, 0, 0.5, "Immediate capacity loss of an open approach.",
             "recall: open fusion multifidus loss 15-35% at 6-12 months; Sci Rep 2020: open about twice MIS"),
      number("muscle.injury_mis_fraction", d.muscle.injury_fraction[1], kFraction, 0, 0.5, "Immediate capacity loss of a minimally invasive approach.",
             "Tabaraee 2015: multifidus CSA -4.9% after MIS microdiscectomy"),
      number("muscle.injury_endoscopic_fraction", d.muscle.injury_fraction[2], kFraction, 0, 0.5, "Immediate capacity loss of an endoscopic approach.", "assumption: below MIS"),
      number("muscle.age_atrophy_per_decade", d.muscle.age_atrophy_per_decade, "relative change per decade", -0.9, 2,
             "Change of the atrophy rate per decade above the reference age.", "Kortebein 2007: older adults lose faster"),
      number("muscle.age_regain_per_decade", d.muscle.age_regain_per_decade, "relative change per decade", -0.9, 2,
             "Change of the regain rate per decade above the reference age.", "Vigelso 2015: strength regain +17% (older) vs +34% (young)"),
      number("muscle.protein_atrophy_per_g_per_kg", d.muscle.protein_atrophy_per_g_per_kg, "relative change per g/kg/day", -0.9, 2,
             "Change of the atrophy rate per g/kg/day of protein above the reference.", "Arentson-Lantz 2019: -680 vs -1035 g with whey (p = 0.08)"),
      number("muscle.protein_regain_per_g_per_kg", d.muscle.protein_regain_per_g_per_kg, "relative change per g/kg/day", -0.9, 2,
             "Change of the regain rate per g/kg/day of protein above the reference.", "assumption; Mitchell 2018: more synthesis, no measurable regain effect"),
      number("muscle.reference_age_years", d.muscle.reference_age_years, "years", 18, 95, "Age at which the age effects are zero.", "model choice"),
      number("muscle.reference_protein_g_per_kg", d.muscle.reference_protein_g_per_kg, "g/kg/day", 0.3, 3, "Protein intake at which the protein effects are zero.", "Deutz 2014"),

      // balance
      number("balance.loss_rate_per_day", d.balance.loss_rate_per_day, "1/day", 0, 1, "Disuse loss rate constant of balance.", "assumption"),
      number("balance.floor_fraction", d.balance.floor_fraction, kFraction, 0, 0.99, "Balance approached under complete disuse.", "assumption"),
      number("balance.max_fraction", d.balance.max_fraction, "fraction of pre-operative norm", 1.01, 3, "Balance approached under sustained full training.", "assumption"),
      number("balance.habitual_load", d.balance.habitual_load, kFraction, 0.01, 0.99, "Load that holds balance at its pre-operative level.", "model choice"),
      number("balance.surgery_drop_fraction", d.balance.surgery_drop_fraction, kFraction, 0, 0.5, "Immediate balance loss at surgery.",
             "Lubetzky 2020: balance tests improve 2-4 months after surgery (assumption for the early drop)"),

      // scar
      number("scar.formation_rate_per_day", d.scar.formation_rate_per_day, "1/day", 0, 1, "k_f: rate at which scar approaches its ceiling while forming.",
             "animal data: proliferation and maturation between 3 and 8 weeks"),
      integer("scar.maturation_days", d.scar.maturation_days, "days", 1, 730, "End of scar formation.", "animal data: 8 weeks"),
      number("scar.remodel_rate_per_day", d.scar.remodel_rate_per_day, "1/day", 0, 0.1, "k_r: slow remodelling of mature scar.", "assumption"),
      number("scar.approach_factor_open", d.scar.approach_factor[0], "multiplier", 0, 2, "Scar ceiling multiplier of the open approach.", "reference"),
      number("scar.approach_factor_mis", d.scar.approach_factor[1], "multiplier", 0, 2, "Scar ceiling multiplier of the MIS approach.", "assumption"),
      number("scar.approach_factor_endoscopic", d.scar.approach_factor[2], "multiplier", 0, 2, "Scar ceiling multiplier of the endoscopic approach.", "assumption"),
      number("scar.mobilisation_effect", d.scar.mobilisation_effect, "relative change per unit dose", -1, 1,
             "Change of the scar ceiling per unit of early mobility dose; either sign (evidence contradictory: rabbit SLR data suggest more scar).",
             "Zhao 2006 (rabbits); default 0"),

      // healing
      number("healing.vitamin_d_deficient_multiplier", d.healing.vitamin_d_deficient_multiplier, "multiplier", 0.5, 3,
             "Healing time constant multiplier for vitamin D deficiency.", "assumption; Hu 2022: fusion 185 vs 169 days"),
      number("healing.protein_per_g_per_kg", d.healing.protein_per_g_per_kg, "relative change per g/kg/day", -0.9, 2,
             "Change of the healing time constant per g/kg/day of protein above the reference.", "assumption"),
      number("healing.reference_protein_g_per_kg", d.healing.reference_protein_g_per_kg, "g/kg/day", 0.3, 3, "Protein at which the effect is zero.", "Deutz 2014"),

      // setbacks
      number("setback.rate_per_day_at_full_excess", d.setback.rate_per_day_at_full_excess, "1/day", 0, 1,
             "Setback hazard when phase loading exceeds healing by 1 (proportional to the excess).", "assumption"),
      number("setback.flare_deficit", d.setback.flare_deficit, kFraction, 0, 1, "Recovery deficit added by a setback (pain flare).", "assumption"),
      number("setback.flare_time_constant_days", d.setback.flare_time_constant_days, "days", 0.5, 365, "Decay time constant of a flare.", "assumption"),
      number("setback.fusion_delay_factor", d.setback.fusion_delay_factor, "multiplier", 1, 5, "Stretch of the remaining time to fusion at a setback.", "assumption"),
      number("setback.motivation_penalty", d.setback.motivation_penalty, kFraction, 0, 1, "Motivation lost at a setback.", "assumption"),

      // fusion
      number("fusion.median_days", d.fusion.median_days, "days", 30, 1000, "Median time to solid fusion of the reference patient.",
             "Hu 2022: 169-185 days; calibrated for the population median"),
      number("fusion.sigma_log", d.fusion.sigma_log, "log scale", 0.05, 3, "Spread of the lognormal time to fusion.",
             "gives about 15% unfused at 12 months (review 2025: 15-16%)"),
      number("fusion.smoker_odds_ratio", d.fusion.smoker_odds_ratio, "odds ratio", 0.1, 20, "12-month nonunion odds ratio of smoking.", "Yang 2024 MA: OR 1.57"),
      number("fusion.vitamin_d_deficient_odds_ratio", d.fusion.vitamin_d_deficient_odds_ratio, "odds ratio", 0.1, 20, "Nonunion odds ratio of vitamin D deficiency.",
             "Yang 2024 MA: OR 2.46 (moderate quality)"),
      number("fusion.diabetic_odds_ratio", d.fusion.diabetic_odds_ratio, "odds ratio", 0.1, 20, "Nonunion odds ratio of diabetes (contested: modest default).",
             "Steinmetz 2025: OR 1.13 (Yang 2024: 3.42)"),
      number("fusion.per_level_odds_ratio", d.fusion.per_level_odds_ratio, "odds ratio", 0.1, 20, "Nonunion odds ratio per fused level above one.",
             "Boonsirikamchai 2024: OR 1.35"),
      number("fusion.age_odds_ratio_per_decade", d.fusion.age_odds_ratio_per_decade, "odds ratio", 0.1, 20, "Nonunion odds ratio per decade above the reference age.",
             "Boonsirikamchai 2024: significant (CI 1.02-1.11 per year); modest default"),
      number("fusion.protein_odds_ratio_per_g_per_kg_below", d.fusion.protein_odds_ratio_per_g_per_kg_below, "odds ratio", 0.1, 20,
             "Nonunion odds ratio per g/kg/day of protein below the reference.", "assumption"),
      number("fusion.reference_age_years", d.fusion.reference_age_years, "years", 18, 95, "Age of the reference patient.", "model choice"),
      number("fusion.reference_protein_g_per_kg", d.fusion.reference_protein_g_per_kg, "g/kg/day", 0.3, 3, "Protein of the reference patient.", "Deutz 2014"),

      // falls
      number("falls.rate_per_year", d.falls.rate_per_year, "falls/year", 0, 10, "Fall rate at age 65 with pre-operative balance.",
             "community >= 65: 28-35%/year (recall); LSS surgery: 32% in 12 months (BMC Geriatr 2020)"),
      number("falls.odds_ratio_per_decade", d.falls.odds_ratio_per_decade, "ratio per decade", 0.1, 10, "Fall rate ratio per decade of age.", "Gouzoulis 2024: OR 1.12/decade"),
      number("falls.log_hazard_per_balance_deficit", d.falls.log_hazard_per_balance_deficit, "log ratio per unit", 0, 20,
             "Log fall-rate ratio per unit of balance below 1.", "BMC Geriatr 2020: low muscle mass OR 4.46 (assumption for the scale)"),

      // reoperation
      number("reoperation.rate_per_year_discectomy", d.reoperation.rate_per_year[0], "1/year", 0, 1, "Reoperation hazard after discectomy (recurrent herniation).",
             "Hakkinen 2007: 10.2% in 5 years, evenly spread"),
      number("reoperation.rate_per_year_fusion", d.reoperation.rate_per_year[1], "1/year", 0, 1, "Reoperation hazard after fusion (adjacent segment disease).",
             "Sears 2011: 2.5%/year"),
      number("reoperation.rate_per_year_decompression", d.reoperation.rate_per_year[2], "1/year", 0, 1, "Reoperation hazard after decompression.",
             "Jung 2020: 6.2% at 2 years"),
      number("reoperation.mis_rate_ratio_discectomy", d.reoperation.mis_rate_ratio_discectomy, "rate ratio", 0.1, 10,
             "Rate ratio of recurrence after MIS or endoscopic discectomy.", "PMC4037525: RR 1.95"),
      number("reoperation.nonunion_rate_per_year", d.reoperation.nonunion_rate_per_year, "1/year", 0, 5,
             "Revision hazard of a fusion still not fused after 12 months.", "assumption"),

      // outcomes
      number("outcomes.weight_healing", d.outcomes.weight_healing, kFraction, 0, 1, "Deficit from unhealed tissue (at surgery).", "calibrated"),
      number("outcomes.weight_muscle", d.outcomes.weight_muscle, kFraction, 0, 1, "Deficit from muscle at M_floor (back pain and ODI).", "calibrated"),
      number("outcomes.weight_scar_back", d.outcomes.weight_scar_back, kFraction, 0, 1, "Deficit per unit of scar, back pain and ODI (weak default).",
             "Ross 1996 association, contradicted by Vogelsang 1999"),
      number("outcomes.weight_scar_leg", d.outcomes.weight_scar_leg, kFraction, 0, 1, "Deficit per unit of scar, leg pain (weak default).", "Ross 1996: 3.2x recurrent radicular pain"),
      number("outcomes.weight_nonunion", d.outcomes.weight_nonunion, kFraction, 0, 1, "Deficit of an unfused fusion at 12 months (grows linearly until then).", "assumption"),
      number("outcomes.weight_reoperation", d.outcomes.weight_reoperation, kFraction, 0, 1, "Lasting deficit after a reoperation.", "assumption"),
      number("outcomes.odi_noise_sd", d.outcomes.odi_noise_sd, "ODI points", 0, 30, "Measurement noise of one ODI observation.",
             "derived from Hatakka 2025: mean absolute change 9.17 over 74 d without treatment"),
      number("outcomes.pain_noise_sd", d.outcomes.pain_noise_sd, "NRS", 0, 5, "Measurement noise of one pain observation.", "assumption"),
      number("outcomes.responder_improvement_fraction", d.outcomes.responder_improvement_fraction, kFraction, 0, 1,
             "ODI improvement, as a fraction of baseline, that makes a responder.", "Ostelo 2008: 30% improvement"),
      number("outcomes.discount_rate_per_year", d.outcomes.discount_rate_per_year, "1/year", 0, 0.2, "Annual discount rate of QALYs.", "common practice: 3%"),

      // adherence
      number("adherence.attendance_probability", d.adherence.attendance_probability, kFraction, 0, 1,
             "Probability of attending a booked session (reference patient).", "UNLV survey 2014: no-show 10.4% per appointment"),
      number("adherence.smoker_attendance_odds_ratio", d.adherence.smoker_attendance_odds_ratio, "odds ratio", 0.01, 100, "Odds ratio of attendance for smokers.",
             "Bhavsar 2021: smoking predicts no-shows (size not reported; assumption)"),
      number("adherence.attendance_odds_ratio_per_5_bmi", d.adherence.attendance_odds_ratio_per_5_bmi, "odds ratio per 5 kg/m^2", 0.01, 100,
             "Odds ratio of attendance per 5 BMI units above 30.", "Bhavsar 2021: higher BMI predicts no-shows (size not reported; assumption)"),
      number("adherence.attendance_log_odds_per_motivation", d.adherence.attendance_log_odds_per_motivation, "log odds per unit", -20, 20,
             "Log odds of attendance per unit of motivation above the reference.", "assumption"),
      number("adherence.telehealth_attendance_odds_ratio", d.adherence.telehealth_attendance_odds_ratio, "odds ratio", 0.01, 100,
             "Odds ratio of attending a telehealth session.", "assumption"),
      number("adherence.home_adherence_mean", d.adherence.home_adherence_mean, kFraction, 0.01, 0.99, "Mean probability of doing a prescribed home-exercise day.",
             "Physiopedia/Jack 2010: 50-70% non-adherence in LBP"),
      number("adherence.home_adherence_concentration", d.adherence.home_adherence_concentration, "1", 0.1, 1000, "Beta concentration (a+b) of a patient's home adherence.", "assumption"),
      number("adherence.home_motivation_effect", d.adherence.home_motivation_effect, "relative change per unit", -5, 5,
             "Relative change of home adherence per unit of motivation above the reference.", "assumption"),
      number("adherence.dropout_rate_per_week", d.adherence.dropout_rate_per_week, "1/week", 0, 1, "Dropout hazard in supervised care at the reference motivation.",
             "recall: 10-30% dropout in PT trials"),
      number("adherence.dropout_log_hazard_per_motivation", d.adherence.dropout_log_hazard_per_motivation, "log ratio per unit", -20, 20,
             "Fall of the log dropout hazard per unit of motivation above the reference.", "assumption"),
      number("adherence.reference_motivation", d.adherence.reference_motivation, kFraction, 0, 1, "Motivation of the reference patient.", "model choice"),

      // motivation
      number("motivation.concentration", d.motivation.concentration, "1", 0.1, 1000, "Beta concentration (a+b) of initial motivation.", "assumption"),
      number("motivation.smoker_shift", d.motivation.smoker_shift, "motivation", -1, 1, "Shift of mean initial motivation for smokers.", "assumption"),
      number("motivation.improvement_gain", d.motivation.improvement_gain, "motivation per unit", 0, 5, "Target rise per unit of relative ODI improvement.", "assumption"),
      number("motivation.pain_penalty", d.motivation.pain_penalty, "motivation per unit", 0, 5, "Target fall per unit of pain/10.", "assumption"),
      number("motivation.time_constant_days", d.motivation.time_constant_days, "days", 1, 365, "Time constant of motivation's approach to its target.", "assumption"),

      // return to work
      number("return_to_work.sigma_log", d.return_to_work.sigma_log, "log scale", 0.05, 3, "Spread of the lognormal time to return among returners.", "assumption"),
      number("return_to_work.smoker_probability_ratio", d.return_to_work.smoker_probability_ratio, "ratio", 0, 2,
             "Ratio of the return probability for smokers.", "Glassman 2000: 53% vs 71%"),

      // costs
      number("costs.pt_visit_usd", d.costs.pt_visit_usd, "USD", 0, 10000, "Payment per attended supervised visit.", "Medicare: about $80-140 per visit (derived)"),
      number("costs.pt_evaluation_usd", d.costs.pt_evaluation_usd, "USD", 0, 10000, "Initial evaluation.", "Medicare 97161: $95-98"),
      number("costs.protein_supplement_usd_per_day", d.costs.protein_supplement_usd_per_day, "USD/day", 0, 100, "Protein supplement.", "assumption"),
      number("costs.vitamin_d_supplement_usd_per_day", d.costs.vitamin_d_supplement_usd_per_day, "USD/day", 0, 100, "Vitamin D supplement.", "assumption"),
      number("costs.reoperation_usd", d.costs.reoperation_usd, "USD", 0, 1e6, "Cost of a reoperation.", "assumption"),
  };
  k.insert(k.end(), rest.begin(), rest.end());
  per_surgery(k, "healing.time_constant_days", d.healing.time_constant_days, "days", 1, 730, "tau of tissue healing H(t) = 1 - exp(-t/tau)",
              "calibrated: most ODI change by 3 months after discectomy (SPORT), by 3-6 months after fusion (Makanji 2024)");
  per_surgery(k, "scar.max_fraction", d.scar.max_fraction, kFraction, 0, 1, "Scar ceiling of an open operation",
              "Acta Radiol 1999: mostly intermediate scar at 1 year (scale assumed)");
  per_surgery(k, "return_to_work.probability", d.return_to_work.return_probability, kFraction, 0, 1, "Probability of returning to work within 12 months",
              "QOD 2021: 93% (decompression) vs 82% (fusion) at 12 months");
  per_surgery(k, "return_to_work.median_days", d.return_to_work.median_days, "days", 1, 1826, "Median time to return among returners",
              "Saltychev 2025: 4.8 weeks after microdiscectomy; CSORN: about 10 weeks after fusion");
  append_clinic_keys(k);
  return k;
}

}  // namespace

const sim::config::Schema& scenario_schema() {
  static const sim::config::Schema schema(keys());
  return schema;
}

}  // namespace rehabsim::models
