#pragma once
// The recovery model's scenario keys, each bound once to the Scenario member it sets.
#include "models/params/scenario.hpp"
#include "sim/config/binding.hpp"
#include "sim/config/schema.hpp"

namespace rehabsim::models {

/// Every scenario key bound to its member of Scenario (see scenario_bindings.cpp).
const sim::config::Bindings<Scenario>& scenario_bindings();

/// Every scenario key with its type, default, unit, range, description and source.
const sim::config::Schema& scenario_schema();

}  // namespace rehabsim::models
