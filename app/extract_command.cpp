#include "app/extract_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string_view>

#include "sim/core/errors.hpp"
#include "sim/core/files.hpp"
#include "sim/output/result_file.hpp"

namespace rehabsim::app {

namespace fs = std::filesystem;

std::vector<ExtractedScenario> stored_scenarios(const std::string& result_path) {
  const sim::StoredResults r = sim::read_results(result_path, {});
  std::vector<ExtractedScenario> out;
  if (r.string_arrays.contains("compared_scenario_tomls")) {
    const auto& tomls = r.string_arrays.at("compared_scenario_tomls");
    const auto& names =
        r.string_arrays.contains("compared_scenario_names") ? r.string_arrays.at("compared_scenario_names") : std::vector<std::string>{};
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

namespace {

// A stored name becomes a file name inside -o DIR: it comes from a file another tool may have
// written, so it must name a file in that directory and nothing else.
void check_file_name(const std::string& result_path, const std::string& name) {
  const bool control = std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos || control || name.size() > 200 || name.front() == '-')
    throw sim::InputError(result_path + ": a stored scenario name, " + shell_quoted(name) +
                          ", is not a plain file name (expected 1-200 characters without '/', control characters or a leading '-')");
}

}  // namespace

std::string shell_quoted(const std::string& word) {
  const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("_./+=:,@%-").find(c) != std::string_view::npos;
  });
  if (plain) return word;
  std::string out = "'";
  for (const char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string extract_scenarios(const std::string& result_path, const std::string& directory, bool force, const std::string& program) {
  const std::vector<ExtractedScenario> scenarios = stored_scenarios(result_path);
  std::vector<std::string> paths;
  std::set<std::string> names;
  for (const auto& s : scenarios) {
    check_file_name(result_path, s.name);
    if (!names.insert(s.name).second)
      throw sim::InputError(result_path + ": two stored scenarios are named " + shell_quoted(s.name) + " (each would overwrite the other)");
    paths.push_back((fs::path(directory) / (s.name + ".toml")).string());
  }
  std::error_code ec;
  fs::create_directories(directory, ec);
  if (ec) throw sim::InputError(directory + ": cannot create the directory (" + ec.message() + ")");
  if (!force)
    for (const auto& path : paths)
      if (!sim::entry_kind(path).empty()) throw sim::InputError(path + ": exists; use --force to overwrite it, or -o another directory");
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const int fd = sim::create_regular_file(paths[i], force, "scenario file");
    const std::string& toml = scenarios[i].toml;
    std::size_t written = 0;
    while (written < toml.size()) {
      const ssize_t n = ::write(fd, toml.data() + written, toml.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(fd);
        throw sim::InputError(paths[i] + ": cannot write the scenario file");
      }
      written += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) throw sim::InputError(paths[i] + ": cannot write the scenario file");
  }
  std::ostringstream text;
  for (const auto& p : paths) text << "wrote " << p << "\n";
  text << "to reproduce " << shell_quoted(result_path) << ": " << program << (paths.size() > 1 ? " compare" : " run");
  for (const auto& p : paths) text << " " << shell_quoted(p);
  text << " -o FILE.h5 (with the --output, --trajectories and, for compare, --sweep options the first run had: see its command_line)\n";
  return text.str();
}

}  // namespace rehabsim::app
