#pragma once
// Stable codes of the random-stream purposes. A stream is keyed by (seed, replication, patient,
// purpose): append new purposes with new codes; never renumber, or old results change.
#include <cstdint>

namespace rehabsim::models {

enum class Purpose : std::uint32_t {
  CohortAssignment = 1,
  Covariates = 2,
  ResponseHeterogeneity = 3,
  HomeAdherence = 4,
  Attendance = 5,
  OutcomeNoise = 6,
};

}  // namespace rehabsim::models
