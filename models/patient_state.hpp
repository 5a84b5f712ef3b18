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

#include "models/adherence.hpp"
#include "models/first_order.hpp"
#include "models/fusion.hpp"
#include "models/hazards.hpp"
#include "models/healing.hpp"
#include "models/muscle.hpp"
#include "models/patient.hpp"
#include "models/scar.hpp"
#include "models/scenario.hpp"
#include "models/training_load.hpp"
#include "models/outcome_model.hpp"
#include "sim/hazard_set.hpp"
#include "sim/local_clock.hpp"
#include "sim/rng_stream.hpp"
#include "models/event_kinds.hpp"

namespace rehabsim::models {

/// Random streams of one patient, one per purpose (models/rng_purposes.hpp).
struct PatientStreams {
  sim::RngStream attendance, noise, home, falls, reop, drop, setbacks, fusion, mode, late;
};

/// Expected (noise-free) scores: ODI 0-100, back and leg pain NRS 0-10.
struct Scores {
  double odi = 0, back = 0, leg = 0;
  double pain() const { return std::max(back, leg); }
};

/// The patient's bookings with a limited clinic.
struct ClinicPlace {
  bool waiting = false;                     ///< referred, not yet seen
  std::optional<std::uint32_t> own_therapist;
  std::int64_t week_end = 0;                ///< end of the week being planned (calendar minute)
  std::int64_t next_free_day = 0;           ///< first calendar day without a visit of this patient booked
  std::vector<std::uint32_t> bookings;      ///< appointments not yet held
};

struct PatientState {
  explicit PatientState(PatientStreams s) : rng(std::move(s)) {}
  sim::LocalClock clock;  ///< origin: the operation's calendar minute
  // Physiology at `last_update_day`.
  double muscle = 1, balance = 1, scar = 0, flare = 0;
  double last_update_day = 0;
  MuscleRates muscle_rates;
  LinearRegime muscle_regime, balance_regime;
  double scar_ceiling = 0;
  Loads loads;
  double surgery_day = 0;  ///< last operation: healing restarts there
  double healing_tau_days = 21;
  bool restricted = true;
  bool supplemented = false;
  double protein_g_per_kg_day = 1;  ///< g/kg/day, supplement included
  // Protocol.
  int phase = -1;
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
  bool fused = false;
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
  st.muscle = advance_linear(st.muscle, st.muscle_regime, dt);
  st.balance = advance_linear(st.balance, st.balance_regime, dt);
  st.scar = advance_scar(s.scar, st.scar, st.last_update_day, dt, st.scar_ceiling);
  st.flare *= std::exp(-dt / s.setback.flare_time_constant_days);
  st.last_update_day = now;
}

/// What the outcome model reads at `now`.
inline PhysiologyNow physiology(const PatientState& st, const Scenario& s, const Covariates& c, double now) {
  const bool fusion = c.surgery == Surgery::Fusion;
  return {healing(st, now), st.muscle, s.muscle.floor_fraction, st.scar,
          fusion && !st.fused ? std::min(1.0, now / kNonunionHorizonDays) : 0.0, st.flare, st.reoperated};
}

inline Scores expected_scores(const PatientState& st, const Scenario& s, const Covariates& c, double now) {
  const Deficits d = recovery_deficits(s.outcomes, physiology(st, s, c, now));
  return {expected_score(c.baseline_odi, c.residual_odi_fraction, d.back),
          expected_score(c.baseline_back_pain, c.residual_back_pain_fraction, d.back),
          expected_score(c.baseline_leg_pain, c.residual_leg_pain_fraction, d.leg)};
}

/// The regime from now on: loads, muscle and balance regimes and the scar ceiling.
void set_loads(PatientState& st, const Scenario& s, const Covariates& c);

/// The hazard rates (per day) of the current regime, by Hazard index.
inline std::array<double, kHazards> hazard_rates(const PatientState& st, const Scenario& s, const Covariates& c, double now) {
  std::array<double, kHazards> rate{};
  rate[kFallHazard] = st.fall_age_factor * fall_rate_per_day(s.falls, 65.0, st.balance);
  const bool unfused_late = c.surgery == Surgery::Fusion && !st.fused && now >= kNonunionHorizonDays;
  rate[kReoperationHazard] = st.reoperated ? 0.0 : reoperation_rate_per_day(s.reoperation, c, unfused_late);
  rate[kDropoutHazard] = supervised(st, s.protocol) && !st.dropped ? dropout_rate_per_day(s.adherence, st.motivation) : 0.0;
  const bool loading = phase_of(st, s.protocol) && !st.dropped;
  rate[kSetbackHazard] = loading ? setback_rate_per_day(s.setback, st.loads.loading, healing(st, now)) : 0.0;
  return rate;
}

}  // namespace rehabsim::models

namespace rehabsim::models {

// State transitions at events (pure: no scheduling; the caller reschedules what they move).

/// A setback or a fall: a pain flare and lost motivation (fusion is delayed by delayed_fusion_day).
void apply_setback(PatientState& st, const Scenario& s);
/// The remaining time to fusion stretched by the setback's delay factor.
double delayed_fusion_day(double now, double due_day, const SetbackParams& p);
/// A reoperation at `now`: healing restarts, a new surgical injury of muscle and balance.
void apply_reoperation(PatientState& st, const Scenario& s, const Covariates& c, double now);

}  // namespace rehabsim::models
