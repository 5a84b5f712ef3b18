#pragma once
// The competing risks of one entity, each sampled exactly under a piecewise-constant rate (a
// HazardClock), with lazy rescheduling: a pending event no later than the new due time is kept
// (when it fires early it re-checks and moves itself), so a rate that changes at every event does
// not flood the queue with cancelled entries. Only the event at the pending minute is live.
//
// The set knows no model word: hazards are indices 0..N-1 (a model's enum), and the owner does
// the scheduling with the minutes this class returns.
#include <array>
#include <cstddef>
#include <cstdint>

#include "sim/core/hazard_clock.hpp"
#include "sim/core/local_clock.hpp"

namespace rehabsim::sim {

template <std::size_t N>
class HazardSet {
 public:
  static constexpr std::int64_t kNone = -1;

  /// Starts hazard h's wait with a fresh Exp(1) draw at `now_days`, rate 0.
  void renew(std::size_t h, double exp1, double now_days) { clocks_[h].renew(exp1, now_days); }

  /// Sets hazard h's rate from `now_days`. Returns the calendar minute at which the owner must
  /// schedule an event for h, or kNone when the pending one (or none, past the horizon) will do.
  std::int64_t set_rate(std::size_t h, double now_days, double rate_per_day, std::int64_t queue_now, const LocalClock& clock) {
    clocks_[h].set_rate(now_days, rate_per_day);
    const double due = clocks_[h].due_days();
    if (!(due <= clock.horizon_days)) return kNone;  // a pending earlier event will find it not due and lapse
    const std::int64_t at = std::max(queue_now, clock.minute_of(due));
    if (pending_[h] != kNone && pending_[h] <= at) return kNone;
    pending_[h] = at;
    return at;
  }

  struct Check {
    bool due = false;                    ///< the hazard happens now
    std::int64_t reschedule_at = kNone;  ///< else: schedule it again at this minute (kNone: drop it)
  };
  /// An event of hazard h reached the top of the queue at `minute`: is it live and due?
  Check on_event(std::size_t h, std::int64_t minute, const LocalClock& clock) {
    if (minute != pending_[h]) return {};  // superseded by an earlier one
    pending_[h] = kNone;
    const double due = clocks_[h].due_days();
    if (!(due <= clock.horizon_days)) return {};
    if (clock.minute_of(due) <= minute) return {true, kNone};
    pending_[h] = clock.minute_of(due);  // the rate fell since: wait for the new due time
    return {false, pending_[h]};
  }

  const HazardClock& clock(std::size_t h) const { return clocks_[h]; }
  std::int64_t pending(std::size_t h) const { return pending_[h]; }

 private:
  std::array<HazardClock, N> clocks_{};
  std::array<std::int64_t, N> pending_ = filled();
  static constexpr std::array<std::int64_t, N> filled() {
    std::array<std::int64_t, N> a{};
    for (auto& x : a) x = kNone;
    return a;
  }
};

}  // namespace rehabsim::sim
