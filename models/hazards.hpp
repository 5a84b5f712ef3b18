#pragma once
// Event hazards (per day), held constant between a patient's events.
//   falls:       r_year / 365.25  OR_decade^((age - 65) / 10)  exp(k (1 - B))
//   reoperation: r_year[surgery] / 365.25 (x RR for a non-open discectomy)
//                + r_nonunion / 365.25 for a fusion not fused after 12 months
//   setback:     r_full max(0, loading - H)
#include "models/patient.hpp"
#include "models/scenario.hpp"

namespace rehabsim::models {

double fall_rate_per_day(const FallParams& p, double age_years, double balance);
double reoperation_rate_per_day(const ReoperationParams& p, const Covariates& c, bool unfused_after_12_months);
double setback_rate_per_day(const SetbackParams& p, double loading, double healing);

}  // namespace rehabsim::models
