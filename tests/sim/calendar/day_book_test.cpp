#include "sim/calendar/day_book.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace rehabsim::sim {
namespace {

const std::vector<Window> kOpen = {{480, 720}, {750, 990}};  // 08:00-12:00, 12:30-16:30

TEST(DayBook, EarliestFitSkipsBookingsOnTheGrid) {
  DayBook b;
  EXPECT_EQ(b.earliest_fit(kOpen, 0, 60, 15), 480);
  b.add({480, 540, 1});
  b.add({560, 620, 2});  // 09:20-10:20: off the grid
  // 09:00-09:45 clashes with 09:20; next grid point after 10:20 is 10:30
  EXPECT_EQ(b.earliest_fit(kOpen, 0, 45, 15), 630);
  // From 11:30 a 45-minute slot does not fit before 12:00: the afternoon window starts at 12:30
  EXPECT_EQ(b.earliest_fit(kOpen, 690, 45, 15), 750);
  // ... unless 15 minutes of overrun are allowed: 11:30-12:15
  EXPECT_EQ(b.earliest_fit(kOpen, 690, 45, 15, 15), 690);
  // Nothing after the last window.
  EXPECT_EQ(b.earliest_fit(kOpen, 960, 45, 15), -1);
  EXPECT_EQ(b.booked_minutes(), 120);
}

TEST(DayBook, StackedIntervalsDoNotBlockAndRemoveFrees) {
  DayBook b;
  b.add({480, 525, 1});
  b.add({480, 525, 2, true});
  EXPECT_EQ(b.count(), 2u);
  EXPECT_EQ(b.stacked_count(), 1u);
  EXPECT_EQ(b.booked_minutes(), 45);
  EXPECT_EQ(b.earliest_fit(kOpen, 0, 45, 15), 525);  // after the unstacked 08:00-08:45
  EXPECT_TRUE(b.remove(1));
  EXPECT_FALSE(b.remove(1));
  EXPECT_EQ(b.earliest_fit(kOpen, 0, 45, 15), 480);
}

}  // namespace
}  // namespace rehabsim::sim

namespace rehabsim::sim {
namespace {

TEST(DayBook, WindowsCanBeGivenRelativeToADay) {
  // Tuesday (day 1) 08:00-12:00 given as minutes since midnight plus the day's first minute.
  DayBook b;
  const std::int64_t tuesday = 1440;
  b.add({tuesday + 480, tuesday + 540, 1});
  EXPECT_EQ(b.earliest_fit(kOpen, 0, 45, 15, 0, tuesday), tuesday + 540);
  EXPECT_EQ(b.earliest_fit(kOpen, tuesday + 700, 45, 15, 0, tuesday), tuesday + 750);
}

}  // namespace
}  // namespace rehabsim::sim
