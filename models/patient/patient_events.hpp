#pragma once
// Scheduling a patient's events on the replication's queue: each patient owns kSlots queue targets
// (models/patient/event_kinds.hpp), and patient times (days since the operation) map to calendar minutes
// through the patient's LocalClock.
#include <algorithm>
#include <cstdint>

#include "models/patient/event_kinds.hpp"
#include "models/patient/patient_state.hpp"
#include "sim/core/event_queue.hpp"

namespace rehabsim::models {

class PatientEvents {
 public:
  explicit PatientEvents(sim::EventQueue& queue) : queue_(queue) {}

  static std::uint32_t target(std::uint32_t patient, Slot slot) { return patient * kSlots + slot; }
  static std::uint32_t patient_of(std::uint32_t target) { return target / kSlots; }

  void at_minute(std::uint32_t patient, std::int64_t minute, Kind k, Slot slot = kMainSlot, std::int32_t arg = 0) {
    at_target(target(patient, slot), minute, k, arg);
  }
  /// An event of a target that is not a patient's (the clinic's day start).
  void at_target(std::uint32_t target, std::int64_t minute, Kind k, std::int32_t arg = 0) {
    queue_.schedule(sim::SimTime::from_minutes(minute), static_cast<std::uint8_t>(priority_of(k)), target, static_cast<std::uint16_t>(k), arg);
  }
  /// At a patient day; nothing after the horizon (it could change no output), never before now.
  void at_day(const PatientState& st, std::uint32_t patient, double day, Kind k, Slot slot = kMainSlot, std::int32_t arg = 0) {
    if (!(day <= st.clock.horizon_days)) return;
    at_minute(patient, std::max(queue_.now().minutes(), st.clock.minute_of(day)), k, slot, arg);
  }
  /// Cancels the pending events of one slot (lazily).
  void invalidate(std::uint32_t patient, Slot slot) { queue_.invalidate(target(patient, slot)); }
  std::int64_t now_minute() const { return queue_.now().minutes(); }

 private:
  sim::EventQueue& queue_;
};

}  // namespace rehabsim::models
