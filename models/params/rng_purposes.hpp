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
  InitialMotivation = 7,
  HomeExercise = 8,
  Falls = 9,
  Reoperation = 10,
  Dropout = 11,
  Setback = 12,
  Fusion = 13,
  ReturnToWork = 14,
  Supplement = 15,
  Arrivals = 16,              ///< entity 0: the replication's stream of operation times
  SessionMode = 17,           ///< telehealth or clinic, per session
  TherapistSickness = 18,     ///< entity = therapist index
  LateCancellation = 19,      ///< unused since the attendance draw decides late cancellations too (kept: never renumber)
  PathwayHeterogeneity = 20,  ///< healing speed, sensitisation susceptibility, initial fear
  CalibrationSearch = 21,     ///< replication = the search wave: its design or refocusing draws
  WorkRestriction = 22,       ///< the surgeon's restriction on returning to work
};

}  // namespace rehabsim::models
