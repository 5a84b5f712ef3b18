#pragma once
// One replication: every patient of the cohort walks through surgery, restricted activity, the
// protocol's phases and sessions, and follow-ups, in one event loop (the clinic will couple them).
#include <array>
#include <cstdint>
#include <vector>

#include "models/patient.hpp"
#include "models/scenario.hpp"

namespace rehabsim::models {

/// Follow-up days: 6 weeks, 3, 6 and 12 months.
inline constexpr std::array<int, 4> kFollowUpDays = {42, 91, 182, 365};
inline constexpr std::array<const char*, 4> kFollowUpNames = {"6w", "3m", "6m", "12m"};

struct PatientResult {
  Covariates covariates;
  int pt_start_day = 0;
  int sessions_attended = 0;
  int sessions_missed = 0;
  std::array<double, 4> odi{};  ///< at kFollowUpDays
  double pain_12m = 0;
  double muscle_12m = 0;
  bool responder_12m = false;
};

class CohortGenerator;

std::vector<PatientResult> simulate_replication(const Scenario& scenario, const CohortGenerator& cohort,
                                                std::uint32_t replication);

}  // namespace rehabsim::models
