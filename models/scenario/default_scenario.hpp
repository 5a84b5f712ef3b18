#pragma once
#include <string_view>

namespace rehabsim::models {

/// The text of scenarios/default.toml, embedded at build time (so `run` without a file is identical).
std::string_view default_scenario_toml();

}  // namespace rehabsim::models
