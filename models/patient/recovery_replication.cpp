#include "models/patient/recovery_replication.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>

#include "models/clinic/arrivals.hpp"
#include "models/params/rng_purposes.hpp"
#include "models/patient/clinic_adapter.hpp"
#include "models/patient/cohort_generator.hpp"
#include "models/patient/patient_events.hpp"
#include "models/patient/patient_state.hpp"
#include "models/patient/protocol_planner.hpp"
#include "models/physiology/adherence.hpp"
#include "models/physiology/fusion.hpp"
#include "models/physiology/hazards.hpp"
#include "models/physiology/healing.hpp"
#include "models/physiology/outcome_model.hpp"
#include "sim/core/distributions.hpp"
#include "sim/core/event_queue.hpp"

namespace rehabsim::models {

namespace {

using sim::SimTime;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDaysPerYear = 365.25;

// The orchestrator of one replication, or of a block of independent patients: owns the queue, the
// patients' states and results, and dispatches each event to its handler.
class Replication {
 public:
  /// `operation_days` holds every patient's operation day (calendar days).
  Replication(const Scenario& s, const CohortGenerator& cohort, std::uint32_t replication, ReplicationOptions options,
              const std::vector<double>& operation_days)
      : s_(s),
        cohort_(cohort),
        replication_(replication),
        horizon_(s.run.horizon_days),
        options_(options),
        events_(queue_),
        surgery_days_(operation_days) {
    supervised_protocol_ = std::any_of(s.protocol.phases.begin(), s.protocol.phases.end(), [](const Phase& ph) { return ph.sessions_per_week > 0; });
  }

  /// Every patient in one event loop, coupled through the clinic's calendars.
  ReplicationResult run_coupled() {
    const auto count = static_cast<std::uint32_t>(surgery_days_.size());
    queue_.reset(count * kSlots + 1, kSlots);
    first_ = 0;
    if (s_.clinic.limited()) open_clinic(count);
    results_.resize(count);
    states_.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) start_patient(i);
    while (auto e = queue_.pop()) {
      handle(*e);
      if (options_.audit_clinic && clinic_) clinic_->audit(e->time);
      if (const std::uint32_t i = PatientEvents::patient_of(e->target); i < count && options_.run_alone_when_done && done_with_clinic(i))
        run_alone(i);
    }
    for (std::uint32_t i = 0; i < results_.size(); ++i) finish_patient(i);
    ReplicationResult out;
    if (clinic_) close_clinic(out);
    out.patients = std::move(results_);
    record_stats(out);
    return out;
  }

  /// Patients first .. first + count - 1 without a clinic: independent, so each runs alone from its
  /// operation to its horizon in a queue of its own few events (the queue's memory reused). The
  /// events of one patient keep their order (time, priority, sequence), so the results are those of
  /// one shared loop.
  ReplicationResult run_independent(std::uint32_t first, std::uint32_t count) {
    ReplicationResult out;
    out.patients.reserve(count);
    for (std::uint32_t p = first; p < first + count; ++p) {
      queue_.reset(kSlots + 1, kSlots);
      states_.clear();
      results_.assign(1, PatientResult{});
      first_ = p;
      start_patient(0);
      run_alone(0);
      finish_patient(0);
      out.patients.push_back(std::move(results_[0]));
    }
    record_stats(out);
    return out;
  }

 private:
  // --- set-up ------------------------------------------------------------------------------------
  // The clinic runs until the last patient's horizon (one block holds every patient then); it is
  // staffed (and paid) even when the protocol sends nobody.
  void open_clinic(std::uint32_t count) {
    last_surgery_day_ = surgery_days_.empty() ? 0.0 : *std::max_element(surgery_days_.begin(), surgery_days_.end());
    last_day_ = static_cast<std::int64_t>(std::ceil(last_surgery_day_)) + horizon_ + 1;
    clinic_ = std::make_unique<Clinic>(s_.clinic, s_.run.seed, replication_, last_day_);
    adapter_ = std::make_unique<ClinicAdapter>(s_, *clinic_, events_, states_, count * kSlots, last_day_);
    adapter_->open_day(0);
  }

  void close_clinic(ReplicationResult& out) {
    clinic_->finish(SimTime::from_days(last_day_ + 1));
    out.clinic_limited = true;
    out.clinic_weeks = clinic_->weeks();
    out.continuity_sessions = clinic_->continuity_sessions();
    out.clinic_sessions = clinic_->attended_sessions();
    // KPIs over the steady state: after the warm-up, up to the week of the last operation.
    const bool stream = s_.clinic.arrivals == ArrivalMode::Poisson;
    out.kpi_first_week = stream ? s_.clinic.warmup_weeks : 0;
    out.kpi_last_week = stream ? static_cast<int>(last_surgery_day_ / 7.0) : static_cast<int>(out.clinic_weeks.size()) - 1;
  }

  void record_stats(ReplicationResult& out) const {
    out.stats.events_by_kind = queue_.popped_by_kind();
    out.stats.stale_events = queue_.stale_dropped();
    out.stats.entity_years = static_cast<double>(out.patients.size()) * horizon_ / kDaysPerYear;
  }

  // `i` indexes the patients in the loop; random streams and the cohort draw use the replication-wide index.
  void start_patient(std::uint32_t i) {
    const CohortGenerator& cohort = cohort_;
    const std::uint32_t replication = replication_;
    const std::uint32_t patient = first_ + i;
    PatientResult& r = results_[i];
    r.covariates = cohort.draw(s_.run.seed, replication, patient);
    const auto stream = [&](Purpose p) { return sim::RngStream({s_.run.seed, replication, patient, static_cast<std::uint32_t>(p)}); };
    states_.emplace_back(PatientStreams{.attendance = stream(Purpose::Attendance),
                                        .noise = stream(Purpose::OutcomeNoise),
                                        .home = stream(Purpose::HomeExercise),
                                        .falls = stream(Purpose::Falls),
                                        .reop = stream(Purpose::Reoperation),
                                        .drop = stream(Purpose::Dropout),
                                        .setbacks = stream(Purpose::Setback),
                                        .fusion = stream(Purpose::Fusion),
                                        .mode = stream(Purpose::SessionMode),
                                        .rtw = stream(Purpose::ReturnToWork)});
    PatientState& st = states_.back();
    // The operation's calendar minute; every patient time below is days since that operation.
    st.clock = {static_cast<std::int64_t>(std::llround(surgery_days_[patient] * SimTime::kMinutesPerDay)), static_cast<double>(horizon_)};
    r.surgery_day = static_cast<double>(st.clock.origin_minute) / SimTime::kMinutesPerDay;
    r.in_warmup = s_.clinic.arrivals == ArrivalMode::Poisson && r.surgery_day < 7.0 * s_.clinic.warmup_weeks;
    auto supplement = stream(Purpose::Supplement);
    const bool vitamin_d_deficient = start_physiology(st, r.covariates, supplement);
    if (r.covariates.surgery == Surgery::Fusion) {
      st.fusion_log_multiplier =
          fusion_log_multiplier(cohort.fusion_coefficients(), s_.fusion, r.covariates, st.protein_g_per_kg_day, vitamin_d_deficient);
      st.fusion_required_days = fusion_day(s_.fusion, sim::normal(st.rng.fusion, 0.0, 1.0), st.fusion_log_multiplier);
      reschedule_fusion(i, st.fusion_required_days);
    }
    st.fall_age_factor = fall_rate_per_day(s_.falls, r.covariates.age_years, 1.0) / fall_rate_per_day(s_.falls, 65.0, 1.0);
    st.hazards.renew(kFallHazard, sim::exponential(st.rng.falls, 1.0), 0.0);
    st.hazards.renew(kReoperationHazard, sim::exponential(st.rng.reop, 1.0), 0.0);
    st.hazards.renew(kDropoutHazard, sim::exponential(st.rng.drop, 1.0), 0.0);
    st.hazards.renew(kSetbackHazard, sim::exponential(st.rng.setbacks, 1.0), 0.0);
    st.hazards.renew(kReturnToWorkHazard, sim::exponential(st.rng.rtw, 1.0), 0.0);
    if (r.covariates.employed) {
      auto restriction = stream(Purpose::WorkRestriction);
      st.work_allowed_day = work_allowed_day(s_.return_to_work, r.covariates.surgery, sim::normal(restriction, 0.0, 1.0));
    }
    start_results(r);
    schedule_course(st, i, r);
    set_regime(i, 0.0);
  }

  // Nutrition (the protocol's supplements apply from surgery), healing, muscle and balance at day 0;
  // returns whether the patient is (still) vitamin D deficient.
  bool start_physiology(PatientState& st, const Covariates& c, sim::RngStream& supplement) {
    const Protocol& pr = s_.protocol;
    st.supplemented = pr.supplement_days > 0 && (pr.supplement_protein_g_per_kg > 0 || pr.supplement_vitamin_d);
    const bool corrected = st.supplemented && pr.supplement_vitamin_d && sim::bernoulli(supplement, pr.vitamin_d_correction_probability);
    const bool vitamin_d_deficient = c.vitamin_d_deficient && !corrected;
    st.protein_g_per_kg_day = c.protein_g_per_kg_day + (st.supplemented ? pr.supplement_protein_g_per_kg : 0.0);
    st.healing_tau_days = healing_time_constant(s_.healing, c.surgery, vitamin_d_deficient, st.protein_g_per_kg_day) * c.healing_multiplier;
    st.muscle_rates = muscle_rates(s_.muscle, c.age_years, st.protein_g_per_kg_day);
    st.muscle = muscle_after_surgery(s_.muscle, c.approach);
    st.balance = 1.0 - s_.balance.surgery_drop_fraction;
    st.conditioning = 1.0 - s_.conditioning.surgery_drop_fraction;
    st.mobility = 1.0 - s_.mobility.surgery_drop_fraction;
    st.fear = s_.fear.enabled ? c.fear : 0.0;
    st.motivation = c.motivation;
    return vitamin_d_deficient;
  }

  void start_results(PatientResult& r) const {
    r.pt_start_day = of(s_.protocol.start_day, r.covariates.surgery);
    r.fusion_day = r.reoperation_day = r.dropout_day = r.return_to_work_day = kNaN;
    r.referral_day = r.first_visit_day = r.wait_days = kNaN;
    if (s_.run.trajectories)
      for (auto& v : r.trajectory.values) v.assign(static_cast<std::size_t>(trajectory_weeks(s_)), kNaN);
  }

  // The fixed course: end of restriction and supplements, referral, weekly reviews, follow-ups.
  void schedule_course(const PatientState& st, std::uint32_t i, const PatientResult& r) {
    events_.at_day(st, i, s_.activity.restricted_days, Kind::ActivityResume);
    if (st.supplemented) events_.at_day(st, i, s_.protocol.supplement_days, Kind::SupplementEnd);
    if (r.covariates.employed) events_.at_day(st, i, st.work_allowed_day, Kind::WorkAllowed);
    events_.at_day(st, i, r.pt_start_day + s_.clinic.referral_delay_days, Kind::Referral);
    events_.at_day(st, i, 0, Kind::Review);
    for (int f = 0; f < static_cast<int>(kFollowUpDays.size()); ++f) events_.at_day(st, i, kFollowUpDays[f], Kind::FollowUp, kMainSlot, f);
  }

  // --- leaving the clinic's loop -----------------------------------------------------------------
  /// Nothing the patient does from now on touches the clinic, nor does the clinic touch the patient:
  /// referred (or never to be), off the waiting list, no appointment booked, out of every caseload,
  /// and no supervised phase ahead (phases only move forward; a dropout never comes back).
  bool done_with_clinic(std::uint32_t i) const {
    const PatientState& st = states_[i];
    if (!supervised_protocol_ || !clinic_) return true;
    if (std::isnan(results_[i].referral_day) || st.clinic.waiting || !st.clinic.bookings.empty() || clinic_->in_care(i)) return false;
    if (st.dropped) return true;
    if (st.phase < 0) return st.last_phase >= 0;  // discharged; else the protocol has not started yet
    const auto& phases = s_.protocol.phases;
    return std::none_of(phases.begin() + st.phase, phases.end(), [](const Phase& ph) { return ph.sessions_per_week > 0; });
  }

  /// Runs the patient's remaining events at once, on its own (the others keep their order): the
  /// shared queue then holds only the patients the clinic still couples.
  void run_alone(std::uint32_t i) {
    queue_.begin_alone(queue_.entity_of(PatientEvents::target(i, kMainSlot)));
    while (auto e = queue_.pop_alone()) handle(*e);
    queue_.end_alone();
  }

  // --- the regime --------------------------------------------------------------------------------
  // After every event: the loads of the new regime and each hazard's rate (rescheduled lazily).
  void set_regime(std::uint32_t i, double now) {
    PatientState& st = states_[i];
    const Covariates& c = results_[i].covariates;
    const Scores now_scores = set_loads(st, s_, c, now);
    // The fusion mass's progress speed may have changed with the overload: move the fusion event.
    if (c.surgery == Surgery::Fusion && !st.fused) {
      const double due = fusion_due(st, now);
      const double horizon = static_cast<double>(horizon_);
      if (std::abs(due - st.fusion_due_day) > 1e-6 && (due <= horizon || st.fusion_due_day <= horizon)) reschedule_fusion(i, due);
    }
    const auto rates = hazard_rates(st, s_, c, now, now_scores);
    for (std::size_t h = 0; h < kHazards; ++h) {
      const std::int64_t at = st.hazards.set_rate(h, now, rates[h], queue_.now().minutes(), st.clock);
      if (at != sim::HazardSet<kHazards>::kNone) events_.at_minute(i, at, kind_of(static_cast<Hazard>(h)), slot_of(static_cast<Hazard>(h)));
    }
  }

  /// True when a hazard event is the live one and due now; otherwise it lapses or moves itself.
  bool hazard_due(std::uint32_t i, Hazard h, const sim::Event& e) {
    PatientState& st = states_[i];
    const auto check = st.hazards.on_event(h, e.time.minutes(), st.clock);
    if (check.reschedule_at != sim::HazardSet<kHazards>::kNone) events_.at_minute(i, check.reschedule_at, kind_of(h), slot_of(h));
    return check.due;
  }

  // --- the protocol ------------------------------------------------------------------------------
  void enter_phase(std::uint32_t i, int phase, double now) {
    PatientState& st = states_[i];
    if (phase < 0 || s_.protocol.phases[static_cast<std::size_t>(phase)].sessions_per_week == 0) cancel_bookings(i);
    st.phase = phase;
    if (phase >= 0) st.last_phase = phase;
    st.phase_start_day = now;
    st.attended_last = false;
    if (phase >= 0) results_[i].last_phase = phase;
  }

  /// The first phase starts when its entry criteria hold (else at a later weekly review).
  void start_protocol(std::uint32_t i, double now, bool plan_now) {
    PatientState& st = states_[i];
    if (!entry_criteria_hold(s_.protocol.phases.front(), st, s_, results_[i].covariates, now)) {
      st.awaiting_start = true;  // the weekly review starts the protocol once the criteria hold
      return;
    }
    enter_phase(i, 0, now);
    // Mid-week starts get a partial first week; on a review day the review plans the week.
    const double next_review = std::floor(now / 7.0 + 1e-9) * 7.0 + 7.0;
    if (plan_now || std::fmod(now, 7.0) > 1e-9) plan_week(i, now, next_review);
  }

  /// The protocol's plan from now to `until`, booked: with unlimited capacity every session happens
  /// when asked; with a clinic, as its calendars allow.
  void plan_week(std::uint32_t i, double now, double until) {
    PatientState& st = states_[i];
    PatientResult& r = results_[i];
    st.home_days_this_week = 0;
    st.sessions_this_week = 0;
    const WeekPlan plan = models::plan_week(st, s_, r.covariates, now, until);
    st.home_days_this_week = plan.home_days_done;
    r.home_days_prescribed += plan.home_days_prescribed;
    r.home_days_done += plan.home_days_done;
    if (!plan.supervised) return;
    st.clinic.week_end = st.clock.minute_of(until);
    int booked = 0;
    for (const PlannedSession& session : plan.planned()) {
      ++r.sessions_prescribed;
      if (!adapter_) {
        ++booked;
        events_.at_day(st, i, session.day, Kind::Session, kMainSlot, static_cast<std::int32_t>(session.mode));
      } else if (adapter_->book_session(i, std::max(st.clock.minute_of(session.day), st.clinic.next_free_day * SimTime::kMinutesPerDay),
                                        session.mode)) {
        ++booked;
      } else {
        clinic_->count_unbooked(queue_.now());
      }
    }
    // The supervised frequency the loads see: what was booked, as a weekly rate (partial weeks too).
    const double days = until - now;
    const int per_week = phase_of(st, s_.protocol)->sessions_per_week;
    st.sessions_this_week = days > 0 ? std::min<double>(per_week, booked * 7.0 / days) : 0.0;
  }

  void cancel_bookings(std::uint32_t i) {
    if (adapter_)
      adapter_->cancel_bookings(i);
    else
      states_[i].clinic.bookings.clear();
  }

  /// Whether a booked appointment is kept: one draw decides late cancellation, no-show or attendance.
  VisitOutcome attendance(std::uint32_t i, SessionMode mode) {
    PatientState& st = states_[i];
    PatientResult& r = results_[i];
    const MissProbabilities p = miss_probabilities(s_.adherence, r.covariates, st.motivation, mode);
    const double u = st.rng.attendance.uniform01();
    if (u < p.late_cancellation) {
      r.late_cancellations += 1;
      return VisitOutcome::LateCancellation;
    }
    if (u < p.late_cancellation + p.no_show) {
      r.no_shows += 1;
      return VisitOutcome::NoShow;
    }
    return VisitOutcome::Attended;
  }

  // --- events ------------------------------------------------------------------------------------
  void handle(const sim::Event& e) {
    if (adapter_ && e.target == adapter_->target()) {
      adapter_->start_day(e.time.minutes());
      return;
    }
    const std::uint32_t i = PatientEvents::patient_of(e.target);
    const auto kind = static_cast<Kind>(e.kind);
    // A hazard event that was superseded or is not yet due changes nothing (not even the regime).
    if (priority_of(kind) == Priority::Hazard && kind != Kind::Fusion && !hazard_due(i, hazard_of(kind), e)) return;
    const double now = states_[i].clock.day_of(e.time.minutes());
    advance(states_[i], s_, now);
    dispatch(kind, i, e, now);
    set_regime(i, now);
  }

  static Hazard hazard_of(Kind k) {
    switch (k) {
      case Kind::Fall: return kFallHazard;
      case Kind::Reoperation: return kReoperationHazard;
      case Kind::Dropout: return kDropoutHazard;
      case Kind::ReturnToWork: return kReturnToWorkHazard;
      default: return kSetbackHazard;
    }
  }

  void dispatch(Kind kind, std::uint32_t i, const sim::Event& e, double now) {
    switch (kind) {
      case Kind::ActivityResume: states_[i].restricted = false; break;
      case Kind::SupplementEnd: on_supplement_end(i); break;
      case Kind::WorkAllowed: break;  // set_regime after the event turns the return hazard on
      case Kind::Referral: on_referral(i, e.time.minutes(), now); break;
      case Kind::Evaluation: on_evaluation(i, e, now); break;
      case Kind::Review: on_review(i, now); break;
      case Kind::Session: on_session(i, e); break;
      case Kind::Fusion: on_fusion(i, now); break;
      case Kind::Setback: on_setback(i, now); break;
      case Kind::Fall: on_fall(i, now); break;
      case Kind::Reoperation: on_reoperation(i, now); break;
      case Kind::Dropout: on_dropout(i, now); break;
      case Kind::ReturnToWork: on_return_to_work(i, now); break;
      case Kind::FollowUp: on_follow_up(i, e.arg, now); break;
      case Kind::HorizonEnd: on_horizon_end(i, e.time.minutes()); break;
      case Kind::ClinicDay: break;  // handled in handle()
    }
  }

  void on_supplement_end(std::uint32_t i) {
    PatientState& st = states_[i];
    const Covariates& c = results_[i].covariates;
    st.protein_g_per_kg_day = c.protein_g_per_kg_day;
    st.muscle_rates = muscle_rates(s_.muscle, c.age_years, st.protein_g_per_kg_day);
  }

  // The referral: straight into the protocol, or onto the clinic's waiting list.
  void on_referral(std::uint32_t i, std::int64_t minute, double now) {
    PatientState& st = states_[i];
    PatientResult& r = results_[i];
    if (!supervised_protocol_) {
      start_protocol(i, now, false);
    } else if (adapter_) {
      r.referral_day = now;
      st.clinic.waiting = true;
      clinic_->refer(i, SimTime::from_minutes(minute), r.covariates.surgery, SimTime::from_minutes(st.clock.origin_minute));
      events_.at_day(st, i, horizon_, Kind::HorizonEnd);  // still waiting then: off the list, never seen
      adapter_->book_evaluations(minute);
    } else {
      r.referral_day = r.first_visit_day = now;
      r.wait_days = 0;
      start_protocol(i, now, false);
    }
  }

  void on_evaluation(std::uint32_t i, const sim::Event& e, double now) {
    PatientState& st = states_[i];
    PatientResult& r = results_[i];
    const auto id = static_cast<std::uint32_t>(e.arg);
    const Appointment a = clinic_->appointment(id);
    if (!a.active) return;  // cancelled by the clinic (the therapist is off)
    if (const VisitOutcome kept = attendance(i, SessionMode::Clinic); kept != VisitOutcome::Attended) {
      clinic_->record(id, kept, e.time);  // back on the list, to be booked again
      adapter_->book_evaluations(e.time.minutes());
      return;
    }
    clinic_->record(id, VisitOutcome::Attended, e.time);
    st.clinic.waiting = false;
    st.clinic.own_therapist = a.therapist;
    st.clinic.next_free_day = a.start / SimTime::kMinutesPerDay + 1;
    r.first_visit_day = now;
    r.evaluated_in_clinic = true;
    r.wait_days = now - r.referral_day;
    start_protocol(i, now, true);
  }

  void on_review(std::uint32_t i, double now) {
    PatientState& st = states_[i];
    PatientResult& r = results_[i];
    const Covariates& c = r.covariates;
    const Scores now_scores = expected_scores(st, s_, c, now);
    record_trajectory(i, now, now_scores);
    // Utility is held for the week (piecewise constant) and discounted continuously.
    const double week_end = std::min(now + 7.0, static_cast<double>(horizon_));
    r.qaly += std::min(1.0, eq5d_utility(now_scores.odi, now_scores.leg, now_scores.back)) *
              discounted_years(now, week_end, s_.outcomes.discount_rate_per_year);
    // Motivation moves over the coming week toward what the patient feels.
    const double improvement = c.baseline_odi > 0 ? (c.baseline_odi - now_scores.odi) / c.baseline_odi : 0.0;
    st.motivation = relax_motivation(s_.motivation, st.motivation,
                                     motivation_target(s_.motivation, c.motivation, improvement, now_scores.pain(), st.loads.supervised), 7.0);
    if (st.clinic.waiting) {
      st.motivation = std::max(0.0, st.motivation - s_.clinic.waiting_motivation_penalty_per_week);
      if (s_.fear.enabled) st.fear = std::min(1.0, st.fear + s_.fear.waiting_increase_per_week);
    }
    if (const auto move = phase_move(st, s_, c, now, now_scores)) {
      st.awaiting_start = false;
      enter_phase(i, *move, now);
    }
    plan_week(i, now, std::min(now + 7.0, static_cast<double>(horizon_) + 1e-9));
    events_.at_day(st, i, now + 7.0, Kind::Review);
  }

  void record_trajectory(std::uint32_t i, double now, const Scores& scores) {
    Trajectory& t = results_[i].trajectory;
    const auto week = static_cast<std::size_t>(std::lround(now / 7.0));
    if (!s_.run.trajectories || week >= t.values[0].size()) return;
    const WeeklyView view{states_[i], results_[i].covariates, now, scores};
    for (std::size_t v = 0; v < kTrajectory.size(); ++v) t.values[v][week] = kTrajectory[v].read(view);
  }

  void on_session(std::uint32_t i, const sim::Event& e) {
    PatientState& st = states_[i];
    PatientResult& r = results_[i];
    const auto id = static_cast<std::uint32_t>(e.arg);
    std::optional<Appointment> a;
    if (clinic_) {
      a = clinic_->appointment(id);
      if (!a->active) return;  // cancelled (clinic or discharge)
      std::erase(st.clinic.bookings, id);
    }
    if (st.dropped || !supervised(st, s_.protocol)) {  // booked before a discharge or dropout
      if (clinic_) clinic_->cancel(id);
      return;
    }
    const SessionMode mode = a ? a->mode : static_cast<SessionMode>(e.arg);
    const VisitOutcome outcome = attendance(i, mode);
    st.attended_last = outcome == VisitOutcome::Attended;
    if (st.attended_last) {
      r.sessions_attended += 1;
      r.sessions_telehealth += mode == SessionMode::Telehealth;
      st.session_effect = mode == SessionMode::Telehealth ? s_.activity.telehealth_effect_fraction : 1.0;
      if (clinic_) clinic_->record(id, VisitOutcome::Attended, e.time);
      return;
    }
    r.sessions_missed += 1;
    if (!clinic_) return;
    clinic_->record(id, outcome, e.time);
    const std::int64_t tomorrow = (e.time.minutes() / SimTime::kMinutesPerDay + 1) * SimTime::kMinutesPerDay;
    if (s_.clinic.rebook_missed) adapter_->book_session(i, std::max(tomorrow, st.clinic.next_free_day * SimTime::kMinutesPerDay), mode);
  }

  void on_fusion(std::uint32_t i, double now) {
    states_[i].fused = true;
    results_[i].fusion_day = now;
  }

  // A setback (or a fall): a pain flare, more fear, lost motivation, and a slower fusion (the
  // regime that follows moves the fusion event).
  void flare_up(std::uint32_t i) {
    PatientState& st = states_[i];
    apply_setback(st, s_);
    if (results_[i].covariates.surgery == Surgery::Fusion && !st.fused)
      st.fusion_required_days = delayed_fusion_requirement(st.fusion_required_days, st.fusion_progress_days, s_.setback);
  }

  void reschedule_fusion(std::uint32_t i, double due_day) {
    PatientState& st = states_[i];
    st.fusion_due_day = due_day;
    events_.invalidate(i, kFusionSlot);
    events_.at_day(st, i, st.fusion_due_day, Kind::Fusion, kFusionSlot);
  }

  void on_setback(std::uint32_t i, double now) {
    flare_up(i);
    states_[i].hazards.renew(kSetbackHazard, sim::exponential(states_[i].rng.setbacks, 1.0), now);
  }

  void on_fall(std::uint32_t i, double now) {
    ++states_[i].fall_count;  // the 12-month count is taken at the 12-month follow-up
    flare_up(i);
    states_[i].hazards.renew(kFallHazard, sim::exponential(states_[i].rng.falls, 1.0), now);
  }

  void on_reoperation(std::uint32_t i, double now) {
    PatientState& st = states_[i];
    PatientResult& r = results_[i];
    r.reoperation_day = now;
    apply_reoperation(st, s_, r.covariates, now);
    if (r.covariates.surgery == Surgery::Fusion && !st.fused) {  // a revision restarts the fusion clock; the risk factors stay
      st.fusion_progress_days = 0;
      st.fusion_required_days = fusion_day(s_.fusion, sim::normal(st.rng.fusion, 0.0, 1.0), st.fusion_log_multiplier);
    }
  }

  void on_return_to_work(std::uint32_t i, double now) {
    states_[i].returned_to_work = true;
    results_[i].return_to_work_day = now;
  }

  void on_dropout(std::uint32_t i, double now) {
    cancel_bookings(i);
    states_[i].dropped = true;
    results_[i].dropped_out = true;
    results_[i].dropout_day = now;
  }

  void on_horizon_end(std::uint32_t i, std::int64_t minute) {
    PatientState& st = states_[i];
    if (!st.clinic.waiting) return;
    st.clinic.waiting = false;
    clinic_->withdraw(i, SimTime::from_minutes(minute));
  }

  void on_follow_up(std::uint32_t i, int index, double now) {
    PatientState& st = states_[i];
    PatientResult& r = results_[i];
    const Scores e = expected_scores(st, s_, r.covariates, now);
    const double odi_noise = sim::normal(st.rng.noise, 0.0, s_.outcomes.odi_noise_sd);
    const double back_noise = sim::normal(st.rng.noise, 0.0, s_.outcomes.pain_noise_sd);
    const double leg_noise = sim::normal(st.rng.noise, 0.0, s_.outcomes.pain_noise_sd);
    const auto f = static_cast<std::size_t>(index);
    r.odi[f] = observe_score(e.odi, odi_noise, 100.0);
    const double back = observe_score(e.back, back_noise, 10.0), leg = observe_score(e.leg, leg_noise, 10.0);
    r.pain[f] = std::max(back, leg);
    if (index != static_cast<int>(kFollowUpDays.size()) - 1) return;
    r.back_pain_12m = back;
    r.leg_pain_12m = leg;
    r.pain_12m = r.pain[f];
    r.muscle_12m = st.muscle;
    r.scar_12m = st.scar;
    r.healing_12m = healing(st, now);
    r.balance_12m = st.balance;
    r.fused_12m = st.fused;
    r.falls_12m = st.fall_count;
    r.responder_12m = is_responder(r.covariates.baseline_odi, r.odi.back(), s_.outcomes.responder_improvement_fraction);
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
  const CohortGenerator& cohort_;
  std::uint32_t replication_;
  int horizon_;
  ReplicationOptions options_;
  sim::EventQueue queue_;
  PatientEvents events_;
  const std::vector<double>& surgery_days_;
  std::uint32_t first_ = 0;  ///< replication-wide index of the loop's patient 0
  double last_surgery_day_ = 0;
  std::int64_t last_day_ = 0;
  bool supervised_protocol_ = false;
  std::unique_ptr<Clinic> clinic_;
  std::unique_ptr<ClinicAdapter> adapter_;
  std::vector<PatientState> states_;
  std::vector<PatientResult> results_;
};

}  // namespace

ReplicationResult run_replication(const Scenario& scenario, const CohortGenerator& cohort, std::uint32_t replication, ReplicationOptions options,
                                  const PatientsSink& take) {
  const std::uint32_t n = scenario.run.patients;
  const std::vector<double> operation_days = surgery_days(scenario.clinic, scenario.run.seed, replication, n);
  const auto hand_over = [&](ReplicationResult&& whole) {
    take(0, whole.patients);
    whole.patients = {};
    return std::move(whole);
  };
  if (scenario.clinic.limited()) return hand_over(Replication(scenario, cohort, replication, options, operation_days).run_coupled());
  const std::uint32_t block = std::max<std::uint32_t>(1, options.block_patients);
  const std::uint32_t blocks = (n + block - 1) / block;
  if (blocks <= 1) return hand_over(Replication(scenario, cohort, replication, options, operation_days).run_independent(0, n));
  // Independent patients (unlimited capacity): blocks made possibly in parallel, taken in patient
  // order; block b waits in slot b % window until its turn.
  const sim::SerialParts serial;
  const sim::PartsExecutor& parts = options.parts ? *options.parts : serial;
  std::vector<ReplicationResult> slots(std::min<std::size_t>(std::max<std::size_t>(1, parts.window()), blocks));
  ReplicationResult out;
  parts.run(
      blocks,
      [&](std::size_t b) {
        const auto first = static_cast<std::uint32_t>(b) * block;
        slots[b % slots.size()] =
            Replication(scenario, cohort, replication, options, operation_days).run_independent(first, std::min(block, n - first));
      },
      [&](std::size_t b) {
        ReplicationResult& part = slots[b % slots.size()];
        take(static_cast<std::uint32_t>(b) * block, part.patients);
        if (b == 0) {
          out = std::move(part);
          out.patients = {};
        } else {
          out.stats.add(part.stats);
        }
        part = {};
      });
  return out;
}

ReplicationResult run_replication(const Scenario& scenario, const CohortGenerator& cohort, std::uint32_t replication, ReplicationOptions options) {
  std::vector<PatientResult> patients;
  patients.reserve(scenario.run.patients);
  ReplicationResult out = run_replication(scenario, cohort, replication, options, [&](std::uint32_t, std::span<const PatientResult> block) {
    patients.insert(patients.end(), block.begin(), block.end());
  });
  out.patients = std::move(patients);
  return out;
}

std::vector<PatientResult> simulate_replication(const Scenario& scenario, const CohortGenerator& cohort, std::uint32_t replication) {
  return run_replication(scenario, cohort, replication).patients;
}

}  // namespace rehabsim::models
