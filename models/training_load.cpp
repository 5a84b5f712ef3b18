#include "models/training_load.hpp"

#include <algorithm>

namespace rehabsim::models {

double training_load(const ActivityParams& a, bool restricted, const Phase* phase, bool attended_last_session,
                     double home_adherence) {
  double load = restricted ? a.restricted_load : a.daily_load;
  if (phase) {
    const double supervised = attended_last_session
        ? a.supervised_weight * std::min(1.0, phase->sessions_per_week / a.reference_sessions_per_week)
        : 0.0;
    const double home = a.home_weight * phase->home_days_per_week / 7.0 * home_adherence;
    load += phase->intensity * (supervised + home);
  }
  return std::min(1.0, load);
}

}  // namespace rehabsim::models
