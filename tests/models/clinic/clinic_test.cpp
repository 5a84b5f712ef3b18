// The clinic's calendars and waiting list, driven by hand (no event loop): exact session times,
// caps, staffing changes and the capacity arithmetic of an overloaded clinic.
#include "models/clinic/clinic.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "support/clinic_builders.hpp"

namespace rehabsim::models {
namespace {

constexpr std::int64_t kDay = sim::SimTime::kMinutesPerDay;

// Therapist NAME with this weekly schedule and daily caseload (60-minute evaluations, 45-minute sessions).
TherapistSpec therapist(const std::string& name, const std::string& schedule, int caseload = 10) {
  return test::therapist(schedule, {.name = name, .caseload_per_day = caseload});
}

ClinicParams params(std::vector<TherapistSpec> staff) { return test::clinic_of(std::move(staff)); }

TEST(Clinic, TwoTherapistDayGivesExactSessionTimes) {
  // A works Monday 08:00-12:00, B 09:00-11:00. Three evaluations (60 min), then follow-ups (45 min)
  // with each patient's own therapist where possible.
  for (const int overtime : {0, 15}) {
    ClinicParams p = params({therapist("A", "Mon 08:00-12:00"), therapist("B", "Mon 09:00-11:00")});
    p.booking_horizon_days = 1;
    p.overtime_minutes = overtime;
    Clinic c(p, 1, 0, 7);
    c.start_day(0);
    for (std::uint32_t patient = 0; patient < 3; ++patient) c.refer(patient, sim::SimTime{}, Surgery::Discectomy, sim::SimTime{});
    const auto evaluations = c.book_waiting(sim::SimTime{});
    ASSERT_EQ(evaluations.size(), 3u);
    // P0 -> A 08:00; P1 -> A 09:00 (ties go to the first therapist); P2 -> B 09:00.
    EXPECT_EQ(c.appointment(evaluations[0]).therapist, 0u);
    EXPECT_EQ(c.appointment(evaluations[0]).start, 8 * 60);
    EXPECT_EQ(c.appointment(evaluations[1]).therapist, 0u);
    EXPECT_EQ(c.appointment(evaluations[1]).start, 9 * 60);
    EXPECT_EQ(c.appointment(evaluations[2]).therapist, 1u);
    EXPECT_EQ(c.appointment(evaluations[2]).start, 9 * 60);
    EXPECT_EQ(c.appointment(evaluations[2]).end, 10 * 60);
    EXPECT_EQ(c.waiting(), 3u);
    for (auto id : evaluations) c.record(id, VisitOutcome::Attended, sim::SimTime::from_minutes(c.appointment(id).start));
    EXPECT_EQ(c.waiting(), 0u);

    const auto s0 = c.book_session(0, sim::SimTime{}, sim::SimTime::from_minutes(kDay), SessionMode::Clinic, 0u);  // A 10:00-10:45
    const auto s1 = c.book_session(1, sim::SimTime{}, sim::SimTime::from_minutes(kDay), SessionMode::Clinic, 0u);  // A 10:45-11:30
    const auto s2 = c.book_session(2, sim::SimTime{}, sim::SimTime::from_minutes(kDay), SessionMode::Clinic, 1u);  // B 10:00-10:45
    ASSERT_TRUE(s0 && s1 && s2);
    EXPECT_EQ(c.appointment(*s0).start, 10 * 60);
    EXPECT_EQ(c.appointment(*s1).start, 10 * 60 + 45);
    EXPECT_EQ(c.appointment(*s1).end, 11 * 60 + 30);
    EXPECT_EQ(c.appointment(*s2).therapist, 1u);
    EXPECT_EQ(c.appointment(*s2).start, 10 * 60);
    // A fourth: B is full (10:45-11:30 passes 11:00), A's 11:30-12:15 passes 12:00 by 15 minutes.
    const auto s3 = c.book_session(2, sim::SimTime{}, sim::SimTime::from_minutes(kDay), SessionMode::Clinic, 1u);
    if (overtime == 0) {
      EXPECT_FALSE(s3);
    } else {
      ASSERT_TRUE(s3);
      EXPECT_EQ(c.appointment(*s3).therapist, 0u);
      EXPECT_EQ(c.appointment(*s3).start, 11 * 60 + 30);
      EXPECT_EQ(c.appointment(*s3).overtime, 15);
      c.record(*s3, VisitOutcome::Attended, sim::SimTime::from_minutes(c.appointment(*s3).start));
      EXPECT_DOUBLE_EQ(c.weeks()[0].overtime_minutes, 15.0);
    }
    EXPECT_NO_THROW(c.audit(sim::SimTime{}));
    for (auto id : {*s0, *s1, *s2}) c.record(id, VisitOutcome::Attended, sim::SimTime::from_minutes(c.appointment(id).start));
    EXPECT_EQ(c.continuity_sessions(), 3);  // s0-s2 with their evaluators; s3 (overtime only) was with A, P2's evaluator is B
    EXPECT_EQ(c.attended_sessions(), overtime > 0 ? 4 : 3);
  }
}

TEST(Clinic, CaseloadCapAndReservedSlotsHold) {
  ClinicParams p = params({therapist("A", "Mon-Fri 08:00-16:00", 3)});
  p.reserved_new_per_day = 1;
  Clinic c(p, 1, 0, 14);
  c.start_day(0);
  // Follow-ups may take only 2 of the 3 daily appointments: the third goes to Tuesday.
  const auto a = c.book_session(0, sim::SimTime{}, sim::SimTime::from_minutes(7 * kDay), SessionMode::Clinic, std::nullopt);
  const auto b = c.book_session(1, sim::SimTime{}, sim::SimTime::from_minutes(7 * kDay), SessionMode::Clinic, std::nullopt);
  const auto d = c.book_session(2, sim::SimTime{}, sim::SimTime::from_minutes(7 * kDay), SessionMode::Clinic, std::nullopt);
  ASSERT_TRUE(a && b && d);
  EXPECT_EQ(c.appointment(*a).start, 8 * 60);
  EXPECT_EQ(c.appointment(*b).start, 8 * 60 + 45);
  EXPECT_EQ(c.appointment(*d).start, kDay + 8 * 60);
  // The reserved appointment is there for a new patient on Monday.
  c.refer(9, sim::SimTime{}, Surgery::Fusion, sim::SimTime{});
  const auto e = c.book_waiting(sim::SimTime{});
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(c.appointment(e[0]).start, 9 * 60 + 30);
  // Monday is now at the cap of 3.
  c.refer(10, sim::SimTime{}, Surgery::Fusion, sim::SimTime{});
  const auto f = c.book_waiting(sim::SimTime{});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(c.appointment(f[0]).start / kDay, 1);
  EXPECT_NO_THROW(c.audit(sim::SimTime{}));
}

TEST(Clinic, ActiveCaseloadCapHoldsNewPatientsOnTheList) {
  ClinicParams p = params({therapist("A", "Mon-Fri 08:00-16:00")});
  p.therapists[0].active_patients_max = 2;
  Clinic c(p, 1, 0, 14);
  c.start_day(0);
  for (std::uint32_t i = 0; i < 3; ++i) c.refer(i, sim::SimTime{}, Surgery::Discectomy, sim::SimTime{});
  EXPECT_EQ(c.book_waiting(sim::SimTime{}).size(), 2u);
  EXPECT_EQ(c.active_patients(0), 2);
  c.release(0);  // patient 0 discharged
  const auto third = c.book_waiting(sim::SimTime::from_minutes(60));
  ASSERT_EQ(third.size(), 1u);
  EXPECT_EQ(c.appointment(third[0]).patient, 2u);
}

TEST(Clinic, WaitingListOrderFollowsTheBookingRule) {
  // One evaluation slot a day (caseload 1): the order of booking is the order of the list.
  for (const BookingRule rule : {BookingRule::FirstComeFirstServed, BookingRule::SurgeryType, BookingRule::DaysSinceSurgery}) {
    ClinicParams p = params({therapist("A", "Mon-Sun 08:00-09:00", 1)});
    p.rule = rule;
    Clinic c(p, 1, 0, 14);
    c.start_day(0);
    c.refer(0, sim::SimTime::from_minutes(10), Surgery::Discectomy, sim::SimTime::from_minutes(-20 * kDay));  // referred first, operated 20 days ago
    c.refer(1, sim::SimTime::from_minutes(20), Surgery::Fusion, sim::SimTime::from_minutes(-50 * kDay));      // fusion (rank 1), operated longest ago
    c.refer(2, sim::SimTime::from_minutes(30), Surgery::Decompression, sim::SimTime::from_minutes(-30 * kDay));
    const auto booked = c.book_waiting(sim::SimTime::from_minutes(30));
    ASSERT_EQ(booked.size(), 3u);
    std::vector<std::uint32_t> order;
    for (auto id : booked) order.push_back(c.appointment(id).patient);
    // FCFS: by referral; surgery type: fusion, decompression, discectomy; days since surgery: longest first.
    const std::vector<std::uint32_t> expected =
        rule == BookingRule::FirstComeFirstServed ? std::vector<std::uint32_t>{0, 1, 2} : std::vector<std::uint32_t>{1, 2, 0};
    EXPECT_EQ(order, expected);
    for (std::size_t k = 0; k < 3; ++k) EXPECT_EQ(c.appointment(booked[k]).start, static_cast<std::int64_t>(k) * kDay + 8 * 60);
  }
}

TEST(Clinic, SickDayCancelsAndHiresAndAbsencesShiftBookings) {
  ClinicParams p = params({therapist("A", "Mon-Fri 08:00-12:00")});
  p.sick_day_probability = 1.0;  // off sick every day it is known (today)
  Clinic c(p, 1, 0, 21);
  c.refer(0, sim::SimTime{}, Surgery::Discectomy, sim::SimTime{});
  const auto first = c.book_waiting(sim::SimTime{});
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(c.appointment(first[0]).start, 8 * 60);
  const auto cancelled = c.start_day(0);
  ASSERT_EQ(cancelled, first);
  EXPECT_FALSE(c.appointment(first[0]).active);
  EXPECT_EQ(c.weeks()[0].clinic_cancellations, 1);
  const auto again = c.book_waiting(sim::SimTime{});  // back on the list: Tuesday, since today is a sick day
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(c.appointment(again[0]).start, kDay + 8 * 60);

  ClinicParams q = params({therapist("A", "Mon-Fri 08:00-12:00"), therapist("B", "Mon-Fri 08:00-12:00")});
  q.therapists[0].start_week = 1;                  // hired in week 1
  q.therapists[1].absent_weeks.push_back({0, 1});  // away in weeks 0 and 1
  Clinic d(q, 1, 0, 28);
  d.start_day(0);
  d.refer(0, sim::SimTime{}, Surgery::Discectomy, sim::SimTime{});
  const auto booked = d.book_waiting(sim::SimTime{});
  ASSERT_EQ(booked.size(), 1u);
  EXPECT_EQ(d.appointment(booked[0]).therapist, 0u);
  EXPECT_EQ(d.appointment(booked[0]).start, 7 * kDay + 8 * 60);  // Monday of week 1, A's first day
  EXPECT_DOUBLE_EQ(d.weeks()[0].paid_minutes, 240.0);            // B is paid on leave; A is not employed yet
  EXPECT_DOUBLE_EQ(d.weeks()[0].on_duty_minutes, 0.0);
}

TEST(Clinic, OverloadedWaitingListGrowsByDemandMinusCapacity) {
  // One therapist, Mon-Fri 08:00-16:00, 60-minute evaluations, caseload 8: 40 evaluations a week.
  // 10 referrals every weekday (50 a week), everybody attends: the list grows by exactly 10 a week.
  ClinicParams p = params({therapist("A", "Mon-Fri 08:00-16:00", 8)});
  const int weeks = 8;
  Clinic c(p, 1, 0, 7 * weeks - 1);
  std::uint32_t next = 0;
  std::vector<std::uint32_t> booked;
  for (std::int64_t day = 0; day < 7 * weeks; ++day) {
    const std::int64_t midnight = day * kDay;
    c.start_day(day);
    if (day % 7 < 5)
      for (int k = 0; k < 10; ++k) c.refer(next++, sim::SimTime::from_minutes(midnight), Surgery::Discectomy, sim::SimTime::from_minutes(midnight));
    for (auto id : c.book_waiting(sim::SimTime::from_minutes(midnight))) booked.push_back(id);
    std::sort(booked.begin(), booked.end(), [&](auto a, auto b) { return c.appointment(a).start < c.appointment(b).start; });
    for (auto id : booked)
      if (c.appointment(id).start / kDay == day) c.record(id, VisitOutcome::Attended, sim::SimTime::from_minutes(c.appointment(id).start));
    EXPECT_NO_THROW(c.audit(sim::SimTime::from_minutes(midnight)));
  }
  c.finish(sim::SimTime::from_minutes(7 * weeks * kDay));
  for (int w = 0; w < weeks; ++w) {
    EXPECT_EQ(c.weeks()[static_cast<std::size_t>(w)].referrals, 50);
    EXPECT_EQ(c.weeks()[static_cast<std::size_t>(w)].evaluations, 40);
    EXPECT_EQ(c.weeks()[static_cast<std::size_t>(w)].waiting_at_end, 10 * (w + 1));
    EXPECT_DOUBLE_EQ(c.weeks()[static_cast<std::size_t>(w)].on_duty_minutes, 5 * 480.0);
    EXPECT_DOUBLE_EQ(c.weeks()[static_cast<std::size_t>(w)].delivered_minutes, 5 * 480.0);  // utilisation 1
  }
}

TEST(Clinic, StaffCostPaysScheduledHoursOvertimeAtItsRateAndEveryVisit) {
  // A works Monday 08:00-09:30 (90 paid minutes). The evaluation fills 08:00-09:00; the follow-up
  // (45 minutes) runs 09:00-09:45, 15 minutes past the shift, allowed as overtime.
  ClinicParams p = test::clinic_of({test::therapist("Mon 08:00-09:30", {.name = "A"})});
  p.booking_horizon_days = 1;
  p.overtime_minutes = 30;
  p.therapist_usd_per_hour = 40;
  p.overtime_multiplier = 1.5;
  p.per_visit_usd = 10;
  Clinic c(p, 1, 0, 6);
  c.start_day(0);
  c.refer(0, sim::SimTime{}, Surgery::Discectomy, sim::SimTime{});
  const auto evaluation = c.book_waiting(sim::SimTime{});
  ASSERT_EQ(evaluation.size(), 1u);
  c.record(evaluation[0], VisitOutcome::Attended, sim::SimTime::from_minutes(c.appointment(evaluation[0]).start));
  const auto session = c.book_session(0, sim::SimTime{}, sim::SimTime::from_days(1), SessionMode::Clinic, 0u);
  ASSERT_TRUE(session);
  EXPECT_EQ(c.appointment(*session).start, 9 * 60);
  c.record(*session, VisitOutcome::Attended, sim::SimTime::from_minutes(c.appointment(*session).start));
  c.finish(sim::SimTime::from_days(7));
  const ClinicWeek& w = c.weeks().at(0);
  EXPECT_DOUBLE_EQ(w.paid_minutes, 90);
  EXPECT_DOUBLE_EQ(w.overtime_minutes, 15);
  // (90 + 15 x 1.5) / 60 h x $40 + 2 visits x $10 = $75 + $20.
  EXPECT_DOUBLE_EQ(w.staff_cost_usd, 95.0);
}

}  // namespace
}  // namespace rehabsim::models

namespace rehabsim::models {
namespace {

TEST(Clinic, EachMissedVisitIsCountedUnderItsOwnKindInTheWeekOfTheAppointment) {
  // Four sessions on Monday of week 0 and one on Monday of week 1: two no-shows, one late
  // cancellation, one attended, and a no-show recorded late (on a later day) for week 1's session.
  ClinicParams p = params({test::therapist("Mon-Fri 08:00-16:00", {.name = "A"})});
  p.booking_horizon_days = 14;
  Clinic c(p, 1, 0, 14);
  c.start_day(0);
  std::vector<std::uint32_t> ids;
  for (std::uint32_t patient = 0; patient < 4; ++patient)
    ids.push_back(*c.book_session(patient, sim::SimTime{}, sim::SimTime::from_days(1), SessionMode::Clinic, std::nullopt));
  const auto next_week = *c.book_session(4, sim::SimTime::from_days(7), sim::SimTime::from_days(8), SessionMode::Clinic, std::nullopt);
  const auto at = [&](std::uint32_t id) { return sim::SimTime::from_minutes(c.appointment(id).start); };
  c.record(ids[0], VisitOutcome::NoShow, at(ids[0]));
  c.record(ids[1], VisitOutcome::NoShow, at(ids[1]));
  c.record(ids[2], VisitOutcome::LateCancellation, at(ids[2]));
  c.record(ids[3], VisitOutcome::Attended, at(ids[3]));
  c.record(next_week, VisitOutcome::NoShow, sim::SimTime::from_days(9));
  const ClinicWeek& w0 = c.weeks()[0];
  EXPECT_EQ(w0.no_shows, 2);
  EXPECT_EQ(w0.late_cancellations, 1);
  EXPECT_EQ(w0.sessions, 1);
  EXPECT_DOUBLE_EQ(w0.delivered_minutes, 45.0);
  const ClinicWeek& w1 = c.weeks()[1];
  EXPECT_EQ(w1.no_shows, 1);
  EXPECT_EQ(w1.late_cancellations, 0);
  EXPECT_EQ(w1.sessions, 0);
}

}  // namespace
}  // namespace rehabsim::models
