#pragma once
// The recovery model's event kinds, each with its named same-time priority class, and the queue
// targets ("slots") a patient owns, so that one hazard's pending event can be cancelled (lazily)
// and rescheduled without touching the patient's other events.
#include <cstddef>
#include <cstdint>
#include <iterator>

namespace rehabsim::models {

/// Same-time order (lower first): the clinic's day start (staffing, then booking) and regime
/// changes, then phase moves, the weekly review, appointments, hazards, and observations last so
/// that they see the settled state.
enum class Priority : std::uint8_t {
  DayStart = 0,
  RegimeChange = 0,
  Referral = 1,
  Review = 2,
  Appointment = 3,
  Hazard = 4,
  Observation = 5,
};

enum class Kind : std::uint16_t {
  ActivityResume,
  SupplementEnd,
  Referral,  ///< the protocol's start day: straight into the protocol, or onto the waiting list
  Review,    ///< weekly: trajectories, QALYs, motivation, phase moves, the week's plan
  Session,
  Fusion,
  Setback,
  Fall,
  Reoperation,
  Dropout,
  FollowUp,
  Evaluation,
  ClinicDay,
  HorizonEnd,
  ReturnToWork,
  WorkAllowed,  ///< the surgeon's restriction ends: readiness is checked from that day, not the next review
};

/// Each Kind's name, in the enum's order (`--stats` prints events by kind).
inline constexpr const char* kKindNames[] = {"activity_resume", "supplement_end", "referral",       "review",      "session",   "fusion",
                                             "setback",         "fall",           "reoperation",    "dropout",     "follow_up", "evaluation",
                                             "clinic_day",      "horizon_end",    "return_to_work", "work_allowed"};
static_assert(std::size(kKindNames) == static_cast<std::size_t>(Kind::WorkAllowed) + 1, "a name for every event kind");

constexpr Priority priority_of(Kind k) {
  switch (k) {
    case Kind::ClinicDay: return Priority::DayStart;
    case Kind::ActivityResume:
    case Kind::SupplementEnd:
    case Kind::WorkAllowed: return Priority::RegimeChange;
    case Kind::Referral: return Priority::Referral;
    case Kind::Review: return Priority::Review;
    case Kind::Session:
    case Kind::Evaluation: return Priority::Appointment;
    case Kind::FollowUp:
    case Kind::HorizonEnd: return Priority::Observation;
    case Kind::Fusion:
    case Kind::Setback:
    case Kind::Fall:
    case Kind::Reoperation:
    case Kind::Dropout:
    case Kind::ReturnToWork: return Priority::Hazard;
  }
  return Priority::Hazard;
}

/// Competing risks of a patient (indices of its HazardSet), each with its event kind and slot.
enum Hazard : std::size_t { kFallHazard, kReoperationHazard, kDropoutHazard, kSetbackHazard, kReturnToWorkHazard, kHazards };

enum Slot : std::uint32_t { kMainSlot, kFallSlot, kReoperationSlot, kDropoutSlot, kSetbackSlot, kReturnToWorkSlot, kFusionSlot, kSlots };

constexpr Kind kind_of(Hazard h) {
  switch (h) {
    case kFallHazard: return Kind::Fall;
    case kReoperationHazard: return Kind::Reoperation;
    case kDropoutHazard: return Kind::Dropout;
    case kReturnToWorkHazard: return Kind::ReturnToWork;
    default: return Kind::Setback;
  }
}
constexpr Slot slot_of(Hazard h) { return static_cast<Slot>(static_cast<std::uint32_t>(kFallSlot) + static_cast<std::uint32_t>(h)); }

}  // namespace rehabsim::models
