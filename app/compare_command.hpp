#pragma once
// What `compare` builds before it runs: the compared scenarios, read and checked to be pairable,
// and its points (each scenario at each sweep point) with their labels.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "sim/config/sweep.hpp"

namespace rehabsim::app {

struct ComparedScenarios {
  std::shared_ptr<std::vector<sim::config::ScenarioSource>> sources;
  std::vector<std::string> names;  ///< file stems, the scenarios' labels (distinct)
  std::vector<std::string> tomls;  ///< each scenario as run (after the overrides)
  std::uint64_t seed = 0;          ///< the master seed (a run setting: the same in every scenario)
};

/// Reads every file; InputError when one has a [sweep] or [uncertainty], when the run settings
/// (seed, replications, patients, horizon: the keys no sweep may vary) differ, or when two files
/// share a stem.
ComparedScenarios read_compared_scenarios(const ModelBinding& b, const std::vector<std::string>& files, const std::vector<std::string>& overrides);

struct ComparePoints {
  sim::config::SweepPoints points;  ///< /points: point = sweep point x scenarios + scenario
  std::vector<std::string> labels;  ///< "name" or "name @ key=value, ..." per point
};

/// Every scenario at every point of `swept` (one point when nothing is swept).
ComparePoints compare_points(const std::vector<std::string>& names, const sim::config::SweepPoints& swept);

}  // namespace rehabsim::app
