// The clinic adapter on its own: what it books into a hand-built clinic and which events it puts
// on the queue for the patient, with exact minutes.
#include "models/patient/clinic_adapter.hpp"

#include <gtest/gtest.h>

#include "support/clinic_builders.hpp"
#include "support/patient_builder.hpp"

namespace rehabsim::models {
namespace {

constexpr std::int64_t kDay = sim::SimTime::kMinutesPerDay;

struct Fixture {
  Scenario s;
  sim::EventQueue queue{kSlots + 1};
  PatientEvents events{queue};
  std::vector<PatientState> patients;
  std::unique_ptr<Clinic> clinic;
  std::unique_ptr<ClinicAdapter> adapter;

  Fixture() {
    s.clinic = test::clinic_of({test::therapist("Mon-Fri 08:00-12:00")});
    s.protocol.phases = {Phase{}};
    patients.push_back(test::hand_patient());
    patients[0].phase = 0;
    clinic = std::make_unique<Clinic>(s.clinic, 1, 0, 60);
    adapter = std::make_unique<ClinicAdapter>(s, *clinic, events, patients, kSlots, 60);
  }
};

TEST(ClinicAdapter, ABookedSessionIsOnTheQueueAtItsMinute) {
  Fixture f;
  PatientState& st = f.patients[0];
  st.clinic.week_end = 5 * kDay;
  ASSERT_TRUE(f.adapter->book_session(0, 0, SessionMode::Clinic));
  ASSERT_EQ(st.clinic.bookings.size(), 1u);
  EXPECT_EQ(st.clinic.next_free_day, 1);  // one visit a day: the next booking starts tomorrow
  const auto e = f.queue.pop();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->time.minutes(), 8 * 60);  // Monday 08:00
  EXPECT_EQ(static_cast<Kind>(e->kind), Kind::Session);
  EXPECT_EQ(e->target, PatientEvents::target(0, kMainSlot));
  EXPECT_EQ(static_cast<std::uint32_t>(e->arg), st.clinic.bookings[0]);
  EXPECT_EQ(e->priority(), static_cast<std::uint8_t>(Priority::Appointment));
  EXPECT_FALSE(f.adapter->book_session(0, 5 * kDay, SessionMode::Clinic));  // at the week's end: no room
}

TEST(ClinicAdapter, NothingIsBookedPastThePatientsHorizon) {
  Fixture f;
  PatientState& st = f.patients[0];
  st.clinic.week_end = 5 * kDay;
  st.clock.horizon_days = 0.25;  // 06:00 on day 0: the 08:00 slot lies beyond it
  EXPECT_FALSE(f.adapter->book_session(0, 0, SessionMode::Clinic));
  EXPECT_TRUE(st.clinic.bookings.empty());
  EXPECT_TRUE(f.queue.empty());
  EXPECT_FALSE(f.clinic->appointment(0).active);  // the slot was given back
}

TEST(ClinicAdapter, LeavingCareFreesEveryBooking) {
  Fixture f;
  PatientState& st = f.patients[0];
  st.clinic.week_end = 5 * kDay;
  ASSERT_TRUE(f.adapter->book_session(0, 0, SessionMode::Clinic));
  ASSERT_TRUE(f.adapter->book_session(0, st.clinic.next_free_day * kDay, SessionMode::Clinic));
  const auto ids = st.clinic.bookings;
  f.adapter->cancel_bookings(0);
  EXPECT_TRUE(st.clinic.bookings.empty());
  for (auto id : ids) EXPECT_FALSE(f.clinic->appointment(id).active);
}

TEST(ClinicAdapter, TheDayStartBooksTheWaitingListAndSchedulesTheNextDay) {
  Fixture f;
  f.clinic->refer(0, sim::SimTime{}, Surgery::Discectomy, sim::SimTime{});
  f.adapter->start_day(0);
  std::vector<sim::Event> events;
  while (auto e = f.queue.pop()) events.push_back(*e);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(static_cast<Kind>(events[0].kind), Kind::Evaluation);  // 08:00 today (no lead time)
  EXPECT_EQ(events[0].time.minutes(), 8 * 60);
  EXPECT_EQ(static_cast<Kind>(events[1].kind), Kind::ClinicDay);  // tomorrow 00:00, on the clinic's target
  EXPECT_EQ(events[1].time.minutes(), kDay);
  EXPECT_EQ(events[1].target, f.adapter->target());
}

}  // namespace
}  // namespace rehabsim::models
