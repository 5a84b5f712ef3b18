#include "models/clinic/clinic_schema.hpp"

#include <stdexcept>

#include "models/scenario.hpp"
#include "models/schema_keys.hpp"
#include "sim/errors.hpp"

namespace rehabsim::models {

using namespace schema_keys;

void append_clinic_keys(std::vector<KeySpec>& k) {
  const ClinicParams d;
  const TherapistSpec t;
  const std::vector<KeySpec> keys = {
      text("clinic.capacity", "unlimited", {"unlimited", "therapists"},
           "\"unlimited\": every session happens when the protocol asks (patients independent); \"therapists\": sessions are booked "
           "into the calendars of [[clinic.therapists]], with a waiting list."),
      text("clinic.arrivals.mode", "cohort", {"cohort", "poisson"},
           "\"cohort\": every patient is operated on day 0; \"poisson\": operations arrive as a Poisson stream (run.patients of them)."),
      number("clinic.arrivals.per_week", d.arrivals_per_week, "patients/week", 0.01, 10000,
             "Mean operations per week (mode poisson), before the week-of-year multipliers.", "scenario input"),
      integer("clinic.arrivals.start_week_of_year", d.start_week_of_year, "week 1-52", 1, 52, "Week of the year in which day 0 falls."),
      integer("clinic.arrivals.warmup_weeks", d.warmup_weeks, "weeks", 0, 520,
              "Patients operated in the first weeks are simulated but left out of /replications and the KPIs (the clinic fills up)."),
      tables("clinic.arrival_periods", 0, 52, "Weeks of the year with a different arrival rate (holidays, seasons)."),
      integer("clinic.arrival_periods[].from_week_of_year", 1, "week 1-52", 1, 52, "First week of the period."),
      integer("clinic.arrival_periods[].to_week_of_year", 1, "week 1-52", 1, 52, "Last week of the period (inclusive; may wrap past 52)."),
      number("clinic.arrival_periods[].rate_multiplier", 1.0, "ratio", 0, 100, "Multiplier on clinic.arrivals.per_week in these weeks.", "scenario input"),
      number("clinic.referral_delay_days", d.referral_delay_days, "days", 0, 365,
             "Days from the protocol's start day until the referral reaches the clinic's waiting list.", "assumption"),

      text("clinic.booking.rule", "fcfs", {"fcfs", "surgery_type", "days_since_surgery"},
           "Order of the waiting list: first come first served, by surgery type (priority_*), or longest since surgery first."),
      integer("clinic.booking.priority_discectomy", d.surgery_priority[0], "rank", 1, 3, "Rank of discectomy under rule surgery_type (1 first)."),
      integer("clinic.booking.priority_fusion", d.surgery_priority[1], "rank", 1, 3, "Rank of fusion under rule surgery_type."),
      integer("clinic.booking.priority_decompression", d.surgery_priority[2], "rank", 1, 3, "Rank of decompression under rule surgery_type."),
      integer("clinic.booking.lead_days", d.booking_lead_days, "days", 0, 60, "An evaluation is booked at least this many days ahead."),
      integer("clinic.booking.horizon_days", d.booking_horizon_days, "days", 1, 365,
              "The calendar is open this far ahead for evaluations; patients without a slot stay on the list."),
      integer("clinic.booking.granularity_minutes", d.granularity_minutes, "minutes", 1, 240, "Appointments start on this grid from the shift start."),
      integer("clinic.booking.reserved_new_per_day", d.reserved_new_per_day, "appointments", 0, 50,
              "Per therapist and day, appointments (count and time) kept for new patients' evaluations."),
      integer("clinic.booking.overbook_per_day", d.overbook_per_day, "appointments", 0, 20,
              "Per therapist and day, follow-ups that may be stacked on an already booked slot when the calendar is full "
              "(when both patients come, the therapist works the extra session as overtime)."),
      integer("clinic.booking.overtime_minutes", d.overtime_minutes, "minutes", 0, 240,
              "A session may end up to this long after its shift (counted as overtime); 0: never past the shift."),
      boolean("clinic.booking.rebook_missed", d.rebook_missed,
              "A missed or clinic-cancelled session is rebooked within the patient's week when a slot is free."),
      boolean("clinic.booking.spine_specialist_for_fusion", d.spine_specialist_for_fusion,
              "Evaluations of fusion patients need a therapist with spine_specialist = true."),
      number("clinic.telehealth.share", d.telehealth_share, kFraction, 0, 1,
             "Share of in-clinic follow-up sessions given by telehealth instead (needs therapists with telehealth = true).", "policy"),
      integer("clinic.telehealth.session_minutes", d.telehealth_session_minutes, "minutes", 5, 240, "Length of a telehealth session.",
              "assumption"),
      number("clinic.late_cancellation_share", d.late_cancellation_share, kFraction, 0, 1,
             "Share of missed appointments that are late cancellations (the rest are no-shows); either way the slot is lost.",
             "Onigbinde 2021: 20.6% no-show or late cancellation vs 10.4% no-show alone (UNLV survey)"),
      number("clinic.sick_day_probability", d.sick_day_probability, kFraction, 0, 0.5,
             "Probability that a therapist is off sick on a scheduled day; that day's appointments are cancelled.",
             "assumption: about 5 days a year"),
      number("clinic.waiting_motivation_penalty_per_week", d.waiting_motivation_penalty_per_week, "per week", 0, 0.5,
             "Motivation lost per week on the waiting list.", "assumption (MODEL-SKETCH: waiting lowers motivation)"),
      number("clinic.costs.therapist_usd_per_hour", d.therapist_usd_per_hour, "USD/hour", 0, 1000,
             "Therapist pay per scheduled hour, booked or idle.", "BLS OEWS May 2021: mean $44.67/h"),
      number("clinic.costs.overtime_multiplier", d.overtime_multiplier, "ratio", 1, 5, "Pay of an overtime hour relative to a normal hour.",
             "common practice: time and a half"),
      number("clinic.costs.per_visit_usd", d.per_visit_usd, "USD", 0, 10000, "Other clinic cost per attended visit (consumables, admin).",
             "scenario input"),

      tables("clinic.therapists", 0, 200, "Therapists (or groups of identical ones, with count)."),
      text("clinic.therapists[].name", "therapist", {}, "Name; a group of count > 1 is numbered name-1, name-2, ..."),
      integer("clinic.therapists[].count", 1, "therapists", 1, 200, "Number of identical therapists in this entry."),
      text("clinic.therapists[].schedule", "Mon-Fri 08:00-16:30", {},
           "Weekly hours, e.g. \"Mon-Fri 08:00-12:00, 12:30-16:30; Sat 09:00-12:00\" (days Mon..Sun, times HH:MM)."),
      boolean("clinic.therapists[].telehealth", t.telehealth, "Gives telehealth sessions."),
      boolean("clinic.therapists[].spine_specialist", t.spine_specialist, "Spine specialist (see clinic.booking.spine_specialist_for_fusion)."),
      integer("clinic.therapists[].caseload_per_day", t.caseload_per_day, "appointments/day", 1, 60, "Appointments per day at most.",
              "WebPT: 8-12 patients a day typical"),
      integer("clinic.therapists[].active_patients_max", t.active_patients_max, "patients", 0, 1000,
              "Patients in this therapist's care at once, from the evaluation to discharge or dropout; a new patient is only "
              "booked with a therapist under the cap, so the waiting list, not the follow-ups, absorbs a shortage. 0: no cap.",
              "policy; about (daily caseload x 5) / (sessions per week in care)"),
      integer("clinic.therapists[].evaluation_minutes", t.evaluation_minutes, "minutes", 10, 240, "Length of an initial evaluation.",
              "grey literature: 60-90 min"),
      integer("clinic.therapists[].session_minutes", t.session_minutes, "minutes", 10, 240, "Length of a follow-up session in the clinic.",
              "grey literature: 45-60 min"),
      integer("clinic.therapists[].start_week", t.start_week, "week", 0, 520, "First week employed (a hire in week N)."),
      integer("clinic.therapists[].end_week", t.end_week, "week", -1, 520, "First week no longer employed; -1: stays."),
      tables("clinic.absences", 0, 1000, "Planned absences (holidays, leave) of named therapists."),
      text("clinic.absences[].therapist", "", {}, "Name of the therapist (or of a group: every member)."),
      integer("clinic.absences[].from_week", 0, "week", 0, 520, "First week away."),
      integer("clinic.absences[].to_week", 0, "week", 0, 520, "Last week away (inclusive)."),
  };
  k.insert(k.end(), keys.begin(), keys.end());
}

namespace {

void require(bool ok, const sim::config::Values& v, const std::string& path, const std::string& message) {
  if (!ok) throw sim::InputError(v.where(path) + ": " + path + ": " + message);
}

}  // namespace

ClinicParams clinic_from_values(const sim::config::Values& v) {
  ClinicParams c;
  const auto i = [&](const std::string& path) { return static_cast<int>(v.integer(path)); };
  c.capacity = static_cast<ClinicCapacity>(index_of(kClinicCapacityNames, v.string("clinic.capacity")));
  c.arrivals = static_cast<ArrivalMode>(index_of(kArrivalModeNames, v.string("clinic.arrivals.mode")));
  c.arrivals_per_week = v.number("clinic.arrivals.per_week");
  c.start_week_of_year = i("clinic.arrivals.start_week_of_year");
  c.warmup_weeks = i("clinic.arrivals.warmup_weeks");
  for (std::size_t n = 0; n < v.count("clinic.arrival_periods"); ++n) {
    const std::string p = "clinic.arrival_periods[" + std::to_string(n) + "].";
    const int from = i(p + "from_week_of_year"), to = i(p + "to_week_of_year");
    for (int w = from;; w = w % 52 + 1) {  // inclusive, wrapping from week 52 to week 1
      c.week_of_year_multiplier[static_cast<std::size_t>(w - 1)] = v.number(p + "rate_multiplier");
      if (w == to) break;
    }
  }
  double cycle = 0;
  for (double m : c.week_of_year_multiplier) cycle += m;
  require(cycle > 0, v, "clinic.arrival_periods", "expected some week of the year with arrivals, got a rate multiplier of 0 in every week");
  c.referral_delay_days = v.number("clinic.referral_delay_days");

  c.rule = static_cast<BookingRule>(index_of(kBookingRuleNames, v.string("clinic.booking.rule")));
  for (std::size_t s = 0; s < 3; ++s) c.surgery_priority[s] = i(std::string("clinic.booking.priority_") + kSurgeryNames[s]);
  c.booking_lead_days = i("clinic.booking.lead_days");
  c.booking_horizon_days = i("clinic.booking.horizon_days");
  require(c.booking_horizon_days > c.booking_lead_days, v, "clinic.booking.horizon_days",
          "expected more than clinic.booking.lead_days (" + std::to_string(c.booking_lead_days) + "), got " + std::to_string(c.booking_horizon_days));
  c.granularity_minutes = i("clinic.booking.granularity_minutes");
  c.reserved_new_per_day = i("clinic.booking.reserved_new_per_day");
  c.overbook_per_day = i("clinic.booking.overbook_per_day");
  c.overtime_minutes = i("clinic.booking.overtime_minutes");
  c.rebook_missed = v.boolean("clinic.booking.rebook_missed");
  c.spine_specialist_for_fusion = v.boolean("clinic.booking.spine_specialist_for_fusion");
  c.telehealth_share = v.number("clinic.telehealth.share");
  c.telehealth_session_minutes = i("clinic.telehealth.session_minutes");
  c.late_cancellation_share = v.number("clinic.late_cancellation_share");
  c.sick_day_probability = v.number("clinic.sick_day_probability");
  c.waiting_motivation_penalty_per_week = v.number("clinic.waiting_motivation_penalty_per_week");
  c.therapist_usd_per_hour = v.number("clinic.costs.therapist_usd_per_hour");
  c.overtime_multiplier = v.number("clinic.costs.overtime_multiplier");
  c.per_visit_usd = v.number("clinic.costs.per_visit_usd");

  std::vector<std::size_t> group_of;  // entry of clinic.therapists each therapist came from
  for (std::size_t n = 0; n < v.count("clinic.therapists"); ++n) {
    const std::string p = "clinic.therapists[" + std::to_string(n) + "].";
    TherapistSpec t;
    t.name = v.string(p + "name");
    try {
      t.schedule = sim::WeeklySchedule::parse(v.string(p + "schedule"));
    } catch (const std::invalid_argument& e) {
      throw sim::InputError(v.where(p + "schedule") + ": " + p + "schedule: " + e.what());
    }
    require(t.schedule.minutes_per_week() > 0, v, p + "schedule", "expected some working hours, got none");
    t.telehealth = v.boolean(p + "telehealth");
    t.spine_specialist = v.boolean(p + "spine_specialist");
    t.caseload_per_day = i(p + "caseload_per_day");
    t.active_patients_max = i(p + "active_patients_max");
    t.evaluation_minutes = i(p + "evaluation_minutes");
    t.session_minutes = i(p + "session_minutes");
    std::int64_t longest = 0;
    for (int d = 0; d < 7; ++d)
      for (const auto& w : t.schedule.on(d)) longest = std::max(longest, w.length());
    require(longest + c.overtime_minutes >= std::max(t.evaluation_minutes, t.session_minutes), v, p + "schedule",
            "expected a shift long enough for an evaluation (" + std::to_string(t.evaluation_minutes) + " min), got at most " +
                std::to_string(longest) + " min");
    t.start_week = i(p + "start_week");
    t.end_week = i(p + "end_week");
    require(t.end_week < 0 || t.end_week > t.start_week, v, p + "end_week",
            "expected -1 or a week after start_week (" + std::to_string(t.start_week) + "), got " + std::to_string(t.end_week));
    const int count = i(p + "count");
    for (int m = 0; m < count; ++m) {
      TherapistSpec member = t;
      if (count > 1) member.name = t.name + "-" + std::to_string(m + 1);
      c.therapists.push_back(member);
      group_of.push_back(n);
    }
  }
  if (c.limited())
    require(!c.therapists.empty(), v, "clinic.capacity", "expected at least one [[clinic.therapists]] entry with capacity = \"therapists\", got none");
  for (std::size_t n = 0; n < v.count("clinic.absences"); ++n) {
    const std::string p = "clinic.absences[" + std::to_string(n) + "].";
    const std::string& who = v.string(p + "therapist");
    const std::array<int, 2> weeks{i(p + "from_week"), i(p + "to_week")};
    require(weeks[1] >= weeks[0], v, p + "to_week", "expected a week >= from_week (" + std::to_string(weeks[0]) + "), got " + std::to_string(weeks[1]));
    bool found = false;
    for (std::size_t t = 0; t < c.therapists.size(); ++t) {
      const std::string& group = v.string("clinic.therapists[" + std::to_string(group_of[t]) + "].name");
      if (c.therapists[t].name == who || group == who) {
        c.therapists[t].absent_weeks.push_back(weeks);
        found = true;
      }
    }
    require(found, v, p + "therapist", "expected the name of a [[clinic.therapists]] entry, got \"" + who + "\"");
  }
  return c;
}

}  // namespace rehabsim::models
