#pragma once
// The weekly state trajectories (/trajectories): each variable declared once, with its units and
// the reader that records it at the weekly review. A new variable is one line in kTrajectory.
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "models/patient/patient_state.hpp"

namespace rehabsim::models {

/// What a trajectory reader sees at a weekly review.
struct WeeklyView {
  const PatientState& state;
  const Covariates& covariates;
  double day;            ///< days since surgery (7 w)
  const Scores& scores;  ///< expected scores now
};

struct TrajectoryVariable {
  std::string_view name;
  std::string_view units;
  double (*read)(const WeeklyView&);
};

inline constexpr std::array<TrajectoryVariable, 15> kTrajectory = {{
    {"muscle", "fraction of pre-operative norm", [](const WeeklyView& v) { return v.state.muscle; }},
    {"scar", "fraction 0-1", [](const WeeklyView& v) { return v.state.scar; }},
    {"healing", "fraction 0-1", [](const WeeklyView& v) { return healing(v.state, v.day); }},
    {"fusion", "fraction 0-1 (progress to solid fusion; NaN when not a fusion)",
     [](const WeeklyView& v) {
       if (v.covariates.surgery != Surgery::Fusion) return std::numeric_limits<double>::quiet_NaN();
       return fusion_maturity(v.state, v.covariates);
     }},
    {"balance", "fraction of pre-operative norm", [](const WeeklyView& v) { return v.state.balance; }},
    {"pain", "NRS 0-10 (expected, worse of back and leg)", [](const WeeklyView& v) { return v.scores.pain(); }},
    {"odi", "ODI points 0-100 (expected, without measurement noise)", [](const WeeklyView& v) { return v.scores.odi; }},
    {"motivation", "fraction 0-1", [](const WeeklyView& v) { return v.state.motivation; }},
    {"conditioning", "fraction of pre-operative norm", [](const WeeklyView& v) { return v.state.conditioning; }},
    {"mobility", "fraction of pre-operative norm", [](const WeeklyView& v) { return v.state.mobility; }},
    {"relief", "fraction 0-1 (pain relief from exercise and passive modalities)", [](const WeeklyView& v) { return v.state.relief; }},
    {"sensitisation", "fraction 0-1", [](const WeeklyView& v) { return v.state.sensitisation; }},
    {"fear", "fraction 0-1 (fear of movement, low self-efficacy)", [](const WeeklyView& v) { return v.state.fear; }},
    {"overload", "fraction 0-1 (loading above tissue tolerance)", [](const WeeklyView& v) { return v.state.overload; }},
    {"habit", "fraction 0-1 (share of days exercised on one's own)", [](const WeeklyView& v) { return v.state.habit; }},
}};

/// Weekly values of every kTrajectory variable: values[variable][week], NaN where not reached.
struct Trajectory {
  std::array<std::vector<double>, kTrajectory.size()> values;

  /// The series of one variable by name (tests, tools); throws when there is no such variable.
  const std::vector<double>& of(std::string_view name) const {
    for (std::size_t v = 0; v < kTrajectory.size(); ++v)
      if (kTrajectory[v].name == name) return values[v];
    throw std::out_of_range("no trajectory variable " + std::string(name));
  }
};

}  // namespace rehabsim::models
