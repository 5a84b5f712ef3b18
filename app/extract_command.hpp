#pragma once
// `rehabsim extract FILE.h5`: writes the scenarios stored in a result file as TOML files, so that
// rerunning them gives the same datasets (provenance that reproduces).
#include <string>
#include <vector>

namespace rehabsim::app {

struct ExtractedScenario {
  std::string name;  ///< file stem: the compared scenario's name, or the result file's stem
  std::string toml;
};

/// The stored scenarios: one for `run`, one per scenario for `compare` (also from files written
/// before compared_scenario_tomls, whose scenario_toml joins them after "# ---- FILE" lines).
std::vector<ExtractedScenario> stored_scenarios(const std::string& result_path);

/// Writes each as DIR/NAME.toml (InputError when one exists and !force, when a stored name is not a
/// plain file name, or when two are the same; files are created, never written through a link) and
/// returns what to run to reproduce the file, shell-quoted.
/// `word` as one shell word: unchanged when it is plain, else in single quotes.
std::string shell_quoted(const std::string& word);

std::string extract_scenarios(const std::string& result_path, const std::string& directory, bool force, const std::string& program);

}  // namespace rehabsim::app
