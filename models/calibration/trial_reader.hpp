#pragma once
// Reads a virtual trial from its TOML text (a scenario with a [trial] table); the caller reads the
// file. Errors are sim::InputError "file:line:column: trial.key: expected ...".
#include <string>
#include <vector>

#include "models/calibration/virtual_trial.hpp"
#include "sim/config/loader.hpp"

namespace rehabsim::models::calibration {

/// Parses the [trial] table and loads every arm's scenario (the file with the arm's `set`, then
/// `extra`, then the trial's replications and patients). `extra` applies to every arm.
Trial read_trial(const sim::config::ScenarioSource& source, const std::vector<std::string>& extra);

}  // namespace rehabsim::models::calibration
