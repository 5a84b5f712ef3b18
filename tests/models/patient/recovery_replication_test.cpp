#include "models/patient/recovery_replication.hpp"

#include <gtest/gtest.h>

#include "support/statistics.hpp"

#include <cmath>

#include "models/patient/cohort_generator.hpp"
#include "models/physiology/adherence.hpp"
#include "models/physiology/first_order.hpp"
#include "models/physiology/fusion.hpp"
#include "models/physiology/healing.hpp"
#include "models/physiology/muscle.hpp"
#include "models/physiology/outcome_model.hpp"
#include "models/physiology/scar.hpp"
#include "models/recovery_experiment.hpp"
#include "support/default_scenario_fixture.hpp"

namespace rehabsim::models {
namespace {

std::vector<PatientResult> run(const Scenario& s, std::uint32_t replication = 0) {
  CohortGenerator g(s);
  return simulate_replication(s, g, replication);
}

// Only discectomy patients; no dropout, falls, setbacks or reoperations: a deterministic protocol path.
std::vector<std::string> quiet(std::vector<std::string> more = {}) {
  std::vector<std::string> o = {"cohorts[0].share=1",
                                "cohorts[1].share=0",
                                "cohorts[2].share=0",
                                "adherence.dropout_rate_per_week=0",
                                "falls.rate_per_year=0",
                                "setback.rate_per_day_at_full_excess=0",
                                "reoperation.rate_per_year_discectomy=0",
                                "reoperation.early_rate_per_year_discectomy=0"};
  o.insert(o.end(), more.begin(), more.end());
  return o;
}

TEST(RecoveryReplication, FullAttendanceDeliversEveryPrescribedSession) {
  // Standard protocol without the pain criterion: 2x4 + 2x4 + 1x4 = 20 sessions.
  const Scenario s = default_scenario(quiet(
      {"run.patients=200", "adherence.no_show_probability=0", "adherence.late_cancellation_probability=0", "protocol.phases[2].entry_pain_max=10"}));
  for (const auto& r : run(s)) {
    EXPECT_EQ(r.sessions_attended, 20);
    EXPECT_EQ(r.sessions_missed, 0);
    EXPECT_EQ(r.last_phase, 3);
    EXPECT_EQ(r.pt_start_day, 28);
  }
}

TEST(RecoveryReplication, LateCancellationsComeOnTopOfNoShows) {
  // Without covariate or motivation effects: per booked session, late cancellations 0.10 and
  // no-shows 0.104, each within test::kZ binomial SEs.
  const Scenario s = default_scenario({"run.patients=2000", "adherence.smoker_attendance_odds_ratio=1", "adherence.attendance_odds_ratio_per_5_bmi=1",
                                       "adherence.attendance_log_odds_per_motivation=0"});
  double late = 0, no_show = 0, booked = 0;
  for (const auto& r : run(s)) {
    late += r.late_cancellations;
    no_show += r.no_shows;
    booked += r.sessions_missed + r.sessions_attended;
    EXPECT_EQ(r.late_cancellations + r.no_shows, r.sessions_missed);  // unlimited capacity: no evaluation appointments
  }
  EXPECT_NEAR(late / booked, 0.10, test::proportion_tolerance(0.10, booked));
  EXPECT_NEAR(no_show / booked, 0.104, test::proportion_tolerance(0.104, booked));
}

TEST(RecoveryReplication, SessionsAfterTheHorizonAreNotCounted) {
  // Start at day 350: only days 350, 353.5, 357, 360.5 and 364 fall before day 365.
  const Scenario s = default_scenario(quiet(
      {"run.patients=20", "adherence.no_show_probability=0", "adherence.late_cancellation_probability=0", "protocol.start_day_discectomy=350"}));
  for (const auto& r : run(s)) EXPECT_EQ(r.sessions_attended, 5);
}

TEST(RecoveryReplication, PhaseWaitsForEntryCriteriaUpToItsMaximum) {
  // Phase A: 2 weeks planned, at most 5, 1 session/week; phase B: 3 weeks, 1 session/week, entry
  // pain <= 0 (never met): A runs 5 weeks, then B is entered anyway: 5 + 3 = 8 sessions.
  const std::vector<std::string> phases = {"protocol.phases[0].duration_weeks=2",       "protocol.phases[0].max_weeks=5",
                                           "protocol.phases[0].sessions_per_week=1",    "protocol.phases[1].duration_weeks=3",
                                           "protocol.phases[1].sessions_per_week=1",    "protocol.phases[1].entry_pain_max=0",
                                           "protocol.phases[2].sessions_per_week=0",    "protocol.phases[2].duration_weeks=1",
                                           "protocol.phases[2].entry_pain_max=10",      "adherence.no_show_probability=0",
                                           "adherence.late_cancellation_probability=0", "run.patients=30"};
  auto o = quiet(phases);
  for (const auto& r : run(default_scenario(o))) {
    EXPECT_EQ(r.sessions_attended, 8);
    EXPECT_EQ(r.last_phase, 3);
  }
  // With the criterion always met, A ends after its planned 2 weeks: 2 + 3 = 5 sessions.
  o.push_back("protocol.phases[1].entry_pain_max=10");
  for (const auto& r : run(default_scenario(o))) EXPECT_EQ(r.sessions_attended, 5);
}

TEST(RecoveryReplication, DischargeRuleEndsSupervisedCare) {
  const Scenario s = default_scenario(quiet({"run.patients=30", "protocol.discharge_odi_max=100"}));
  for (const auto& r : run(s)) {
    EXPECT_EQ(r.sessions_attended + r.sessions_missed, 0);  // discharged at the first review
    EXPECT_EQ(r.last_phase, 0);
  }
}

TEST(RecoveryReplication, NoShowRateMatchesTheAttendanceModel) {
  // Without covariate or motivation effects, a booked session is missed with 0.104 + 0.10, within 5 binomial SEs.
  const Scenario s = default_scenario({"run.patients=2000", "adherence.smoker_attendance_odds_ratio=1", "adherence.attendance_odds_ratio_per_5_bmi=1",
                                       "adherence.attendance_log_odds_per_motivation=0"});
  double missed = 0, booked = 0;
  for (const auto& r : run(s)) {
    missed += r.sessions_missed;
    booked += r.sessions_missed + r.sessions_attended;
  }
  EXPECT_NEAR(missed / booked, 0.204, test::proportion_tolerance(0.204, booked));  // 0.104 no-shows + 0.10 late cancellations
}

TEST(RecoveryReplication, StateFollowsTheClosedFormsForHandBuiltPatients) {
  // No training at all and no noise: muscle, scar and ODI at 12 months are the closed forms through
  // the two activity regimes (restricted until day 14, then daily life).
  // The other pathways are switched off and healing is the cohort's (no between-patient spread).
  std::vector<std::string> o =
      quiet({"run.patients=20", "outcomes.odi_noise_sd=0", "outcomes.pain_noise_sd=0", "conditioning.enabled=false", "mobility.enabled=false",
             "relief.enabled=false", "sensitisation.enabled=false", "fear.enabled=false", "tolerance.enabled=false", "healing.sd_log=0"});
  for (int p = 0; p < 4; ++p) {
    o.push_back("protocol.phases[" + std::to_string(p) + "].home_days_per_week=0");
    o.push_back("protocol.phases[" + std::to_string(p) + "].sessions_per_week=0");
  }
  const Scenario s = default_scenario(o);
  for (const auto& r : run(s)) {
    const Covariates& c = r.covariates;
    const MuscleRates rates = muscle_rates(s.muscle, c.age_years, c.protein_g_per_kg_day);
    const double m14 =
        advance_linear(muscle_after_surgery(s.muscle, c.approach), muscle_regime(s.muscle, rates, s.activity.restricted_load, c.approach), 14.0);
    const double m365 = advance_linear(m14, muscle_regime(s.muscle, rates, s.activity.daily_load, c.approach), 365.0 - 14.0);
    EXPECT_NEAR(r.muscle_12m, m365, 1e-12);
    const double scar = advance_scar(s.scar, 0.0, 0.0, 365.0, scar_ceiling(s.scar, c.surgery, c.approach, 0.0));
    EXPECT_NEAR(r.scar_12m, scar, 1e-12);
    const double h = healing_fraction(365, healing_time_constant(s.healing, c.surgery, c.vitamin_d_deficient, c.protein_g_per_kg_day));
    EXPECT_NEAR(r.healing_12m, h, 1e-12);
    const Deficits d = recovery_deficits(s.outcomes, s.sensitisation, s.fear, s.tolerance, {h, m365, s.muscle.floor_fraction, scar, 0.0, 0.0, false});
    EXPECT_NEAR(r.odi[3], std::clamp(expected_score(c.baseline_odi, c.residual_odi_fraction, d.odi), 0.0, 100.0), 1e-9);
  }
}

TEST(RecoveryReplication, FusionTimesOfReferencePatientsFollowTheExactSurvival) {
  // Fusion patients at the reference covariates, no setbacks: P(fused by 12 months) = 1 - p0 exactly.
  const Scenario s =
      default_scenario({"run.patients=4000", "cohorts[0].share=0", "cohorts[1].share=1", "cohorts[2].share=0", "cohorts[1].smoker_fraction=0",
                        "cohorts[1].diabetic_fraction=0", "cohorts[1].vitamin_d_deficient_fraction=0", "cohorts[1].two_level_fraction=0",
                        "cohorts[1].age_mean_years=55", "cohorts[1].age_sd_years=0.1", "cohorts[1].protein_mean_g_per_kg=1.0",
                        "cohorts[1].protein_sd_g_per_kg=0.01", "setback.rate_per_day_at_full_excess=0", "tolerance.enabled=false",
                        "reoperation.rate_per_year_fusion=0", "reoperation.rate_increase_per_year_per_year_fusion=0"});
  double fused = 0, before_median = 0;
  const auto results = run(s);
  for (const auto& r : results) {
    fused += r.fused_12m;
    before_median += !std::isnan(r.fusion_day) && r.fusion_day <= s.fusion.median_days;
  }
  const double n = static_cast<double>(results.size()), p = 1 - reference_nonunion_probability(s.fusion);
  // Age sd 0.1 and protein sd 0.01 move ln m by at most ~1e-3: negligible next to the test::kZ-SE tolerance.
  EXPECT_NEAR(fused / n, p, test::proportion_tolerance(p, n));
  EXPECT_NEAR(before_median / n, 0.5, test::proportion_tolerance(0.5, n));
}

TEST(RecoveryReplication, DeterministicAndCommonRandomNumbers) {
  const Scenario s = default_scenario({"run.patients=300"});
  const auto a = run(s, 2), b = run(s, 2);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].odi, b[i].odi);
    EXPECT_EQ(a[i].sessions_attended, b[i].sessions_attended);
    EXPECT_EQ(a[i].qaly, b[i].qaly);
  }
  const Scenario later = default_scenario({"run.patients=300", "protocol.start_day_discectomy=70"});
  const auto c = run(later, 2);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].covariates.baseline_odi, c[i].covariates.baseline_odi);
}

TEST(RecoveryReplication, TrainingImprovesMuscleAndOutcomeOnTheSamePatients) {
  const Scenario standard = default_scenario({"run.patients=500"});
  const Scenario none = default_scenario({"run.patients=500", "protocol.phases[0].intensity=0", "protocol.phases[1].intensity=0",
                                          "protocol.phases[2].intensity=0", "protocol.phases[3].intensity=0"});
  const auto a = run(standard), b = run(none);
  double muscle_diff = 0, odi3_diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    muscle_diff += a[i].muscle_12m - b[i].muscle_12m;
    odi3_diff += a[i].odi[1] - b[i].odi[1];
    EXPECT_GE(a[i].muscle_12m, b[i].muscle_12m - 1e-12);  // more load never loses muscle
  }
  EXPECT_GT(muscle_diff / static_cast<double>(a.size()), 0.0);
  EXPECT_LT(odi3_diff / static_cast<double>(a.size()), 0.0);
}

TEST(RecoveryReplication, AProgrammesExerciseHabitOutlastsItAndKeepsMuscleAboveNoProgramme) {
  // The same 600 patients with the standard programme ending after a 4-week home phase (about week
  // 20; the shipped one keeps its home phase to the horizon) and with none (no sessions, no home
  // days), with the habit and without: with it, the programme's 12-month muscle gain over none is
  // larger, by more than 4 standard errors of the paired per-patient difference of differences.
  const auto none = [](std::vector<std::string> o) {
    for (int p = 0; p < 4; ++p) {
      o.push_back("protocol.phases[" + std::to_string(p) + "].sessions_per_week=0");
      o.push_back("protocol.phases[" + std::to_string(p) + "].home_days_per_week=0");
    }
    return o;
  };
  const std::vector<std::string> base = {"run.patients=600", "adherence.dropout_rate_per_week=0", "protocol.phases[3].duration_weeks=4"};
  std::vector<std::string> off = base;
  off.push_back("habit.enabled=false");
  const auto with_pt = run(default_scenario(base)), without_pt = run(default_scenario(none(base)));
  const auto with_pt_off = run(default_scenario(off)), without_pt_off = run(default_scenario(none(off)));
  double sum = 0, sum_sq = 0;
  const auto n = static_cast<double>(with_pt.size());
  for (std::size_t i = 0; i < with_pt.size(); ++i) {
    const double d = (with_pt[i].muscle_12m - without_pt[i].muscle_12m) - (with_pt_off[i].muscle_12m - without_pt_off[i].muscle_12m);
    sum += d;
    sum_sq += d * d;
    EXPECT_EQ(without_pt[i].muscle_12m, without_pt_off[i].muscle_12m);  // no programme, no habit
  }
  const double mean = sum / n, se = std::sqrt((sum_sq / n - mean * mean) / (n - 1));
  EXPECT_GT(mean, 4 * se);
}

TEST(RecoveryReplication, TrajectoriesAreWeeklyAndMatchTheTwelveMonthState) {
  // Goal setting (the supervised share, not recorded) off, and healing the cohort's.
  const Scenario s = default_scenario(
      quiet({"run.patients=10", "output.trajectories=true", "outcomes.odi_noise_sd=0", "motivation.goal_setting_gain=0", "healing.sd_log=0"}));
  for (const auto& r : run(s)) {
    ASSERT_EQ(r.trajectory.of("muscle").size(), 53u);  // days 0, 7, ..., 364
    EXPECT_NEAR(r.trajectory.of("healing")[0], 0.0, 1e-15);
    EXPECT_LT(r.trajectory.of("muscle")[0], 1.0);            // injured at surgery
    EXPECT_TRUE(std::isnan(r.trajectory.of("fusion")[10]));  // discectomy
    // Motivation moves each week toward its target from that week's ODI and pain (not just "stays in 0..1",
    // which holds by construction).
    const auto& m = r.trajectory.of("motivation");
    const auto& odi = r.trajectory.of("odi");
    const auto& pain = r.trajectory.of("pain");
    for (std::size_t w = 0; w + 1 < m.size(); ++w) {
      const double improvement = (r.covariates.baseline_odi - odi[w]) / r.covariates.baseline_odi;
      const double target = motivation_target(s.motivation, r.covariates.motivation, improvement, pain[w]);
      EXPECT_NEAR(m[w + 1], relax_motivation(s.motivation, m[w], target, 7.0), 1e-12) << "week " << w;
    }
    EXPECT_NEAR(r.trajectory.of("healing")[52],
                healing_fraction(
                    364, healing_time_constant(s.healing, r.covariates.surgery, r.covariates.vitamin_d_deficient, r.covariates.protein_g_per_kg_day)),
                1e-12);
  }
}

TEST(RecoveryReplication, FollowUpsAreTakenOnTheirDays) {
  // Without measurement noise an observed ODI is the expected ODI on its day, which the weekly
  // trajectory records at days 7 w: 6 weeks = day 42 (week 6), 3 months = day 91 (week 13),
  // 6 months = day 182 (week 26); the 12-month state is taken on day 365 (healing pins it).
  const Scenario s = default_scenario(quiet({"run.patients=40", "output.trajectories=true", "outcomes.odi_noise_sd=0", "healing.sd_log=0"}));
  ASSERT_EQ(kFollowUpDays, (std::array<int, 4>{42, 91, 182, 365}));
  for (const auto& r : run(s)) {
    const auto& odi = r.trajectory.of("odi");
    EXPECT_DOUBLE_EQ(r.odi[0], odi[6]);
    EXPECT_DOUBLE_EQ(r.odi[1], odi[13]);
    EXPECT_DOUBLE_EQ(r.odi[2], odi[26]);
    EXPECT_NE(r.odi[0], odi[7]);  // a follow-up a week late would read another value
    const double tau = healing_time_constant(s.healing, r.covariates.surgery, r.covariates.vitamin_d_deficient, r.covariates.protein_g_per_kg_day);
    EXPECT_DOUBLE_EQ(r.healing_12m, healing_fraction(365, tau));
  }
}

TEST(RecoveryReplication, SupplementsCostAndRaiseProteinEffects) {
  const Scenario s = default_scenario(
      quiet({"run.patients=50", "protocol.supplement_protein_g_per_kg=0.4", "protocol.supplement_days=84", "protocol.supplement_vitamin_d=true"}));
  for (const auto& r : run(s)) {
    const double supplements = 84 * (s.costs.protein_supplement_usd_per_day + s.costs.vitamin_d_supplement_usd_per_day);
    EXPECT_NEAR(r.total_cost_usd - r.pt_cost_usd, supplements, 1e-9);
    EXPECT_NEAR(r.pt_cost_usd, r.sessions_attended > 0 ? s.costs.pt_evaluation_usd + r.sessions_attended * s.costs.pt_visit_usd : 0.0, 1e-9);
  }
}

TEST(RecoveryExperiment, MemoryEstimateGrowsWithPatientsAndTrajectoriesWhenHeldWhole) {
  const RecoveryExperiment small(default_scenario({"run.patients=1000"}));
  const RecoveryExperiment large(default_scenario({"run.patients=2000"}));
  const RecoveryExperiment traced(default_scenario({"run.patients=1000", "output.trajectories=true"}));
  EXPECT_EQ(large.memory_per_item().whole, 2 * small.memory_per_item().whole);
  // Each weekly value of each trajectory variable: 8 bytes held, 8 in the table, 8 in the journal.
  EXPECT_GE(traced.memory_per_item().whole - small.memory_per_item().whole, 1000u * kTrajectory.size() * 53 * 8 * 3);
  EXPECT_GT(small.memory_per_item().whole, 1000u * sizeof(PatientResult));
}

TEST(RecoveryExperiment, StreamedMemoryIsTheSharedPartAndABlockPerPartInFlight) {
  const RecoveryExperiment big(default_scenario({"run.patients=100000"}));
  const RecoveryExperiment huge(default_scenario({"run.patients=1000000"}));
  EXPECT_EQ(huge.memory_per_item().streamed, 1000000u * 16);  // operation days and waits
  EXPECT_EQ(huge.memory_per_item().per_part, big.memory_per_item().per_part);
  // A part is a block of 2,048 patients, each holding what a patient holds in a whole item.
  EXPECT_EQ(huge.memory_per_item().per_part * 100000, (big.memory_per_item().whole - 100000 * 16) * 2048);
  EXPECT_EQ(huge.memory_per_item().whole, 10 * big.memory_per_item().whole);
}

}  // namespace
}  // namespace rehabsim::models

namespace rehabsim::models {
namespace {

TEST(RecoveryReplication, ReturnToWorkStartsOnTheRestrictionsLastDayNotAtTheNextReview) {
  // Generous limits, a return rate of 10/day and one restriction of 10 days for all (spread 0).
  // Without an event on day 10 the first check would be the day-14 review and nobody could be back
  // before day 14. With it, everyone ready on day 10 is back within a day (all but exp(-10) = 4.5e-5).
  // A few are not ready yet on day 10 (expected pain or ODI above the limits while barely healed)
  // and return at a later review: fewer than 10% here.
  const Scenario s =
      default_scenario(quiet({"run.patients=400", "cohorts[0].employed_fraction=1", "return_to_work.restriction_median_days_discectomy=10",
                              "return_to_work.restriction_sd_log=0", "return_to_work.rate_per_day=10", "return_to_work.pain_max_nrs=10",
                              "return_to_work.odi_max_sedentary=100", "return_to_work.odi_max_light=100", "return_to_work.odi_max_medium=100",
                              "return_to_work.odi_max_heavy=100"}));
  int within_a_day = 0, back = 0;
  for (const auto& r : run(s)) {
    if (!std::isfinite(r.return_to_work_day)) continue;
    EXPECT_GE(r.return_to_work_day, 10.0);
    ++back;
    if (r.return_to_work_day < 11.0) ++within_a_day;
  }
  ASSERT_GT(back, 300);
  EXPECT_GE(within_a_day, 0.9 * back);
}

TEST(RecoveryReplication, TheSurgeonsRestrictionIsALognormalDayPerPatient) {
  ReturnToWorkParams p;
  p.restriction_median_days = {21, 70, 28};
  p.restriction_sd_log = 0.5;
  // 21 e^(0.5 * 1) = 21 * 1.6487213 = 34.623147; z = 0 gives the median; by surgery.
  EXPECT_NEAR(work_allowed_day(p, Surgery::Discectomy, 1.0), 34.623147, 1e-6);
  EXPECT_EQ(work_allowed_day(p, Surgery::Fusion, 0.0), 70.0);
  EXPECT_NEAR(work_allowed_day(p, Surgery::Decompression, -2.0), 28 * std::exp(-1.0), 1e-12);
  // In a run where everyone is ready at once and returns within hours of the restriction's end, the
  // returns follow the lognormal: a quarter back before median e^(-0.674 sd) = 21 e^(-0.3372) = 14.99
  // days, three quarters before 21 e^(0.3372) = 29.42 (+1 day for the return itself). n = 800: SE of a
  // share 0.25 is sqrt(0.25 * 0.75 / 800) = 0.0153; tolerance 4 SE = 0.061.
  const Scenario s =
      default_scenario(quiet({"run.patients=800", "cohorts[0].employed_fraction=1", "return_to_work.restriction_median_days_discectomy=21",
                              "return_to_work.restriction_sd_log=0.5", "return_to_work.rate_per_day=10", "return_to_work.pain_max_nrs=10",
                              "return_to_work.odi_max_sedentary=100", "return_to_work.odi_max_light=100", "return_to_work.odi_max_medium=100",
                              "return_to_work.odi_max_heavy=100"}));
  int n = 0, before_q1 = 0, before_q3 = 0;
  for (const auto& r : run(s)) {
    ++n;
    if (r.return_to_work_day < 21 * std::exp(-0.6745 * 0.5) + 1) ++before_q1;
    if (r.return_to_work_day < 21 * std::exp(0.6745 * 0.5) + 1) ++before_q3;
  }
  ASSERT_EQ(n, 800);
  EXPECT_NEAR(before_q1 / 800.0, 0.25, 0.061);
  EXPECT_NEAR(before_q3 / 800.0, 0.75, 0.061);
}

}  // namespace
}  // namespace rehabsim::models
