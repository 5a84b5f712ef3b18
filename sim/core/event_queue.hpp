#pragma once
// One event record ordered by (time, priority class, insertion sequence), so ties never depend on
// pointer or hash order. Cancellation is lazy: every event carries the generation of its target at
// scheduling time; invalidate(target) bumps the generation, and stale events are dropped on pop.
#include <cassert>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <vector>

#include "sim/core/sim_time.hpp"

namespace rehabsim::sim {

struct Event {
  SimTime time;
  /// Priority class (top 8 bits, lower runs first at equal time) and insertion sequence (low 56
  /// bits, the final tie-break) packed into one key, so the heap compares two integers.
  std::uint64_t order = 0;
  std::uint32_t target = 0;    ///< the entity the event belongs to (a model's index)
  std::uint32_t generation = 0;
  std::uint16_t kind = 0;      ///< model-defined event type
  std::int32_t arg = 0;        ///< model-defined small payload

  std::uint8_t priority() const { return static_cast<std::uint8_t>(order >> 56); }
  std::uint64_t sequence() const { return order & ((std::uint64_t{1} << 56) - 1); }
};

class EventQueue {
 public:
  /// @param targets number of entities that own events (indices 0..targets-1)
  explicit EventQueue(std::uint32_t targets = 0) : generation_(targets, 0) {}

  /// Empties the queue for a new run with `targets` entities, the clock back at 0. Keeps its
  /// memory (a queue reused for patient after patient allocates nothing) and its statistics.
  void reset(std::uint32_t targets);

  /// Schedules an event; it must not lie before the current time.
  void schedule(SimTime time, std::uint8_t priority, std::uint32_t target, std::uint16_t kind,
                std::int32_t arg = 0);
  /// Cancels every pending event of `target` (lazily: they are skipped when they reach the top).
  void invalidate(std::uint32_t target);

  /// The next live event, advancing the clock to it; nullopt when the queue is exhausted.
  std::optional<Event> pop();

  SimTime now() const { return now_; }
  bool empty() const { return heap_.empty(); }
  std::size_t pending() const { return heap_.size(); }

  /// Live events handed out by pop() since construction, by kind (index = kind; for `--stats`).
  const std::vector<std::uint64_t>& popped_by_kind() const { return popped_by_kind_; }
  /// Cancelled events dropped by pop().
  std::uint64_t stale_dropped() const { return stale_dropped_; }

 private:
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      if (a.time != b.time) return a.time > b.time;
      return a.order > b.order;
    }
  };
  std::vector<Event> heap_;  ///< a binary min-heap by (time, order) (std::push_heap / pop_heap with Later)
  std::vector<std::uint32_t> generation_;
  std::uint64_t next_sequence_ = 0;
  SimTime now_;
  std::vector<std::uint64_t> popped_by_kind_;
  std::uint64_t stale_dropped_ = 0;
};

}  // namespace rehabsim::sim
