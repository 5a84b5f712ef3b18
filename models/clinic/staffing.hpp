#pragma once
// Who works in a given week: employment (start_week, end_week) and planned absences, shared by the
// clinic's calendar and the scenario's check that somebody works during the run.
#include <cstdint>

#include "models/params/clinic_params.hpp"

namespace rehabsim::models {

/// Employed in `week`: from start_week up to, not including, end_week (-1: stays).
inline bool employed_in_week(const TherapistSpec& t, std::int64_t week) { return week >= t.start_week && (t.end_week < 0 || week < t.end_week); }

/// On planned leave in `week` (an absence's weeks are inclusive).
inline bool absent_in_week(const TherapistSpec& t, std::int64_t week) {
  for (const auto& a : t.absent_weeks)
    if (week >= a[0] && week <= a[1]) return true;
  return false;
}

}  // namespace rehabsim::models
