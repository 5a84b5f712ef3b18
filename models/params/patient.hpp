#pragma once
// A patient's fixed characteristics, drawn once at the start of a replication.
#include <cstdint>

#include "models/params/scenario.hpp"

namespace rehabsim::models {

struct Covariates {
  std::uint32_t cohort = 0;
  Surgery surgery = Surgery::Discectomy;
  Approach approach = Approach::Open;
  double age_years = 0;
  bool female = false;
  double bmi_kg_m2 = 0;
  bool smoker = false;
  bool diabetic = false;
  double protein_g_per_kg_day = 0;
  bool vitamin_d_deficient = false;
  int levels = 1;  ///< fused levels (fusion only)
  bool employed = false;
  double baseline_odi = 0;           ///< ODI points 0-100
  double baseline_back_pain = 0;     ///< NRS 0-10
  double baseline_leg_pain = 0;      ///< NRS 0-10
  double residual_odi_fraction = 0;  ///< this patient's share of baseline ODI that surgery cannot fix
  double residual_back_pain_fraction = 0;
  double residual_leg_pain_fraction = 0;
  double home_adherence = 0;                ///< this patient's probability of doing a prescribed home-exercise day
  double motivation = 0;                    ///< initial motivation (0-1)
  JobDemand job = JobDemand::Sedentary;     ///< physical demands of the job (employed patients)
  double healing_multiplier = 1;            ///< this patient's healing time constant relative to the cohort's (mean 1)
  double sensitisation_susceptibility = 1;  ///< multiplier of the sensitisation growth rates (mean 1)
  double fear = 0;                          ///< fear of movement at surgery (0-1)

  double baseline_pain() const { return baseline_back_pain > baseline_leg_pain ? baseline_back_pain : baseline_leg_pain; }
};

}  // namespace rehabsim::models
