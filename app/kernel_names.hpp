#pragma once
// The engine kernel's names that the application layer uses unqualified.
#include "sim/config/schema.hpp"
#include "sim/exec/experiment.hpp"
#include "sim/output/result_file.hpp"
#include "sim/output/table.hpp"

namespace rehabsim::app {

namespace config = sim::config;
using sim::ColumnSpec;
using sim::ColumnType;
using sim::Experiment;
using sim::RootAttributes;
using sim::TableBuffer;
using sim::TableSpec;

}  // namespace rehabsim::app
