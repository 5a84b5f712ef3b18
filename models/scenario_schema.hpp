#pragma once
#include "sim/config/schema.hpp"

namespace rehabsim::models {

/// Every scenario key with its type, default, unit, range, description and source.
const sim::config::Schema& scenario_schema();

}  // namespace rehabsim::models
