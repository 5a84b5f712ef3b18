#include "models/patient_state.hpp"

#include <algorithm>

namespace rehabsim::models {

void set_loads(PatientState& st, const Scenario& s, const Covariates& c) {
  st.loads = training_loads(s.activity, s.stimulus, st.restricted, st.dropped ? nullptr : phase_of(st, s.protocol),
                            st.attended_last ? st.sessions_this_week : 0.0, st.session_effect, st.home_days_this_week);
  st.muscle_regime = muscle_regime(s.muscle, st.muscle_rates, st.loads.muscle);
  st.balance_regime = capacity_regime(s.balance, s.balance.loss_rate_per_day, base_gain_rate(s.balance), st.loads.balance);
  st.scar_ceiling = scar_ceiling(s.scar, c.surgery, c.approach, st.loads.mobility_dose);
}

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
