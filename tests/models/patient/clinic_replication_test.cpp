// The clinic inside the recovery model: hand-computed waits, Little's law on the waiting list,
// monotone waits in staffing, and the booking invariants checked after every event.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <span>
#include <stdexcept>

#include "models/outputs/output_tables.hpp"
#include "models/patient/cohort_generator.hpp"
#include "models/patient/recovery_replication.hpp"
#include "models/physiology/adherence.hpp"
#include "support/clinic_builders.hpp"
#include "support/default_scenario_fixture.hpp"
#include "support/statistics.hpp"

namespace rehabsim::models {
namespace {

// Discectomy patients only, under the standard protocol.
Scenario discectomy_clinic(std::vector<std::string> overrides, int therapists, int active_max = 0) {
  std::vector<std::string> o = {"cohorts[0].share=1", "cohorts[1].share=0", "cohorts[2].share=0", "clinic.sick_day_probability=0"};
  o.insert(o.end(), overrides.begin(), overrides.end());
  Scenario s = default_scenario(o);
  // A roster is an array of tables (no --set); tests build it directly.
  s.clinic.capacity = ClinicCapacity::Therapists;
  for (int k = 0; k < therapists; ++k)
    s.clinic.therapists.push_back(test::therapist("Mon-Fri 08:00-12:00, 12:30-16:30", {.active_patients_max = active_max}));
  return s;
}

ReplicationResult run(const Scenario& s, std::uint32_t replication = 0, bool audit = false) {
  const CohortGenerator g(s);
  return run_replication(s, g, replication, {.audit_clinic = audit});
}

TEST(ClinicReplication, AmpleCapacityWaitIsReferralDelayPlusBookingLead) {
  // Four patients operated on day 0 (a Monday); the protocol starts on day 28 (a Monday). With a
  // referral delay of d days and a lead of 1 day, evaluations are at 08:00 the day after the
  // referral with both therapists, then 09:00 (60-minute evaluations).
  for (const int delay : {0, 3}) {
    const Scenario s = discectomy_clinic({"run.patients=4", "adherence.no_show_probability=0", "adherence.late_cancellation_probability=0",
                                          "clinic.booking.lead_days=1", "clinic.referral_delay_days=" + std::to_string(delay)},
                                         2);
    const auto r = run(s).patients;
    ASSERT_EQ(r.size(), 4u);
    const double referral = 28.0 + delay;
    const double expected[] = {1 + 8 / 24.0, 1 + 8 / 24.0, 1 + 9 / 24.0, 1 + 9 / 24.0};
    for (std::size_t i = 0; i < 4; ++i) {
      EXPECT_DOUBLE_EQ(r[i].referral_day, referral);
      EXPECT_NEAR(r[i].wait_days, expected[i], 1e-12);
      EXPECT_NEAR(r[i].first_visit_day - 28.0, delay + expected[i], 1e-12);  // after the protocol's start day
    }
  }
}

TEST(ClinicReplication, UnlimitedCapacityHasNoWait) {
  const Scenario s = default_scenario({"run.patients=50"});
  for (const auto& r : run(s).patients) {
    EXPECT_EQ(r.wait_days, 0.0);
    EXPECT_EQ(r.first_visit_day, r.pt_start_day);
    EXPECT_GE(r.sessions_prescribed, r.sessions_attended + r.sessions_missed);
  }
}

// A Poisson stream of 9 operations a week. Referrals start about 4.5 weeks after the first
// operation and care lasts about 12 weeks, so the clinic's caseload settles after roughly 17 weeks:
// a 24-week warm-up leaves a steady state for the KPI weeks.
Scenario stream(int therapists, std::uint32_t patients = 500) {
  return discectomy_clinic({"run.patients=" + std::to_string(patients), "clinic.arrivals.mode=\"poisson\"", "clinic.arrivals.per_week=9",
                            "clinic.arrivals.warmup_weeks=24", "clinic.referral_delay_days=3"},
                           therapists, 26);
}

TEST(ClinicReplication, WaitingListObeysLittlesLaw) {
  // Exactly over the whole run: the area under the waiting-list length is the sum of the waits.
  // In the steady state (KPI weeks): time-average length = arrival rate x mean wait, within 3
  // standard errors of the replications' differences.
  const Scenario s = stream(5);
  const int replications = 20;
  std::vector<double> d;
  for (int rep = 0; rep < replications; ++rep) {
    const ReplicationResult res = run(s, static_cast<std::uint32_t>(rep));
    double area_days = 0;
    for (const auto& w : res.clinic_weeks) area_days += w.waiting_patient_minutes / sim::SimTime::kMinutesPerDay;
    double waits = 0;
    for (const auto& p : res.patients) {
      ASSERT_FALSE(std::isnan(p.wait_days));  // everybody is seen within the horizon here
      waits += p.wait_days;
    }
    EXPECT_NEAR(area_days, waits, 1e-6 * waits);

    const double from = 7.0 * res.kpi_first_week, to = 7.0 * (res.kpi_last_week + 1);
    double area = 0;
    for (int w = res.kpi_first_week; w <= res.kpi_last_week; ++w) area += res.clinic_weeks[static_cast<std::size_t>(w)].waiting_patient_minutes;
    const double length = area / sim::SimTime::kMinutesPerDay / (to - from);
    double sum_wait = 0, n = 0;
    for (const auto& p : res.patients) {
      const double referred = p.surgery_day + p.referral_day;
      if (referred >= from && referred < to) {
        sum_wait += p.wait_days;
        n += 1;
      }
    }
    d.push_back(length - n / (to - from) * (sum_wait / n));
  }
  const double mean = std::accumulate(d.begin(), d.end(), 0.0) / replications;
  double ss = 0;
  for (double x : d) ss += (x - mean) * (x - mean);
  const double se = std::sqrt(ss / (replications - 1) / replications);
  EXPECT_LT(std::abs(mean), test::tolerance(se)) << "mean difference " << mean << ", SE " << se << " first " << d[0];
}

TEST(ClinicReplication, WaitingCostsMotivationEveryWeekOnTheList) {
  // Without setbacks and falls, motivation moves each week toward its target; a week that starts on
  // the waiting list also loses clinic.waiting_motivation_penalty_per_week.
  Scenario s = discectomy_clinic({"run.patients=300", "clinic.arrivals.mode=\"poisson\"", "clinic.arrivals.per_week=12",
                                  "clinic.referral_delay_days=3", "falls.rate_per_year=0", "setback.rate_per_day_at_full_excess=0",
                                  "output.trajectories=true", "clinic.waiting_motivation_penalty_per_week=0.02", "motivation.goal_setting_gain=0"},
                                 2, 20);
  int waiting_weeks = 0;
  for (const auto& r : run(s).patients) {
    if (std::isnan(r.referral_day)) continue;
    const auto& m = r.trajectory.of("motivation");
    const auto& odi = r.trajectory.of("odi");
    const auto& pain = r.trajectory.of("pain");
    const double seen = std::isnan(r.first_visit_day) ? INFINITY : r.first_visit_day;
    for (std::size_t w = 0; w + 1 < m.size(); ++w) {
      const double day = 7.0 * static_cast<double>(w);
      const bool waiting = day > r.referral_day && day < seen;
      const double target =
          motivation_target(s.motivation, r.covariates.motivation, (r.covariates.baseline_odi - odi[w]) / r.covariates.baseline_odi, pain[w]);
      double expected = relax_motivation(s.motivation, m[w], target, 7.0);
      if (waiting) expected = std::max(0.0, expected - 0.02);
      waiting_weeks += waiting;
      ASSERT_NEAR(m[w + 1], expected, 1e-12) << "week " << w << (waiting ? " (waiting)" : "");
    }
  }
  EXPECT_GT(waiting_weeks, 100);  // the clinic is short of capacity: many weeks are spent waiting
}

TEST(ClinicReplication, MoreTherapistsNeverLengthenTheMeanWait) {
  // The same patients (seed, replication) under 3, 4, 5 and 6 therapists.
  for (std::uint32_t rep = 0; rep < 5; ++rep) {
    double previous = INFINITY;
    for (int therapists = 3; therapists <= 6; ++therapists) {
      const auto patients = run(stream(therapists, 300), rep).patients;
      double sum = 0, n = 0;
      for (const auto& p : patients)
        if (!p.in_warmup && !std::isnan(p.wait_days)) {
          sum += p.wait_days;
          n += 1;
        }
      const double mean = sum / n;
      EXPECT_LE(mean, previous) << therapists << " therapists, replication " << rep;
      previous = mean;
    }
  }
}

TEST(ClinicReplication, InvariantsHoldAfterEveryEventUnderEveryPolicyFeature) {
  Scenario s = stream(3, 150);
  s.clinic.overbook_per_day = 1;
  s.clinic.overtime_minutes = 30;
  s.clinic.telehealth_share = 0.3;
  s.clinic.reserved_new_per_day = 1;
  s.clinic.sick_day_probability = 0.05;
  s.clinic.spine_specialist_for_fusion = true;
  s.clinic.therapists[0].spine_specialist = true;
  s.clinic.therapists[1].telehealth = false;
  s.clinic.therapists[2].start_week = 6;
  s.clinic.therapists[0].absent_weeks.push_back({10, 11});
  const ReplicationResult res = run(s, 0, true);  // audit() after every event; throws on a breach
  double telehealth = 0, overtime = 0, cancellations = 0;
  for (const auto& w : res.clinic_weeks) {
    telehealth += w.telehealth_sessions;
    overtime += w.overtime_minutes;
    cancellations += w.clinic_cancellations;
  }
  EXPECT_GT(telehealth, 0);  // the features were exercised
  EXPECT_GT(overtime, 0);
  EXPECT_GT(cancellations, 0);
  EXPECT_EQ(res.clinic_weeks[0].therapists_on_duty, 2);  // the third is hired in week 6
}

TEST(ClinicReplication, PatientsTheClinicCannotTouchRunAloneWithTheSameResults) {
  // Every policy feature, a discharge rule, a session cap and a supervised phase after a home-only
  // one (a patient between them is not done with the clinic): the same bits whether patients leave
  // the shared loop once the clinic can no longer touch them or stay in it to their horizon.
  Scenario s = stream(3, 220);
  s.clinic.overbook_per_day = 1;
  s.clinic.telehealth_share = 0.3;
  s.clinic.sick_day_probability = 0.05;
  s.clinic.rebook_missed = true;
  s.clinic.therapists[2].start_week = 6;
  s.protocol.discharge_odi_max = 18;
  s.protocol.max_sessions = 14;
  Phase home = s.protocol.phases.front();
  home.name = "home";
  home.sessions_per_week = 0;
  home.duration_weeks = 3;
  Phase again = s.protocol.phases.front();
  again.name = "again";
  again.duration_weeks = 4;
  s.protocol.phases.insert(s.protocol.phases.begin() + 1, {home, again});
  const CohortGenerator g(s);
  const ReplicationResult alone = run_replication(s, g, 1, {.run_alone_when_done = true});
  const ReplicationResult shared = run_replication(s, g, 1, {.run_alone_when_done = false});
  ASSERT_EQ(alone.patients.size(), shared.patients.size());
  int discharged_early = 0, dropped = 0, came_back = 0;
  for (std::size_t i = 0; i < alone.patients.size(); ++i) {
    const PatientResult &a = alone.patients[i], &b = shared.patients[i];
    SCOPED_TRACE("patient " + std::to_string(i));
    EXPECT_EQ(a.odi, b.odi);
    EXPECT_EQ(a.pain, b.pain);
    EXPECT_EQ(a.qaly, b.qaly);
    EXPECT_EQ(a.muscle_12m, b.muscle_12m);
    EXPECT_EQ(a.sessions_attended, b.sessions_attended);
    EXPECT_EQ(a.sessions_prescribed, b.sessions_prescribed);
    EXPECT_EQ(a.no_shows, b.no_shows);
    EXPECT_EQ(a.home_days_done, b.home_days_done);
    EXPECT_EQ(a.falls_12m, b.falls_12m);
    EXPECT_EQ(a.last_phase, b.last_phase);
    for (const auto [x, y] : {std::pair{a.wait_days, b.wait_days},
                              {a.dropout_day, b.dropout_day},
                              {a.fusion_day, b.fusion_day},
                              {a.reoperation_day, b.reoperation_day},
                              {a.return_to_work_day, b.return_to_work_day}})
      EXPECT_TRUE(x == y || (std::isnan(x) && std::isnan(y))) << x << " vs " << y;
    discharged_early += a.last_phase < static_cast<int>(s.protocol.phases.size()) - 1 && !a.dropped_out;
    dropped += a.dropped_out;
    came_back += a.last_phase >= 2;
  }
  EXPECT_GT(discharged_early, 0);  // the paths were exercised
  EXPECT_GT(dropped, 0);
  EXPECT_GT(came_back, 0);
  ASSERT_EQ(alone.clinic_weeks.size(), shared.clinic_weeks.size());
  for (std::size_t w = 0; w < alone.clinic_weeks.size(); ++w) {
    EXPECT_EQ(alone.clinic_weeks[w].sessions, shared.clinic_weeks[w].sessions);
    EXPECT_EQ(alone.clinic_weeks[w].waiting_patient_minutes, shared.clinic_weeks[w].waiting_patient_minutes);
    EXPECT_EQ(alone.clinic_weeks[w].unbooked_sessions, shared.clinic_weeks[w].unbooked_sessions);
  }
  // Fewer patients in the shared loop, the same events handled.
  EXPECT_EQ(alone.stats.events_by_kind, shared.stats.events_by_kind);
}

}  // namespace
}  // namespace rehabsim::models

namespace rehabsim::models {
namespace {

TEST(ClinicReplication, UnlimitedCapacityBlocksGiveTheSameResultForAnyBlockSize) {
  // Independent patients run in blocks (in parallel through the engine); blocks of 7 and one block
  // of all 150 patients must give bit-identical patients, with a fixed cohort and a Poisson stream.
  for (const char* mode : {"cohort", "poisson"}) {
    const Scenario s = default_scenario({"run.patients=150", std::string("clinic.arrivals.mode=\"") + mode + "\""});
    const CohortGenerator g(s);
    const auto whole = run_replication(s, g, 3, {.block_patients = 1000}).patients;
    // Makes each window of 3 blocks backwards (the order of making must not matter), then takes it in order.
    struct Backwards final : sim::PartsExecutor {
      mutable std::size_t made = 0;
      std::size_t window() const override { return 3; }
      void run(std::size_t count, const Part& make, const Part& take) const override {
        for (std::size_t first = 0; first < count; first += 3) {
          const std::size_t n = std::min<std::size_t>(3, count - first);
          for (std::size_t p = first + n; p-- > first;) make(p);
          for (std::size_t p = first; p < first + n; ++p) take(p);
          made += n;
        }
      }
    } backwards;
    const auto blocks = run_replication(s, g, 3, {.block_patients = 7, .parts = &backwards}).patients;
    EXPECT_EQ(backwards.made, 22u);  // ceil(150 / 7)
    ASSERT_EQ(whole.size(), blocks.size());
    for (std::size_t i = 0; i < whole.size(); ++i) {
      EXPECT_EQ(whole[i].surgery_day, blocks[i].surgery_day);
      EXPECT_EQ(whole[i].covariates.age_years, blocks[i].covariates.age_years);
      EXPECT_EQ(whole[i].odi, blocks[i].odi);
      EXPECT_EQ(whole[i].qaly, blocks[i].qaly);
      EXPECT_EQ(whole[i].sessions_attended, blocks[i].sessions_attended);
      EXPECT_EQ(whole[i].falls_12m, blocks[i].falls_12m);
      EXPECT_EQ(std::isnan(whole[i].reoperation_day), std::isnan(blocks[i].reoperation_day));
    }
  }
}

}  // namespace
}  // namespace rehabsim::models

namespace rehabsim::models {
namespace {

TEST(ClinicReplication, PatientsNeverSeenLeaveTheListAtTheirHorizon) {
  // One therapist for 9 operations a week: many are never seen. Each waits from the referral to
  // the end of their horizon, then leaves the list: the area under the list length is the sum of
  // the waits of those seen plus (horizon - referral day) of those never seen.
  Scenario s = stream(1, 300);
  const ReplicationResult res = run(s, 0);
  double area_days = 0;
  for (const auto& w : res.clinic_weeks) area_days += w.waiting_patient_minutes / sim::SimTime::kMinutesPerDay;
  double expected = 0, never = 0;
  for (const auto& p : res.patients) {
    if (std::isnan(p.wait_days)) {
      never += 1;
      // referral at the minute rounded up from the day; the horizon event likewise
      expected += std::ceil((s.run.horizon_days) * sim::SimTime::kMinutesPerDay) / sim::SimTime::kMinutesPerDay -
                  std::ceil(p.referral_day * sim::SimTime::kMinutesPerDay) / sim::SimTime::kMinutesPerDay;
    } else {
      expected += p.wait_days;
    }
  }
  EXPECT_GT(never, 50);
  EXPECT_NEAR(area_days, expected, 1e-6 * expected);
  EXPECT_EQ(res.clinic_weeks.back().waiting_at_end, 0);
}

}  // namespace
}  // namespace rehabsim::models

namespace rehabsim::models {
namespace {

TEST(ReplicationAccumulator, PatientsFedInBlocksGiveTheBitsOfOnePass) {
  // With a warm-up (Poisson arrivals), so the left-out prefix spans the first block boundaries.
  const Scenario s = default_scenario({"run.patients=300", "clinic.arrivals.mode=\"poisson\"", "clinic.arrivals.warmup_weeks=4"});
  const CohortGenerator g(s);
  const ReplicationResult result = run_replication(s, g, 2);
  const ReplicationTable table;
  const sim::WorkItem item{0, 2};
  sim::TableBuffer whole(table.spec()), blocks(table.spec());
  table.append(item, result, whole);
  ReplicationAccumulator acc(table);
  const std::span<const PatientResult> all(result.patients);
  for (std::size_t first = 0; first < all.size(); first += 37) acc.add(all.subspan(first, std::min<std::size_t>(37, all.size() - first)));
  acc.append_row(item, result, blocks);
  ASSERT_EQ(whole.rows(), 1u);
  for (std::size_t c = 0; c < whole.columns(); ++c) {
    if (!whole.is_float(c)) {
      EXPECT_EQ(whole.integers(c), blocks.integers(c)) << table.spec().columns[c].name;
      continue;
    }
    const double w = whole.floats(c)[0], b = blocks.floats(c)[0];
    EXPECT_TRUE((std::isnan(w) && std::isnan(b)) || w == b) << table.spec().columns[c].name << ": " << w << " vs " << b;
  }
  // Warm-up patients after others: the numbering is broken, and the accumulator says so.
  ReplicationAccumulator broken(table);
  std::vector<PatientResult> reversed(result.patients.rbegin(), result.patients.rend());
  ASSERT_TRUE(reversed.back().in_warmup);
  EXPECT_THROW(broken.add(reversed), std::logic_error);
}

}  // namespace
}  // namespace rehabsim::models
