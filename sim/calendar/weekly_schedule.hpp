#pragma once
// A weekly timetable of open hours: on each weekday (0 = Monday) a sorted list of non-overlapping
// windows in minutes since midnight. Written as text, e.g. "Mon-Fri 08:00-16:30; Sat 09:00-12:00"
// or "Mon,Wed 12:00-20:00". Used for resource rosters; nothing here knows what the resource is.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rehabsim::sim {

struct Window {
  std::int64_t start = 0, end = 0;  ///< minutes; end > start
  std::int64_t length() const { return end - start; }
};

class WeeklySchedule {
 public:
  WeeklySchedule() = default;
  /// Parses the text form; throws std::invalid_argument naming what was expected.
  static WeeklySchedule parse(std::string_view text);

  /// Windows of weekday 0..6 (Monday first), minutes since midnight, sorted by start.
  const std::vector<Window>& on(int weekday) const { return days_.at(static_cast<std::size_t>(weekday)); }
  std::int64_t minutes_on(int weekday) const;
  std::int64_t minutes_per_week() const;
  /// The canonical text form (what parse reads back).
  std::string text() const;

 private:
  std::array<std::vector<Window>, 7> days_;
};

inline constexpr std::array<const char*, 7> kWeekdayNames = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

}  // namespace rehabsim::sim
