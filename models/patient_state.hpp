#pragma once
// One patient's changing state during a replication, and the pure, closed-form functions that
// advance and read it. Times are days since the patient's own operation (sim::LocalClock maps them
// onto the clinic's minute calendar). Nothing here schedules events or touches the clinic.
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "models/first_order.hpp"
#include "models/muscle.hpp"
#include "models/patient.hpp"
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

/// Tissue healing 0-1 since the last operation.
double healing(const PatientState& st, double now);
/// Moves muscle, balance, scar and a flare from last_update_day to `now` under the current regime.
void advance(PatientState& st, const Scenario& s, double now);
/// What the outcome model reads at `now`.
PhysiologyNow physiology(const PatientState& st, const Scenario& s, const Covariates& c, double now);
Scores expected_scores(const PatientState& st, const Scenario& s, const Covariates& c, double now);
/// The regime from now on: loads, muscle and balance regimes and the scar ceiling.
void set_loads(PatientState& st, const Scenario& s, const Covariates& c);
/// The hazard rates (per day) of the current regime, by Hazard index.
std::array<double, kHazards> hazard_rates(const PatientState& st, const Scenario& s, const Covariates& c, double now);

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
