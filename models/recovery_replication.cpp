#include "models/recovery_replication.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>

#include "models/adherence.hpp"
#include "models/clinic/arrivals.hpp"
#include "models/cohort_generator.hpp"
#include "models/first_order.hpp"
#include "models/fusion.hpp"
#include "models/hazards.hpp"
#include "models/healing.hpp"
#include "models/muscle.hpp"
#include "models/outcome_model.hpp"
#include "models/rng_purposes.hpp"
#include "models/scar.hpp"
#include "models/training_load.hpp"
#include "sim/distributions.hpp"
#include "sim/event_queue.hpp"
#include "sim/hazard_clock.hpp"
#include "sim/rng_stream.hpp"

namespace rehabsim::models {

namespace {

using sim::SimTime;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMinutesPerDay = SimTime::kMinutesPerDay;

// Each patient owns several queue targets ("slots"), so that one hazard's pending event can be
// cancelled (lazily) and rescheduled without touching the patient's other events.
enum Slot : std::uint32_t { kMain, kFallSlot, kReoperationSlot, kDropoutSlot, kSetbackSlot, kFusionSlot, kSlots };

// Event kinds with their same-time priority (lower first): regime changes, then the weekly review
// (phase moves), sessions, hazards, and follow-ups last so that they observe the settled state.
// The clinic's day start (staffing changes, then booking) comes first of all.
enum Kind : std::uint16_t { kActivityResume, kSupplementEnd, kPhaseStart, kReview, kSession, kFusion, kSetback, kFall,
                            kReoperation, kDropout, kFollowUp, kEvaluation, kClinicDay, kHorizonEnd };
constexpr std::uint8_t priority_of(Kind k) {
  switch (k) {
    case kClinicDay: return 0;
    case kActivityResume: case kSupplementEnd: return 0;
    case kPhaseStart: return 1;
    case kReview: return 2;
    case kSession: case kEvaluation: return 3;
    case kFollowUp: case kHorizonEnd: return 5;
    default: return 4;
  }
}

struct Scores {
  double odi = 0, back = 0, leg = 0;
  double pain() const { return std::max(back, leg); }
};

// Random streams of one patient, one per purpose.
struct Streams {
  sim::RngStream attendance, noise, home, falls, reop, drop, setbacks, fusion, mode, late;
};

struct State {
  explicit State(Streams s) : rng(std::move(s)) {}
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
  double protein_g_per_kg = 1;
  // Protocol.
  int phase = -1;
  double phase_start_day = 0;
  bool dropped = false;
  bool attended_last = false;
  int home_days_this_week = 0;
  int sessions_booked = 0;
  double motivation = 0.7;
  // Fusion and hazards.
  double fusion_due_day = kInf;
  bool fused = false;
  bool reoperated = false;
  int fall_count = 0;
  bool awaiting_start = false;  ///< PT start day passed, first phase's entry criteria not yet met
  sim::HazardClock fall, reoperation, dropout, setback;
  std::int64_t fall_pending = -1, reoperation_pending = -1, dropout_pending = -1, setback_pending = -1;  ///< live event minute
  double fall_age_factor = 1;  ///< the age part of the fall rate, fixed per patient
  // Clinic.
  std::int64_t offset = 0;          ///< minute of the operation on the clinic's calendar
  bool waiting = false;             ///< referred, not yet seen
  std::optional<std::uint32_t> own_therapist;
  std::int64_t week_end = 0;        ///< end of the week being planned (calendar minute)
  std::int64_t next_free_day = 0;   ///< first calendar day without a visit of this patient booked
  std::vector<std::uint32_t> bookings;  ///< appointments not yet held
  double sessions_this_week = 0;    ///< supervised frequency of the planned week (sessions/week)
  double session_effect = 1;        ///< stimulus of the last attended session (telehealth < 1)
  Streams rng;
};

class Replication {
 public:
  /// Patients first .. first + count - 1 of the replication (all of them when the clinic couples
  /// them); `operation_days` holds every patient's operation day.
  Replication(const Scenario& s, const CohortGenerator& cohort, std::uint32_t replication, ReplicationOptions options,
              const std::vector<double>& operation_days, std::uint32_t first, std::uint32_t count)
      : s_(s), horizon_(s.run.horizon_days), options_(options), clinic_target_(count * kSlots), queue_(count * kSlots + 1),
        surgery_days_(operation_days), first_(first) {
    supervised_protocol_ = std::any_of(s.protocol.phases.begin(), s.protocol.phases.end(),
                                       [](const Phase& ph) { return ph.sessions_per_week > 0; });
    if (s.clinic.limited()) {  // staffed (and paid) even when the protocol sends nobody
      // The clinic runs until the last patient's horizon (one block holds every patient then).
      last_surgery_day_ = surgery_days_.empty() ? 0.0 : *std::max_element(surgery_days_.begin(), surgery_days_.end());
      last_day_ = static_cast<std::int64_t>(std::ceil(last_surgery_day_)) + horizon_ + 1;
      clinic_ = std::make_unique<Clinic>(s.clinic, s.run.seed, replication, last_day_);
      queue_.schedule(SimTime::from_days(0), priority_of(kClinicDay), clinic_target_, kClinicDay);
    }
    results_.resize(count);
    states_.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) start_patient(i, cohort, replication);
  }

  ReplicationResult run() {
    while (auto e = queue_.pop()) {
      handle(*e);
      if (options_.audit_clinic && clinic_) clinic_->audit(e->time.minutes());
    }
    for (std::uint32_t i = 0; i < results_.size(); ++i) finish_patient(i);
    ReplicationResult out;
    if (clinic_) {
      clinic_->finish((last_day_ + 1) * SimTime::kMinutesPerDay);
      out.clinic_limited = true;
      out.clinic_weeks = clinic_->weeks();
      out.continuity_sessions = clinic_->continuity_sessions();
      out.clinic_sessions = clinic_->attended_sessions();
      // KPIs over the steady state: after the warm-up, up to the week of the last operation.
      const bool stream = s_.clinic.arrivals == ArrivalMode::Poisson;
      out.kpi_first_week = stream ? s_.clinic.warmup_weeks : 0;
      out.kpi_last_week = stream ? static_cast<int>(last_surgery_day_ / 7.0) : static_cast<int>(out.clinic_weeks.size()) - 1;
    }
    out.patients = std::move(results_);
    return out;
  }

 private:
  // --- set-up ------------------------------------------------------------------------------------
  // `i` indexes this block's patients; random streams and the cohort draw use the replication-wide index.
  void start_patient(std::uint32_t i, const CohortGenerator& cohort, std::uint32_t replication) {
    const std::uint32_t patient = first_ + i;
    PatientResult& r = results_[i];
    r.covariates = cohort.draw(s_.run.seed, replication, patient);
    const Covariates& c = r.covariates;
    const auto stream = [&](Purpose p) { return sim::RngStream({s_.run.seed, replication, patient, static_cast<std::uint32_t>(p)}); };
    states_.emplace_back(Streams{.attendance = stream(Purpose::Attendance), .noise = stream(Purpose::OutcomeNoise),
                                 .home = stream(Purpose::HomeExercise), .falls = stream(Purpose::Falls),
                                 .reop = stream(Purpose::Reoperation), .drop = stream(Purpose::Dropout),
                                 .setbacks = stream(Purpose::Setback), .fusion = stream(Purpose::Fusion),
                                 .mode = stream(Purpose::SessionMode), .late = stream(Purpose::LateCancellation)});
    State& st = states_.back();
    // The operation's calendar minute; every patient time below is days since that operation.
    st.offset = static_cast<std::int64_t>(std::llround(surgery_days_[patient] * kMinutesPerDay));
    r.surgery_day = static_cast<double>(st.offset) / kMinutesPerDay;
    r.in_warmup = s_.clinic.arrivals == ArrivalMode::Poisson && r.surgery_day < 7.0 * s_.clinic.warmup_weeks;
    const Protocol& pr = s_.protocol;

    // Nutrition: the protocol's supplements apply from surgery.
    auto supplement = stream(Purpose::Supplement);
    st.supplemented = pr.supplement_days > 0 && (pr.supplement_protein_g_per_kg > 0 || pr.supplement_vitamin_d);
    const bool corrected = st.supplemented && pr.supplement_vitamin_d && sim::bernoulli(supplement, pr.vitamin_d_correction_probability);
    const bool vitamin_d_deficient = c.vitamin_d_deficient && !corrected;
    st.protein_g_per_kg = c.protein_g_per_kg + (st.supplemented ? pr.supplement_protein_g_per_kg : 0.0);
    st.healing_tau_days = healing_time_constant(s_.healing, c.surgery, vitamin_d_deficient, st.protein_g_per_kg);
    st.muscle_rates = muscle_rates(s_.muscle, c.age_years, st.protein_g_per_kg);
    st.muscle = muscle_after_surgery(s_.muscle, c.approach);
    st.balance = 1.0 - s_.balance.surgery_drop_fraction;
    st.motivation = c.motivation;

    if (c.surgery == Surgery::Fusion) {
      const double z = sim::normal(st.rng.fusion, 0.0, 1.0);
      st.fusion_due_day = fusion_day(s_.fusion, z, fusion_log_multiplier(s_.fusion, c, st.protein_g_per_kg, vitamin_d_deficient));
      schedule_at_day(st.fusion_due_day, kFusion, i, kFusionSlot);
    }
    // Return to work is exogenous to the recovery path: a cure model calibrated to registry data.
    r.return_to_work_day = kNaN;
    auto rtw = stream(Purpose::ReturnToWork);
    const double p_return = of(s_.return_to_work.return_probability, c.surgery) * (c.smoker ? s_.return_to_work.smoker_probability_ratio : 1.0);
    const bool returns = sim::bernoulli(rtw, std::min(1.0, p_return));
    const double rtw_day = of(s_.return_to_work.median_days, c.surgery) * std::exp(s_.return_to_work.sigma_log * sim::normal(rtw, 0.0, 1.0));
    if (c.employed && returns && rtw_day <= horizon_) r.return_to_work_day = rtw_day;

    st.fall_age_factor = fall_rate_per_day(s_.falls, c.age_years, 1.0) / fall_rate_per_day(s_.falls, 65.0, 1.0);
    st.fall.renew(sim::exponential(st.rng.falls, 1.0), 0.0);
    st.reoperation.renew(sim::exponential(st.rng.reop, 1.0), 0.0);
    st.dropout.renew(sim::exponential(st.rng.drop, 1.0), 0.0);
    st.setback.renew(sim::exponential(st.rng.setbacks, 1.0), 0.0);

    r.pt_start_day = static_cast<int>(of(pr.start_day, c.surgery));
    r.fusion_day = r.reoperation_day = r.dropout_day = kNaN;
    r.referral_day = r.first_visit_day = r.wait_days = kNaN;
    if (s_.run.trajectories) {
      const auto weeks = static_cast<std::size_t>(trajectory_weeks(s_));
      for (auto* v : {&r.trajectory.muscle, &r.trajectory.scar, &r.trajectory.healing, &r.trajectory.fusion,
                      &r.trajectory.balance, &r.trajectory.pain, &r.trajectory.odi, &r.trajectory.motivation})
        v->assign(weeks, kNaN);
    }
    schedule_at_day(s_.activity.restricted_days, kActivityResume, i);
    if (st.supplemented) schedule_at_day(pr.supplement_days, kSupplementEnd, i);
    schedule_at_day(r.pt_start_day + s_.clinic.referral_delay_days, kPhaseStart, i);
    schedule_at_day(0, kReview, i);
    for (int f = 0; f < static_cast<int>(kFollowUpDays.size()); ++f) schedule_at_day(kFollowUpDays[f], kFollowUp, i, kMain, f);
    set_regime(i, 0.0);
  }

  // --- scheduling --------------------------------------------------------------------------------
  // Patient times are days since the patient's operation; the queue runs on the clinic's calendar.
  void schedule_at_day(double day, Kind k, std::uint32_t i, Slot slot = kMain, std::int32_t arg = 0) {
    if (!(day <= horizon_)) return;  // nothing after the horizon can change an output
    queue_.schedule(std::max(queue_.now(), SimTime::from_minutes(minute_of(i, day))), priority_of(k), i * kSlots + slot, k, arg);
  }
  std::int64_t minute_of(std::uint32_t i, double day) const {
    return states_[i].offset + static_cast<std::int64_t>(std::ceil(day * kMinutesPerDay));
  }
  double day_of_minute(std::uint32_t i, std::int64_t minute) const {
    return static_cast<double>(minute - states_[i].offset) / kMinutesPerDay;
  }

  // Hazard events are rescheduled lazily: a pending event that is no later than the new due time
  // is kept (when it fires early it re-checks and moves itself), so a rate that changes at every
  // event does not flood the queue with cancelled entries. Only the event at `pending` is live.

  void reschedule(sim::HazardClock& clock, std::int64_t& pending, double now, double rate, Kind k, std::uint32_t i, Slot slot) {
    clock.set_rate(now, rate);
    const double due = clock.due_days();
    if (!(due <= horizon_)) return;  // a pending earlier event will find it not due and lapse
    const std::int64_t at = std::max(queue_.now().minutes(), minute_of(i, due));
    if (pending >= 0 && pending <= at) return;
    pending = at;
    queue_.schedule(SimTime::from_minutes(at), priority_of(k), i * kSlots + slot, k);
  }

  /// True when a hazard event is the live one and its clock is due now; otherwise moves it.
  bool hazard_due(sim::HazardClock& clock, std::int64_t& pending, const sim::Event& e, std::uint32_t i, Slot slot) {
    if (e.time.minutes() != pending) return false;  // superseded by an earlier one
    pending = -1;
    const double due = clock.due_days();
    if (due <= horizon_ && minute_of(i, due) <= e.time.minutes()) return true;
    if (due <= horizon_) {  // the rate fell since: wait for the new due time
      pending = minute_of(i, due);
      queue_.schedule(SimTime::from_minutes(pending), e.priority(), i * kSlots + slot, e.kind);
    }
    return false;
  }

  // --- state -------------------------------------------------------------------------------------
  const Phase* phase_of(const State& st) const {
    return st.phase >= 0 ? &s_.protocol.phases[static_cast<std::size_t>(st.phase)] : nullptr;
  }
  bool supervised(const State& st) const {
    const Phase* ph = phase_of(st);
    return ph && ph->sessions_per_week > 0;
  }

  void advance(std::uint32_t i, double now) {
    State& st = states_[i];
    const double dt = now - st.last_update_day;
    if (dt <= 0) return;
    st.muscle = advance_linear(st.muscle, st.muscle_regime, dt);
    st.balance = advance_linear(st.balance, st.balance_regime, dt);
    st.scar = advance_scar(s_.scar, st.scar, st.last_update_day, dt, st.scar_ceiling);
    st.flare *= std::exp(-dt / s_.setback.flare_time_constant_days);
    st.last_update_day = now;
  }

  double healing(const State& st, double now) const { return healing_fraction(now - st.surgery_day, st.healing_tau_days); }

  PhysiologyNow physiology(std::uint32_t i, double now) const {
    const State& st = states_[i];
    const bool fusion = results_[i].covariates.surgery == Surgery::Fusion;
    return {healing(st, now), st.muscle, s_.muscle.floor_fraction, st.scar,
            fusion && !st.fused ? std::min(1.0, now / kNonunionHorizonDays) : 0.0, st.flare, st.reoperated};
  }

  Scores expected_scores(std::uint32_t i, double now) const {
    const Covariates& c = results_[i].covariates;
    const Deficits d = recovery_deficits(s_.outcomes, physiology(i, now));
    return {expected_score(c.baseline_odi, c.residual_odi_fraction, d.back),
            expected_score(c.baseline_back_pain, c.residual_back_pain_fraction, d.back),
            expected_score(c.baseline_leg_pain, c.residual_leg_pain_fraction, d.leg)};
  }

  void set_regime(std::uint32_t i, double now) {
    State& st = states_[i];
    const Covariates& c = results_[i].covariates;
    st.loads = training_loads(s_.activity, s_.stimulus, st.restricted, st.dropped ? nullptr : phase_of(st),
                              st.attended_last ? st.sessions_this_week : 0.0, st.session_effect, st.home_days_this_week);
    st.muscle_regime = muscle_regime(s_.muscle, st.muscle_rates, st.loads.muscle);
    st.balance_regime = capacity_regime(s_.balance, s_.balance.loss_rate_per_day, base_gain_rate(s_.balance), st.loads.balance);
    st.scar_ceiling = scar_ceiling(s_.scar, c.surgery, c.approach, st.loads.mobility_dose);

    reschedule(st.fall, st.fall_pending, now, st.fall_age_factor * fall_rate_per_day(s_.falls, 65.0, st.balance), kFall, i, kFallSlot);
    const bool unfused_late = c.surgery == Surgery::Fusion && !st.fused && now >= kNonunionHorizonDays;
    reschedule(st.reoperation, st.reoperation_pending, now, st.reoperated ? 0.0 : reoperation_rate_per_day(s_.reoperation, c, unfused_late),
               kReoperation, i, kReoperationSlot);
    reschedule(st.dropout, st.dropout_pending, now,
               supervised(st) && !st.dropped ? dropout_rate_per_day(s_.adherence, st.motivation) : 0.0, kDropout, i, kDropoutSlot);
    const bool loading = phase_of(st) && !st.dropped;
    reschedule(st.setback, st.setback_pending, now, loading ? setback_rate_per_day(s_.setback, st.loads.loading, healing(st, now)) : 0.0,
               kSetback, i, kSetbackSlot);
  }

  // --- protocol ----------------------------------------------------------------------------------
  bool entry_criteria_hold(std::uint32_t i, const Phase& next, double now) const {
    const State& st = states_[i];
    return now >= next.entry_day_min && expected_scores(i, now).pain() <= next.entry_pain_max &&
           healing(st, now) >= next.entry_healing_min && st.muscle >= next.entry_muscle_min;
  }

  void enter_phase(std::uint32_t i, int phase, double now) {
    State& st = states_[i];
    if (phase < 0 || s_.protocol.phases[static_cast<std::size_t>(phase)].sessions_per_week == 0) cancel_bookings(i);
    st.phase = phase;
    st.phase_start_day = now;
    st.attended_last = false;
    if (phase >= 0) results_[i].last_phase = phase;
  }

  /// Books this phase's sessions and draws the home-exercise days from `now` up to `until`.
  void plan_week(std::uint32_t i, double now, double until) {
    State& st = states_[i];
    PatientResult& r = results_[i];
    st.home_days_this_week = 0;
    st.sessions_this_week = 0;
    const Phase* ph = st.dropped ? nullptr : phase_of(st);
    if (!ph) return;
    const double days = until - now;
    const int home_days = static_cast<int>(std::lround(ph->home_days_per_week * days / 7.0));
    const double p_home = home_day_probability(s_.adherence, r.covariates.home_adherence, st.motivation);
    for (int d = 0; d < home_days; ++d) st.home_days_this_week += sim::bernoulli(st.rng.home, p_home);
    r.home_days_prescribed += home_days;
    r.home_days_done += st.home_days_this_week;
    if (ph->sessions_per_week == 0) return;
    const double interval = 7.0 / ph->sessions_per_week;
    st.week_end = minute_of(i, until);
    int booked = 0;
    for (double t = now; t < until - 1e-9; t += interval) {
      if (s_.protocol.max_sessions > 0 && st.sessions_booked >= s_.protocol.max_sessions) break;
      ++st.sessions_booked;
      ++r.sessions_prescribed;
      const SessionMode mode = session_mode(i, *ph);
      if (!clinic_) {  // unlimited capacity: the session happens when the protocol asks
        ++booked;
        schedule_at_day(t, kSession, i, kMain, static_cast<std::int32_t>(mode));
      } else if (book_session(i, std::max(minute_of(i, t), st.next_free_day * SimTime::kMinutesPerDay), mode)) {
        ++booked;
      } else {
        clinic_->count_unbooked(queue_.now().minutes());
      }
    }
    // The supervised frequency the loads see: what was booked, as a weekly rate (partial weeks too).
    st.sessions_this_week = days > 0 ? std::min<double>(ph->sessions_per_week, booked * 7.0 / days) : 0.0;
  }

  SessionMode session_mode(std::uint32_t i, const Phase& ph) {
    if (ph.mode == SessionMode::Telehealth) return SessionMode::Telehealth;
    if (s_.clinic.telehealth_share > 0 && sim::bernoulli(states_[i].rng.mode, s_.clinic.telehealth_share)) return SessionMode::Telehealth;
    return SessionMode::Clinic;
  }

  // --- clinic ------------------------------------------------------------------------------------
  /// Books one session in [from, end of the planned week); false when the clinic has no slot.
  bool book_session(std::uint32_t i, std::int64_t from, SessionMode mode) {
    State& st = states_[i];
    if (from >= st.week_end) return false;
    const auto id = clinic_->book_session(i, from, st.week_end, mode, st.own_therapist);
    if (!id) return false;
    const Appointment a = clinic_->appointment(*id);
    if (day_of_minute(i, a.start) > horizon_) {  // past the patient's horizon: nothing to simulate
      clinic_->cancel(*id);
      return false;
    }
    st.bookings.push_back(*id);
    st.next_free_day = a.start / SimTime::kMinutesPerDay + 1;
    queue_.schedule(SimTime::from_minutes(a.start), priority_of(kSession), i * kSlots + kMain, kSession, static_cast<std::int32_t>(*id));
    return true;
  }

  void book_evaluations(std::int64_t at) {
    for (std::uint32_t id : clinic_->book_waiting(at)) {
      const Appointment a = clinic_->appointment(id);
      if (day_of_minute(a.patient, a.start) > horizon_) {  // the patient's horizon ends first: never seen
        clinic_->cancel(id);
        clinic_->release(a.patient);
        continue;
      }
      queue_.schedule(SimTime::from_minutes(a.start), priority_of(kEvaluation), a.patient * kSlots + kMain, kEvaluation,
                      static_cast<std::int32_t>(id));
    }
  }

  /// The patient leaves supervised care: future appointments are freed, the caseload drops.
  void cancel_bookings(std::uint32_t i) {
    State& st = states_[i];
    if (clinic_) {
      for (std::uint32_t id : st.bookings) clinic_->cancel(id);
      clinic_->release(i);
    }
    st.bookings.clear();
  }

  /// 00:00 of a clinic day: staffing first (cancelled appointments are rebooked), then bookings.
  void clinic_day(std::int64_t at) {
    const std::int64_t day = at / SimTime::kMinutesPerDay;
    for (std::uint32_t id : clinic_->start_day(day)) {
      const Appointment a = clinic_->appointment(id);
      if (a.evaluation) continue;  // the patient is back on the waiting list
      State& st = states_[a.patient];
      std::erase(st.bookings, id);
      if (s_.clinic.rebook_missed && !st.dropped && phase_of(st)) book_session(a.patient, at, a.mode);
    }
    book_evaluations(at);
    if (day < last_day_) queue_.schedule(SimTime::from_days(day + 1), priority_of(kClinicDay), clinic_target_, kClinicDay);
  }

  /// A missed appointment: a late cancellation or a no-show, from the patient's own stream.
  VisitOutcome missed(std::uint32_t i) {
    PatientResult& r = results_[i];
    const bool late = sim::bernoulli(states_[i].rng.late, s_.clinic.late_cancellation_share);
    (late ? r.late_cancellations : r.no_shows) += 1;
    return late ? VisitOutcome::LateCancellation : VisitOutcome::NoShow;
  }

  /// The first phase starts when its entry criteria hold (else at a later weekly review).
  void start_protocol(std::uint32_t i, double now, bool plan_now) {
    State& st = states_[i];
    if (entry_criteria_hold(i, s_.protocol.phases.front(), now)) {
      enter_phase(i, 0, now);
      // Mid-week starts get a partial first week; on a review day the review plans the week.
      const double next_review = std::floor(now / 7.0 + 1e-9) * 7.0 + 7.0;
      if (plan_now || std::fmod(now, 7.0) > 1e-9) plan_week(i, now, next_review);
    } else {
      st.awaiting_start = true;  // the weekly review starts the protocol once the criteria hold
    }
  }

  void weekly_review(std::uint32_t i, double now) {
    State& st = states_[i];
    PatientResult& r = results_[i];
    const Covariates& c = r.covariates;
    const Scores now_scores = expected_scores(i, now);
    const auto week = static_cast<std::size_t>(std::lround(now / 7.0));
    if (s_.run.trajectories && week < r.trajectory.muscle.size()) {
      Trajectory& t = r.trajectory;
      t.muscle[week] = st.muscle;
      t.scar[week] = st.scar;
      t.healing[week] = healing(st, now);
      t.fusion[week] = c.surgery != Surgery::Fusion ? kNaN : st.fused ? 1.0 : std::min(1.0, now / st.fusion_due_day);
      t.balance[week] = st.balance;
      t.pain[week] = now_scores.pain();
      t.odi[week] = now_scores.odi;
      t.motivation[week] = st.motivation;
    }
    // Utility is held for the week (piecewise constant) and discounted continuously.
    const double week_end = std::min(now + 7.0, static_cast<double>(horizon_));
    r.qaly += std::min(1.0, eq5d_utility(now_scores.odi, now_scores.leg, now_scores.back)) *
              discounted_years(now, week_end, s_.outcomes.discount_rate_per_year);

    // Motivation moves over the coming week toward what the patient feels.
    const double improvement = c.baseline_odi > 0 ? (c.baseline_odi - now_scores.odi) / c.baseline_odi : 0.0;
    st.motivation = relax_motivation(s_.motivation, st.motivation,
                                     motivation_target(s_.motivation, c.motivation, improvement, now_scores.pain()), 7.0);
    if (st.waiting) st.motivation = std::max(0.0, st.motivation - s_.clinic.waiting_motivation_penalty_per_week);

    // Phase moves: a delayed first phase, discharge, or the next phase once the planned time is over
    // and its entry criteria hold (or the phase's maximum stay is reached).
    if (st.awaiting_start && !st.dropped && entry_criteria_hold(i, s_.protocol.phases.front(), now)) {
      st.awaiting_start = false;
      enter_phase(i, 0, now);
    } else if (const Phase* ph = phase_of(st); ph && !st.dropped) {
      const double weeks_in = (now - st.phase_start_day) / 7.0;
      if (s_.protocol.discharge_odi_max > 0 && ph->sessions_per_week > 0 && now_scores.odi <= s_.protocol.discharge_odi_max) {
        enter_phase(i, -1, now);
      } else if (weeks_in >= ph->duration_weeks - 1e-9) {
        const auto next = static_cast<std::size_t>(st.phase + 1);
        if (next >= s_.protocol.phases.size()) enter_phase(i, -1, now);
        else if (entry_criteria_hold(i, s_.protocol.phases[next], now) || weeks_in >= std::max(ph->max_weeks, ph->duration_weeks) - 1e-9)
          enter_phase(i, static_cast<int>(next), now);
      }
    }
    plan_week(i, now, std::min(now + 7.0, static_cast<double>(horizon_) + 1e-9));
    schedule_at_day(now + 7.0, kReview, i);
  }

  // --- events ------------------------------------------------------------------------------------
  void handle(const sim::Event& e) {
    if (e.target == clinic_target_) {
      clinic_day(e.time.minutes());
      return;
    }
    const std::uint32_t i = e.target / kSlots;
    State& st = states_[i];
    PatientResult& r = results_[i];
    // A hazard event that was superseded or is not yet due changes nothing (not even the regime).
    switch (static_cast<Kind>(e.kind)) {
      case kFall: if (!hazard_due(st.fall, st.fall_pending, e, i, kFallSlot)) return; break;
      case kSetback: if (!hazard_due(st.setback, st.setback_pending, e, i, kSetbackSlot)) return; break;
      case kReoperation: if (!hazard_due(st.reoperation, st.reoperation_pending, e, i, kReoperationSlot)) return; break;
      case kDropout: if (!hazard_due(st.dropout, st.dropout_pending, e, i, kDropoutSlot)) return; break;
      default: break;
    }
    const double now = day_of_minute(i, e.time.minutes());
    advance(i, now);
    switch (static_cast<Kind>(e.kind)) {
      case kActivityResume:
        st.restricted = false;
        break;
      case kSupplementEnd:
        st.protein_g_per_kg = r.covariates.protein_g_per_kg;
        st.muscle_rates = muscle_rates(s_.muscle, r.covariates.age_years, st.protein_g_per_kg);
        break;
      case kPhaseStart:  // the referral: straight into the protocol, or onto the clinic's waiting list
        if (!supervised_protocol_) {
          start_protocol(i, now, false);
        } else if (clinic_) {
          r.referral_day = now;
          st.waiting = true;
          clinic_->refer(i, e.time.minutes(), r.covariates.surgery, st.offset);
          schedule_at_day(horizon_, kHorizonEnd, i);  // still waiting then: off the list, never seen
          book_evaluations(e.time.minutes());
        } else {
          r.referral_day = r.first_visit_day = now;
          r.wait_days = 0;
          start_protocol(i, now, false);
        }
        break;
      case kEvaluation: {
        const auto id = static_cast<std::uint32_t>(e.arg);
        const Appointment a = clinic_->appointment(id);
        if (!a.active) break;  // cancelled by the clinic (the therapist is off)
        if (sim::bernoulli(st.rng.attendance, attendance_probability(s_.adherence, r.covariates, st.motivation, SessionMode::Clinic))) {
          clinic_->record(id, VisitOutcome::Attended, e.time.minutes());
          st.waiting = false;
          st.own_therapist = a.therapist;
          st.next_free_day = a.start / SimTime::kMinutesPerDay + 1;
          r.first_visit_day = now;
          r.evaluated_in_clinic = true;
          r.wait_days = now - r.referral_day;
          start_protocol(i, now, true);
        } else {
          clinic_->record(id, missed(i), e.time.minutes());  // back on the list, to be booked again
          book_evaluations(e.time.minutes());
        }
        break;
      }
      case kReview:
        weekly_review(i, now);
        break;
      case kSession: {
        const Phase* ph = phase_of(st);
        std::optional<Appointment> a;
        if (clinic_) {
          a = clinic_->appointment(static_cast<std::uint32_t>(e.arg));
          if (!a->active) break;  // cancelled (clinic or discharge)
          std::erase(st.bookings, static_cast<std::uint32_t>(e.arg));
        }
        if (st.dropped || !ph || ph->sessions_per_week == 0) {  // booked before a discharge or dropout
          if (clinic_) clinic_->cancel(static_cast<std::uint32_t>(e.arg));
          break;
        }
        const SessionMode mode = a ? a->mode : static_cast<SessionMode>(e.arg);
        st.attended_last = sim::bernoulli(st.rng.attendance, attendance_probability(s_.adherence, r.covariates, st.motivation, mode));
        if (st.attended_last) {
          r.sessions_attended += 1;
          r.sessions_telehealth += mode == SessionMode::Telehealth;
          st.session_effect = mode == SessionMode::Telehealth ? s_.activity.telehealth_effect_fraction : 1.0;
          if (clinic_) clinic_->record(static_cast<std::uint32_t>(e.arg), VisitOutcome::Attended, e.time.minutes());
        } else {
          r.sessions_missed += 1;
          const VisitOutcome outcome = missed(i);
          if (clinic_) {
            clinic_->record(static_cast<std::uint32_t>(e.arg), outcome, e.time.minutes());
            const std::int64_t tomorrow = (e.time.minutes() / SimTime::kMinutesPerDay + 1) * SimTime::kMinutesPerDay;
            if (s_.clinic.rebook_missed) book_session(i, std::max(tomorrow, st.next_free_day * SimTime::kMinutesPerDay), mode);
          }
        }
        break;
      }
      case kFusion:
        st.fused = true;
        r.fusion_day = now;
        break;
      case kSetback:
        on_setback(i, now);
        st.setback.renew(sim::exponential(st.rng.setbacks, 1.0), now);
        break;
      case kFall:
        ++st.fall_count;  // the 12-month count is taken at the 12-month follow-up
        on_setback(i, now);
        st.fall.renew(sim::exponential(st.rng.falls, 1.0), now);
        break;
      case kReoperation:
        on_reoperation(i, now);
        break;
      case kDropout:
        cancel_bookings(i);
        st.dropped = true;
        r.dropped_out = true;
        r.dropout_day = now;
        break;
      case kFollowUp:
        follow_up(i, e.arg, now);
        break;
      case kHorizonEnd:
        if (st.waiting) {
          st.waiting = false;
          clinic_->withdraw(i, e.time.minutes());
        }
        break;
      case kClinicDay:
        break;  // handled above
    }
    set_regime(i, now);
  }

  void on_setback(std::uint32_t i, double now) {
    State& st = states_[i];
    st.flare = std::min(1.0, st.flare + s_.setback.flare_deficit);
    st.motivation = std::max(0.0, st.motivation - s_.setback.motivation_penalty);
    if (results_[i].covariates.surgery == Surgery::Fusion && !st.fused) {
      st.fusion_due_day = now + (st.fusion_due_day - now) * s_.setback.fusion_delay_factor;
      queue_.invalidate(i * kSlots + kFusionSlot);
      schedule_at_day(st.fusion_due_day, kFusion, i, kFusionSlot);
    }
  }

  void on_reoperation(std::uint32_t i, double now) {
    State& st = states_[i];
    PatientResult& r = results_[i];
    st.reoperated = true;
    r.reoperation_day = now;
    st.surgery_day = now;  // tissue healing starts again
    st.muscle = muscle_after_surgery(s_.muscle, r.covariates.approach, st.muscle);
    st.balance *= 1.0 - s_.balance.surgery_drop_fraction;
    if (r.covariates.surgery == Surgery::Fusion && !st.fused) {  // a revision restarts the fusion clock
      st.fusion_due_day = now + fusion_day(s_.fusion, sim::normal(st.rng.fusion, 0.0, 1.0), 0.0);
      queue_.invalidate(i * kSlots + kFusionSlot);
      schedule_at_day(st.fusion_due_day, kFusion, i, kFusionSlot);
    }
  }

  void follow_up(std::uint32_t i, int index, double now) {
    State& st = states_[i];
    PatientResult& r = results_[i];
    const Covariates& c = r.covariates;
    const Scores e = expected_scores(i, now);
    const double odi_noise = sim::normal(st.rng.noise, 0.0, s_.outcomes.odi_noise_sd);
    const double back_noise = sim::normal(st.rng.noise, 0.0, s_.outcomes.pain_noise_sd);
    const double leg_noise = sim::normal(st.rng.noise, 0.0, s_.outcomes.pain_noise_sd);
    r.odi[static_cast<std::size_t>(index)] = observe_score(e.odi, odi_noise, 100.0);
    if (index != static_cast<int>(kFollowUpDays.size()) - 1) return;
    r.back_pain_12m = observe_score(e.back, back_noise, 10.0);
    r.leg_pain_12m = observe_score(e.leg, leg_noise, 10.0);
    r.pain_12m = std::max(r.back_pain_12m, r.leg_pain_12m);
    r.muscle_12m = st.muscle;
    r.scar_12m = st.scar;
    r.healing_12m = healing(st, now);
    r.balance_12m = st.balance;
    r.fused_12m = st.fused;
    r.falls_12m = st.fall_count;
    r.responder_12m = is_responder(c.baseline_odi, r.odi.back(), s_.outcomes.responder_improvement_fraction);
  }

  void finish_patient(std::uint32_t i) {
    PatientResult& r = results_[i];
    const double supplement_days = states_[i].supplemented ? std::min<double>(s_.protocol.supplement_days, horizon_) : 0.0;
    const double supplement_cost = supplement_days * ((s_.protocol.supplement_protein_g_per_kg > 0 ? s_.costs.protein_supplement_usd_per_day : 0.0) +
                                                      (s_.protocol.supplement_vitamin_d ? s_.costs.vitamin_d_supplement_usd_per_day : 0.0));
    const bool evaluated = clinic_ ? r.evaluated_in_clinic : r.sessions_attended > 0;
    r.pt_cost_usd = (evaluated ? s_.costs.pt_evaluation_usd : 0.0) + r.sessions_attended * s_.costs.pt_visit_usd;
    r.total_cost_usd = r.pt_cost_usd + supplement_cost + (states_[i].reoperated ? s_.costs.reoperation_usd : 0.0);
  }

  const Scenario& s_;
  int horizon_;
  ReplicationOptions options_;
  std::uint32_t clinic_target_;
  sim::EventQueue queue_;
  const std::vector<double>& surgery_days_;
  std::uint32_t first_;
  double last_surgery_day_ = 0;
  std::int64_t last_day_ = 0;
  bool supervised_protocol_ = false;
  std::unique_ptr<Clinic> clinic_;
  std::vector<State> states_;
  std::vector<PatientResult> results_;
};

}  // namespace

ReplicationResult run_replication(const Scenario& scenario, const CohortGenerator& cohort, std::uint32_t replication,
                                  ReplicationOptions options) {
  const std::uint32_t n = scenario.run.patients;
  const std::vector<double> operation_days = surgery_days(scenario.clinic, scenario.run.seed, replication, n);
  const bool coupled = scenario.clinic.limited();
  const std::uint32_t block = coupled ? n : std::max<std::uint32_t>(1, options.block_patients);
  const std::uint32_t blocks = (n + block - 1) / block;
  if (blocks <= 1) return Replication(scenario, cohort, replication, options, operation_days, 0, n).run();
  // Independent patients (unlimited capacity): blocks, possibly in parallel, joined in patient order.
  std::vector<ReplicationResult> parts(blocks);
  const auto run_block = [&](std::size_t b) {
    const auto first = static_cast<std::uint32_t>(b) * block;
    parts[b] = Replication(scenario, cohort, replication, options, operation_days, first, std::min(block, n - first)).run();
  };
  if (options.parts) (*options.parts)(blocks, run_block);
  else sim::run_parts_serially(blocks, run_block);
  ReplicationResult out = std::move(parts[0]);
  out.patients.reserve(n);
  for (std::size_t b = 1; b < blocks; ++b)
    std::move(parts[b].patients.begin(), parts[b].patients.end(), std::back_inserter(out.patients));
  return out;
}

std::vector<PatientResult> simulate_replication(const Scenario& scenario, const CohortGenerator& cohort,
                                                std::uint32_t replication) {
  return run_replication(scenario, cohort, replication).patients;
}

}  // namespace rehabsim::models
