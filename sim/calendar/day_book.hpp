#pragma once
// The bookings of one resource on one day: non-overlapping intervals (plus, optionally, intervals
// deliberately placed on top of another: overbooking), and the earliest free start for a new one.
// Times are absolute minutes; nothing here knows what is booked.
#include <cstdint>
#include <span>
#include <vector>

#include "sim/calendar/weekly_schedule.hpp"

namespace rehabsim::sim {

struct BookedInterval {
  std::int64_t start = 0, end = 0;
  std::uint32_t id = 0;
  bool stacked = false;  ///< placed on top of another interval (overbooking); ignored by earliest_fit
};

class DayBook {
 public:
  /// Earliest start >= from, on the grid `open.start + k * granularity`, such that [start, start +
  /// length) lies in one open window (its end may overrun the window by at most `overrun` minutes)
  /// and overlaps no unstacked booking. -1 when there is none. The windows are shifted by
  /// `window_offset` (e.g. a weekday's hours by the day's first minute).
  std::int64_t earliest_fit(std::span<const Window> open, std::int64_t from, std::int64_t length, std::int64_t granularity, std::int64_t overrun = 0,
                            std::int64_t window_offset = 0) const;
  void add(BookedInterval b);
  /// Removes the interval with this id; false when absent.
  bool remove(std::uint32_t id);
  const std::vector<BookedInterval>& intervals() const { return booked_; }
  std::size_t count() const { return booked_.size(); }
  std::size_t stacked_count() const;
  std::int64_t booked_minutes() const;  ///< of unstacked intervals

 private:
  std::vector<BookedInterval> booked_;  ///< sorted by start
};

}  // namespace rehabsim::sim
