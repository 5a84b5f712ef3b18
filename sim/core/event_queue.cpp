#include "sim/core/event_queue.hpp"

#include <algorithm>

namespace rehabsim::sim {

void EventQueue::reset(std::uint32_t targets) {
  heap_.clear();
  generation_.assign(targets, 0);
  next_sequence_ = 0;
  now_ = SimTime{};
}

void EventQueue::schedule(SimTime time, std::uint8_t priority, std::uint32_t target,
                          std::uint16_t kind, std::int32_t arg) {
  if (time < now_) throw std::logic_error("EventQueue: event scheduled in the past");
  if (target >= generation_.size()) throw std::out_of_range("EventQueue: unknown target");
  if (next_sequence_ >> 56) throw std::overflow_error("EventQueue: sequence exhausted");
  heap_.push_back(Event{time, (std::uint64_t{priority} << 56) | next_sequence_++, target, generation_[target], kind, arg});
  std::push_heap(heap_.begin(), heap_.end(), Later{});
}

void EventQueue::invalidate(std::uint32_t target) {
  if (target >= generation_.size()) throw std::out_of_range("EventQueue: unknown target");
  ++generation_[target];
}

std::optional<Event> EventQueue::pop() {
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    const Event e = heap_.back();
    heap_.pop_back();
    if (e.generation != generation_[e.target]) {  // cancelled
      ++stale_dropped_;
      continue;
    }
    assert(e.time >= now_ && "simulation time ran backwards");
    now_ = e.time;
    if (e.kind >= popped_by_kind_.size()) popped_by_kind_.resize(e.kind + std::size_t{1}, 0);
    ++popped_by_kind_[e.kind];
    return e;
  }
  return std::nullopt;
}

}  // namespace rehabsim::sim
