#include "models/scenario/clinic_bindings.hpp"

#include <algorithm>
#include <stdexcept>

#include "models/params/scenario.hpp"
#include "sim/core/errors.hpp"

namespace rehabsim::models {

using sim::config::Bindings;
using sim::config::Values;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
const std::string kFraction = "fraction 0-1";
#define AT(member) \
  [](auto& x) -> auto& { return x.member; }

Bindings<ArrivalPeriod> arrival_period_bindings() {
  Bindings<ArrivalPeriod> b;
  b.add({"from_week_of_year", "week 1-52", 1, 52, "First week of the period.", ""}, AT(from_week_of_year));
  b.add({"to_week_of_year", "week 1-52", 1, 52, "Last week of the period (inclusive; may wrap past 52).", ""}, AT(to_week_of_year));
  b.add({"rate_multiplier", "ratio", 0, 100, "Multiplier on clinic.arrivals.per_week in these weeks.", "scenario input"}, AT(rate_multiplier));
  return b;
}

Bindings<TherapistGroup> therapist_bindings() {
  Bindings<TherapistGroup> b;
  b.add({"name", "", -kInf, kInf, "Name; a group of count > 1 is numbered name-1, name-2, ...", ""}, AT(therapist.name));
  b.add({"count", "therapists", 1, 200, "Number of identical therapists in this entry.", ""}, AT(count));
  b.add({"schedule", "", -kInf, kInf, "Weekly hours, e.g. \"Mon-Fri 08:00-12:00, 12:30-16:30; Sat 09:00-12:00\" (days Mon..Sun, times HH:MM).", ""},
        AT(schedule_text));
  b.add({"telehealth", "", -kInf, kInf, "Gives telehealth sessions.", ""}, AT(therapist.telehealth));
  b.add({"spine_specialist", "", -kInf, kInf, "Spine specialist (see clinic.booking.spine_specialist_for_fusion).", ""},
        AT(therapist.spine_specialist));
  b.add({"caseload_per_day", "appointments/day", 1, 60, "Appointments per day at most.", "WebPT: 8-12 patients a day typical"},
        AT(therapist.caseload_per_day));
  b.add({"active_patients_max", "patients", 0, 1000,
         "Patients in this therapist's care at once, from the evaluation to discharge or dropout; a new patient is only "
         "booked with a therapist under the cap, so the waiting list, not the follow-ups, absorbs a shortage. 0: no cap.",
         "policy; about (daily caseload x 5) / (sessions per week in care)"},
        AT(therapist.active_patients_max));
  b.add({"evaluation_minutes", "minutes", 10, 240, "Length of an initial evaluation.", "grey literature: 60-90 min"},
        AT(therapist.evaluation_minutes));
  b.add({"session_minutes", "minutes", 10, 240, "Length of a follow-up session in the clinic.", "grey literature: 45-60 min"},
        AT(therapist.session_minutes));
  b.add({"start_week", "week", 0, 520, "First week employed (a hire in week N).", ""}, AT(therapist.start_week));
  b.add({"end_week", "week", -1, 520, "First week no longer employed; -1: stays.", ""}, AT(therapist.end_week));
  return b;
}

Bindings<Absence> absence_bindings() {
  Bindings<Absence> b;
  b.add({"therapist", "", -kInf, kInf, "Name of the therapist (or of a group: every member).", ""}, AT(therapist));
  b.add({"from_week", "week", 0, 520, "First week away.", ""}, AT(from_week));
  b.add({"to_week", "week", 0, 520, "Last week away (inclusive).", ""}, AT(to_week));
  return b;
}

void add_demand(Bindings<ClinicParams>& b) {
  b.add({"capacity", "", -kInf, kInf,
         "\"unlimited\": every session happens when the protocol asks (patients independent); \"therapists\": sessions are booked "
         "into the calendars of [[clinic.therapists]], with a waiting list.",
         ""},
        AT(capacity), kClinicCapacityNames);
  b.add({"arrivals.mode", "", -kInf, kInf,
         "\"cohort\": every patient is operated on day 0; \"poisson\": operations arrive as a Poisson stream (run.patients of them).", ""},
        AT(arrivals), kArrivalModeNames);
  b.add({"arrivals.per_week", "patients/week", 0.01, 10000, "Mean operations per week (mode poisson), before the week-of-year multipliers.",
         "scenario input"},
        AT(arrivals_per_week));
  b.add({"arrivals.start_week_of_year", "week 1-52", 1, 52, "Week of the year in which day 0 falls.", ""}, AT(start_week_of_year));
  b.add({"arrivals.warmup_weeks", "weeks", 0, 520,
         "Patients operated in the first weeks are simulated but left out of /replications and the KPIs (the clinic fills up).", ""},
        AT(warmup_weeks));
  b.add_array({"arrival_periods", "", 0, 52, "Weeks of the year with a different arrival rate (holidays, seasons).", ""}, AT(arrival_periods),
              arrival_period_bindings());
  b.add({"referral_delay_days", "days", 0, 365, "Days from the protocol's start day until the referral reaches the clinic's waiting list.",
         "assumption"},
        AT(referral_delay_days));
}

void add_booking(Bindings<ClinicParams>& b) {
  b.add({"booking.rule", "", -kInf, kInf,
         "Order of the waiting list: first come first served, by surgery type (priority_*), or longest since surgery first.", ""},
        AT(rule), kBookingRuleNames);
  b.add({"booking.priority_discectomy", "rank", 1, 3, "Rank of discectomy under rule surgery_type (1 first).", ""}, AT(surgery_priority[0]));
  b.add({"booking.priority_fusion", "rank", 1, 3, "Rank of fusion under rule surgery_type.", ""}, AT(surgery_priority[1]));
  b.add({"booking.priority_decompression", "rank", 1, 3, "Rank of decompression under rule surgery_type.", ""}, AT(surgery_priority[2]));
  b.add({"booking.lead_days", "days", 0, 60, "An evaluation is booked at least this many days ahead.", ""}, AT(booking_lead_days));
  b.add(
      {"booking.horizon_days", "days", 1, 365, "The calendar is open this far ahead for evaluations; patients without a slot stay on the list.", ""},
      AT(booking_horizon_days));
  b.add({"booking.granularity_minutes", "minutes", 1, 240, "Appointments start on this grid from the shift start.", ""}, AT(granularity_minutes));
  b.add({"booking.reserved_new_per_day", "appointments", 0, 50,
         "Per therapist and day, appointments (count and time) kept for new patients' evaluations.", ""},
        AT(reserved_new_per_day));
  b.add({"booking.overbook_per_day", "appointments", 0, 20,
         "Per therapist and day, follow-ups that may be stacked on an already booked slot when the calendar is full "
         "(when both patients come, the therapist works the extra session as overtime).",
         ""},
        AT(overbook_per_day));
  b.add({"booking.overtime_minutes", "minutes", 0, 240,
         "A session may end up to this long after its shift (counted as overtime); 0: never past the shift.", ""},
        AT(overtime_minutes));
  b.add({"booking.rebook_missed", "", -kInf, kInf, "A missed or clinic-cancelled session is rebooked within the patient's week when a slot is free.",
         ""},
        AT(rebook_missed));
  b.add({"booking.spine_specialist_for_fusion", "", -kInf, kInf, "Evaluations of fusion patients need a therapist with spine_specialist = true.", ""},
        AT(spine_specialist_for_fusion));
}

void add_sessions_and_costs(Bindings<ClinicParams>& b) {
  b.add({"telehealth.share", kFraction, 0, 1,
         "Share of in-clinic follow-up sessions given by telehealth instead (needs therapists with telehealth = true).", "policy"},
        AT(telehealth_share));
  b.add({"telehealth.session_minutes", "minutes", 5, 240, "Length of a telehealth session.", "assumption"}, AT(telehealth_session_minutes));
  b.add({"sick_day_probability", kFraction, 0, 0.5,
         "Probability that a therapist is off sick on a scheduled day; that day's appointments are cancelled.", "assumption: about 5 days a year"},
        AT(sick_day_probability));
  b.add({"waiting_motivation_penalty_per_week", "per week", 0, 0.5, "Motivation lost per week on the waiting list.",
         "assumption (MODEL-SKETCH: waiting lowers motivation)"},
        AT(waiting_motivation_penalty_per_week));
  b.add(
      {"costs.therapist_usd_per_hour", "USD/hour", 0, 1000, "Therapist pay per scheduled hour, booked or idle.", "BLS OEWS May 2021: mean $44.67/h"},
      AT(therapist_usd_per_hour));
  b.add({"costs.overtime_multiplier", "ratio", 1, 5, "Pay of an overtime hour relative to a normal hour.", "common practice: time and a half"},
        AT(overtime_multiplier));
  b.add({"costs.per_visit_usd", "USD", 0, 10000, "Other clinic cost per attended visit (consumables, admin).", "scenario input"}, AT(per_visit_usd));
  b.add_array({"therapists", "", 0, 200, "Therapists (or groups of identical ones, with count).", ""}, AT(therapist_groups), therapist_bindings());
  b.add_array({"absences", "", 0, 1000, "Planned absences (holidays, leave) of named therapists.", ""}, AT(absences), absence_bindings());
}

#undef AT

void require(bool ok, const Values& v, const std::string& path, const std::string& message) {
  if (!ok) throw sim::InputError(v.where(path) + ": " + path + ": " + message);
}

void derive_arrivals(ClinicParams& c, const Values& v) {
  c.week_of_year_multiplier.fill(1.0);
  for (const ArrivalPeriod& period : c.arrival_periods)
    for (int w = period.from_week_of_year;; w = w % 52 + 1) {  // inclusive, wrapping from week 52 to week 1
      c.week_of_year_multiplier[static_cast<std::size_t>(w - 1)] = period.rate_multiplier;
      if (w == period.to_week_of_year) break;
    }
  double cycle = 0;
  for (double m : c.week_of_year_multiplier) cycle += m;
  require(cycle > 0, v, "clinic.arrival_periods", "expected some week of the year with arrivals, got a rate multiplier of 0 in every week");
}

TherapistSpec therapist_of(const TherapistGroup& g, const ClinicParams& c, const Values& v, const std::string& p) {
  TherapistSpec t = g.therapist;
  try {
    t.schedule = sim::WeeklySchedule::parse(g.schedule_text);
  } catch (const std::invalid_argument& e) {
    throw sim::InputError(v.where(p + "schedule") + ": " + p + "schedule: " + e.what());
  }
  require(t.schedule.minutes_per_week() > 0, v, p + "schedule", "expected some working hours, got none");
  std::int64_t longest = 0;
  for (int d = 0; d < 7; ++d)
    for (const auto& w : t.schedule.on(d)) longest = std::max(longest, w.length());
  require(longest + c.overtime_minutes >= std::max(t.evaluation_minutes, t.session_minutes), v, p + "schedule",
          "expected a shift long enough for an evaluation (" + std::to_string(t.evaluation_minutes) + " min), got at most " +
              std::to_string(longest) + " min");
  require(t.end_week < 0 || t.end_week > t.start_week, v, p + "end_week",
          "expected -1 or a week after start_week (" + std::to_string(t.start_week) + "), got " + std::to_string(t.end_week));
  return t;
}

void derive_staff(ClinicParams& c, const Values& v) {
  c.therapists.clear();
  std::vector<std::size_t> group_of;  // entry of clinic.therapists each therapist came from
  for (std::size_t n = 0; n < c.therapist_groups.size(); ++n) {
    const TherapistGroup& g = c.therapist_groups[n];
    const TherapistSpec t = therapist_of(g, c, v, "clinic.therapists[" + std::to_string(n) + "].");
    for (int m = 0; m < g.count; ++m) {
      TherapistSpec member = t;
      if (g.count > 1) member.name = t.name + "-" + std::to_string(m + 1);
      c.therapists.push_back(member);
      group_of.push_back(n);
    }
  }
  if (c.limited())
    require(!c.therapists.empty(), v, "clinic.capacity",
            "expected at least one [[clinic.therapists]] entry with capacity = \"therapists\", got none");
  for (std::size_t n = 0; n < c.absences.size(); ++n) {
    const Absence& a = c.absences[n];
    const std::string p = "clinic.absences[" + std::to_string(n) + "].";
    require(a.to_week >= a.from_week, v, p + "to_week",
            "expected a week >= from_week (" + std::to_string(a.from_week) + "), got " + std::to_string(a.to_week));
    bool found = false;
    for (std::size_t t = 0; t < c.therapists.size(); ++t)
      if (c.therapists[t].name == a.therapist || c.therapist_groups[group_of[t]].therapist.name == a.therapist) {
        c.therapists[t].absent_weeks.push_back({a.from_week, a.to_week});
        found = true;
      }
    require(found, v, p + "therapist", "expected the name of a [[clinic.therapists]] entry, got \"" + a.therapist + "\"");
  }
}

}  // namespace

Bindings<ClinicParams> clinic_bindings() {
  Bindings<ClinicParams> b;
  add_demand(b);
  add_booking(b);
  add_sessions_and_costs(b);
  return b;
}

// Set-ups that run but answer nothing: refused with what to change.
void check_meaningful(const ClinicParams& c, const Values& v) {
  for (std::size_t n = 0; n < c.therapist_groups.size(); ++n) {
    const int caseload = c.therapist_groups[n].therapist.caseload_per_day;
    require(!c.limited() || c.reserved_new_per_day < caseload, v, "clinic.booking.reserved_new_per_day",
            "expected fewer than clinic.therapists[" + std::to_string(n) + "].caseload_per_day (" + std::to_string(caseload) + "), got " +
                std::to_string(c.reserved_new_per_day) + ": every appointment would be kept for evaluations and no follow-up session booked");
  }
}

void derive_clinic(ClinicParams& c, const Values& v) {
  derive_arrivals(c, v);
  require(c.booking_horizon_days > c.booking_lead_days, v, "clinic.booking.horizon_days",
          "expected more than clinic.booking.lead_days (" + std::to_string(c.booking_lead_days) + "), got " + std::to_string(c.booking_horizon_days));
  derive_staff(c, v);
  check_meaningful(c, v);
}

}  // namespace rehabsim::models
