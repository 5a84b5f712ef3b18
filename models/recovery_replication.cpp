#include "models/recovery_replication.hpp"

#include "models/adherence.hpp"
#include "models/cohort_generator.hpp"
#include "models/healing.hpp"
#include "models/muscle.hpp"
#include "models/outcome_model.hpp"
#include "models/rng_purposes.hpp"
#include "models/training_load.hpp"
#include "sim/distributions.hpp"
#include "sim/event_queue.hpp"
#include "sim/rng_stream.hpp"

namespace rehabsim::models {

namespace {

using sim::SimTime;

// Event kinds, and their same-time priority (lower first): a phase change sets the regime before
// a session in it; follow-ups observe after everything else at that instant.
enum Kind : std::uint16_t { kPhaseStart = 0, kActivityResume = 1, kSession = 2, kFollowUp = 3 };
constexpr std::uint8_t priority_of(Kind k) { return static_cast<std::uint8_t>(k); }

struct PatientState {
  MuscleRates rates;
  double muscle = 1.0;
  double load = 0.0;
  MuscleRegime regime;
  SimTime last_update;
  bool restricted = true;
  int phase = -1;  ///< index into protocol.phases, -1 outside the protocol
  bool attended_last = false;
  double p_attend = 1.0;
  sim::RngStream attendance;
  sim::RngStream noise;
};

class Replication {
 public:
  Replication(const Scenario& s, const CohortGenerator& cohort, std::uint32_t replication)
      : s_(s), queue_(s.run.patients) {
    results_.resize(s.run.patients);
    states_.reserve(s.run.patients);
    for (std::uint32_t i = 0; i < s.run.patients; ++i) {
      PatientResult& r = results_[i];
      r.covariates = cohort.draw(s.run.seed, replication, i);
      const Covariates& c = r.covariates;
      const auto purpose = [&](Purpose p) { return sim::StreamId{s.run.seed, replication, i, static_cast<std::uint32_t>(p)}; };
      states_.push_back(PatientState{muscle_rates(s.muscle, c.age_years, c.protein_g_per_kg), muscle_after_surgery(s.muscle, c.approach),
                                     0.0, {}, SimTime{}, true, -1, false, attendance_probability(s.adherence, c),
                                     sim::RngStream(purpose(Purpose::Attendance)), sim::RngStream(purpose(Purpose::OutcomeNoise))});
      set_regime(i);
      r.pt_start_day = s.protocol.start_day[static_cast<int>(c.surgery)];
      schedule(SimTime::from_days(s.activity.restricted_days), kActivityResume, i);
      schedule(SimTime::from_days(r.pt_start_day), kPhaseStart, i, 0);
      for (int f = 0; f < static_cast<int>(kFollowUpDays.size()); ++f)
        schedule(SimTime::from_days(kFollowUpDays[f]), kFollowUp, i, f);
    }
  }

  std::vector<PatientResult> run() {
    while (auto e = queue_.pop()) handle(*e);
    return std::move(results_);
  }

 private:
  static SimTime horizon() { return SimTime::from_days(kFollowUpDays.back()); }

  void schedule(SimTime t, Kind k, std::uint32_t patient, std::int32_t arg = 0) {
    if (t > horizon()) return;  // nothing after the last follow-up can change an output
    queue_.schedule(t, priority_of(k), patient, k, arg);
  }

  const Phase* phase_of(const PatientState& st) const {
    return st.phase >= 0 ? &s_.protocol.phases[static_cast<std::size_t>(st.phase)] : nullptr;
  }

  void set_regime(std::uint32_t i) {
    PatientState& st = states_[i];
    st.load = training_load(s_.activity, st.restricted, phase_of(st), st.attended_last, results_[i].covariates.home_adherence);
    st.regime = muscle_regime(s_.muscle, st.rates, st.load);
  }

  void advance(std::uint32_t i, SimTime now) {
    PatientState& st = states_[i];
    st.muscle = advance_muscle(st.muscle, st.regime, (now - st.last_update).days());
    st.last_update = now;
  }

  static constexpr std::int64_t kWeekMinutes = 7 * SimTime::kMinutesPerDay;

  void handle(const sim::Event& e) {
    const std::uint32_t i = e.target;
    PatientState& st = states_[i];
    PatientResult& r = results_[i];
    advance(i, e.time);
    switch (static_cast<Kind>(e.kind)) {
      case kActivityResume:
        st.restricted = false;
        break;
      case kPhaseStart: {
        const auto& phases = s_.protocol.phases;
        st.phase = e.arg < static_cast<int>(phases.size()) ? e.arg : -1;
        st.attended_last = false;
        if (const Phase* ph = phase_of(st)) {
          if (ph->sessions_per_week > 0) schedule(e.time, kSession, i, 0);
          schedule(e.time + SimTime::from_minutes(ph->duration_weeks * kWeekMinutes), kPhaseStart, i, e.arg + 1);
        }
        break;
      }
      case kSession: {
        const Phase& ph = *phase_of(st);
        st.attended_last = sim::bernoulli(st.attendance, st.p_attend);
        (st.attended_last ? r.sessions_attended : r.sessions_missed) += 1;
        const int next = e.arg + 1;
        if (next < ph.sessions_per_week * ph.duration_weeks)
          schedule(e.time + SimTime::from_minutes(kWeekMinutes / ph.sessions_per_week), kSession, i, next);
        break;
      }
      case kFollowUp: {
        const Covariates& c = r.covariates;
        const double h = healing_fraction(e.time.days(), healing_time_constant(s_.healing, c.surgery));
        const double d = recovery_deficit(s_.outcomes, h, st.muscle, s_.muscle.floor_fraction);
        const double odi_noise = sim::normal(st.noise, 0.0, s_.outcomes.odi_noise_sd);
        const double pain_noise = sim::normal(st.noise, 0.0, s_.outcomes.pain_noise_sd);
        r.odi[static_cast<std::size_t>(e.arg)] =
            observe_score(expected_score(c.baseline_odi, c.residual_odi_fraction, d), odi_noise, 100.0);
        if (e.arg == static_cast<int>(kFollowUpDays.size()) - 1) {
          r.pain_12m = observe_score(expected_score(c.baseline_pain, c.residual_pain_fraction, d), pain_noise, 10.0);
          r.muscle_12m = st.muscle;
          r.responder_12m = is_responder(c.baseline_odi, r.odi.back(), s_.outcomes.responder_improvement_fraction);
        }
        return;  // an observation changes no regime
      }
    }
    set_regime(i);
  }

  const Scenario& s_;
  sim::EventQueue queue_;
  std::vector<PatientState> states_;
  std::vector<PatientResult> results_;
};

}  // namespace

std::vector<PatientResult> simulate_replication(const Scenario& scenario, const CohortGenerator& cohort,
                                                std::uint32_t replication) {
  return Replication(scenario, cohort, replication).run();
}

}  // namespace rehabsim::models
