#include "models/scenario_schema.hpp"

#include <cstdint>
#include <limits>

namespace rehabsim::models {

namespace {

using sim::config::KeySpec;
using sim::config::ValueType;
constexpr double kInf = std::numeric_limits<double>::infinity();

KeySpec number(std::string path, double def, std::string unit, double lo, double hi, std::string description,
               std::string source) {
  return KeySpec{std::move(path), ValueType::Float, def, std::move(unit), lo, hi, {}, std::move(description), std::move(source)};
}
KeySpec integer(std::string path, std::int64_t def, std::string unit, double lo, double hi, std::string description,
                std::string source = "") {
  return KeySpec{std::move(path), ValueType::Integer, def, std::move(unit), lo, hi, {}, std::move(description), std::move(source)};
}
KeySpec text(std::string path, std::string def, std::vector<std::string> choices, std::string description) {
  return KeySpec{std::move(path), ValueType::String, std::move(def), "", -kInf, kInf, std::move(choices), std::move(description), ""};
}
KeySpec tables(std::string path, double lo, double hi, std::string description) {
  return KeySpec{std::move(path), ValueType::TableArray, std::int64_t{0}, "", lo, hi, {}, std::move(description), ""};
}

const std::string kFraction = "fraction 0-1";

std::vector<KeySpec> keys() {
  return {
      // run
      integer("run.replications", 20, "1", 1, 100000, "Independent replications of the whole cohort."),
      integer("run.seed", 20261122, "1", 0, 9007199254740991.0 /* 2^53 - 1: exact in the range table */,
              "Master seed of all random streams (Philox key)."),
      integer("run.patients", 1000, "patients", 1, 10000000, "Patients per replication, shared among the cohorts by their share."),

      // cohorts
      tables("cohorts", 1, 16, "Patient groups, each with its surgery and covariate distributions."),
      text("cohorts[].name", "cohort", {}, "Label of the cohort."),
      number("cohorts[].share", 1.0, kFraction, 0, 1, "Fraction of the patients in this cohort; shares must sum to 1.", ""),
      text("cohorts[].surgery", "discectomy", {"discectomy", "fusion", "decompression"}, "Index operation."),
      number("cohorts[].mis_fraction", 0.3, kFraction, 0, 1, "Fraction operated minimally invasively (the rest open).", "assumption"),
      number("cohorts[].age_mean_years", 55, "years", 18, 95, "Mean age (normal, truncated to 18-95).",
             "QOD: 47 (disc herniation) to 61-70 (spondylolisthesis)"),
      number("cohorts[].age_sd_years", 13, "years", 0.1, 40, "Standard deviation of age before truncation.", "assumption"),
      number("cohorts[].female_fraction", 0.45, kFraction, 0, 1, "Fraction of women.", "SPORT, NORspine: 40-50%"),
      number("cohorts[].bmi_mean_kg_m2", 29.5, "kg/m^2", 15, 60, "Mean BMI (normal, truncated to 15-60).",
             "QOD: 29.9 (decompression), 30.4 (fusion)"),
      number("cohorts[].bmi_sd_kg_m2", 5.5, "kg/m^2", 0.1, 20, "Standard deviation of BMI.", "assumption"),
      number("cohorts[].smoker_fraction", 0.19, kFraction, 0, 1, "Current smokers.", "Int J Spine Surg 2022: 19.2%"),
      number("cohorts[].diabetic_fraction", 0.15, kFraction, 0, 1, "Diabetes.", "Cleveland Clinic 2025: 15-25%; Int J Spine Surg 2022: 11.2%"),
      number("cohorts[].protein_mean_g_per_kg", 1.0, "g/kg/day", 0.3, 3, "Mean habitual protein intake (normal, truncated 0.3-3).",
             "assumption; RDA 0.8, ESPEN 1.0-1.2 for older adults (Deutz 2014)"),
      number("cohorts[].protein_sd_g_per_kg", 0.3, "g/kg/day", 0.01, 1.5, "Standard deviation of protein intake.", "assumption"),
      number("cohorts[].vitamin_d_deficient_fraction", 0.28, kFraction, 0, 1, "25(OH)D < 20 ng/mL.",
             "Stoker 2013: 27%; Ravindra 2015: 30%"),
      number("cohorts[].baseline_odi_mean", 50, "ODI points 0-100", 0, 100, "Mean pre-operative ODI (normal, truncated 0-100).",
             "SPORT disc herniation 57 (Lurie 2008); QOD fusion 47.7"),
      number("cohorts[].baseline_odi_sd", 15, "ODI points", 0.1, 50, "Standard deviation of pre-operative ODI.", "Hatakka 2025: SD 16"),
      number("cohorts[].baseline_pain_mean", 7, "NRS 0-10", 0, 10, "Mean pre-operative pain (worse of back and leg).",
             "QOD: leg 7.0, back 6.0-6.5"),
      number("cohorts[].baseline_pain_sd", 1.8, "NRS", 0.1, 5, "Standard deviation of pre-operative pain.", "assumption"),
      number("cohorts[].residual_odi_fraction", 0.35, kFraction, 0, 1,
             "Mean share of baseline ODI left when tissue has healed and muscle has recovered (what surgery cannot fix).",
             "calibrated: SPORT discectomy 57 -> about 18 (0.32); QOD fusion 48 -> about 24 (0.5)"),
      number("cohorts[].residual_pain_fraction", 0.4, kFraction, 0, 1, "Same for pain.",
             "NORspine: leg pain -4.4 of about 7 at 12 months"),
      number("cohorts[].residual_sd_log", 0.5, "log scale", 0, 3,
             "Between-patient spread of the residual shares (lognormal, mean preserved).", "assumption; gives responder rates near 75-85%"),

      // correlation
      number("correlation.age_diabetic", 0.25, "latent correlation", -0.99, 0.99, "Gaussian-copula correlation of age and diabetes.", "assumption"),
      number("correlation.bmi_diabetic", 0.35, "latent correlation", -0.99, 0.99, "BMI and diabetes.", "assumption"),
      number("correlation.age_smoker", -0.2, "latent correlation", -0.99, 0.99, "Age and smoking.", "assumption"),
      number("correlation.bmi_vitamin_d_deficient", 0.2, "latent correlation", -0.99, 0.99, "BMI and vitamin D deficiency.",
             "Ravindra 2015: BMI > 40 OR 7.55"),
      number("correlation.diabetic_vitamin_d_deficient", 0.2, "latent correlation", -0.99, 0.99, "Diabetes and vitamin D deficiency.",
             "Ravindra 2015: OR 3.29"),
      number("correlation.protein_vitamin_d_deficient", -0.2, "latent correlation", -0.99, 0.99, "Protein intake and vitamin D deficiency.", "assumption"),
      number("correlation.odi_pain", 0.6, "latent correlation", -0.99, 0.99, "Baseline ODI and baseline pain.", "assumption"),

      // protocol
      text("protocol.name", "standard", {}, "Label of the protocol."),
      integer("protocol.start_day_discectomy", 28, "days", 0, 365, "First supervised session after discectomy, days after surgery.",
              "Oosterhuis 2014 (Cochrane): most programmes start 4-6 weeks"),
      integer("protocol.start_day_fusion", 56, "days", 0, 365, "First supervised session after fusion.",
              "Gouzoulis 2024: outpatient PT peaks in month 2; Oestergaard 2012: 12 weeks better than 6"),
      integer("protocol.start_day_decompression", 28, "days", 0, 365, "First supervised session after decompression.", "assumption, as discectomy"),
      tables("protocol.phases", 1, 24, "Phases in order; each starts when the previous one ends."),
      text("protocol.phases[].name", "phase", {}, "Label of the phase."),
      integer("protocol.phases[].duration_weeks", 4, "weeks", 1, 260, "Length of the phase."),
      integer("protocol.phases[].sessions_per_week", 2, "sessions/week", 0, 7, "Supervised sessions per week.",
              "US practice 2-3/week (recall); Kernc 2018: 2/week"),
      integer("protocol.phases[].home_days_per_week", 5, "days/week", 0, 7, "Prescribed home-exercise days per week."),
      number("protocol.phases[].intensity", 0.5, kFraction, 0, 1, "Training intensity, fraction of a maximal programme.", "assumption"),

      // activity
      integer("activity.restricted_days", 14, "days", 0, 180, "Days of restricted activity after surgery.", "assumption"),
      number("activity.restricted_load", 0.1, kFraction, 0, 1, "Load equivalent while restricted (near bed rest).", "assumption"),
      number("activity.daily_load", 0.45, kFraction, 0, 1, "Load of ordinary daily life after the restriction, without a programme.",
             "assumption: slightly below the habitual load, so no-PT patients recover muscle nearly but not fully"),
      number("activity.supervised_weight", 0.3, kFraction, 0, 1, "Load added by full attendance at the reference frequency and full intensity.", "assumption"),
      number("activity.home_weight", 0.25, kFraction, 0, 1, "Load added by home exercise 7 days a week at full intensity.", "assumption"),
      number("activity.reference_sessions_per_week", 3, "sessions/week", 0.5, 7, "Supervised frequency that gives the full supervised weight.", "assumption"),

      // muscle
      number("muscle.atrophy_rate_per_day", 0.019, "1/day", 0, 1, "a: disuse loss rate constant (loss rate a(1-M_floor) at M = 1).",
             "Wall 2014: -3.5% at 5 d, -8.4% at 14 d (0.6-0.7 %/day)"),
      number("muscle.floor_fraction", 0.65, kFraction, 0, 0.99, "M_floor: capacity approached under complete disuse.",
             "Marusic 2021: logarithmic loss with plateau"),
      number("muscle.max_fraction", 1.25, "fraction of pre-operative norm", 1.01, 3, "M_max: capacity approached under sustained full training.",
             "Kliziene 2015: multifidus CSA +22% after 8 months"),
      number("muscle.habitual_load", 0.5, kFraction, 0.01, 0.99, "Pre-operative habitual load; the regain rate is set so that M* = 1 there.", "model choice"),
      number("muscle.injury_open_fraction", 0.12, kFraction, 0, 0.5, "Immediate capacity loss of an open approach.",
             "recall: open fusion multifidus loss 15-35% at 6-12 months; Sci Rep 2020: open about twice MIS"),
      number("muscle.injury_mis_fraction", 0.05, kFraction, 0, 0.5, "Immediate capacity loss of a minimally invasive approach.",
             "Tabaraee 2015: multifidus CSA -4.9% after MIS microdiscectomy"),
      number("muscle.age_atrophy_per_decade", 0.1, "relative change per decade", -0.9, 2, "Change of the atrophy rate per decade above the reference age.",
             "Kortebein 2007: older adults lose faster"),
      number("muscle.age_regain_per_decade", -0.1, "relative change per decade", -0.9, 2, "Change of the regain rate per decade above the reference age.",
             "Vigelso 2015: strength regain +17% (older) vs +34% (young)"),
      number("muscle.protein_atrophy_per_g_per_kg", -0.5, "relative change per g/kg/day", -0.9, 2,
             "Change of the atrophy rate per g/kg/day of protein above the reference.", "Arentson-Lantz 2019: -680 vs -1035 g with whey (p = 0.08)"),
      number("muscle.protein_regain_per_g_per_kg", 0.3, "relative change per g/kg/day", -0.9, 2,
             "Change of the regain rate per g/kg/day of protein above the reference.", "assumption; Mitchell 2018: more synthesis, no measurable regain effect"),
      number("muscle.reference_age_years", 50, "years", 18, 95, "Age at which the age effects are zero.", "model choice"),
      number("muscle.reference_protein_g_per_kg", 1.0, "g/kg/day", 0.3, 3, "Protein intake at which the protein effects are zero.", "Deutz 2014"),

      // healing
      number("healing.time_constant_days_discectomy", 21, "days", 1, 730, "tau of tissue healing H(t) = 1 - exp(-t/tau) after discectomy.",
             "calibrated: most ODI change by 3 months (SPORT)"),
      number("healing.time_constant_days_fusion", 60, "days", 1, 730, "tau after fusion.", "calibrated: most improvement by 3-6 months (Makanji 2024)"),
      number("healing.time_constant_days_decompression", 28, "days", 1, 730, "tau after decompression.", "assumption"),

      // outcomes
      number("outcomes.weight_healing", 0.6, kFraction, 0, 1, "Share of the recoverable deficit from unhealed tissue (at surgery).", "calibrated"),
      number("outcomes.weight_muscle", 0.4, kFraction, 0, 1, "Share of the recoverable deficit from muscle at M_floor.", "calibrated"),
      number("outcomes.odi_noise_sd", 8.1, "ODI points", 0, 30, "Measurement noise of one ODI observation.",
             "derived from Hatakka 2025: mean absolute change 9.17 over 74 d without treatment"),
      number("outcomes.pain_noise_sd", 1.2, "NRS", 0, 5, "Measurement noise of one pain observation.", "assumption"),
      number("outcomes.responder_improvement_fraction", 0.3, kFraction, 0, 1,
             "ODI improvement, as a fraction of baseline, that makes a responder.", "Ostelo 2008: 30% improvement"),

      // adherence
      number("adherence.attendance_probability", 0.9, kFraction, 0, 1, "Probability of attending a booked session (non-smoker, BMI 30).",
             "UNLV survey 2014: no-show 10.4% per appointment"),
      number("adherence.smoker_attendance_odds_ratio", 0.75, "odds ratio", 0.01, 100, "Odds ratio of attendance for smokers.",
             "Bhavsar 2021: smoking predicts no-shows (size not reported; assumption)"),
      number("adherence.attendance_odds_ratio_per_5_bmi", 0.9, "odds ratio per 5 kg/m^2", 0.01, 100, "Odds ratio of attendance per 5 BMI units above 30.",
             "Bhavsar 2021: higher BMI predicts no-shows (size not reported; assumption)"),
      number("adherence.home_adherence_mean", 0.5, kFraction, 0.01, 0.99, "Mean fraction of prescribed home-exercise days done.",
             "Physiopedia/Jack 2010: 50-70% non-adherence in LBP"),
      number("adherence.home_adherence_concentration", 4, "1", 0.1, 1000, "Beta concentration (a+b) of a patient's home adherence.", "assumption"),
  };
}

}  // namespace

const sim::config::Schema& scenario_schema() {
  static const sim::config::Schema schema(keys());
  return schema;
}

}  // namespace rehabsim::models
