#pragma once
// Event hazards (per day), held constant between a patient's events.
//   falls:       r_year / 365.25  OR_decade^((age - 65) / 10)  exp(k (1 - B))
//   reoperation: (r0[surgery] + r_early[surgery] exp(-t / tau_early) + r_rise[surgery] t / 365.25) / 365.25
//                (x RR for a non-open discectomy) + r_nonunion / 365.25 for a fusion not fused after 12 months
//                (t days since the index operation, held at its value at the patient's last event)
//   setback:     r_full X  (X: loading above tissue tolerance, pathways.hpp)
//   return to work: r_rtw (x HR for smokers) once ready (patient_state.hpp ready_for_work), else 0
#include "models/params/patient.hpp"
#include "models/params/scenario.hpp"

namespace rehabsim::models {

double fall_rate_per_day(const FallParams& p, double age_years, double balance);
double reoperation_rate_per_day(const ReoperationParams& p, const Covariates& c, double days_since_surgery, bool unfused_after_12_months);

}  // namespace rehabsim::models
