#include "models/patient/patient_state.hpp"

#include <algorithm>

namespace rehabsim::models {

Scores set_loads(PatientState& st, const Scenario& s, const Covariates& c, double now) {
  const Phase* phase = st.dropped ? nullptr : phase_of(st, s.protocol);
  st.loads = training_loads(s.activity, s.stimulus, st.restricted, phase, st.attended_last ? st.sessions_this_week : 0.0, st.session_effect,
                            st.home_days_this_week);
  st.muscle_regime = muscle_regime(s.muscle, st.muscle_rates, st.loads.muscle);
  st.balance_regime = capacity_regime(s.balance, s.balance.loss_rate_per_day, base_gain_rate(s.balance), st.loads.balance);
  st.conditioning_regime = capacity_regime(s.conditioning, s.conditioning.loss_rate_per_day, base_gain_rate(s.conditioning), st.loads.conditioning);
  st.mobility_regime = mobility_regime(s.mobility, st.scar, st.loads.mobility);
  st.scar_ceiling = scar_ceiling(s.scar, c.surgery, c.approach, st.loads.mobility_dose);
  st.relief_target = relief_target(s.relief, st.loads);
  const bool fusion = c.surgery == Surgery::Fusion;
  const double tolerance = tissue_tolerance(s.tolerance, healing(st, now), fusion, fusion_maturity(st, c));
  st.overload = phase ? overload(st.loads.loading, tolerance) : 0.0;
  st.fusion_speed = fusion_speed(s.tolerance, st.overload);
  const Scores now_scores = expected_scores(st, s, c, now);
  const bool painful = now_scores.pain() > s.sensitisation.pain_threshold_nrs;
  st.sensitisation_regime = sensitisation_regime(s.sensitisation, c.sensitisation_susceptibility, painful, s.tolerance.enabled ? st.overload : 0.0);
  st.fear_regime = fear_regime(s.fear, c.fear, st.fear, st.loads.supervised);
  return now_scores;
}

void apply_setback(PatientState& st, const Scenario& s) {
  st.flare = std::min(1.0, st.flare + s.setback.flare_deficit);
  st.motivation = std::max(0.0, st.motivation - s.setback.motivation_penalty);
  if (s.fear.enabled) st.fear = std::min(1.0, st.fear + s.fear.setback_increase);
}

double delayed_fusion_requirement(double required_days, double progress_days, const SetbackParams& p) {
  return progress_days + std::max(0.0, required_days - progress_days) * p.fusion_delay_factor;
}

double fusion_due(const PatientState& st, double now) {
  if (!(st.fusion_speed > 0)) return std::numeric_limits<double>::infinity();
  return now + std::max(0.0, st.fusion_required_days - st.fusion_progress_days) / st.fusion_speed;
}

void apply_reoperation(PatientState& st, const Scenario& s, const Covariates& c, double now) {
  st.reoperated = true;
  st.surgery_day = now;  // tissue healing starts again
  st.muscle = muscle_after_surgery(s.muscle, c.approach, st.muscle);
  st.balance *= 1.0 - s.balance.surgery_drop_fraction;
}

}  // namespace rehabsim::models
