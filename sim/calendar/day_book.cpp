#include "sim/calendar/day_book.hpp"

#include <algorithm>

namespace rehabsim::sim {

namespace {

// Smallest grid point base + k g that is >= t (k >= 0).
std::int64_t round_up(std::int64_t t, std::int64_t base, std::int64_t g) {
  if (t <= base) return base;
  return base + (t - base + g - 1) / g * g;
}

}  // namespace

std::int64_t DayBook::earliest_fit(std::span<const Window> open, std::int64_t from, std::int64_t length, std::int64_t granularity,
                                   std::int64_t overrun, std::int64_t window_offset) const {
  const std::int64_t g = std::max<std::int64_t>(1, granularity);
  for (const Window& shifted : open) {
    const Window w{shifted.start + window_offset, shifted.end + window_offset};
    std::int64_t start = round_up(from, w.start, g);
    while (start < w.end && start + length <= w.end + overrun) {
      // The first unstacked booking that overlaps [start, start + length) pushes the start past its end.
      const auto clash = std::find_if(booked_.begin(), booked_.end(),
                                      [&](const BookedInterval& b) { return !b.stacked && b.start < start + length && b.end > start; });
      if (clash == booked_.end()) return start;
      start = round_up(clash->end, w.start, g);
    }
  }
  return -1;
}

void DayBook::add(BookedInterval b) {
  const auto at = std::upper_bound(booked_.begin(), booked_.end(), b.start, [](std::int64_t s, const BookedInterval& x) { return s < x.start; });
  booked_.insert(at, b);
}

bool DayBook::remove(std::uint32_t id) {
  const auto it = std::find_if(booked_.begin(), booked_.end(), [id](const BookedInterval& b) { return b.id == id; });
  if (it == booked_.end()) return false;
  booked_.erase(it);
  return true;
}

std::size_t DayBook::stacked_count() const {
  return static_cast<std::size_t>(std::count_if(booked_.begin(), booked_.end(), [](const BookedInterval& b) { return b.stacked; }));
}

std::int64_t DayBook::booked_minutes() const {
  std::int64_t total = 0;
  for (const auto& b : booked_)
    if (!b.stacked) total += b.end - b.start;
  return total;
}

}  // namespace rehabsim::sim
