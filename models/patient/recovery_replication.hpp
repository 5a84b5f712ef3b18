#pragma once
// One replication: every patient of the cohort walks through surgery, restricted activity, the
// protocol's phases and sessions, weekly reviews, hazards (setbacks, falls, reoperation, dropout),
// fusion and follow-ups, in one event loop; a limited clinic couples the patients. The loop and one
// handler per event kind are in recovery_replication.cpp; the state, planner and clinic adapter
// it calls are in patient_state, protocol_planner and clinic_adapter.
#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "models/clinic/clinic.hpp"
#include "models/params/patient.hpp"
#include "models/params/scenario.hpp"
#include "models/patient/trajectory.hpp"
#include "sim/exec/experiment.hpp"
#include "sim/exec/run_stats.hpp"

namespace rehabsim::models {

/// Follow-up days: 6 weeks, 3, 6 and 12 months.
inline constexpr std::array<int, 4> kFollowUpDays = {42, 91, 182, 365};
inline constexpr std::array<const char*, 4> kFollowUpNames = {"6w", "3m", "6m", "12m"};

struct PatientResult {
  Covariates covariates;
  int pt_start_day = 0;
  int sessions_attended = 0;
  int sessions_missed = 0;
  std::array<double, 4> odi{};                               ///< observed at kFollowUpDays
  std::array<double, 4> pain{};                              ///< observed at kFollowUpDays, worse of back and leg (NRS)
  double back_pain_12m = 0, leg_pain_12m = 0, pain_12m = 0;  ///< observed; pain = worse of back and leg
  double muscle_12m = 0, scar_12m = 0, healing_12m = 0, balance_12m = 0;
  bool fused_12m = false;
  double fusion_day = 0;  ///< NaN when not fused within the horizon (or not a fusion)
  int falls_12m = 0;
  double reoperation_day = 0;  ///< NaN when none
  bool dropped_out = false;
  double dropout_day = 0;  ///< NaN when none
  int home_days_prescribed = 0, home_days_done = 0;
  int last_phase = -1;            ///< index of the last phase entered, -1 when none
  double return_to_work_day = 0;  ///< NaN when not employed or not back within the horizon
  double pt_cost_usd = 0, total_cost_usd = 0;
  double qaly = 0;  ///< discounted, over the horizon
  bool responder_12m = false;
  // Clinic (days after surgery unless named otherwise)
  double surgery_day = 0;                    ///< calendar day of the operation (day 0 = the first simulated Monday)
  bool in_warmup = false;                    ///< operated during the warm-up: left out of /replications
  double referral_day = 0;                   ///< on the clinic's waiting list from; NaN when the protocol has no supervised sessions
  double first_visit_day = 0;                ///< initial evaluation attended; NaN when never seen within the horizon
  double wait_days = 0;                      ///< first_visit_day - referral_day; NaN when never seen
  bool evaluated_in_clinic = false;          ///< attended an evaluation appointment (limited clinic only)
  int sessions_prescribed = 0;               ///< supervised sessions the protocol asked for
  int sessions_telehealth = 0;               ///< attended by telehealth
  int no_shows = 0, late_cancellations = 0;  ///< over all appointments (evaluations included)
  Trajectory trajectory;
};

class CohortGenerator;

/// What one replication produces: the patients and, with a limited clinic, its weekly record.
struct ReplicationResult {
  std::vector<PatientResult> patients;
  bool clinic_limited = false;
  std::vector<ClinicWeek> clinic_weeks;
  int kpi_first_week = 0, kpi_last_week = 0;                  ///< weeks counted in the replication's clinic KPIs (inclusive)
  std::int64_t continuity_sessions = 0, clinic_sessions = 0;  ///< sessions with the evaluating therapist, of all attended
  sim::RunStats stats;                                        ///< events handled by kind and patient-years simulated (statistics, not results)
};

struct ReplicationOptions {
  /// Check every calendar around the current day after every event (tests; slow). Debug builds
  /// always check the day an appointment is booked into, at the booking.
  bool audit_clinic = false;
  /// With unlimited clinic capacity patients are independent: they run in blocks of this many,
  /// through `parts` (possibly in parallel). The result is the same for any block size and executor.
  std::uint32_t block_patients = 2048;
  const sim::PartsExecutor* parts = nullptr;  ///< nullptr: blocks run one after the other
  /// With a limited clinic, a patient the clinic can no longer touch leaves the shared loop and runs
  /// to its horizon on its own (the results are the same either way; false: tests compare).
  bool run_alone_when_done = true;
};

ReplicationResult run_replication(const Scenario& scenario, const CohortGenerator& cohort, std::uint32_t replication,
                                  ReplicationOptions options = {});
/// Receives a replication's patients in order: the index of the first, and their results.
using PatientsSink = std::function<void(std::uint32_t first, std::span<const PatientResult> patients)>;
/// The same, handing the patients to `take` in order, block by block as the blocks finish (from one
/// thread at a time), so a cohort of any size holds only the blocks in flight; the returned result
/// has no patients. Coupled by a limited clinic, the patients finish together and go in one call.
ReplicationResult run_replication(const Scenario& scenario, const CohortGenerator& cohort, std::uint32_t replication, ReplicationOptions options,
                                  const PatientsSink& take);
/// The patients only.
std::vector<PatientResult> simulate_replication(const Scenario& scenario, const CohortGenerator& cohort, std::uint32_t replication);

/// Weeks recorded in a trajectory: days 0, 7, ... up to the horizon.
inline int trajectory_weeks(const Scenario& s) { return s.run.horizon_days / 7 + 1; }

}  // namespace rehabsim::models
