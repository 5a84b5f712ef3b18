#pragma once
// Attendance of a booked session: logistic in smoking and BMI around a reference patient.
//   logit p = logit p0 + ln(OR_smoker) [smoker] + ln(OR_bmi) (BMI - 30) / 5
#include "models/patient.hpp"
#include "models/scenario.hpp"

namespace rehabsim::models {

double attendance_probability(const AdherenceParams& p, const Covariates& c);

}  // namespace rehabsim::models
