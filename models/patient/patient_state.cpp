#include "models/patient/patient_state.hpp"

#include <algorithm>

namespace rehabsim::models {

namespace {

/// The phase whose home exercise a habit keeps up once the programme is over (or dropped), or
/// nullptr: none entered yet, no habit, or still restricted.
const Phase* kept_up_phase(const PatientState& st, const Scenario& s) {
  if (!s.habit.enabled || st.last_phase < 0 || st.restricted || !(st.habit > 0)) return nullptr;
  return &s.protocol.phases[static_cast<std::size_t>(st.last_phase)];
}

}  // namespace

Scores set_loads(PatientState& st, const Scenario& s, const Covariates& c, double now) {
  const Phase* phase = st.dropped ? nullptr : phase_of(st, s.protocol);
  const double supervised_now = st.attended_last ? st.sessions_this_week : 0.0;
  const Phase* kept_up = phase ? nullptr : kept_up_phase(st, s);
  st.loads = kept_up ? training_loads(s.activity, s.stimulus, false, kept_up, 0.0, 1.0, 7.0 * st.habit)
                     : training_loads(s.activity, s.stimulus, st.restricted, phase, supervised_now, st.session_effect, st.home_days_this_week);
  const HabitStage stage = phase ? HabitStage::Practising : st.last_phase >= 0 ? HabitStage::After : HabitStage::Before;
  st.habit_regime = habit_regime(s.habit, stage, st.habit, practised_share(st.home_days_this_week, supervised_now));
  st.muscle_regime = muscle_regime(s.muscle, st.muscle_rates, st.loads.muscle, c.approach);
  st.balance_regime = capacity_regime(s.balance, s.balance.loss_rate_per_day, base_gain_rate(s.balance), st.loads.balance);
  st.conditioning_regime = capacity_regime(s.conditioning, s.conditioning.loss_rate_per_day, base_gain_rate(s.conditioning), st.loads.conditioning);
  st.mobility_regime = mobility_regime(s.mobility, st.scar, st.loads.mobility);
  st.scar_ceiling = scar_ceiling(s.scar, c.surgery, c.approach, st.loads.mobility_dose);
  st.relief_target = relief_target(s.relief, st.loads);
  const bool fusion = c.surgery == Surgery::Fusion;
  const double tolerance = tissue_tolerance(s.tolerance, healing(st, now), fusion, fusion_maturity(st, c));
  st.overload = phase ? overload(st.loads.loading, tolerance) : kept_up ? st.habit * overload(st.loads.loading, tolerance) : 0.0;
  st.fusion_speed = fusion_speed(s.tolerance, st.overload);
  const Scores now_scores = expected_scores(st, s, c, now);
  const bool painful = now_scores.pain() > s.sensitisation.pain_threshold_nrs;
  st.sensitisation_regime = sensitisation_regime(s.sensitisation, c.sensitisation_susceptibility, painful, s.tolerance.enabled ? st.overload : 0.0);
  st.fear_regime = fear_regime(s.fear, c.fear, st.fear, st.loads.supervised, st.loads.cognitive_behavioural);
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
