#pragma once
// The outpatient PT clinic of one replication: therapists with weekly rosters, their appointment
// calendars, the waiting list for initial evaluations, and the weekly statistics a clinic manager
// reads. It books and records; it never schedules events or advances time itself (the replication
// calls it at the right moments), so it can be tested with a hand-written calendar.
#include <cstdint>
#include <optional>
#include <set>
#include <tuple>
#include <vector>

#include "models/params/clinic_params.hpp"
#include "models/params/scenario.hpp"
#include "sim/calendar/day_book.hpp"
#include "sim/core/rng_stream.hpp"
#include "sim/core/sim_time.hpp"

namespace rehabsim::models {

struct Appointment {
  std::uint32_t patient = 0;
  std::uint32_t therapist = 0;
  bool evaluation = false;
  SessionMode mode = SessionMode::Clinic;
  std::int64_t start = 0, end = 0;  ///< absolute minutes (day 0 00:00 is a Monday)
  std::int64_t overtime = 0;        ///< minutes past the shift's end
  bool active = true;               ///< false once cancelled (slot freed)
  bool attended = false;
  std::int64_t stacked_on = -1;  ///< overbooking: the booked appointment this one was stacked on
  std::int64_t stacked_by = -1;  ///< overbooking: the appointment stacked on this one
};

enum class VisitOutcome { Attended, NoShow, LateCancellation };

/// One week of the clinic (week w covers days 7w .. 7w + 6).
struct ClinicWeek {
  double waiting_patient_minutes = 0;  ///< integral of the waiting-list length over the week
  int waiting_at_end = 0;
  int referrals = 0, evaluations = 0, sessions = 0, telehealth_sessions = 0;
  int no_shows = 0, late_cancellations = 0, clinic_cancellations = 0, unbooked_sessions = 0;
  double paid_minutes = 0, on_duty_minutes = 0, delivered_minutes = 0, overtime_minutes = 0;
  int therapists_on_duty = 0;
  double staff_cost_usd = 0;  ///< paid hours, overtime and per-visit costs (set by Clinic::finish)
};

class Clinic {
 public:
  /// `last_day`: the clinic runs days 0..last_day. Sick days come from one stream per therapist.
  Clinic(const ClinicParams& params, std::uint64_t seed, std::uint32_t replication, std::int64_t last_day);

  // --- staffing ------------------------------------------------------------------------------
  /// At 00:00 of `day` (called for every day in order): applies hires, leavers, planned absences
  /// and sick days. Returns the appointments cancelled because their therapist is off; patients
  /// whose evaluation is cancelled go back on the waiting list.
  std::vector<std::uint32_t> start_day(std::int64_t day);

  // --- waiting list ----------------------------------------------------------------------------
  void refer(std::uint32_t patient, sim::SimTime now, Surgery surgery, sim::SimTime operated);
  /// The patient leaves the list unseen (their simulated horizon ends while waiting).
  void withdraw(std::uint32_t patient, sim::SimTime now);
  /// Books evaluations for unbooked patients on the list, in the booking rule's order; returns the
  /// new appointment ids.
  std::vector<std::uint32_t> book_waiting(sim::SimTime now);

  // --- follow-up sessions ----------------------------------------------------------------------
  /// Books a session starting in [from, to): with `preferred` (the patient's therapist) when it
  /// has a slot, else the earliest slot of any suitable therapist, else (with overbooking) a
  /// stacked slot. Telehealth needs a telehealth therapist; without one the session is in clinic.
  std::optional<std::uint32_t> book_session(std::uint32_t patient, sim::SimTime from, sim::SimTime to, SessionMode mode,
                                            std::optional<std::uint32_t> preferred);
  /// Frees the slot of a future appointment (discharge, dropout).
  void cancel(std::uint32_t id);
  /// The patient leaves supervised care (discharge, dropout, the end of the supervised phases):
  /// their therapist's active caseload drops by one.
  void release(std::uint32_t patient);
  /// Patients in therapist t's care (evaluation booked, not released).
  int active_patients(std::uint32_t t) const { return active_.at(t); }
  /// The patient counts in some therapist's active caseload (a later release would change it).
  bool in_care(std::uint32_t patient) const { return patient < carer_.size() && carer_[patient] >= 0; }
  /// Records what happened at an appointment; an attended evaluation takes the patient off the
  /// waiting list, a missed one puts the patient back on it.
  void record(std::uint32_t id, VisitOutcome outcome, sim::SimTime now);
  void count_unbooked(sim::SimTime now) { week_at(now.minutes()).unbooked_sessions += 1; }

  /// Closes the waiting-list integral and prices each week, at the end of the run.
  void finish(sim::SimTime end);

  const Appointment& appointment(std::uint32_t id) const { return appointments_.at(id); }
  const std::vector<ClinicWeek>& weeks() const { return weeks_; }
  std::size_t waiting() const { return waiting_count_; }
  /// Sessions given by the patient's own therapist (the evaluator), and all sessions attended.
  std::int64_t continuity_sessions() const { return same_therapist_; }
  std::int64_t attended_sessions() const { return attended_sessions_; }

  /// Checks every booking of the days around `now`: inside its therapist's shift (plus the allowed
  /// overtime), on a working day, no two unstacked bookings overlapping, never over the caseload
  /// cap or the overbooking allowance. Throws std::logic_error naming the breach.
  void audit(sim::SimTime now) const;
  /// The same checks for one therapist's day.
  void audit_day(std::uint32_t t, std::int64_t day, sim::SimTime now) const;

 private:
  struct Waiting {
    std::tuple<int, std::int64_t, std::int64_t> order;  ///< (rank, time key, sequence)
    std::uint32_t patient;
    bool needs_spine;
    bool operator<(const Waiting& o) const { return order < o.order; }
  };
  struct Slot {
    std::uint32_t therapist;
    std::int64_t start;
    std::int64_t overtime;
    std::int64_t stacked_on = -1;
  };

  bool employed(std::uint32_t t, std::int64_t day) const;
  bool available(std::uint32_t t, std::int64_t day) const;
  sim::DayBook& book(std::uint32_t t, std::int64_t day) { return books_.at(static_cast<std::size_t>(day) * p_.therapists.size() + t); }
  const sim::DayBook& book(std::uint32_t t, std::int64_t day) const { return books_.at(static_cast<std::size_t>(day) * p_.therapists.size() + t); }
  std::vector<sim::Window> shifts(std::uint32_t t, std::int64_t day) const;
  std::int64_t length(std::uint32_t t, bool evaluation, SessionMode mode) const;
  /// Earliest free slot in [from, to) among therapists for which `eligible` holds.
  template <class Eligible>
  std::optional<Slot> earliest(std::int64_t from, std::int64_t to, bool evaluation, SessionMode mode, Eligible eligible) const;
  std::optional<Slot> stacked(std::int64_t from, std::int64_t to, SessionMode mode, std::optional<std::uint32_t> preferred) const;
  std::uint32_t add(std::uint32_t patient, const Slot& slot, bool evaluation, SessionMode mode);
  void put_on_list(std::uint32_t patient);
  void waiting_changed(std::int64_t now, int delta);
  ClinicWeek& week_at(std::int64_t minute);

  ClinicParams p_;
  bool any_telehealth_ = false;  ///< some therapist gives telehealth sessions
  std::int64_t last_day_;
  std::int64_t today_ = -1;
  std::vector<sim::RngStream> sick_streams_;
  std::vector<bool> sick_today_;
  std::vector<std::int64_t> last_week_on_duty_;
  std::vector<sim::DayBook> books_;  ///< [day][therapist]
  std::vector<Appointment> appointments_;
  std::vector<ClinicWeek> weeks_;
  // Waiting list: every referred patient not yet seen; the unbooked ones in booking order.
  std::set<Waiting> unbooked_;
  std::vector<Waiting> entry_of_;        ///< by patient (grown on demand)
  std::vector<std::int64_t> evaluator_;  ///< by patient: therapist of the evaluation, -1 before
  std::vector<std::int64_t> carer_;      ///< by patient: therapist whose active caseload counts them, -1 when none
  std::vector<int> active_;              ///< by therapist: patients in care
  std::size_t waiting_count_ = 0;
  std::int64_t waiting_since_ = 0;
  std::int64_t sequence_ = 0;
  std::int64_t same_therapist_ = 0, attended_sessions_ = 0;
};

}  // namespace rehabsim::models
