#pragma once
#include "sim/config/loader.hpp"

namespace rehabsim::models {

/// The protocol library, embedded at build time from scenarios/protocols/*.toml: a scenario with
/// `[protocol] preset = "NAME"` starts from that file's protocol, its own protocol keys on top.
const sim::config::PresetLibrary& protocol_presets();

}  // namespace rehabsim::models
