#pragma once
// The clinic's scenario keys (`clinic.*`), each bound once to its ClinicParams member, and the
// rules that derive the expanded staff and the arrival calendar from them.
#include "models/params/clinic_params.hpp"
#include "sim/config/binding.hpp"

namespace rehabsim::models {

sim::config::Bindings<ClinicParams> clinic_bindings();
/// Expands therapist groups, attaches absences, parses schedules and fills the week-of-year
/// multipliers; throws sim::InputError (file:line: key: expected ...) on a bad schedule or a
/// cross-field problem.
void derive_clinic(ClinicParams& clinic, const sim::config::Values& values);

}  // namespace rehabsim::models
