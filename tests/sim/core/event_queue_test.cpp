#include "sim/core/event_queue.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace rehabsim::sim {
namespace {

TEST(EventQueue, OrdersByTimeThenPriorityThenInsertion) {
  EventQueue q(3);
  q.schedule(SimTime::from_minutes(10), 2, 0, 1, 100);
  q.schedule(SimTime::from_minutes(5), 9, 1, 1, 200);
  q.schedule(SimTime::from_minutes(10), 1, 2, 1, 300);
  q.schedule(SimTime::from_minutes(10), 2, 1, 1, 400);  // same time and priority as the first: after it
  std::vector<int> order;
  while (auto e = q.pop()) order.push_back(e->arg);
  EXPECT_EQ(order, (std::vector<int>{200, 300, 100, 400}));
}

TEST(EventQueue, ClockAdvancesToEachEvent) {
  EventQueue q(1);
  q.schedule(SimTime::from_days(2), 0, 0, 0);
  auto e = q.pop();
  ASSERT_TRUE(e);
  EXPECT_EQ(q.now(), SimTime::from_days(2));
  EXPECT_EQ(q.now().minutes(), 2 * 1440);
  EXPECT_DOUBLE_EQ(q.now().days(), 2.0);
}

TEST(EventQueue, InvalidateCancelsOnlyPendingEventsOfThatTarget) {
  EventQueue q(2);
  q.schedule(SimTime::from_minutes(1), 0, 0, 0, 1);
  q.schedule(SimTime::from_minutes(2), 0, 1, 0, 2);
  q.schedule(SimTime::from_minutes(3), 0, 0, 0, 3);
  q.invalidate(0);
  q.schedule(SimTime::from_minutes(4), 0, 0, 0, 4);  // scheduled after the cancellation: live
  std::vector<int> order;
  while (auto e = q.pop()) order.push_back(e->arg);
  EXPECT_EQ(order, (std::vector<int>{2, 4}));
}

TEST(EventQueue, RefusesEventsInThePast) {
  EventQueue q(1);
  q.schedule(SimTime::from_minutes(10), 0, 0, 0);
  ASSERT_TRUE(q.pop());
  EXPECT_THROW(q.schedule(SimTime::from_minutes(9), 0, 0, 0), std::logic_error);
  EXPECT_NO_THROW(q.schedule(SimTime::from_minutes(10), 0, 0, 0));  // "now" is allowed
}

TEST(EventQueue, RefusesUnknownTargets) {
  EventQueue q(1);
  EXPECT_THROW(q.schedule(SimTime::from_minutes(1), 0, 1, 0), std::out_of_range);
  EXPECT_THROW(q.invalidate(5), std::out_of_range);
}

}  // namespace
}  // namespace rehabsim::sim

namespace rehabsim::sim {
namespace {

TEST(EventQueue, CountsHandledEventsByKindAndCancelledOnesAcrossResets) {
  EventQueue q(2);
  q.schedule(SimTime::from_minutes(1), 0, 0, 3);
  q.schedule(SimTime::from_minutes(2), 0, 1, 1);
  q.schedule(SimTime::from_minutes(3), 0, 1, 1);
  q.invalidate(1);  // both events of target 1 become stale
  q.schedule(SimTime::from_minutes(4), 0, 1, 3);
  while (q.pop()) {
  }
  EXPECT_EQ(q.popped_by_kind(), (std::vector<std::uint64_t>{0, 0, 0, 2}));
  EXPECT_EQ(q.stale_dropped(), 2u);
  q.reset(1);  // a new patient: the queue is empty and at time 0, the counts go on
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.now().minutes(), 0);
  q.schedule(SimTime::from_minutes(0), 0, 0, 1);
  ASSERT_TRUE(q.pop());
  EXPECT_EQ(q.popped_by_kind(), (std::vector<std::uint64_t>{0, 1, 0, 2}));
}

}  // namespace
}  // namespace rehabsim::sim
