#include "sim/calendar/weekly_schedule.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace rehabsim::sim {
namespace {

TEST(WeeklySchedule, ParsesDayRangesListsAndSplitShifts) {
  const auto s = WeeklySchedule::parse("Mon-Wed 08:00-12:00, 12:30-16:30; fri 09:15-13:00; Sat,Sun 10:00-11:00");
  ASSERT_EQ(s.on(0).size(), 2u);
  EXPECT_EQ(s.on(0)[0].start, 480);
  EXPECT_EQ(s.on(0)[0].end, 720);
  EXPECT_EQ(s.on(0)[1].start, 750);
  EXPECT_EQ(s.on(0)[1].end, 990);
  EXPECT_TRUE(s.on(3).empty());  // Thursday off
  EXPECT_EQ(s.on(4).front().start, 555);
  EXPECT_EQ(s.minutes_on(2), 480);
  // 3 x 480 + 225 + 2 x 60
  EXPECT_EQ(s.minutes_per_week(), 3 * 480 + 225 + 2 * 60);
  EXPECT_EQ(WeeklySchedule::parse(s.text()).text(), s.text());
}

TEST(WeeklySchedule, RejectsBadTextWithTheReason) {
  const auto message = [](const char* text) {
    try {
      WeeklySchedule::parse(text);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(message("Mon-Fri").find("missing the hours"), std::string::npos);
  EXPECT_NE(message("Mon-Fry 08:00-12:00").find("unknown day \"Fry\""), std::string::npos);
  EXPECT_NE(message("Mon 8-12").find("not HH:MM"), std::string::npos);
  EXPECT_NE(message("Mon 12:00-08:00").find("end before they start"), std::string::npos);
  EXPECT_NE(message("Mon 08:00-25:00").find("out of range"), std::string::npos);
  EXPECT_NE(message("Fri-Mon 08:00-12:00").find("runs backwards"), std::string::npos);
  EXPECT_NE(message("Mon 08:00-12:00; Mon 11:00-13:00").find("overlap on Mon"), std::string::npos);
  EXPECT_NE(message("  ").find("empty schedule"), std::string::npos);
}

}  // namespace
}  // namespace rehabsim::sim
