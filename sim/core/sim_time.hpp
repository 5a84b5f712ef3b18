#pragma once
// Simulation time: integer minutes behind a typed wrapper, so clinic calendars tie exactly and
// physiology converts to days only where it needs a rate.
#include <compare>
#include <cstdint>

namespace rehabsim::sim {

class SimTime {
 public:
  static constexpr std::int64_t kMinutesPerDay = 24 * 60;

  constexpr SimTime() = default;
  static constexpr SimTime from_minutes(std::int64_t minutes) { return SimTime(minutes); }
  static constexpr SimTime from_days(std::int64_t days) { return SimTime(days * kMinutesPerDay); }

  constexpr std::int64_t minutes() const { return minutes_; }
  /// Time in days (fractional), for the closed-form physiology.
  constexpr double days() const { return static_cast<double>(minutes_) / kMinutesPerDay; }

  constexpr SimTime operator+(SimTime other) const { return SimTime(minutes_ + other.minutes_); }
  constexpr SimTime operator-(SimTime other) const { return SimTime(minutes_ - other.minutes_); }
  constexpr auto operator<=>(const SimTime&) const = default;

 private:
  constexpr explicit SimTime(std::int64_t minutes) : minutes_(minutes) {}
  std::int64_t minutes_ = 0;
};

}  // namespace rehabsim::sim
