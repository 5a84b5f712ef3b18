#include "models/physiology/training_load.hpp"

#include <algorithm>

namespace rehabsim::models {

namespace {
double weighted(const LoadMix& mix, const LoadMix& w) {
  return mix.mobility * w.mobility + mix.strength * w.strength + mix.core * w.core + mix.functional * w.functional + mix.aerobic * w.aerobic;
}
}  // namespace

Loads training_loads(const ActivityParams& a, const StimulusWeights& w, bool restricted, const Phase* phase, double supervised_sessions_per_week,
                     double session_effect, double home_days_done) {
  const double base = restricted ? a.restricted_load : a.daily_load;
  Loads l{base, base, 0.0, 0.0, base, base, 0.0, 0.0, 0.0};
  if (!phase) return l;
  const double supervised_share =
      supervised_sessions_per_week > 0 ? std::min(1.0, supervised_sessions_per_week / a.reference_sessions_per_week) * session_effect : 0.0;
  const double supervised = a.supervised_weight * supervised_share;
  const double participation = supervised + a.home_weight * home_days_done / 7.0;
  l.muscle = std::min(1.0, base + phase->intensity * participation * weighted(phase->mix, w.muscle));
  l.balance = std::min(1.0, base + phase->intensity * participation * weighted(phase->mix, w.balance));
  l.conditioning = std::min(1.0, base + phase->intensity * participation * weighted(phase->mix, w.conditioning));
  l.mobility = std::min(1.0, base + phase->intensity * participation * weighted(phase->mix, w.mobility));
  const double full = a.supervised_weight + a.home_weight;
  l.mobility_dose = full > 0 ? std::min(1.0, phase->intensity * phase->mix.mobility * participation / full) : 0.0;
  l.exercise_dose = full > 0 ? std::min(1.0, phase->intensity * participation / full) : 0.0;
  l.supervised = std::min(1.0, supervised_share);
  l.passive = phase->passive_modalities ? l.supervised : 0.0;
  l.cognitive_behavioural = phase->cognitive_behavioural ? l.supervised : 0.0;
  l.loading = phase->intensity * (phase->mix.strength + phase->mix.core + phase->mix.functional);
  return l;
}

Loads training_loads(const ActivityParams& a, const StimulusWeights& w, bool restricted, const Phase* phase, bool attended_last_session,
                     int home_days_done) {
  const double sessions = phase && attended_last_session ? phase->sessions_per_week : 0.0;
  const double effect = phase && phase->mode == SessionMode::Telehealth ? a.telehealth_effect_fraction : 1.0;
  return training_loads(a, w, restricted, phase, sessions, effect, home_days_done);
}

}  // namespace rehabsim::models
