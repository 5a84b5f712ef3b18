#include "sim/calendar/weekly_schedule.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace rehabsim::sim {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  for (std::size_t at = 0;;) {
    const std::size_t next = s.find(sep, at);
    parts.push_back(trim(s.substr(at, next == std::string_view::npos ? std::string_view::npos : next - at)));
    if (next == std::string_view::npos) return parts;
    at = next + 1;
  }
}

[[noreturn]] void fail(std::string_view block, const std::string& what) {
  throw std::invalid_argument("in \"" + std::string(block) + "\": " + what + " (expected blocks like \"Mon-Fri 08:00-16:30\" separated by ';')");
}

int weekday(std::string_view name, std::string_view block) {
  for (std::size_t d = 0; d < kWeekdayNames.size(); ++d) {
    const std::string_view n = kWeekdayNames[d];
    if (name.size() == n.size() && std::equal(name.begin(), name.end(), n.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); }))
      return static_cast<int>(d);
  }
  fail(block, "unknown day \"" + std::string(name) + "\"; days are Mon Tue Wed Thu Fri Sat Sun");
}

std::int64_t clock_minutes(std::string_view t, std::string_view block) {
  const auto colon = t.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || t.size() != colon + 3)
    fail(block, "time \"" + std::string(t) + "\" is not HH:MM");
  for (char ch : t)
    if (ch != ':' && !std::isdigit(static_cast<unsigned char>(ch))) fail(block, "time \"" + std::string(t) + "\" is not HH:MM");
  const int h = std::stoi(std::string(t.substr(0, colon)));
  const int m = std::stoi(std::string(t.substr(colon + 1)));
  if (m > 59 || h > 24 || (h == 24 && m != 0)) fail(block, "time \"" + std::string(t) + "\" is out of range 00:00-24:00");
  return h * 60 + m;
}

std::string clock_text(std::int64_t minutes) {
  const auto two = [](std::int64_t v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  return two(minutes / 60) + ":" + two(minutes % 60);
}

}  // namespace

WeeklySchedule WeeklySchedule::parse(std::string_view text) {
  WeeklySchedule s;
  if (trim(text).empty()) throw std::invalid_argument("empty schedule (expected blocks like \"Mon-Fri 08:00-16:30\" separated by ';')");
  for (std::string_view block : split(text, ';')) {
    if (block.empty()) continue;
    const auto space = block.find_first_of(" \t");
    if (space == std::string_view::npos) fail(block, "missing the hours");
    const std::string_view days_text = trim(block.substr(0, space));
    const std::string_view hours_text = trim(block.substr(space + 1));
    std::vector<int> days;
    for (std::string_view item : split(days_text, ',')) {
      if (const auto dash = item.find('-'); dash != std::string_view::npos) {
        const int from = weekday(trim(item.substr(0, dash)), block), to = weekday(trim(item.substr(dash + 1)), block);
        if (to < from) fail(block, "day range \"" + std::string(item) + "\" runs backwards");
        for (int d = from; d <= to; ++d) days.push_back(d);
      } else {
        days.push_back(weekday(item, block));
      }
    }
    for (std::string_view hours : split(hours_text, ',')) {
      const auto dash = hours.find('-');
      if (dash == std::string_view::npos) fail(block, "hours \"" + std::string(hours) + "\" are not HH:MM-HH:MM");
      const Window w{clock_minutes(trim(hours.substr(0, dash)), block), clock_minutes(trim(hours.substr(dash + 1)), block)};
      if (w.end <= w.start) fail(block, "hours \"" + std::string(hours) + "\" end before they start");
      for (int d : days) s.days_[static_cast<std::size_t>(d)].push_back(w);
    }
  }
  for (std::size_t d = 0; d < 7; ++d) {
    auto& day = s.days_[d];
    std::sort(day.begin(), day.end(), [](const Window& a, const Window& b) { return a.start < b.start; });
    for (std::size_t k = 1; k < day.size(); ++k)
      if (day[k].start < day[k - 1].end)
        throw std::invalid_argument(std::string("hours overlap on ") + kWeekdayNames[d] + " (" + clock_text(day[k - 1].start) + "-" +
                                    clock_text(day[k - 1].end) + " and " + clock_text(day[k].start) + "-" + clock_text(day[k].end) + ")");
  }
  return s;
}

std::int64_t WeeklySchedule::minutes_on(int weekday) const {
  std::int64_t total = 0;
  for (const Window& w : on(weekday)) total += w.length();
  return total;
}

std::int64_t WeeklySchedule::minutes_per_week() const {
  std::int64_t total = 0;
  for (int d = 0; d < 7; ++d) total += minutes_on(d);
  return total;
}

std::string WeeklySchedule::text() const {
  std::string out;
  for (std::size_t d = 0; d < 7; ++d)
    for (const Window& w : days_[d]) {
      if (!out.empty()) out += "; ";
      out += std::string(kWeekdayNames[d]) + " " + clock_text(w.start) + "-" + clock_text(w.end);
    }
  return out;
}

}  // namespace rehabsim::sim
