#include "sim/core/hazard_set.hpp"

#include <gtest/gtest.h>

namespace rehabsim::sim {
namespace {

constexpr std::int64_t kNone = HazardSet<2>::kNone;
const LocalClock kClock{1000, 365.0};  // local day 0 is calendar minute 1000

TEST(HazardSet, FirstRateSchedulesAtTheDueMinute) {
  HazardSet<2> h;
  h.renew(0, 1.0, 0.0);
  // Exp(1) budget 1 at 0.1/day: due at day 10 = minute 1000 + 14400.
  EXPECT_EQ(h.set_rate(0, 0.0, 0.1, 1000, kClock), 1000 + 14400);
  EXPECT_EQ(h.pending(0), 1000 + 14400);
  EXPECT_EQ(h.pending(1), kNone);  // the other hazard is untouched
}

TEST(HazardSet, AnEarlierDueTimeReschedulesALaterOneIsLazy) {
  // Rates and budgets exact in binary, so the due days are exact.
  HazardSet<1> h;
  h.renew(0, 1.0, 0.0);
  EXPECT_EQ(h.set_rate(0, 0.0, 0.125, 1000, kClock), 1000 + 8 * 1440);
  // Day 2: 0.25 spent, 0.75 left at 0.25/day: due at day 5 (earlier than the pending day 8).
  EXPECT_EQ(h.set_rate(0, 2.0, 0.25, 1000 + 2 * 1440, kClock), 1000 + 5 * 1440);
  // Day 3: 0.25 more spent, 0.5 left at 0.0625/day: due at day 11, later: the day-5 event is kept.
  EXPECT_EQ(h.set_rate(0, 3.0, 0.0625, 1000 + 3 * 1440, kClock), kNone);
  EXPECT_EQ(h.pending(0), 1000 + 5 * 1440);
  // The superseded day-8 event is stale; the day-5 one is live but not due: it moves to day 11.
  const auto stale = h.on_event(0, 1000 + 8 * 1440, kClock);
  EXPECT_FALSE(stale.due);
  EXPECT_EQ(stale.reschedule_at, kNone);
  const auto early = h.on_event(0, 1000 + 5 * 1440, kClock);
  EXPECT_FALSE(early.due);
  EXPECT_EQ(early.reschedule_at, 1000 + 11 * 1440);
  const auto due = h.on_event(0, 1000 + 11 * 1440, kClock);
  EXPECT_TRUE(due.due);
  EXPECT_EQ(h.pending(0), kNone);
}

TEST(HazardSet, NothingPastTheHorizonAndNeverBeforeNow) {
  HazardSet<1> h;
  h.renew(0, 1.0, 0.0);
  EXPECT_EQ(h.set_rate(0, 0.0, 0.001, 1000, kClock), kNone);  // due at day 1000 > horizon
  EXPECT_EQ(h.set_rate(0, 0.0, 0.0, 1000, kClock), kNone);    // rate 0: never
  HazardSet<1> g;
  g.renew(0, 0.0, 0.0);  // an empty budget is due at once, but not before the queue's now
  EXPECT_EQ(g.set_rate(0, 0.0, 1.0, 5000, kClock), 5000);
}

TEST(HazardSet, AnUnchangedDueMinuteSchedulesNothingMore) {
  // The rate is re-set at every event of the entity, mostly to the same value: a due minute equal
  // to the pending one must not add a second event for it (one live event a hazard, no flood).
  HazardSet<1> h;
  h.renew(0, 1.0, 0.0);
  EXPECT_EQ(h.set_rate(0, 0.0, 0.125, 1000, kClock), 1000 + 8 * 1440);
  EXPECT_EQ(h.set_rate(0, 2.0, 0.125, 1000 + 2 * 1440, kClock), kNone);  // same rate: still due at day 8
  EXPECT_EQ(h.set_rate(0, 4.0, 0.125, 1000 + 4 * 1440, kClock), kNone);
  EXPECT_EQ(h.pending(0), 1000 + 8 * 1440);
  EXPECT_TRUE(h.on_event(0, 1000 + 8 * 1440, kClock).due);
}

}  // namespace
}  // namespace rehabsim::sim
