#pragma once
// The calibration search (history matching with refocusing): free parameters with declared prior
// ranges, a Latin hypercube over them, each point scored on every virtual trial by the
// implausibility of each target, and later waves drawn around the points not ruled out. Pure
// functions and plain data: app/calibration_search runs the waves, writes and resumes the files.
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "models/calibration/virtual_trial.hpp"
#include "sim/config/loader.hpp"
#include "sim/core/rng_stream.hpp"

namespace rehabsim::models::calibration {

/// A free parameter: a scenario key estimated by the search, uniform on [low, high] on a linear or
/// log scale (its declared prior), with the reasoning behind the range.
struct Prior {
  std::string key;
  double low = 0, high = 0;
  bool log_scale = false;
  bool integer = false;                                             ///< an integer key: values are rounded
  double default_value = std::numeric_limits<double>::quiet_NaN();  ///< the shipped default (NaN: not stated)
  std::string reasoning, evidence;
};

/// Reads [[parameters]] (key, low, high, scale "linear" | "log", default, reasoning, evidence). A key
/// `cohorts[surgery=NAME].KEY` sets KEY in every cohort of that surgery, whatever a trial's cohort
/// order (and in no cohort of a trial without one). An
/// unknown or non-numeric key, or a bound outside the key's allowed range (the schema's), is refused
/// (file:line:column: parameters[i]: ...). Rules tying keys together are the search's to meet.
std::vector<Prior> read_priors(const sim::config::ScenarioSource& source);

/// A target's published value as an observation: a value with its standard deviation, or a
/// one-sided bound (side +1: at least `value`; -1: at most; 0: two-sided).
struct Observation {
  double value = 0, sd = 0;
  int side = 0;
};
/// range [low, high]: the midpoint, sd = half-width / 1.96 (a 95% interval); a range open on one
/// side, ci_above and ci_below: a one-sided bound with sd 0; point: the value with published_se.
Observation observation_of(const TargetSpec& target);
/// Model discrepancy sd: `fraction` of the observation's magnitude, at least `fraction` of its sd.
double discrepancy_sd(const Observation& o, double fraction);
/// History-matching implausibility (Craig et al. 1997; Vernon et al., Bayesian Anal 2010): the
/// distance of the simulated mean from the observation over sqrt(sd_obs^2 + se_sim^2 + sd_disc^2);
/// 0 on the allowed side of a one-sided bound; infinity for a non-finite mean or a zero scale.
double implausibility(const Observation& o, double sim_mean, double sim_se, double discrepancy);

/// A coordinate of the unit cube [0, 1] as the parameter's value (rounded for an integer key), and back.
double value_at(const Prior& p, double unit);
double unit_of(const Prior& p, double value);
/// "key=value" for every prior at a unit-cube point (values printed exactly: %.17g).
std::vector<std::string> overrides_of(const std::vector<Prior>& priors, const std::vector<double>& unit_point);

/// `overrides` as the default scenario takes them (keys by surgery to its cohorts' indices): the form
/// an [[uncertainty.ensemble]] member of a scenario like the default one needs.
std::vector<std::string> for_default_scenario(const std::vector<std::string>& overrides);

/// Whether the model's rules accept a point (checked on the default scenario, so rules that tie
/// keys together, such as deficit weights summing to at most 1, are met before anything runs).
bool acceptable(const std::vector<Prior>& priors, const std::vector<double>& unit_point);

/// A Latin hypercube: n points in [0, 1)^dims, each coordinate hitting each of n strata once.
std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t dims, sim::RngStream& stream);
/// n points drawn around `kept` (incremental mixture ABC, Rutter et al., Med Decis Making 2019):
/// point j starts from kept[j % kept.size()] and moves each coordinate by a normal step with sd
/// `spread` x the kept points' sd of that coordinate (at least `min_sd`), reflected into [0, 1].
std::vector<std::vector<double>> refocus(const std::vector<std::vector<double>>& kept, std::size_t n, double spread, double min_sd,
                                         sim::RngStream& stream);

/// (trial name, target name) of every target of `trials`, in the order evaluate_point scores them
/// (read from the files, nothing simulated).
std::vector<std::pair<std::string, std::string>> target_names(const std::vector<sim::config::ScenarioSource>& trials);

/// One target's fit at a point.
struct TargetFit {
  std::string trial, target;
  double mean = 0, se = 0, implausibility = 0;
  bool holds = false;  ///< by the suite's judging rule (target_verdict), as docs/calibration.md judges it
};
/// Runs every trial (its text and name) with `overrides` on every arm, `replications` per trial
/// (0: the trial's own), and scores each target with model discrepancy `discrepancy_fraction`.
std::vector<TargetFit> evaluate_point(const std::vector<sim::config::ScenarioSource>& trials, const std::vector<std::string>& overrides,
                                      double discrepancy_fraction, std::uint32_t replications);

}  // namespace rehabsim::models::calibration
