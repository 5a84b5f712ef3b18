// rehabsim_calibrate: the calibration suite. Runs every virtual trial in scenarios/trials/ (one
// TOML file per published study: its population as a scenario, its arms as overrides, its
// published effects as targets, all in a [trial] table), each arm on the same simulated patients,
// judges every target, and writes docs/calibration.md. The trial machinery is models/calibration/;
// this file is the command line and the report.
//   rehabsim_calibrate [--scenarios DIR] [--trial FILE]... [--set KEY=VALUE]... [--markdown FILE] [--check] [--compare FILE]
// --set applies to every arm of every trial (a what-if on the whole suite; the report says so).
// --check exits 1 when a target does not hold; --compare exits 1 when FILE differs from the report;
// input errors (a malformed trial file) exit 2 with the file, line and key.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/calibration_search.hpp"
#include "models/calibration/target_verdict.hpp"
#include "models/calibration/trial_reader.hpp"
#include "models/calibration/trial_run.hpp"
#include "sim/config/loader.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/files.hpp"

namespace {

using namespace rehabsim;
using models::calibration::Arm;
using models::calibration::TargetSpec;
using models::calibration::Trial;

std::string escape(std::string s) {
  for (std::size_t i = 0; (i = s.find('|', i)) != std::string::npos; i += 2) s.replace(i, 1, "\\|");
  return s;
}

/// Runs a trial's arms on the same patients and writes its section; returns whether all targets hold.
bool run_trial(Trial& trial, std::ostream& md, const std::string& shown_name) {
  const std::vector<std::vector<double>> values = models::calibration::simulate_trial(trial);
  const models::Scenario& first = trial.arms.front().scenario;
  md << "## " << trial.name << "\n\n"
     << "File `" << shown_name << "`; source: " << trial.source << ".\n";
  if (!trial.population.empty()) md << "Population: " << trial.population << ".\n";
  if (!trial.design.empty()) md << "Design: " << trial.design << ".\n";
  md << "Arms (each on the same simulated patients):";
  for (const Arm& arm : trial.arms) {
    md << " **" << arm.name << "**";
    std::string set;
    for (const auto& o : arm.overrides)
      if (o.rfind("run.", 0) != 0) set += (set.empty() ? "" : ", ") + ("`" + o + "`");
    md << (set.empty() ? " (the file as it is)" : " (" + set + ")") << ";";
  }
  md << " " << first.run.replications << " replications of " << first.run.patients << " patients, seed " << first.run.seed << ".\n\n"
     << "| target | published | source | simulated (95% CI) | rule | holds |\n| --- | --- | --- | --- | --- | --- |\n";
  bool all = true;
  for (std::size_t k = 0; k < trial.targets.size(); ++k) {
    const TargetSpec& t = trial.targets[k];
    const models::calibration::Verdict v = models::calibration::judge(t, values[k]);
    all = all && (v.holds || !t.known_gap.empty());
    char sim_text[96];
    const int d = t.decimals;
    std::snprintf(sim_text, sizeof sim_text, "%.*f [%.*f, %.*f]", d, v.sim.mean, d, v.sim.ci95_low, d, v.sim.ci95_high);
    md << "| " << escape(t.name) << " | " << escape(t.published) << " | " << escape(t.source) << " | " << sim_text << " | " << v.rule << " | "
       << (v.holds               ? "yes"
           : t.known_gap.empty() ? "**no**"
                                 : "**no** (known gap: " + escape(t.known_gap) + ")")
       << " |\n";
    if (!v.holds && t.known_gap.empty())
      std::cerr << "calibration target does not hold: " << shown_name << ": " << t.name << ": " << sim_text << " (" << v.rule << ")\n";
  }
  md << "\n";
  return all;
}

}  // namespace

// A whole number or a finite number given to an option, or an InputError naming the option.
std::size_t whole_number(const std::string& option, const std::string& text) {
  std::size_t used = 0;
  unsigned long long v = 0;
  try {
    v = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || text[0] == '-') throw sim::InputError(option + ": expected a whole number, got \"" + text + "\"");
  return static_cast<std::size_t>(v);
}
double real_number(const std::string& option, const std::string& text) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || !std::isfinite(v)) throw sim::InputError(option + ": expected a number, got \"" + text + "\"");
  return v;
}

int main(int argc, char** argv) {
  std::string scenarios = REHABSIM_SCENARIO_DIR, markdown, compare;
  std::vector<std::string> files, extra;
  bool check = false;
  app::SearchOptions search;
  bool leave_one_out = false;
  std::vector<std::pair<std::string, std::string>> search_settings;  // checked once the options are read
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool valued = i + 1 < argc;
    if (a == "--search" && valued)
      search.priors_path = argv[++i];
    else if ((a == "--points" || a == "--waves" || a == "--cutoff" || a == "--discrepancy" || a == "--replications" || a == "--seed" || a == "-j" ||
              a == "-o") &&
             valued)
      search_settings.emplace_back(a, argv[++i]);
    else if (a == "--resume")
      search.resume = true;
    else if (a == "--leave-one-out")
      search_settings.emplace_back(a, "");
    else if (a == "--force")
      search.force = true;
    else if (a == "--quiet" || a == "-q")
      search.quiet = true;
    else if (a == "--check")
      check = true;
    else if (a == "--scenarios" && i + 1 < argc)
      scenarios = argv[++i];
    else if (a == "--trial" && i + 1 < argc)
      files.push_back(argv[++i]);
    else if ((a == "--set" || a == "-s") && i + 1 < argc)
      extra.push_back(argv[++i]);
    else if (a == "--markdown" && i + 1 < argc)
      markdown = argv[++i];
    else if (a == "--compare" && i + 1 < argc)
      compare = argv[++i];
    else {
      std::cerr << "usage: rehabsim_calibrate [--scenarios DIR] [--trial FILE]... [--set KEY=VALUE]... [--markdown FILE] [--check] [--compare FILE]\n"
                   "       rehabsim_calibrate --search PRIORS.toml [--points N] [--waves W] [--cutoff C] [--discrepancy F] [--replications R]\n"
                   "                          [--seed S] [-j THREADS] [-o DIR] [--resume | --force] [--quiet] [--leave-one-out]\n"
                   "                          [--scenarios DIR] [--trial FILE]...\n";
      return 2;
    }
  }
  try {
    search.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    for (const auto& [option, value] : search_settings) {
      if (search.priors_path.empty()) throw sim::InputError(option + ": a search option without --search PRIORS.toml");
      if (option == "--points")
        search.points = whole_number(option, value);
      else if (option == "--waves")
        search.waves = whole_number(option, value);
      else if (option == "--cutoff")
        search.cutoff = real_number(option, value);
      else if (option == "--discrepancy")
        search.discrepancy = real_number(option, value);
      else if (option == "--replications")
        search.replications = static_cast<std::uint32_t>(std::min<std::size_t>(whole_number(option, value), 100000));
      else if (option == "--seed")
        search.seed = whole_number(option, value);
      else if (option == "-j")
        search.threads = static_cast<int>(std::clamp<std::size_t>(whole_number(option, value), 1, 1024));
      else if (option == "--leave-one-out")
        leave_one_out = true;
      else
        search.output_dir = value;
    }
    const bool suite = files.empty();
    if (suite) {
      const std::filesystem::path dir = std::filesystem::path(scenarios) / "trials";
      if (!std::filesystem::is_directory(dir)) throw sim::InputError(dir.string() + ": expected a directory of trial files (*.toml)");
      for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".toml") files.push_back(e.path().string());
      std::sort(files.begin(), files.end());
    }
    if (!search.priors_path.empty()) {
      std::vector<sim::config::ScenarioSource> trials;
      for (const auto& f : files) trials.push_back(sim::config::read_scenario_file(f));
      const app::SearchOutcome outcome = leave_one_out ? app::run_leave_one_out(search, trials) : app::run_search(search, trials);
      std::cout << outcome.summary << (outcome.interrupted ? "interrupted: " : "wrote ") << search.output_dir
                << (leave_one_out ? "/out_of_sample.md and a search folder a trial" : "/{evaluations.csv, ensemble.toml, summary.md}")
                << (outcome.interrupted ? "; continue with --resume" : "") << "\n";
      return outcome.interrupted ? 130 : 0;
    }
    std::ostringstream md;
    md << "# Calibration\n\n"
       << "Generated by `build/release/app/rehabsim_calibrate --markdown docs/calibration.md`; do not edit by hand (the\n"
       << "calibration test fails when this page is stale). Each section is one virtual trial, a file in\n"
       << "`scenarios/trials/`: the published study's population (cohorts), its arms (overrides of that scenario,\n"
       << "run on the same simulated patients), and its published effects with their confidence intervals as\n"
       << "targets. Each simulated value is the mean over replications with its Student-t 95% confidence\n"
       << "interval (Monte Carlo precision, not clinical uncertainty). A `range` target holds when the mean lies in\n"
       << "the published interval widened by 1.96 simulation standard errors; `point` when it lies within 1.96\n"
       << "sqrt(SE_sim^2 + SE_pub^2) of the published value; `ci_above` / `ci_below` when the whole simulated\n"
       << "interval lies beyond the bound. No tolerance is tuned: the bounds are the published ones. A target\n"
       << "marked \"known gap\" is one the model does not reproduce yet: it is shown, with the reason, and does not\n"
       << "fail the check (each is an open item of the treatment-response work).\n\n"
       << "To add a trial, copy a file of `scenarios/trials/`, set its cohorts and protocol to the study's, list\n"
       << "its arms (`set = [\"key=value\", ...]`) and targets (`measure`, `arms`, `at` 6w/3m/6m/12m or `day`,\n"
       << "`published`, `source`, `rule` and bounds; the measures are listed in `docs/model.md`), then run\n"
       << "`build/release/app/rehabsim_calibrate --trial FILE` (or the whole suite, which reads every file there).\n\n";
    bool all = true;
    for (const std::string& f : files) {
      std::string shown = f;
      if (suite) shown = "scenarios/trials/" + std::filesystem::path(f).filename().string();
      Trial trial = models::calibration::read_trial(sim::config::read_scenario_file(f), extra);
      all = run_trial(trial, md, shown) && all;
    }
    // The suite's out-of-sample check, as the last leave-one-out search wrote it (a search takes half
    // an hour, so its table is kept in the repository and shown here beside the in-sample verdicts).
    const std::filesystem::path out_of_sample = std::filesystem::path(scenarios) / "calibration" / "out_of_sample.md";
    if (suite && !sim::entry_kind(out_of_sample.string()).empty()) {
      std::string table = sim::read_regular_file(out_of_sample.string(), "out-of-sample table", std::size_t{1} << 20);
      if (table.rfind("# ", 0) == 0) table = "#" + table;  // its title one level down, a section of this page
      md << "\n" << table;
    }
    const std::string report = md.str();
    if (!markdown.empty()) {
      if (markdown == "-")
        std::cout << report;
      else {
        // The report replaces the file, never what a link at its name points to.
        const int fd = sim::create_regular_file(markdown, /*replace=*/true, "calibration report");
        const bool written = ::write(fd, report.data(), report.size()) == static_cast<ssize_t>(report.size());
        if (::close(fd) != 0 || !written) throw sim::InputError(markdown + ": cannot write the calibration report");
      }
    }
    if (!compare.empty()) {
      if (sim::read_regular_file(compare, "calibration report", std::size_t{16} << 20) != report) {
        std::cerr << compare << " is stale: regenerate it with `rehabsim_calibrate --markdown " << compare << "`\n";
        return 1;
      }
    }
    if (markdown.empty() && compare.empty()) std::cout << report;
    return check && !all ? 1 : 0;
  } catch (const sim::InputError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
}
