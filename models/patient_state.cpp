#include "models/patient_state.hpp"

#include <cmath>

#include "models/adherence.hpp"
#include "models/fusion.hpp"
#include "models/hazards.hpp"
#include "models/healing.hpp"
#include "models/scar.hpp"

namespace rehabsim::models {

double healing(const PatientState& st, double now) { return healing_fraction(now - st.surgery_day, st.healing_tau_days); }

void advance(PatientState& st, const Scenario& s, double now) {
  const double dt = now - st.last_update_day;
  if (dt <= 0) return;
  st.muscle = advance_linear(st.muscle, st.muscle_regime, dt);
  st.balance = advance_linear(st.balance, st.balance_regime, dt);
  st.scar = advance_scar(s.scar, st.scar, st.last_update_day, dt, st.scar_ceiling);
  st.flare *= std::exp(-dt / s.setback.flare_time_constant_days);
  st.last_update_day = now;
}

PhysiologyNow physiology(const PatientState& st, const Scenario& s, const Covariates& c, double now) {
  const bool fusion = c.surgery == Surgery::Fusion;
  return {healing(st, now), st.muscle, s.muscle.floor_fraction, st.scar,
          fusion && !st.fused ? std::min(1.0, now / kNonunionHorizonDays) : 0.0, st.flare, st.reoperated};
}

Scores expected_scores(const PatientState& st, const Scenario& s, const Covariates& c, double now) {
  const Deficits d = recovery_deficits(s.outcomes, physiology(st, s, c, now));
  return {expected_score(c.baseline_odi, c.residual_odi_fraction, d.back),
          expected_score(c.baseline_back_pain, c.residual_back_pain_fraction, d.back),
          expected_score(c.baseline_leg_pain, c.residual_leg_pain_fraction, d.leg)};
}

void set_loads(PatientState& st, const Scenario& s, const Covariates& c) {
  st.loads = training_loads(s.activity, s.stimulus, st.restricted, st.dropped ? nullptr : phase_of(st, s.protocol),
                            st.attended_last ? st.sessions_this_week : 0.0, st.session_effect, st.home_days_this_week);
  st.muscle_regime = muscle_regime(s.muscle, st.muscle_rates, st.loads.muscle);
  st.balance_regime = capacity_regime(s.balance, s.balance.loss_rate_per_day, base_gain_rate(s.balance), st.loads.balance);
  st.scar_ceiling = scar_ceiling(s.scar, c.surgery, c.approach, st.loads.mobility_dose);
}

std::array<double, kHazards> hazard_rates(const PatientState& st, const Scenario& s, const Covariates& c, double now) {
  std::array<double, kHazards> rate{};
  rate[kFallHazard] = st.fall_age_factor * fall_rate_per_day(s.falls, 65.0, st.balance);
  const bool unfused_late = c.surgery == Surgery::Fusion && !st.fused && now >= kNonunionHorizonDays;
  rate[kReoperationHazard] = st.reoperated ? 0.0 : reoperation_rate_per_day(s.reoperation, c, unfused_late);
  rate[kDropoutHazard] = supervised(st, s.protocol) && !st.dropped ? dropout_rate_per_day(s.adherence, st.motivation) : 0.0;
  const bool loading = phase_of(st, s.protocol) && !st.dropped;
  rate[kSetbackHazard] = loading ? setback_rate_per_day(s.setback, st.loads.loading, healing(st, now)) : 0.0;
  return rate;
}

}  // namespace rehabsim::models

namespace rehabsim::models {

void apply_setback(PatientState& st, const Scenario& s) {
  st.flare = std::min(1.0, st.flare + s.setback.flare_deficit);
  st.motivation = std::max(0.0, st.motivation - s.setback.motivation_penalty);
}

double delayed_fusion_day(double now, double due_day, const SetbackParams& p) { return now + (due_day - now) * p.fusion_delay_factor; }

void apply_reoperation(PatientState& st, const Scenario& s, const Covariates& c, double now) {
  st.reoperated = true;
  st.surgery_day = now;  // tissue healing starts again
  st.muscle = muscle_after_surgery(s.muscle, c.approach, st.muscle);
  st.balance *= 1.0 - s.balance.surgery_drop_fraction;
}

}  // namespace rehabsim::models
