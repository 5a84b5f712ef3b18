#include "sim/core/event_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <tuple>
#include <vector>

#include "sim/core/rng_stream.hpp"

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

// A reference: every pending event in one list, the smallest (time, priority, sequence) first,
// stale ones skipped. The two-level queue must hand out exactly its order.
struct ReferenceQueue {
  struct Item {
    std::int64_t minute;
    int priority;
    std::uint64_t sequence;
    std::uint32_t target, generation;
    int arg;
  };
  std::vector<Item> items;
  std::vector<std::uint32_t> generation;
  std::uint64_t sequence = 0;
  explicit ReferenceQueue(std::uint32_t targets) : generation(targets, 0) {}
  void schedule(std::int64_t minute, int priority, std::uint32_t target, int arg) {
    items.push_back({minute, priority, sequence++, target, generation[target], arg});
  }
  std::optional<Item> pop() {
    while (!items.empty()) {
      const auto first = std::min_element(items.begin(), items.end(), [](const Item& a, const Item& b) {
        return std::tie(a.minute, a.priority, a.sequence) < std::tie(b.minute, b.priority, b.sequence);
      });
      const Item it = *first;
      items.erase(first);
      if (it.generation == generation[it.target]) return it;
    }
    return std::nullopt;
  }
};

TEST(EventQueue, TwoLevelOrderIsTheOrderOfOneSharedHeap) {
  for (std::uint32_t per_entity : {1u, 3u, 7u}) {
    constexpr std::uint32_t kTargets = 60;
    EventQueue q(kTargets, per_entity);
    ReferenceQueue ref(kTargets);
    RngStream rng({7, per_entity, 0, 0});
    std::int64_t now = 0;
    int arg = 0, popped = 0;
    for (int step = 0; step < 4000; ++step) {
      const double u = rng.uniform01();
      const auto target = static_cast<std::uint32_t>(rng.uniform01() * kTargets);
      if (u < 0.5) {  // ties in time and priority are frequent: a few minutes, three priorities
        const std::int64_t at = now + static_cast<std::int64_t>(rng.uniform01() * 5);
        const auto priority = static_cast<std::uint8_t>(rng.uniform01() * 3);
        q.schedule(SimTime::from_minutes(at), priority, target, 0, arg);
        ref.schedule(at, priority, target, arg++);
      } else if (u < 0.6) {
        q.invalidate(target);
        ++ref.generation[target];
      } else {
        const auto got = q.pop();
        const auto want = ref.pop();
        ASSERT_EQ(got.has_value(), want.has_value()) << "step " << step;
        if (!got) continue;
        ASSERT_EQ(got->arg, want->arg) << "step " << step << ", " << per_entity << " targets an entity";
        now = got->time.minutes();
        ++popped;
      }
    }
    while (const auto want = ref.pop()) {
      const auto got = q.pop();
      ASSERT_TRUE(got);
      ASSERT_EQ(got->arg, want->arg);
    }
    EXPECT_FALSE(q.pop());
    EXPECT_TRUE(q.empty());
    EXPECT_GT(popped, 1000);
  }
}

TEST(EventQueue, AnEntityRunAloneLeavesTheOthersInTheirOrder) {
  // Entity 1 (targets 2, 3) runs alone after the first pop: it gets its events in its own order,
  // the clock following them past the shared time; the others then come out as if it never existed.
  EventQueue q(6, 2);
  ReferenceQueue ref(6);
  const std::vector<std::tuple<std::int64_t, std::uint8_t, std::uint32_t>> plan = {{5, 1, 0}, {5, 1, 2},  {9, 0, 3}, {7, 2, 4},
                                                                                   {5, 0, 5}, {30, 1, 2}, {7, 2, 1}, {5, 1, 4}};
  int arg = 0;
  for (const auto& [minute, priority, target] : plan) {
    q.schedule(SimTime::from_minutes(minute), priority, target, 0, arg);
    if (target / 2 != 1) ref.schedule(minute, priority, target, arg);
    ++arg;
  }
  const auto first = q.pop();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->arg, 4);  // minute 5, priority 0
  ASSERT_EQ(ref.pop()->arg, 4);
  q.begin_alone(1);
  EXPECT_THROW(q.pop(), std::logic_error);
  EXPECT_THROW(q.schedule(SimTime::from_minutes(8), 0, 0, 0), std::logic_error);  // another entity's target
  std::vector<int> alone;
  while (const auto e = q.pop_alone()) {
    alone.push_back(e->arg);
    if (e->arg == 2) q.schedule(SimTime::from_minutes(12), 0, 2, 0, 100);  // its own new event
  }
  EXPECT_EQ(alone, (std::vector<int>{1, 2, 100, 5}));
  EXPECT_EQ(q.now().minutes(), 30);
  q.end_alone();
  EXPECT_EQ(q.now().minutes(), 5);  // back at the shared time
  while (const auto want = ref.pop()) {
    const auto got = q.pop();
    ASSERT_TRUE(got);
    EXPECT_EQ(got->arg, want->arg);
  }
  EXPECT_FALSE(q.pop());
}

TEST(EventQueue, RunningAloneIsRefusedOutOfTurn) {
  EventQueue q(4, 2);
  EXPECT_THROW(q.pop_alone(), std::logic_error);
  EXPECT_THROW(q.end_alone(), std::logic_error);
  EXPECT_THROW(q.begin_alone(2), std::out_of_range);
  q.begin_alone(0);
  EXPECT_THROW(q.begin_alone(1), std::logic_error);
  q.end_alone();
  EXPECT_THROW(EventQueue(4, 0), std::invalid_argument);
}

}  // namespace
}  // namespace rehabsim::sim
