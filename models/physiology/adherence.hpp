#pragma once
// Adherence: attendance of a booked appointment, home-exercise days, dropout, and the motivation
// that drives them.
//   a booked appointment is a late cancellation with p_late, a no-show with p_ns, else attended:
//   logit p_ns = logit p0 - [ln(OR_smoker)[smoker] + ln(OR_bmi)(BMI - 30)/5 + b_m (m - m_ref) + ln(OR_tele)[telehealth]]
//   (the odds ratios are of attending), p_attend = 1 - p_late - p_ns
//   p_home_day = clamp(a (1 + g (m - m_ref)) (1 - g_F (F - F_ref)), 0, 1)   (a: the patient's home adherence, F fear)
//   dropout hazard = h_week / 7 exp(-k (m - m_ref)) per day, while in supervised care
//   motivation target = clamp(m0 + g_i dODI/ODI_base - g_p pain / 10 + g_goal u, 0, 1), approached with time constant tau
//   (u: supervised participation 0-1: progress reviewed and goals set with a therapist)
#include "models/params/patient.hpp"
#include "models/params/scenario.hpp"

namespace rehabsim::models {

struct MissProbabilities {
  double late_cancellation = 0, no_show = 0;
  double attended() const { return 1.0 - late_cancellation - no_show; }
};
MissProbabilities miss_probabilities(const AdherenceParams& p, const Covariates& c, double motivation, SessionMode mode);
double home_day_probability(const AdherenceParams& p, const FearParams& f, double home_adherence, double motivation, double fear);
double dropout_rate_per_day(const AdherenceParams& p, double motivation);
double motivation_target(const MotivationParams& p, double initial, double relative_improvement, double pain, double supervised = 0);
/// Motivation after dt days relaxing toward `target`.
double relax_motivation(const MotivationParams& p, double m0, double target, double dt_days);

}  // namespace rehabsim::models
