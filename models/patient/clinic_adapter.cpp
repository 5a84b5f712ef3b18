#include "models/patient/clinic_adapter.hpp"

#include <algorithm>

namespace rehabsim::models {

using sim::SimTime;

bool ClinicAdapter::book_session(std::uint32_t i, std::int64_t from, SessionMode mode) {
  PatientState& st = patients_[i];
  if (from >= st.clinic.week_end) return false;
  const auto id = clinic_.book_session(i, SimTime::from_minutes(from), SimTime::from_minutes(st.clinic.week_end), mode, st.clinic.own_therapist);
  if (!id) return false;
  const Appointment a = clinic_.appointment(*id);
  if (st.clock.day_of(a.start) > st.clock.horizon_days) {  // past the patient's horizon: nothing to simulate
    clinic_.cancel(*id);
    return false;
  }
  st.clinic.bookings.push_back(*id);
  st.clinic.next_free_day = a.start / SimTime::kMinutesPerDay + 1;
  events_.at_minute(i, a.start, Kind::Session, kMainSlot, static_cast<std::int32_t>(*id));
  return true;
}

void ClinicAdapter::book_evaluations(std::int64_t at) {
  for (std::uint32_t id : clinic_.book_waiting(SimTime::from_minutes(at))) {
    const Appointment a = clinic_.appointment(id);
    const PatientState& st = patients_[a.patient];
    if (st.clock.day_of(a.start) > st.clock.horizon_days) {  // the patient's horizon ends first: never seen
      clinic_.cancel(id);
      clinic_.release(a.patient);
      continue;
    }
    events_.at_minute(a.patient, a.start, Kind::Evaluation, kMainSlot, static_cast<std::int32_t>(id));
  }
}

void ClinicAdapter::cancel_bookings(std::uint32_t i) {
  PatientState& st = patients_[i];
  for (std::uint32_t id : st.clinic.bookings) clinic_.cancel(id);
  clinic_.release(i);
  st.clinic.bookings.clear();
}

void ClinicAdapter::open_day(std::int64_t day) { events_.at_target(clinic_target_, SimTime::from_days(day).minutes(), Kind::ClinicDay); }

void ClinicAdapter::start_day(std::int64_t at) {
  const std::int64_t day = at / SimTime::kMinutesPerDay;
  for (std::uint32_t id : clinic_.start_day(day)) {
    const Appointment a = clinic_.appointment(id);
    if (a.evaluation) continue;  // the patient is back on the waiting list
    PatientState& st = patients_[a.patient];
    std::erase(st.clinic.bookings, id);
    if (s_.clinic.rebook_missed && !st.dropped && phase_of(st, s_.protocol)) book_session(a.patient, at, a.mode);
  }
  book_evaluations(at);
  if (day < last_day_) open_day(day + 1);
}

}  // namespace rehabsim::models
