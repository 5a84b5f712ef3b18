#pragma once
// Between the patients and a limited clinic: books sessions and evaluations into the therapists'
// calendars and schedules the patients' appointment events, frees a leaving patient's bookings,
// and runs the clinic's day start (staffing changes, rebooking, then booking the waiting list).
#include <cstdint>
#include <vector>

#include "models/clinic/clinic.hpp"
#include "models/params/scenario.hpp"
#include "models/patient/patient_events.hpp"
#include "models/patient/patient_state.hpp"

namespace rehabsim::models {

class ClinicAdapter {
 public:
  ClinicAdapter(const Scenario& s, Clinic& clinic, PatientEvents& events, std::vector<PatientState>& patients, std::uint32_t clinic_target,
                std::int64_t last_day)
      : s_(s), clinic_(clinic), events_(events), patients_(patients), clinic_target_(clinic_target), last_day_(last_day) {}

  Clinic& clinic() { return clinic_; }
  std::uint32_t target() const { return clinic_target_; }

  /// Books one session of patient i in [from, end of the planned week); false when no slot is free
  /// (or the slot lies past the patient's horizon).
  bool book_session(std::uint32_t i, std::int64_t from, SessionMode mode);
  /// Books what the waiting list allows at `at`; a patient whose horizon ends first is never seen.
  void book_evaluations(std::int64_t at);
  /// The patient leaves supervised care: future appointments are freed, the caseload drops.
  void cancel_bookings(std::uint32_t i);
  /// 00:00 of a clinic day: staffing first (cancelled sessions are rebooked), then bookings, then
  /// the next day start.
  void start_day(std::int64_t at);
  /// Schedules the day start of calendar day `day` (the first one: day 0).
  void open_day(std::int64_t day);

 private:
  const Scenario& s_;
  Clinic& clinic_;
  PatientEvents& events_;
  std::vector<PatientState>& patients_;
  std::uint32_t clinic_target_;
  std::int64_t last_day_;
};

}  // namespace rehabsim::models
