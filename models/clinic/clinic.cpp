#include "models/clinic/clinic.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "models/clinic/staffing.hpp"
#include "models/params/rng_purposes.hpp"
#include "sim/core/distributions.hpp"

namespace rehabsim::models {

namespace {

std::int64_t day_of(std::int64_t minute) {
  return minute >= 0 ? minute / sim::SimTime::kMinutesPerDay : -((-minute + sim::SimTime::kMinutesPerDay - 1) / sim::SimTime::kMinutesPerDay);
}
std::int64_t week_of_day(std::int64_t day) { return day / 7; }

}  // namespace

Clinic::Clinic(const ClinicParams& params, std::uint64_t seed, std::uint32_t replication, std::int64_t last_day)
    : p_(params),
      any_telehealth_(std::any_of(p_.therapists.begin(), p_.therapists.end(), [](const TherapistSpec& t) { return t.telehealth; })),
      last_day_(std::max<std::int64_t>(0, last_day)) {
  const std::size_t n = p_.therapists.size();
  for (std::uint32_t t = 0; t < n; ++t)
    sick_streams_.emplace_back(sim::StreamId{seed, replication, t, static_cast<std::uint32_t>(Purpose::TherapistSickness)});
  sick_today_.assign(n, false);
  last_week_on_duty_.assign(n, -1);
  active_.assign(n, 0);
  books_.resize(static_cast<std::size_t>(last_day_ + 1) * n);
  weeks_.resize(static_cast<std::size_t>(week_of_day(last_day_) + 1));
}

// --- staffing ----------------------------------------------------------------------------------

bool Clinic::employed(std::uint32_t t, std::int64_t day) const { return employed_in_week(p_.therapists[t], week_of_day(day)); }

bool Clinic::available(std::uint32_t t, std::int64_t day) const {
  if (day < 0 || day > last_day_ || !employed(t, day) || absent_in_week(p_.therapists[t], week_of_day(day))) return false;
  return !(day == today_ && sick_today_[t]);
}

std::vector<sim::Window> Clinic::shifts(std::uint32_t t, std::int64_t day) const {
  std::vector<sim::Window> out;
  for (const sim::Window& w : p_.therapists[t].schedule.on(static_cast<int>(day % 7)))
    out.push_back({day * sim::SimTime::kMinutesPerDay + w.start, day * sim::SimTime::kMinutesPerDay + w.end});
  return out;
}

std::vector<std::uint32_t> Clinic::start_day(std::int64_t day) {
  today_ = day;
  std::vector<std::uint32_t> cancelled;
  if (day > last_day_) return cancelled;
  ClinicWeek& week = weeks_[static_cast<std::size_t>(week_of_day(day))];
  const int weekday = static_cast<int>(day % 7);
  for (std::uint32_t t = 0; t < p_.therapists.size(); ++t) {
    const double minutes = static_cast<double>(p_.therapists[t].schedule.minutes_on(weekday));
    sick_today_[t] = false;
    if (minutes == 0 || !employed(t, day)) continue;
    week.paid_minutes += minutes;  // paid whether booked, idle, on leave or sick
    // One draw per scheduled working day, so the sick days of a therapist do not depend on bookings.
    sick_today_[t] = sim::bernoulli(sick_streams_[t], p_.sick_day_probability);
    if (!available(t, day)) {
      for (const auto& b : book(t, day).intervals()) cancelled.push_back(b.id);
      continue;
    }
    week.on_duty_minutes += minutes;
    if (last_week_on_duty_[t] != week_of_day(day)) {
      last_week_on_duty_[t] = week_of_day(day);
      week.therapists_on_duty += 1;
    }
  }
  for (std::uint32_t id : cancelled) {
    cancel(id);
    const Appointment& a = appointments_[id];
    week.clinic_cancellations += 1;
    if (a.evaluation) {
      release(a.patient);
      put_on_list(a.patient);
    }
  }
  return cancelled;
}

// --- waiting list --------------------------------------------------------------------------------

void Clinic::waiting_changed(std::int64_t now, int delta) {
  // Adds the area length x time since the last change, split over the weeks it spans.
  for (std::int64_t t = waiting_since_; t < now;) {
    const std::int64_t week = week_of_day(day_of(t));
    const std::int64_t week_end = (week + 1) * 7 * sim::SimTime::kMinutesPerDay;
    const std::int64_t until = std::min(now, week_end);
    if (week >= 0 && static_cast<std::size_t>(week) < weeks_.size())
      weeks_[static_cast<std::size_t>(week)].waiting_patient_minutes += static_cast<double>(waiting_count_) * static_cast<double>(until - t);
    t = until;
  }
  waiting_since_ = std::max(waiting_since_, now);
  waiting_count_ = static_cast<std::size_t>(static_cast<std::int64_t>(waiting_count_) + delta);
  const auto week = static_cast<std::size_t>(std::clamp<std::int64_t>(week_of_day(day_of(now)), 0, static_cast<std::int64_t>(weeks_.size()) - 1));
  for (std::size_t w = week; w < weeks_.size(); ++w) weeks_[w].waiting_at_end = static_cast<int>(waiting_count_);
}

void Clinic::refer(std::uint32_t patient, sim::SimTime at, Surgery surgery, sim::SimTime operated) {
  const std::int64_t now = at.minutes(), surgery_minute = operated.minutes();
  if (entry_of_.size() <= patient) {
    entry_of_.resize(patient + 1);
    evaluator_.resize(patient + 1, -1);
    carer_.resize(patient + 1, -1);
  }
  const int rank = p_.rule == BookingRule::SurgeryType ? p_.surgery_priority[static_cast<std::size_t>(surgery)] : 0;
  const std::int64_t key = p_.rule == BookingRule::DaysSinceSurgery ? surgery_minute : now;
  entry_of_[patient] = Waiting{{rank, key, sequence_++}, patient, p_.spine_specialist_for_fusion && surgery == Surgery::Fusion};
  week_at(now).referrals += 1;
  waiting_changed(now, +1);
  put_on_list(patient);
}

void Clinic::put_on_list(std::uint32_t patient) { unbooked_.insert(entry_of_.at(patient)); }

void Clinic::withdraw(std::uint32_t patient, sim::SimTime at) {
  const std::int64_t now = at.minutes();
  unbooked_.erase(entry_of_.at(patient));
  release(patient);
  waiting_changed(now, -1);
}

std::vector<std::uint32_t> Clinic::book_waiting(sim::SimTime at) {
  const std::int64_t now = at.minutes();
  std::vector<std::uint32_t> booked;
  const std::int64_t from = now + p_.booking_lead_days * sim::SimTime::kMinutesPerDay;
  const std::int64_t to = now + p_.booking_horizon_days * sim::SimTime::kMinutesPerDay;
  bool full[2] = {false, false};  // no slot left for [any therapist, spine specialists]
  for (auto it = unbooked_.begin(); it != unbooked_.end() && !(full[0] && full[1]);) {
    const bool spine = it->needs_spine;
    if (full[spine]) {
      ++it;
      continue;
    }
    const auto slot = earliest(from, to, true, SessionMode::Clinic, [&](std::uint32_t t) {
      const int cap = p_.therapists[t].active_patients_max;
      return (!spine || p_.therapists[t].spine_specialist) && (cap == 0 || active_[t] < cap);
    });
    if (!slot) {
      full[spine] = true;
      if (!spine) full[1] = true;  // a specialist's slot would have been found as well
      ++it;
      continue;
    }
    booked.push_back(add(it->patient, *slot, true, SessionMode::Clinic));
    carer_.at(it->patient) = slot->therapist;
    active_[slot->therapist] += 1;
    it = unbooked_.erase(it);
  }
  return booked;
}

// --- calendars -----------------------------------------------------------------------------------

std::int64_t Clinic::length(std::uint32_t t, bool evaluation, SessionMode mode) const {
  if (evaluation) return p_.therapists[t].evaluation_minutes;
  return mode == SessionMode::Telehealth ? p_.telehealth_session_minutes : p_.therapists[t].session_minutes;
}

template <class Eligible>
std::optional<Clinic::Slot> Clinic::earliest(std::int64_t from, std::int64_t to, bool evaluation, SessionMode mode, Eligible eligible) const {
  const std::int64_t first_day = std::max<std::int64_t>(0, day_of(from)), last = std::min(last_day_, day_of(to - 1));
  const std::int64_t reserved = evaluation ? 0 : p_.reserved_new_per_day;
  for (std::int64_t day = first_day; day <= last; ++day) {
    std::optional<Slot> best;
    for (std::uint32_t t = 0; t < p_.therapists.size(); ++t) {
      if (!eligible(t) || !available(t, day)) continue;
      if (mode == SessionMode::Telehealth && !p_.therapists[t].telehealth) continue;
      const sim::DayBook& db = book(t, day);
      const std::int64_t unstacked = static_cast<std::int64_t>(db.count() - db.stacked_count());
      if (unstacked + reserved >= p_.therapists[t].caseload_per_day) continue;
      const std::int64_t len = length(t, evaluation, mode);
      const auto weekday = static_cast<int>(day % 7);
      const std::vector<sim::Window>& hours = p_.therapists[t].schedule.on(weekday);  // minutes since midnight
      const std::int64_t midnight = day * sim::SimTime::kMinutesPerDay;
      if (db.booked_minutes() + len + reserved * p_.therapists[t].evaluation_minutes >
          p_.therapists[t].schedule.minutes_on(weekday) + p_.overtime_minutes)
        continue;
      const std::int64_t start = db.earliest_fit(hours, std::max(from, midnight), len, p_.granularity_minutes, p_.overtime_minutes, midnight);
      if (start < 0 || start >= to || (best && start >= best->start)) continue;
      std::int64_t overtime = 0;
      for (const auto& w : hours)
        if (start >= midnight + w.start && start < midnight + w.end) overtime = std::max<std::int64_t>(0, start + len - midnight - w.end);
      best = Slot{t, start, overtime};
    }
    if (best) return best;
  }
  return std::nullopt;
}

std::optional<Clinic::Slot> Clinic::stacked(std::int64_t from, std::int64_t to, SessionMode mode, std::optional<std::uint32_t> preferred) const {
  const std::int64_t first_day = std::max<std::int64_t>(0, day_of(from)), last = std::min(last_day_, day_of(to - 1));
  for (std::int64_t day = first_day; day <= last; ++day)
    for (int pass = 0; pass < 2; ++pass)
      for (std::uint32_t t = 0; t < p_.therapists.size(); ++t) {
        if ((pass == 0) != (preferred && *preferred == t) || !available(t, day)) continue;
        if (mode == SessionMode::Telehealth && !p_.therapists[t].telehealth) continue;
        const sim::DayBook& db = book(t, day);
        if (static_cast<std::int64_t>(db.stacked_count()) >= p_.overbook_per_day) continue;
        for (const auto& b : db.intervals()) {
          const Appointment& base = appointments_[b.id];
          if (b.stacked || base.evaluation || base.stacked_by >= 0 || b.start < from || b.start >= to) continue;
          return Slot{t, b.start, 0, b.id};
        }
      }
  return std::nullopt;
}

std::uint32_t Clinic::add(std::uint32_t patient, const Slot& slot, bool evaluation, SessionMode mode) {
  const auto id = static_cast<std::uint32_t>(appointments_.size());
  Appointment a;
  a.patient = patient;
  a.therapist = slot.therapist;
  a.evaluation = evaluation;
  a.mode = mode;
  a.start = slot.start;
  a.end = slot.start + length(slot.therapist, evaluation, mode);
  a.overtime = slot.overtime;
  a.stacked_on = slot.stacked_on;
  appointments_.push_back(a);
  if (slot.stacked_on >= 0) appointments_[static_cast<std::size_t>(slot.stacked_on)].stacked_by = id;
  book(slot.therapist, day_of(slot.start)).add({a.start, a.end, id, slot.stacked_on >= 0});
#ifndef NDEBUG
  audit_day(slot.therapist, day_of(slot.start), sim::SimTime::from_minutes(slot.start));  // debug builds: every booking keeps its day valid
#endif
  return id;
}

std::optional<std::uint32_t> Clinic::book_session(std::uint32_t patient, sim::SimTime from_time, sim::SimTime to_time, SessionMode mode,
                                                  std::optional<std::uint32_t> preferred) {
  const std::int64_t from = from_time.minutes(), to = to_time.minutes();
  if (mode == SessionMode::Telehealth && !any_telehealth_) mode = SessionMode::Clinic;
  for (SessionMode m : {mode, SessionMode::Clinic}) {
    std::optional<Slot> slot;
    if (preferred) slot = earliest(from, to, false, m, [&](std::uint32_t t) { return t == *preferred; });
    if (!slot) slot = earliest(from, to, false, m, [](std::uint32_t) { return true; });
    if (!slot && p_.overbook_per_day > 0) slot = stacked(from, to, m, preferred);
    if (slot) return add(patient, *slot, false, m);
    if (m == SessionMode::Clinic) break;  // a telehealth session falls back to the clinic once
  }
  return std::nullopt;
}

void Clinic::release(std::uint32_t patient) {
  if (patient >= carer_.size() || carer_[patient] < 0) return;
  active_[static_cast<std::size_t>(carer_[patient])] -= 1;
  carer_[patient] = -1;
}

void Clinic::cancel(std::uint32_t id) {
  Appointment& a = appointments_.at(id);
  if (!a.active) return;
  a.active = false;
  book(a.therapist, day_of(a.start)).remove(id);
  if (a.stacked_on >= 0) appointments_[static_cast<std::size_t>(a.stacked_on)].stacked_by = -1;  // the slot may be shared again
}

ClinicWeek& Clinic::week_at(std::int64_t minute) {
  const auto week = std::clamp<std::int64_t>(week_of_day(day_of(minute)), 0, static_cast<std::int64_t>(weeks_.size()) - 1);
  return weeks_[static_cast<std::size_t>(week)];
}

void Clinic::record(std::uint32_t id, VisitOutcome outcome, sim::SimTime at) {
  const std::int64_t now = at.minutes();
  Appointment& a = appointments_.at(id);
  ClinicWeek& week = week_at(a.start);
  if (outcome != VisitOutcome::Attended) {
    (outcome == VisitOutcome::NoShow ? week.no_shows : week.late_cancellations) += 1;
    if (a.evaluation) {  // the slot is lost; the patient waits for another
      release(a.patient);
      put_on_list(a.patient);
    }
    return;
  }
  a.attended = true;
  week.delivered_minutes += static_cast<double>(a.end - a.start);
  week.overtime_minutes += static_cast<double>(a.overtime);
  // Two patients on one slot who both come: the therapist sees the stacked one after the shift.
  const std::int64_t partner = a.stacked_on >= 0 ? a.stacked_on : a.stacked_by;
  if (partner >= 0 && appointments_[static_cast<std::size_t>(partner)].attended) {
    const Appointment& second = a.stacked_on >= 0 ? a : appointments_[static_cast<std::size_t>(partner)];
    week.overtime_minutes += static_cast<double>(second.end - second.start);
  }
  if (a.evaluation) {
    week.evaluations += 1;
    evaluator_.at(a.patient) = a.therapist;
    waiting_changed(now, -1);
    return;
  }
  week.sessions += 1;
  if (a.mode == SessionMode::Telehealth) week.telehealth_sessions += 1;
  attended_sessions_ += 1;
  if (a.patient < evaluator_.size() && evaluator_[a.patient] == static_cast<std::int64_t>(a.therapist)) same_therapist_ += 1;
}

void Clinic::finish(sim::SimTime end) {
  const std::int64_t end_minute = end.minutes();
  waiting_changed(std::max(end_minute, waiting_since_), 0);
  for (ClinicWeek& w : weeks_)
    w.staff_cost_usd = (w.paid_minutes + w.overtime_minutes * p_.overtime_multiplier) / 60.0 * p_.therapist_usd_per_hour +
                       (w.evaluations + w.sessions) * p_.per_visit_usd;
}

void Clinic::audit(sim::SimTime at) const {
  const std::int64_t now = at.minutes();
  const std::int64_t first = std::max<std::int64_t>(0, day_of(now) - 1);
  const std::int64_t last = std::min(last_day_, day_of(now) + p_.booking_horizon_days + 8);
  for (std::int64_t day = first; day <= last; ++day)
    for (std::uint32_t t = 0; t < p_.therapists.size(); ++t) audit_day(t, day, at);
}

void Clinic::audit_day(std::uint32_t t, std::int64_t day, sim::SimTime at) const {
  const std::int64_t now = at.minutes();
  const sim::DayBook& db = book(t, day);
  if (db.count() == 0) return;
  const auto fail = [&](std::uint32_t id, const std::string& what) {
    const Appointment& a = appointments_.at(id);
    throw std::logic_error("clinic invariant broken at minute " + std::to_string(now) + ": appointment " + std::to_string(id) + " of " +
                           p_.therapists[t].name + " at minute " + std::to_string(a.start) + " " + what);
  };
  const std::vector<sim::Window> open = shifts(t, day);
  std::int64_t unstacked = 0, stacked_count = 0;
  for (const auto& b : db.intervals()) {
    const Appointment& a = appointments_.at(b.id);
    if (!a.active || a.therapist != t || a.start != b.start || a.end != b.end) fail(b.id, "does not match its calendar entry");
    if (!available(t, day)) fail(b.id, "is booked on a day the therapist is not working");
    const bool inside = std::any_of(open.begin(), open.end(), [&](const sim::Window& w) {
      return a.start >= w.start && a.start < w.end && a.end <= w.end + p_.overtime_minutes;
    });
    if (!inside) fail(b.id, "lies outside the therapist's schedule");
    (b.stacked ? stacked_count : unstacked) += 1;
    for (const auto& o : db.intervals())
      if (o.id != b.id && !o.stacked && !b.stacked && o.start < b.end && o.end > b.start) fail(b.id, "overlaps another booking");
  }
  if (unstacked > p_.therapists[t].caseload_per_day) fail(db.intervals().front().id, "exceeds the caseload cap");
  if (stacked_count > p_.overbook_per_day) fail(db.intervals().front().id, "exceeds the overbooking allowance");
}

}  // namespace rehabsim::models
