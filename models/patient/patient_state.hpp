#pragma once
// One patient's changing state during a replication, and the pure, closed-form functions that
// advance and read it. Times are days since the patient's own operation (sim::LocalClock maps them
// onto the clinic's minute calendar). Nothing here schedules events or touches the clinic.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "models/params/patient.hpp"
#include "models/params/scenario.hpp"
#include "models/patient/event_kinds.hpp"
#include "models/physiology/adherence.hpp"
#include "models/physiology/first_order.hpp"
#include "models/physiology/fusion.hpp"
#include "models/physiology/habit.hpp"
#include "models/physiology/hazards.hpp"
#include "models/physiology/healing.hpp"
#include "models/physiology/muscle.hpp"
#include "models/physiology/outcome_model.hpp"
#include "models/physiology/pathways.hpp"
#include "models/physiology/scar.hpp"
#include "models/physiology/training_load.hpp"
#include "sim/core/exp_memo.hpp"
#include "sim/core/hazard_set.hpp"
#include "sim/core/local_clock.hpp"
#include "sim/core/rng_stream.hpp"

namespace rehabsim::models {

/// Random streams of one patient, one per purpose (models/params/rng_purposes.hpp).
struct PatientStreams {
  sim::RngStream attendance, noise, home, falls, reop, drop, setbacks, fusion, mode, rtw;
};

/// Expected (noise-free) scores: ODI 0-100, back and leg pain NRS 0-10.
struct Scores {
  double odi = 0, back = 0, leg = 0;
  double pain() const { return std::max(back, leg); }
};

/// The patient's bookings with a limited clinic.
struct ClinicPlace {
  bool waiting = false;  ///< referred, not yet seen
  std::optional<std::uint32_t> own_therapist;
  std::int64_t week_end = 0;            ///< end of the week being planned (calendar minute)
  std::int64_t next_free_day = 0;       ///< first calendar day without a visit of this patient booked
  std::vector<std::uint32_t> bookings;  ///< appointments not yet held
};

struct PatientState {
  explicit PatientState(PatientStreams s) : rng(std::move(s)) {}
  sim::LocalClock clock;  ///< origin: the operation's calendar minute
  // Physiology at `last_update_day`.
  double muscle = 1, balance = 1, scar = 0, flare = 0;
  double conditioning = 1, mobility = 1, relief = 0, sensitisation = 0, fear = 0;
  double habit = 0;  ///< share of days exercised on one's own (habit.hpp)
  double last_update_day = 0;
  /// Decay factors of advance(), by variable (muscle, balance, flare, conditioning, mobility, relief,
  /// sensitisation, fear, habit): reused while the rate and the interval repeat.
  std::array<sim::ExpMemo, 9> decay;
  MuscleRates muscle_rates;
  LinearRegime muscle_regime, balance_regime, conditioning_regime, mobility_regime, sensitisation_regime, fear_regime, habit_regime;
  double relief_target = 0;
  double overload = 0;  ///< loading above tissue tolerance in the current regime
  double scar_ceiling = 0;
  Loads loads;
  double surgery_day = 0;  ///< last operation: healing restarts there
  double healing_tau_days = 21;
  bool restricted = true;
  bool supplemented = false;
  double protein_g_per_kg_day = 1;  ///< g/kg/day, supplement included
  // Protocol.
  int phase = -1;
  int last_phase = -1;  ///< the latest phase entered (-1: none yet); its home exercise is what a habit keeps up
  double phase_start_day = 0;
  bool awaiting_start = false;  ///< PT start day passed, first phase's entry criteria not yet met
  bool dropped = false;
  bool attended_last = false;
  int home_days_this_week = 0;
  int sessions_booked = 0;
  double sessions_this_week = 0;  ///< supervised frequency of the planned week (sessions/week)
  double session_effect = 1;      ///< stimulus of the last attended session (telehealth < 1)
  double motivation = 0.7;
  // Fusion and hazards.
  double fusion_due_day = std::numeric_limits<double>::infinity();
  double fusion_required_days = std::numeric_limits<double>::infinity();  ///< biological days to solid fusion
  double fusion_progress_days = 0;                                        ///< biological days accrued (at last_update_day)
  double fusion_speed = 1;                                                ///< biological days per day in the current regime
  double fusion_log_multiplier = 0;                                       ///< the patient's risk factors (kept for a revision)
  bool fused = false;
  bool returned_to_work = false;
  double work_allowed_day = 0;  ///< the surgeon's restriction ends (employed patients)
  bool reoperated = false;
  int fall_count = 0;
  double fall_age_factor = 1;  ///< the age part of the fall rate, fixed per patient
  sim::HazardSet<kHazards> hazards;
  ClinicPlace clinic;
  PatientStreams rng;
};

/// The phase the patient is in, or nullptr (before, between or after the protocol).
inline const Phase* phase_of(const PatientState& st, const Protocol& p) {
  return st.phase >= 0 ? &p.phases[static_cast<std::size_t>(st.phase)] : nullptr;
}
/// In a phase with supervised sessions.
inline bool supervised(const PatientState& st, const Protocol& p) {
  const Phase* ph = phase_of(st, p);
  return ph && ph->sessions_per_week > 0;
}

// Called at every event: inline here, so the event loop pays no call for them.

/// Tissue healing 0-1 since the last operation.
inline double healing(const PatientState& st, double now) { return healing_fraction(now - st.surgery_day, st.healing_tau_days); }

/// Moves muscle, balance, scar and a flare from last_update_day to `now` under the current regime.
inline void advance(PatientState& st, const Scenario& s, double now) {
  const double dt = now - st.last_update_day;
  if (dt <= 0) return;
  st.muscle = advance_linear(st.muscle, st.muscle_regime, dt, st.decay[0]);
  st.balance = advance_linear(st.balance, st.balance_regime, dt, st.decay[1]);
  st.scar = advance_scar(s.scar, st.scar, st.last_update_day, dt, st.scar_ceiling);
  const double tau = s.setback.flare_time_constant_days;
  if (st.flare != 0.0) st.flare *= st.decay[2].get(tau, dt, [&] { return std::exp(-dt / tau); });  // 0 stays 0
  st.conditioning = advance_linear(st.conditioning, st.conditioning_regime, dt, st.decay[3]);
  st.mobility = advance_linear(st.mobility, st.mobility_regime, dt, st.decay[4]);
  st.relief = advance_relief(s.relief, st.relief, st.relief_target, dt, st.decay[5]);
  st.sensitisation = advance_linear(st.sensitisation, st.sensitisation_regime, dt, st.decay[6]);
  st.fear = advance_linear(st.fear, st.fear_regime, dt, st.decay[7]);
  st.habit = advance_linear(st.habit, st.habit_regime, dt, st.decay[8]);
  if (!st.fused) st.fusion_progress_days += st.fusion_speed * dt;
  st.last_update_day = now;
}

/// Maturity of the fusion mass 0-1 (1 when fused or not a fusion).
inline double fusion_maturity(const PatientState& st, const Covariates& c) {
  if (c.surgery != Surgery::Fusion || st.fused) return 1.0;
  return std::clamp(st.fusion_progress_days / st.fusion_required_days, 0.0, 1.0);
}

/// What the outcome model reads at `now`.
inline PhysiologyNow physiology(const PatientState& st, const Scenario& s, const Covariates& c, double now) {
  const bool fusion = c.surgery == Surgery::Fusion;
  PhysiologyNow p{
      healing(st, now), st.muscle,    s.muscle.floor_fraction, st.scar, fusion && !st.fused ? std::min(1.0, now / kNonunionHorizonDays) : 0.0,
      st.flare,         st.reoperated};
  if (s.conditioning.enabled) p.conditioning_deficit = capacity_deficit(st.conditioning, s.conditioning.floor_fraction);
  if (s.mobility.enabled) p.mobility_deficit = capacity_deficit(st.mobility, s.mobility.floor_fraction);
  p.overload = st.overload;
  p.sensitisation = st.sensitisation;
  p.fear = st.fear;
  return p;
}

inline Scores expected_scores(const PatientState& st, const Scenario& s, const Covariates& c, double now) {
  const Deficits d = recovery_deficits(s.outcomes, s.sensitisation, s.fear, s.tolerance, physiology(st, s, c, now));
  const double q = s.relief.enabled ? std::clamp(st.relief, 0.0, 1.0) : 0.0;
  // Deficits above 1 (worse than before surgery) can take a score past its scale: expected scores
  // stay on it, as observed ones do (ODI 0-100, NRS 0-10).
  return {std::min(kOdiMax, expected_score(c.baseline_odi, c.residual_odi_fraction, d.odi) * (1.0 - s.relief.odi_share * q)),
          std::min(kNrsMax, expected_score(c.baseline_back_pain, c.residual_back_pain_fraction, d.back) * (1.0 - q)),
          std::min(kNrsMax, expected_score(c.baseline_leg_pain, c.residual_leg_pain_fraction, d.leg) * (1.0 - q))};
}

/// The regime from now on: loads, every capacity's and pathway's regime, the scar ceiling, the
/// overload and the fusion speed (the state must have been advanced to `now`). Returns the expected
/// scores at `now` under the new overload, which the hazard rates reuse.
Scores set_loads(PatientState& st, const Scenario& s, const Covariates& c, double now);

/// The patient's restriction: the day the surgeon allows a return to work, from a standard normal z.
inline double work_allowed_day(const ReturnToWorkParams& p, Surgery surgery, double z) {
  return of(p.restriction_median_days, surgery) * std::exp(p.restriction_sd_log * z);
}

/// Ready to return to work: employed, past the restriction, expected ODI and pain within the job's limits.
inline bool ready_for_work(const ReturnToWorkParams& p, const Covariates& c, double allowed_day, const Scores& now_scores, double now) {
  return c.employed && now >= allowed_day && now_scores.odi <= p.odi_max[static_cast<std::size_t>(c.job)] && now_scores.pain() <= p.pain_max_nrs;
}

/// The hazard rates (per day) of the current regime, by Hazard index; `now_scores` are the expected
/// scores at `now` (as set_loads returns them).
inline std::array<double, kHazards> hazard_rates(const PatientState& st, const Scenario& s, const Covariates& c, double now,
                                                 const Scores& now_scores) {
  std::array<double, kHazards> rate{};
  rate[kFallHazard] = st.fall_age_factor * fall_rate_per_day(s.falls, 65.0, st.balance);
  const bool unfused_late = c.surgery == Surgery::Fusion && !st.fused && now >= kNonunionHorizonDays;
  rate[kReoperationHazard] = st.reoperated ? 0.0 : reoperation_rate_per_day(s.reoperation, c, now, unfused_late);
  rate[kDropoutHazard] = supervised(st, s.protocol) && !st.dropped ? dropout_rate_per_day(s.adherence, st.motivation) : 0.0;
  rate[kSetbackHazard] = s.setback.rate_per_day_at_full_excess * st.overload;  // 0 without exercise

  rate[kReturnToWorkHazard] = c.employed && !st.returned_to_work && ready_for_work(s.return_to_work, c, st.work_allowed_day, now_scores, now)
                                  ? s.return_to_work.rate_per_day * (c.smoker ? s.return_to_work.smoker_hazard_ratio : 1.0)
                                  : 0.0;
  return rate;
}

inline std::array<double, kHazards> hazard_rates(const PatientState& st, const Scenario& s, const Covariates& c, double now) {
  return hazard_rates(st, s, c, now, expected_scores(st, s, c, now));
}

}  // namespace rehabsim::models

namespace rehabsim::models {

// State transitions at events (pure: no scheduling; the caller reschedules what they move).

/// A setback or a fall: a pain flare and lost motivation (fusion is delayed by delayed_fusion_day).
void apply_setback(PatientState& st, const Scenario& s);
/// The biological time to fusion after a setback: the remaining part stretched by the delay factor.
double delayed_fusion_requirement(double required_days, double progress_days, const SetbackParams& p);
/// The calendar day the current regime reaches solid fusion (infinity when it never does).
double fusion_due(const PatientState& st, double now);
/// A reoperation at `now`: healing restarts, a new surgical injury of muscle and balance.
void apply_reoperation(PatientState& st, const Scenario& s, const Covariates& c, double now);

}  // namespace rehabsim::models
