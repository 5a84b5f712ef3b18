#include "sim/core/event_queue.hpp"

#include <algorithm>

namespace rehabsim::sim {

void EventQueue::reset(std::uint32_t targets, std::uint32_t targets_per_entity) {
  if (targets_per_entity == 0) throw std::invalid_argument("EventQueue: an entity has at least one target");
  per_entity_ = targets_per_entity;
  const std::uint32_t entities = targets / targets_per_entity + (targets % targets_per_entity != 0);
  own_.resize(entities);
  for (auto& events : own_) events.clear();  // each keeps its capacity
  key_.assign(entities, Key{});
  index_.assign(entities, kAbsent);
  entities_.clear();
  generation_.assign(targets, 0);
  next_sequence_ = 0;
  pending_ = 0;
  now_ = shared_now_ = SimTime{};
  alone_ = kAbsent;
}

void EventQueue::schedule(SimTime time, std::uint8_t priority, std::uint32_t target, std::uint16_t kind, std::int32_t arg) {
  if (time < now_) throw std::logic_error("EventQueue: event scheduled in the past");
  if (target >= generation_.size()) throw std::out_of_range("EventQueue: unknown target");
  if (next_sequence_ >> 56) throw std::overflow_error("EventQueue: sequence exhausted");
  const std::uint32_t entity = entity_of(target);
  if (alone_ != kAbsent && entity != alone_) throw std::logic_error("EventQueue: an event for another entity while one runs alone");
  std::vector<Event>& events = own_[entity];
  const std::uint64_t order = (std::uint64_t{priority} << 56) | next_sequence_++;
  events.push_back(Event{time, order, target, generation_[target], kind, arg});
  std::push_heap(events.begin(), events.end(), Later{});
  ++pending_;
  if (entity != alone_ && events.front().order == order) place(entity);  // the entity's new first event
}

void EventQueue::invalidate(std::uint32_t target) {
  if (target >= generation_.size()) throw std::out_of_range("EventQueue: unknown target");
  ++generation_[target];
}

Event EventQueue::take_top(std::uint32_t entity) {
  std::vector<Event>& events = own_[entity];
  std::pop_heap(events.begin(), events.end(), Later{});
  const Event e = events.back();
  events.pop_back();
  --pending_;
  return e;
}

bool EventQueue::live(const Event& e) {
  if (e.generation == generation_[e.target]) return true;
  ++stale_dropped_;
  return false;
}

void EventQueue::handed_out(const Event& e) {
  assert(e.time >= now_ && "simulation time ran backwards");
  now_ = e.time;
  if (e.kind >= popped_by_kind_.size()) popped_by_kind_.resize(e.kind + std::size_t{1}, 0);
  ++popped_by_kind_[e.kind];
}

std::optional<Event> EventQueue::pop() {
  if (alone_ != kAbsent) throw std::logic_error("EventQueue: pop() while an entity runs alone");
  while (!entities_.empty()) {
    const std::uint32_t entity = entities_.front();
    const Event e = take_top(entity);
    if (own_[entity].empty()) {
      remove(entity);
    } else {
      const Event& next = own_[entity].front();
      key_[entity] = {next.time.minutes(), next.order};
      sift_down(0);
    }
    if (!live(e)) continue;
    handed_out(e);
    return e;
  }
  return std::nullopt;
}

void EventQueue::begin_alone(std::uint32_t entity) {
  if (alone_ != kAbsent) throw std::logic_error("EventQueue: one entity runs alone already");
  if (entity >= own_.size()) throw std::out_of_range("EventQueue: unknown entity");
  if (index_[entity] != kAbsent) remove(entity);
  alone_ = entity;
  shared_now_ = now_;
}

std::optional<Event> EventQueue::pop_alone() {
  if (alone_ == kAbsent) throw std::logic_error("EventQueue: pop_alone() with no entity alone");
  while (!own_[alone_].empty()) {
    const Event e = take_top(alone_);
    if (!live(e)) continue;
    handed_out(e);
    return e;
  }
  return std::nullopt;
}

void EventQueue::end_alone() {
  if (alone_ == kAbsent) throw std::logic_error("EventQueue: end_alone() with no entity alone");
  pending_ -= own_[alone_].size();
  own_[alone_].clear();
  alone_ = kAbsent;
  now_ = shared_now_;
}

// --- the shared heap of entities -----------------------------------------------------------------

void EventQueue::place(std::uint32_t entity) {
  const Event& first = own_[entity].front();
  key_[entity] = {first.time.minutes(), first.order};
  if (index_[entity] == kAbsent) {
    entities_.push_back(entity);
    index_[entity] = static_cast<std::uint32_t>(entities_.size() - 1);
  }
  sift_up(index_[entity]);  // an entity's first event only moves earlier when one is scheduled
}

void EventQueue::remove(std::uint32_t entity) {
  const std::size_t i = index_[entity];
  index_[entity] = kAbsent;
  const std::uint32_t last = entities_.back();
  entities_.pop_back();
  if (i == entities_.size()) return;
  put(i, last);
  sift_up(i);
  sift_down(index_[last]);
}

void EventQueue::sift_up(std::size_t i) {
  const std::uint32_t entity = entities_[i];
  const Key key = key_[entity];
  while (i > 0) {
    const std::size_t parent = (i - 1) / 2;
    if (!(key < key_[entities_[parent]])) break;
    put(i, entities_[parent]);
    i = parent;
  }
  put(i, entity);
}

void EventQueue::sift_down(std::size_t i) {
  const std::size_t n = entities_.size();
  const std::uint32_t entity = entities_[i];
  const Key key = key_[entity];
  for (;;) {
    std::size_t child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && key_[entities_[child + 1]] < key_[entities_[child]]) ++child;
    if (!(key_[entities_[child]] < key)) break;
    put(i, entities_[child]);
    i = child;
  }
  put(i, entity);
}

}  // namespace rehabsim::sim
