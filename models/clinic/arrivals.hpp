#pragma once
// Operation times of a replication's patients: all on day 0 (a cohort), or the first N arrivals
// of a Poisson stream whose weekly rate follows the week-of-year multipliers. Drawn from one
// stream per replication, so every policy compared on the same seed sees the same operation days.
#include <cstdint>
#include <vector>

#include "models/params/clinic_params.hpp"

namespace rehabsim::models {

/// Operation time of each patient in days since day 0 (a Monday, 00:00), in patient order.
std::vector<double> surgery_days(const ClinicParams& clinic, std::uint64_t seed, std::uint32_t replication, std::uint32_t patients);

}  // namespace rehabsim::models
