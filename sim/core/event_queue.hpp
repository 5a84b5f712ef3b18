#pragma once
// The pending events of a simulation, ordered by (time, priority class, insertion sequence), so
// ties never depend on pointer or hash order. Cancellation is lazy: every event carries the
// generation of its target at scheduling time; invalidate(target) bumps the generation, and stale
// events are dropped on pop.
//
// Two levels: the targets are grouped into entities (`targets_per_entity` consecutive targets,
// e.g. a patient's timers), each entity keeps its pending events in a small heap of its own, and
// an indexed heap orders the entities by their next event. pop() hands out exactly the order of
// one shared heap, but a pop touches a few hot cache lines instead of a heap of every pending
// event; and an entity whose future no longer depends on the others can be run on its own to the
// end (begin_alone / pop_alone / end_alone) without disturbing the order of the rest.
#include <cassert>
#include <cstdint>
#include <limits>
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
  std::uint32_t target = 0;  ///< the entity the event belongs to (a model's index)
  std::uint32_t generation = 0;
  std::uint16_t kind = 0;  ///< model-defined event type
  std::int32_t arg = 0;    ///< model-defined small payload

  std::uint8_t priority() const { return static_cast<std::uint8_t>(order >> 56); }
  std::uint64_t sequence() const { return order & ((std::uint64_t{1} << 56) - 1); }
};

class EventQueue {
 public:
  /// @param targets number of targets that own events (indices 0..targets-1)
  /// @param targets_per_entity targets t and u belong to one entity when t / n == u / n
  explicit EventQueue(std::uint32_t targets = 0, std::uint32_t targets_per_entity = 1) { reset(targets, targets_per_entity); }

  /// Empties the queue for a new run with `targets` targets, the clock back at 0. Keeps its
  /// memory (a queue reused for patient after patient allocates nothing) and its statistics.
  void reset(std::uint32_t targets, std::uint32_t targets_per_entity = 1);

  /// Schedules an event; it must not lie before the current time.
  void schedule(SimTime time, std::uint8_t priority, std::uint32_t target, std::uint16_t kind, std::int32_t arg = 0);
  /// Cancels every pending event of `target` (lazily: they are skipped when they reach the top).
  void invalidate(std::uint32_t target);

  /// The next live event, advancing the clock to it; nullopt when the queue is exhausted.
  std::optional<Event> pop();

  /// Takes `entity` out of the shared order to run it on its own: until end_alone(), pop_alone()
  /// hands out its events in their order (the clock follows them, past the shared time) and
  /// schedule() accepts its targets only. The caller guarantees that the entity's future neither
  /// depends on nor changes the other entities'; their order is then what it would have been.
  void begin_alone(std::uint32_t entity);
  /// The entity's next live event; nullopt when it has none left.
  std::optional<Event> pop_alone();
  /// Back to the shared order, the clock at the shared time; the entity's remaining events, if
  /// any, are dropped.
  void end_alone();

  std::uint32_t entity_of(std::uint32_t target) const { return target / per_entity_; }
  SimTime now() const { return now_; }
  bool empty() const { return pending_ == 0; }
  std::size_t pending() const { return pending_; }

  /// Live events handed out by pop() and pop_alone() since construction, by kind (index = kind; for `--stats`).
  const std::vector<std::uint64_t>& popped_by_kind() const { return popped_by_kind_; }
  /// Cancelled events dropped by pop() and pop_alone().
  std::uint64_t stale_dropped() const { return stale_dropped_; }

 private:
  static constexpr std::uint32_t kAbsent = std::numeric_limits<std::uint32_t>::max();
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      if (a.time != b.time) return a.time > b.time;
      return a.order > b.order;
    }
  };
  /// An entity's next event, cached beside the shared heap so that sifting reads no event heap.
  struct Key {
    std::int64_t minute;
    std::uint64_t order;
    bool operator<(const Key& o) const { return minute != o.minute ? minute < o.minute : order < o.order; }
  };

  Event take_top(std::uint32_t entity);
  bool live(const Event& e);
  void handed_out(const Event& e);
  // The shared heap of entities (by their Key)
  void place(std::uint32_t entity);  ///< the entity's first event changed (or it just got one)
  void remove(std::uint32_t entity);
  void sift_up(std::size_t i);
  void sift_down(std::size_t i);
  void put(std::size_t i, std::uint32_t entity) {
    entities_[i] = entity;
    index_[entity] = static_cast<std::uint32_t>(i);
  }

  std::uint32_t per_entity_ = 1;
  std::vector<std::vector<Event>> own_;  ///< by entity: its pending events, a binary min-heap by (time, order)
  std::vector<Key> key_;                 ///< by entity: its first pending event
  std::vector<std::uint32_t> index_;     ///< by entity: its place in entities_, kAbsent when it has no events (or runs alone)
  std::vector<std::uint32_t> entities_;  ///< entities with pending events, a binary min-heap by key_
  std::vector<std::uint32_t> generation_;
  std::uint64_t next_sequence_ = 0;
  std::size_t pending_ = 0;
  SimTime now_, shared_now_;
  std::uint32_t alone_ = kAbsent;
  std::vector<std::uint64_t> popped_by_kind_;
  std::uint64_t stale_dropped_ = 0;
};

}  // namespace rehabsim::sim
