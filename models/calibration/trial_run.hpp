#pragma once
// Runs a virtual trial: every arm on the same simulated patients, replication by replication.
#include <vector>

#include "models/calibration/virtual_trial.hpp"

namespace rehabsim::models::calibration {

/// values[k][r]: target k's measure in replication r. Builds each arm's cohort generator.
std::vector<std::vector<double>> simulate_trial(Trial& trial);

}  // namespace rehabsim::models::calibration
