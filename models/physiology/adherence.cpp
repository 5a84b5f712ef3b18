#include "models/physiology/adherence.hpp"

#include <algorithm>
#include <cmath>

namespace rehabsim::models {

MissProbabilities miss_probabilities(const AdherenceParams& p, const Covariates& c, double motivation, SessionMode mode) {
  const double late = p.late_cancellation_probability;
  const double p0 = p.no_show_probability;
  double no_show = p0;
  if (p0 > 0.0 && p0 < 1.0) {  // certain (non-)attendance is not moved by covariates
    const double attend_log_odds = (c.smoker ? std::log(p.smoker_attendance_odds_ratio) : 0.0) +
                                   std::log(p.attendance_odds_ratio_per_5_bmi) * (c.bmi_kg_m2 - 30.0) / 5.0 +
                                   p.attendance_log_odds_per_motivation * (motivation - p.reference_motivation) +
                                   (mode == SessionMode::Telehealth ? std::log(p.telehealth_attendance_odds_ratio) : 0.0);
    no_show = 1.0 / (1.0 + std::exp(-(std::log(p0 / (1.0 - p0)) - attend_log_odds)));
  }
  return {late, std::min(no_show, 1.0 - late)};
}

double home_day_probability(const AdherenceParams& p, const FearParams& f, double home_adherence, double motivation, double fear) {
  const double fear_factor = f.enabled ? std::max(0.0, 1.0 - f.home_adherence_effect * (fear - f.reference)) : 1.0;
  return std::clamp(home_adherence * (1.0 + p.home_motivation_effect * (motivation - p.reference_motivation)) * fear_factor, 0.0, 1.0);
}

double dropout_rate_per_day(const AdherenceParams& p, double motivation) {
  return p.dropout_rate_per_week / 7.0 * std::exp(-p.dropout_log_hazard_per_motivation * (motivation - p.reference_motivation));
}

double motivation_target(const MotivationParams& p, double initial, double relative_improvement, double pain, double supervised) {
  return std::clamp(initial + p.improvement_gain * relative_improvement - p.pain_penalty * pain / 10.0 + p.goal_setting_gain * supervised, 0.0, 1.0);
}

double relax_motivation(const MotivationParams& p, double m0, double target, double dt_days) {
  return target + (m0 - target) * std::exp(-dt_days / p.time_constant_days);
}

}  // namespace rehabsim::models
