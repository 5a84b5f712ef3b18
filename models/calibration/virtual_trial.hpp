#pragma once
// A virtual trial: a published study's population as a scenario, its arms as overrides of that
// scenario (each run on the same simulated patients), and its published effects as targets.
// Plain data; read by trial_reader, run by trial_run, judged by target_verdict.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/params/patient.hpp"
#include "models/params/scenario.hpp"
#include "models/patient/cohort_generator.hpp"

namespace rehabsim::models::calibration {

/// Follow-up days of PatientResult::odi / pain, by index (6 weeks, 3, 6 and 12 months).
inline constexpr const char* kFollowUpNames[] = {"6w", "3m", "6m", "12m"};

struct Arm {
  std::string name;
  std::vector<std::string> overrides;  ///< "key.path=value", applied to the trial's scenario
  Scenario scenario;
  std::unique_ptr<CohortGenerator> cohort;  ///< built by simulate_trial; the same patients in every arm
};

struct TargetSpec {
  std::string name, measure, published, source, rule = "range", group = "all";
  std::string known_gap;          ///< non-empty: a target the model does not yet reproduce, reported but not enforced
  std::vector<std::size_t> arms;  ///< indexes into Trial::arms (one, or two for a comparison: A minus B)
  int follow_up = 3;              ///< index of kFollowUpNames
  double day = 365;               ///< for measures by a day since surgery
  double low = -std::numeric_limits<double>::infinity(), high = std::numeric_limits<double>::infinity();
  double published_se = 0;         ///< the published value's standard error (rule "point")
  int decimals = 2;                ///< shown in the report
  std::optional<Surgery> surgery;  ///< only this surgery's patients
};

struct Trial {
  std::string file, name, source, population, design;
  std::vector<Arm> arms;
  std::vector<TargetSpec> targets;
  std::uint32_t replications = 0, patients = 0;  ///< 0: the scenario's own run settings
};

/// The measures a target may name, and the judging rules.
inline const std::vector<std::string> kMeasures = {"odi",
                                                   "odi_change",
                                                   "odi_difference",
                                                   "odi_smd",
                                                   "pain_smd",
                                                   "pain_difference_vas",
                                                   "responders",
                                                   "return_to_work_share",
                                                   "return_to_work_mean_weeks",
                                                   "nonunion_relative_risk",
                                                   "nonunion_share",
                                                   "reoperation_share",
                                                   "no_show_rate",
                                                   "late_cancellation_rate",
                                                   "qaly_difference",
                                                   "median_fusion_day",
                                                   "fused_12m",
                                                   "muscle_loss_14d",
                                                   "baseline_odi"};
inline const std::vector<std::string> kRules = {"range", "point", "ci_above", "ci_below"};

/// Whether a measure compares two arms (A minus B) rather than describing one.
bool is_comparison(const std::string& measure);

}  // namespace rehabsim::models::calibration
