#include "models/outputs/result_notes.hpp"

#include <cmath>
#include <cstdio>

namespace rehabsim::models {

std::vector<MetricGroupSpec> metric_groups() {
  return {{"clinic",
           {"wait_mean_days",
            "wait_p50_days",
            "wait_p90_days",
            "seen_within_14d",
            "never_seen",
            "waiting_list_mean",
            "waiting_list_growth_per_week",
            "referrals_per_week",
            "utilisation",
            "sessions_delivered_fraction",
            "telehealth_fraction",
            "continuity_fraction",
            "no_show_rate",
            "late_cancellation_rate",
            "overtime_hours",
            "staff_fte",
            "staff_cost_usd",
            "staff_cost_per_year_usd",
            "staff_cost_per_fte_year_usd",
            "cost_per_patient_usd",
            "cost_per_responder_usd"},
           "utilisation"},
          {"outcomes",
           {"odi_6w", "odi_3m", "odi_6m", "odi_12m", "odi_change_12m", "responder_fraction_12m", "pain_12m", "back_pain_12m", "leg_pain_12m",
            "muscle_12m", "balance_12m", "scar_12m", "fused_fraction_12m", "falls_12m", "reoperated", "dropped_out_fraction", "sessions_attended"},
           ""},
          {"costs and QALYs", {"pt_cost_usd", "total_cost_usd", "qaly"}, ""}};
}

namespace {

const sim::SampleSummary* find(const std::map<std::string, sim::SampleSummary>& m, const char* name) {
  const auto it = m.find(name);
  return it == m.end() || it->second.n == 0 || std::isnan(it->second.mean) ? nullptr : &it->second;
}

}  // namespace

std::vector<std::string> result_notes(const std::map<std::string, sim::SampleSummary>& metrics) {
  std::vector<std::string> notes;
  char text[640];
  const auto* growth = find(metrics, "waiting_list_growth_per_week");
  const auto* list = find(metrics, "waiting_list_mean");
  // Unstable: the list grows in every sense the replications can tell (CI above 0), and by more
  // than a quarter of its mean level over half a year (an assumed threshold of materiality).
  if (growth && list && growth->ci95_low > 0 && growth->mean * 26 > 0.25 * list->mean) {
    std::snprintf(text, sizeof text,
                  "the queue is unstable: the waiting list grows by %.2f patients a week [95%% CI %.2f, %.2f] through the KPI weeks "
                  "(mean length %.1f). Demand exceeds capacity, so the mean wait depends on how long the run is and is not a "
                  "steady-state figure: add capacity, or compare at a fixed run length only.",
                  growth->mean, growth->ci95_low, growth->ci95_high, list->mean);
    notes.emplace_back(text);
  }
  const auto* staff = find(metrics, "staff_fte");
  const auto* referrals = find(metrics, "referrals_per_week");
  // A limited clinic with nobody at work in the KPI weeks answers no staffing question.
  if (staff && referrals && staff->ci95_high <= 0 && referrals->mean > 0) {
    std::snprintf(text, sizeof text,
                  "no therapist worked in the weeks the KPIs cover (staff_fte 0 in every replication) while %.1f patients a week "
                  "were referred: nobody was seen, and every wait, utilisation and cost figure is empty or 0. Check "
                  "clinic.therapists[].start_week and end_week, and clinic.absences, against the run's weeks.",
                  referrals->mean);
    notes.emplace_back(text);
  }
  const auto* util = find(metrics, "utilisation");
  const auto* wait = find(metrics, "wait_mean_days");
  // Idle time beside a long wait (assumed thresholds: below 90% busy, above four weeks' wait).
  if (util && wait && util->mean < 0.9 && wait->mean > 28) {
    std::snprintf(text, sizeof text,
                  "utilisation is %.0f%% beside a %.0f-day mean wait: therapists have idle hours while patients wait. In this "
                  "model that happens when new patients are held back by a caseload cap (clinic.therapists[].active_patients_max, "
                  "where set) or the daily limit caseload_per_day, and when no-shows and late cancellations leave booked time "
                  "unused; raising the cap or the head-count shortens the wait.",
                  100 * util->mean, wait->mean);
    notes.emplace_back(text);
  }
  return notes;
}

}  // namespace rehabsim::models
