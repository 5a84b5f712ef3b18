// The event set: one schedule + one pop in steady state with N events pending (N = a patient's
// own events, a block of independent patients, a clinic replication), and lazy cancellation.
#include <benchmark/benchmark.h>

#include "sim/core/event_queue.hpp"
#include "sim/core/rng_stream.hpp"

namespace {

using rehabsim::sim::EventQueue;
using rehabsim::sim::SimTime;

void BM_ScheduleAndPop(benchmark::State& state) {
  const auto pending = static_cast<std::uint32_t>(state.range(0));
  EventQueue q(pending);
  rehabsim::sim::RngStream rng({1, 0, 0, 0});
  for (std::uint32_t i = 0; i < pending; ++i) q.schedule(SimTime::from_minutes(static_cast<std::int64_t>(rng.uniform01() * 1e5)), 2, i, 0);
  for (auto _ : state) {
    const auto e = q.pop();
    q.schedule(SimTime::from_minutes(e->time.minutes() + 1 + static_cast<std::int64_t>(rng.uniform01() * 1e5)), 2, e->target, 0);
    benchmark::DoNotOptimize(e);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ScheduleAndPop)->Arg(8)->Arg(64)->Arg(1024)->Arg(16384);

void BM_PopWithCancelled(benchmark::State& state) {
  // Half of the events scheduled are cancelled before they are due (as hazards rescheduled lazily).
  const auto pending = static_cast<std::uint32_t>(state.range(0));
  EventQueue q(pending);
  rehabsim::sim::RngStream rng({2, 0, 0, 0});
  for (std::uint32_t i = 0; i < pending; ++i) q.schedule(SimTime::from_minutes(static_cast<std::int64_t>(rng.uniform01() * 1e5)), 2, i, 0);
  for (auto _ : state) {
    const auto e = q.pop();
    const std::int64_t t = e->time.minutes();
    q.invalidate(e->target);
    q.schedule(SimTime::from_minutes(t + 1 + static_cast<std::int64_t>(rng.uniform01() * 1e5)), 2, e->target, 0);
    q.invalidate(e->target);
    q.schedule(SimTime::from_minutes(t + 1 + static_cast<std::int64_t>(rng.uniform01() * 1e5)), 2, e->target, 0);
    benchmark::DoNotOptimize(e);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PopWithCancelled)->Arg(8)->Arg(1024);

void BM_ScheduleAndPopByEntity(benchmark::State& state) {
  // A clinic replication's shape: entities (patients) of 7 targets, about 10 events pending each.
  const auto entities = static_cast<std::uint32_t>(state.range(0));
  constexpr std::uint32_t kTargets = 7, kEach = 10;
  EventQueue q(entities * kTargets, kTargets);
  rehabsim::sim::RngStream rng({3, 0, 0, 0});
  for (std::uint32_t i = 0; i < entities * kEach; ++i)
    q.schedule(SimTime::from_minutes(static_cast<std::int64_t>(rng.uniform01() * 1e5)), 2, (i % entities) * kTargets + i % kTargets, 0);
  for (auto _ : state) {
    const auto e = q.pop();
    q.schedule(SimTime::from_minutes(e->time.minutes() + 1 + static_cast<std::int64_t>(rng.uniform01() * 1e5)), 2, e->target, 0);
    benchmark::DoNotOptimize(e);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ScheduleAndPopByEntity)->Arg(1)->Arg(300)->Arg(2080);

}  // namespace
