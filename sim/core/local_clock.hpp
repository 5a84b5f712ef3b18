#pragma once
// An entity's own time: days since its origin (a patient's operation), on the shared minute
// calendar of the event queue. Conversions round a day up to the next whole minute, so an event is
// never scheduled before the moment it stands for.
#include <cmath>
#include <cstdint>

#include "sim/core/sim_time.hpp"

namespace rehabsim::sim {

struct LocalClock {
  std::int64_t origin_minute = 0;  ///< calendar minute of local day 0
  double horizon_days = 0;         ///< nothing after this local day is simulated

  std::int64_t minute_of(double day) const {
    return origin_minute + static_cast<std::int64_t>(std::ceil(day * static_cast<double>(SimTime::kMinutesPerDay)));
  }
  double day_of(std::int64_t minute) const { return static_cast<double>(minute - origin_minute) / static_cast<double>(SimTime::kMinutesPerDay); }
};

}  // namespace rehabsim::sim
