#pragma once
// `rehabsim summary FILE`: the per-point table (means with 95% CIs) and the sensitivity table of any
// result file.
#include <string>

namespace rehabsim::app {

/// The report as text; InputError for a missing or foreign file.
std::string summary_report(const std::string& path, const std::string& replication_table);

}  // namespace rehabsim::app
