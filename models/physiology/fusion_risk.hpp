#pragma once
// Binary fusion risk factors matched at the population level. A published relative risk or odds
// ratio of 12-month nonunion compares exposed and unexposed patients of a study population, whose
// other risk factors vary; the time multiplier that reproduces it in the scenario's own fusion
// population is found numerically (fusion.hpp gives the patient-level model):
//   q_i(b) = 1 - Phi((ln(365 / median) - lm_i - b [exposed_i]) / sigma)      (patient i's nonunion probability)
//   RR(b) = mean_{exposed} q_i / mean_{unexposed} q_i,   OR(b) likewise with odds of the group means
// b solves RR(b) = published (monotone in b: bisection), one factor at a time with the others held,
// repeated until the coefficients settle (Gauss-Seidel). The population is a fixed sample of the
// scenario's fusion patients (their own seed, the same at every sweep point and for every run
// seed). Graded factors (age per decade, protein below the reference) keep the reference-patient
// conversion of fusion.hpp. A factor nobody or everybody in the population has falls back to it too.
#include <vector>

#include "models/params/patient.hpp"
#include "models/params/scenario.hpp"

namespace rehabsim::models {

/// ln time multipliers of the binary factors (exposed vs not) and the graded ones (per unit).
struct FusionCoefficients {
  double smoker = 0, vitamin_d_deficient = 0, diabetic = 0, two_level = 0, age_per_decade = 0, protein_per_g_per_kg_below = 0;
};

/// The coefficients at the reference patient (fusion.hpp's conversion of each odds ratio; the
/// smoking relative risk is first turned into an odds ratio at the reference nonunion probability).
FusionCoefficients reference_fusion_coefficients(const FusionParams& p);
/// The coefficients that reproduce the published measures in `population` (fusion patients).
FusionCoefficients marginal_fusion_coefficients(const FusionParams& p, const std::vector<Covariates>& population);

/// A patient's ln m (vitamin D deficiency only when not corrected).
double fusion_log_multiplier(const FusionCoefficients& k, const FusionParams& p, const Covariates& c, double protein_g_per_kg_day,
                             bool vitamin_d_deficient);

/// 12-month nonunion probability for ln m.
double nonunion_probability(const FusionParams& p, double log_multiplier);

}  // namespace rehabsim::models
