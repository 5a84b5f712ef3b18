#pragma once
// Adherence: attendance of a booked session, home-exercise days, dropout, and the motivation that
// drives them.
//   logit p_attend = logit p0 + ln(OR_smoker)[smoker] + ln(OR_bmi)(BMI - 30)/5 + b_m (m - m_ref) + ln(OR_tele)[telehealth]
//   p_home_day = clamp(a (1 + g (m - m_ref)), 0, 1)        (a: the patient's home adherence)
//   dropout hazard = h_week / 7 exp(-k (m - m_ref)) per day, while in supervised care
//   motivation target = clamp(m0 + g_i dODI/ODI_base - g_p pain / 10, 0, 1), approached with time constant tau
#include "models/patient.hpp"
#include "models/scenario.hpp"

namespace rehabsim::models {

double attendance_probability(const AdherenceParams& p, const Covariates& c, double motivation, SessionMode mode);
double home_day_probability(const AdherenceParams& p, double home_adherence, double motivation);
double dropout_rate_per_day(const AdherenceParams& p, double motivation);
double motivation_target(const MotivationParams& p, double initial, double relative_improvement, double pain);
/// Motivation after dt days relaxing toward `target`.
double relax_motivation(const MotivationParams& p, double m0, double target, double dt_days);

}  // namespace rehabsim::models
