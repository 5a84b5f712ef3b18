#pragma once
// Scenario keys of the clinic ([clinic], [[clinic.therapists]], [[clinic.absences]], ...), and the
// typed ClinicParams built from them.
#include <vector>

#include "models/clinic/clinic_params.hpp"
#include "sim/config/schema.hpp"
#include "sim/config/values.hpp"

namespace rehabsim::models {

void append_clinic_keys(std::vector<sim::config::KeySpec>& keys);
/// Throws sim::InputError (file:line: key: expected ...) on a bad schedule or cross-field problem.
ClinicParams clinic_from_values(const sim::config::Values& values);

}  // namespace rehabsim::models
