#include "app/extract_command.hpp"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "sim/core/errors.hpp"
#include "sim/output/result_file.hpp"

namespace rehabsim::app {

namespace fs = std::filesystem;

std::vector<ExtractedScenario> stored_scenarios(const std::string& result_path) {
  const sim::StoredResults r = sim::read_results(result_path, {});
  std::vector<ExtractedScenario> out;
  if (r.string_arrays.contains("compared_scenario_tomls")) {
    const auto& tomls = r.string_arrays.at("compared_scenario_tomls");
    const auto& names = r.string_arrays.contains("compared_scenario_names") ? r.string_arrays.at("compared_scenario_names") : std::vector<std::string>{};
    if (names.size() != tomls.size())
      throw sim::InputError(result_path + ": compared_scenario_names has " + std::to_string(names.size()) + " names for " +
                            std::to_string(tomls.size()) + " scenarios (not a complete rehabsim result file)");
    for (std::size_t i = 0; i < tomls.size(); ++i) out.push_back({names[i], tomls[i]});
    return out;
  }
  const std::string& text = r.attributes.at("scenario_toml");
  if (text.empty()) throw sim::InputError(result_path + ": the file stores no scenario (scenario_toml is empty)");
  // A compare file of before: "# ---- FILE" starts each scenario.
  const std::regex header("^# ---- (.+)$", std::regex::multiline);
  std::vector<std::pair<std::string, std::size_t>> starts;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), header); it != std::sregex_iterator(); ++it)
    starts.emplace_back(fs::path((*it)[1].str()).stem().string(), static_cast<std::size_t>(it->position() + it->length()));
  if (starts.empty()) return {{fs::path(result_path).stem().string(), text}};
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const std::size_t end = i + 1 < starts.size() ? text.rfind("# ---- ", starts[i + 1].second) : text.size();
    out.push_back({starts[i].first, text.substr(starts[i].second, end - starts[i].second)});
  }
  return out;
}

std::string extract_scenarios(const std::string& result_path, const std::string& directory, bool force, const std::string& program) {
  const std::vector<ExtractedScenario> scenarios = stored_scenarios(result_path);
  std::error_code ec;
  fs::create_directories(directory, ec);
  if (ec) throw sim::InputError(directory + ": cannot create the directory (" + ec.message() + ")");
  std::vector<std::string> paths;
  for (const auto& s : scenarios) {
    const std::string path = (fs::path(directory) / (s.name + ".toml")).string();
    if (fs::exists(path) && !force) throw sim::InputError(path + ": exists; use --force to overwrite it, or -o another directory");
    paths.push_back(path);
  }
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    std::ofstream out(paths[i], std::ios::binary | std::ios::trunc);
    out << scenarios[i].toml;
    if (!out.flush()) throw sim::InputError(paths[i] + ": cannot write the scenario file");
  }
  std::ostringstream text;
  for (const auto& p : paths) text << "wrote " << p << "\n";
  text << "to reproduce " << result_path << ": " << program << (paths.size() > 1 ? " compare" : " run");
  for (const auto& p : paths) text << " " << p;
  text << " -o FILE.h5 (with the --output, --trajectories and, for compare, --sweep options the first run had: see its command_line)\n";
  return text.str();
}

}  // namespace rehabsim::app
