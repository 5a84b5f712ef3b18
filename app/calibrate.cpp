// rehabsim_calibrate: the calibration suite. Runs every virtual trial in scenarios/trials/ (one
// TOML file per published study: its population as a scenario, its arms as overrides, its
// published effects as targets, all in a [trial] table), each arm on the same simulated patients,
// judges every target, and writes docs/calibration.md.
//   rehabsim_calibrate [--scenarios DIR] [--trial FILE]... [--set KEY=VALUE]... [--markdown FILE] [--check] [--compare FILE]
// --set applies to every arm of every trial (a what-if on the whole suite; the report says so).
// --check exits 1 when a target does not hold; --compare exits 1 when FILE differs from the report;
// input errors (a malformed trial file) exit 2 with the file, line and key.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <toml++/toml.h>
#include <vector>

#include "models/patient/cohort_generator.hpp"
#include "models/scenario/default_scenario.hpp"
#include "models/physiology/first_order.hpp"
#include "models/physiology/muscle.hpp"
#include "models/scenario/protocol_presets.hpp"
#include "models/patient/recovery_replication.hpp"
#include "models/scenario/scenario_bindings.hpp"
#include "sim/config/loader.hpp"
#include "sim/core/errors.hpp"
#include "sim/stats/summary_stats.hpp"

namespace {

using namespace rehabsim;
using models::PatientResult;
using models::Surgery;
using Patients = std::vector<const PatientResult*>;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

std::string where(const toml::node& n, const std::string& file) {
  const auto& s = n.source();
  return file + ":" + std::to_string(s.begin.line) + ":" + std::to_string(s.begin.column);
}

// --- the trial file ------------------------------------------------------------------------------

struct Arm {
  std::string name;
  std::vector<std::string> overrides;
  models::Scenario scenario;
  std::unique_ptr<models::CohortGenerator> cohort;
};

struct TargetSpec {
  std::string name, measure, published, source, rule = "range", group = "all";
  std::string known_gap;  ///< non-empty: a target the model does not yet reproduce, reported but not enforced by --check
  std::vector<std::size_t> arms;  ///< indexes into Trial::arms (one, or two for a comparison)
  int follow_up = 3;              ///< index of kFollowUpDays
  double day = 365;               ///< for measures by a day
  double low = -kInf, high = kInf, published_se = 0;
  int decimals = 2;
  std::optional<Surgery> surgery;
};

struct Trial {
  std::string file, name, source, population, design;
  std::vector<Arm> arms;
  std::vector<TargetSpec> targets;
  std::uint32_t replications = 0, patients = 0;
};

const std::map<std::string, int> kFollowUps = {{"6w", 0}, {"3m", 1}, {"6m", 2}, {"12m", 3}};

std::string text_of(const toml::table& t, const std::string& key, const std::string& path, const std::string& file, bool required = true) {
  const toml::node* n = t.get(key);
  if (!n) {
    if (required) throw sim::InputError(where(t, file) + ": " + path + "." + key + ": expected a string, got nothing");
    return "";
  }
  if (!n->is_string()) throw sim::InputError(where(*n, file) + ": " + path + "." + key + ": expected a string");
  return **n->as_string();
}

double number_of(const toml::node& n, const std::string& path, const std::string& file) {
  if (n.is_integer()) return static_cast<double>(**n.as_integer());
  if (n.is_floating_point()) return **n.as_floating_point();
  throw sim::InputError(where(n, file) + ": " + path + ": expected a number");
}

const std::vector<std::string> kMeasures = {
    "odi", "odi_change", "odi_difference", "odi_smd", "pain_smd", "pain_difference_vas", "responders", "return_to_work_share",
    "return_to_work_mean_weeks", "nonunion_relative_risk", "nonunion_share", "reoperation_share", "no_show_rate",
    "late_cancellation_rate", "qaly_difference", "median_fusion_day", "fused_12m", "muscle_loss_14d", "baseline_odi"};
const std::vector<std::string> kRules = {"range", "point", "ci_above", "ci_below"};
const std::vector<std::string> kTrialKeys = {"name", "source", "population", "design", "replications", "patients", "arms", "targets"};
const std::vector<std::string> kArmKeys = {"name", "set"};
const std::vector<std::string> kTargetKeys = {"name",  "measure", "arms", "at",   "day",    "published",    "source",
                                              "rule",  "low",     "high", "value", "published_se", "decimals", "group", "surgery", "known_gap"};

void check_keys(const toml::table& t, const std::vector<std::string>& known, const std::string& path, const std::string& file) {
  for (const auto& [k, n] : t) {
    if (std::find(known.begin(), known.end(), std::string(k.str())) != known.end()) continue;
    std::string list;
    for (const auto& s : known) list += (list.empty() ? "" : ", ") + s;
    throw sim::InputError(where(n, file) + ": " + path + "." + std::string(k.str()) + ": unknown key; expected one of: " + list);
  }
}

models::Scenario load_scenario(const sim::config::ScenarioSource& src, const std::vector<std::string>& overrides) {
  const sim::config::ScenarioSource d{std::string(models::default_scenario_toml()), "scenarios/default.toml"};
  return models::scenario_from_values(
      sim::config::load_scenario(src, overrides, models::scenario_schema(), d, &models::protocol_presets()));
}

Trial read_trial(const std::string& path, const std::vector<std::string>& extra) {
  const sim::config::ScenarioSource src = sim::config::read_scenario_file(path);
  Trial trial;
  trial.file = path;
  toml::table doc;
  try {
    doc = toml::parse(src.text, path);
  } catch (const toml::parse_error& e) {
    throw sim::InputError(path + ":" + std::to_string(e.source().begin.line) + ":" + std::to_string(e.source().begin.column) + ": " +
                          std::string(e.description()));
  }
  const toml::table* t = doc["trial"].as_table();
  if (!t) throw sim::InputError(path + ":1:1: trial: expected a [trial] table (name, source, arms, targets)");
  check_keys(*t, kTrialKeys, "trial", path);
  trial.name = text_of(*t, "name", "trial", path);
  trial.source = text_of(*t, "source", "trial", path);
  trial.population = text_of(*t, "population", "trial", path, false);
  trial.design = text_of(*t, "design", "trial", path, false);
  for (const char* k : {"replications", "patients"})
    if (const toml::node* n = t->get(k)) {
      const double v = number_of(*n, std::string("trial.") + k, path);
      if (!(v >= 1 && v <= 1e6 && v == std::floor(v))) throw sim::InputError(where(*n, path) + ": trial." + k + ": expected a whole number 1-1000000");
      (std::string(k) == "replications" ? trial.replications : trial.patients) = static_cast<std::uint32_t>(v);
    }
  const toml::array* arms = (*t)["arms"].as_array();
  if (!arms || arms->empty()) throw sim::InputError(where(*t, path) + ": trial.arms: expected [[trial.arms]] entries (name, set)");
  for (std::size_t a = 0; a < arms->size(); ++a) {
    const std::string p = "trial.arms[" + std::to_string(a) + "]";
    const toml::table* at = arms->get(a)->as_table();
    if (!at) throw sim::InputError(where(*arms->get(a), path) + ": " + p + ": expected a table");
    check_keys(*at, kArmKeys, p, path);
    Arm arm;
    arm.name = text_of(*at, "name", p, path);
    for (const Arm& other : trial.arms)
      if (other.name == arm.name) throw sim::InputError(where(*at, path) + ": " + p + ".name: expected a name no other arm has, got \"" + arm.name + "\"");
    if (const toml::array* set = (*at)["set"].as_array())
      for (const auto& o : *set) {
        if (!o.is_string()) throw sim::InputError(where(o, path) + ": " + p + ".set: expected strings \"key.path=value\"");
        arm.overrides.push_back(**o.as_string());
      }
    arm.overrides.insert(arm.overrides.end(), extra.begin(), extra.end());
    if (trial.replications) arm.overrides.push_back("run.replications=" + std::to_string(trial.replications));
    if (trial.patients) arm.overrides.push_back("run.patients=" + std::to_string(trial.patients));
    arm.scenario = load_scenario(src, arm.overrides);
    trial.arms.push_back(std::move(arm));
  }
  const auto arm_index = [&](const toml::node& n, const std::string& p) {
    if (!n.is_string()) throw sim::InputError(where(n, path) + ": " + p + ": expected an arm name");
    for (std::size_t a = 0; a < trial.arms.size(); ++a)
      if (trial.arms[a].name == **n.as_string()) return a;
    throw sim::InputError(where(n, path) + ": " + p + ": expected the name of a [[trial.arms]] entry, got \"" + **n.as_string() + "\"");
  };
  const toml::array* targets = (*t)["targets"].as_array();
  if (!targets || targets->empty()) throw sim::InputError(where(*t, path) + ": trial.targets: expected [[trial.targets]] entries");
  for (std::size_t k = 0; k < targets->size(); ++k) {
    const std::string p = "trial.targets[" + std::to_string(k) + "]";
    const toml::table* tt = targets->get(k)->as_table();
    if (!tt) throw sim::InputError(where(*targets->get(k), path) + ": " + p + ": expected a table");
    check_keys(*tt, kTargetKeys, p, path);
    TargetSpec spec;
    spec.name = text_of(*tt, "name", p, path);
    spec.measure = text_of(*tt, "measure", p, path);
    if (std::find(kMeasures.begin(), kMeasures.end(), spec.measure) == kMeasures.end()) {
      std::string list;
      for (const auto& m : kMeasures) list += (list.empty() ? "" : ", ") + m;
      throw sim::InputError(where(*tt->get("measure"), path) + ": " + p + ".measure: expected one of: " + list + "; got \"" + spec.measure + "\"");
    }
    spec.published = text_of(*tt, "published", p, path);
    spec.source = text_of(*tt, "source", p, path);
    if (tt->contains("rule")) spec.rule = text_of(*tt, "rule", p, path);
    if (std::find(kRules.begin(), kRules.end(), spec.rule) == kRules.end())
      throw sim::InputError(where(*tt->get("rule"), path) + ": " + p + ".rule: expected range, point, ci_above or ci_below; got \"" + spec.rule + "\"");
    if (tt->contains("known_gap")) spec.known_gap = text_of(*tt, "known_gap", p, path);
    if (tt->contains("group")) spec.group = text_of(*tt, "group", p, path);
    if (spec.group != "all" && spec.group != "smokers" && spec.group != "non_smokers")
      throw sim::InputError(where(*tt->get("group"), path) + ": " + p + ".group: expected all, smokers or non_smokers");
    if (tt->contains("surgery")) {
      const std::string sname = text_of(*tt, "surgery", p, path);
      const auto it = std::find(models::kSurgeryNames.begin(), models::kSurgeryNames.end(), sname);
      if (it == models::kSurgeryNames.end()) throw sim::InputError(where(*tt->get("surgery"), path) + ": " + p + ".surgery: expected discectomy, fusion or decompression");
      spec.surgery = static_cast<Surgery>(it - models::kSurgeryNames.begin());
    }
    if (tt->contains("at")) {
      const std::string at = text_of(*tt, "at", p, path);
      const auto f = kFollowUps.find(at);
      if (f == kFollowUps.end()) throw sim::InputError(where(*tt->get("at"), path) + ": " + p + ".at: expected 6w, 3m, 6m or 12m; got \"" + at + "\"");
      spec.follow_up = f->second;
    }
    for (const char* key : {"day", "low", "high", "value", "published_se", "decimals"})
      if (const toml::node* n = tt->get(key)) {
        const double v = number_of(*n, p + "." + key, path);
        const std::string k2 = key;
        if (k2 == "day") spec.day = v;
        else if (k2 == "low") spec.low = v;
        else if (k2 == "high") spec.high = v;
        else if (k2 == "value") spec.low = spec.high = v;
        else if (k2 == "published_se") spec.published_se = v;
        else spec.decimals = static_cast<int>(v);
      }
    const toml::array* on = (*tt)["arms"].as_array();
    if (!on || on->empty() || on->size() > 2) throw sim::InputError(where(*tt, path) + ": " + p + ".arms: expected one or two arm names");
    for (const auto& n : *on) spec.arms.push_back(arm_index(n, p + ".arms"));
    const bool comparison = spec.measure == "odi_difference" || spec.measure == "odi_smd" || spec.measure == "pain_smd" ||
                            spec.measure == "pain_difference_vas" || spec.measure == "qaly_difference";
    if (comparison != (spec.arms.size() == 2))
      throw sim::InputError(where(*on, path) + ": " + p + ".arms: expected " + (comparison ? "two arms (A minus B)" : "one arm") + " for " + spec.measure);
    trial.targets.push_back(std::move(spec));
  }
  return trial;
}

// --- measures ------------------------------------------------------------------------------------

double mean_of(const Patients& ps, const std::function<double(const PatientResult&)>& f) {
  double sum = 0, n = 0;
  for (const PatientResult* r : ps) {
    const double v = f(*r);
    if (std::isnan(v)) continue;
    sum += v;
    n += 1;
  }
  return n > 0 ? sum / n : kNaN;
}

double variance_of(const Patients& ps, const std::function<double(const PatientResult&)>& f) {
  const double m = mean_of(ps, f);
  double ss = 0, n = 0;
  for (const PatientResult* r : ps) {
    const double v = f(*r);
    if (std::isnan(v)) continue;
    ss += (v - m) * (v - m);
    n += 1;
  }
  return n > 1 ? ss / (n - 1) : kNaN;
}

double smd(const Patients& a, const Patients& b, const std::function<double(const PatientResult&)>& f) {
  return (mean_of(a, f) - mean_of(b, f)) / std::sqrt(0.5 * (variance_of(a, f) + variance_of(b, f)));
}

double median_fusion_day(const Patients& ps) {
  std::vector<double> days;
  for (const PatientResult* r : ps)
    if (r->covariates.surgery == Surgery::Fusion) days.push_back(std::isnan(r->fusion_day) ? kInf : r->fusion_day);
  if (days.empty()) return kNaN;
  std::sort(days.begin(), days.end());
  const std::size_t n = days.size();
  return n % 2 ? days[n / 2] : 0.5 * (days[n / 2 - 1] + days[n / 2]);
}

// Early disuse: mean loss per day over 14 days without any load, from each patient's own rates.
double muscle_loss_percent_per_day(const models::Scenario& s, const Patients& ps) {
  return mean_of(ps, [&](const PatientResult& r) {
    const auto rates = models::muscle_rates(s.muscle, r.covariates.age_years, r.covariates.protein_g_per_kg_day);
    return (1.0 - models::advance_linear(1.0, models::muscle_regime(s.muscle, rates, 0.0), 14.0)) / 14.0 * 100.0;
  });
}

double measure(const TargetSpec& t, const Trial& trial, const std::vector<Patients>& arms) {
  const Patients& a = arms[t.arms[0]];
  const Patients* b = t.arms.size() > 1 ? &arms[t.arms[1]] : nullptr;
  const auto f = static_cast<std::size_t>(t.follow_up);
  const auto odi = [f](const PatientResult& r) { return r.odi[f]; };
  const auto pain = [f](const PatientResult& r) { return r.pain[f]; };
  const std::string& m = t.measure;
  if (m == "baseline_odi") return mean_of(a, [](const PatientResult& r) { return r.covariates.baseline_odi; });
  if (m == "odi") return mean_of(a, odi);
  if (m == "odi_change") return mean_of(a, [f](const PatientResult& r) { return r.odi[f] - r.covariates.baseline_odi; });
  if (m == "odi_difference") return mean_of(a, odi) - mean_of(*b, odi);
  if (m == "odi_smd") return smd(a, *b, odi);
  if (m == "pain_smd") return smd(a, *b, pain);
  if (m == "pain_difference_vas") return 10.0 * (mean_of(a, pain) - mean_of(*b, pain));
  if (m == "qaly_difference") return mean_of(a, [](const PatientResult& r) { return r.qaly; }) - mean_of(*b, [](const PatientResult& r) { return r.qaly; });
  if (m == "responders") return mean_of(a, [f](const PatientResult& r) { return models::is_responder(r.covariates.baseline_odi, r.odi[f], 0.30) ? 1.0 : 0.0; });
  if (m == "return_to_work_share")
    return mean_of(a, [&](const PatientResult& r) { return r.covariates.employed ? (r.return_to_work_day <= t.day ? 1.0 : 0.0) : kNaN; });
  if (m == "return_to_work_mean_weeks")
    return mean_of(a, [&](const PatientResult& r) { return r.covariates.employed && r.return_to_work_day <= t.day ? r.return_to_work_day / 7.0 : kNaN; });
  const auto nonunion = [](const PatientResult& r) { return r.covariates.surgery == Surgery::Fusion ? (r.fused_12m ? 0.0 : 1.0) : kNaN; };
  if (m == "nonunion_relative_risk") {
    Patients smokers, others;
    for (const PatientResult* r : a) (r->covariates.smoker ? smokers : others).push_back(r);
    return mean_of(smokers, nonunion) / mean_of(others, nonunion);
  }
  if (m == "nonunion_share") return mean_of(a, nonunion);
  if (m == "fused_12m") return 1.0 - mean_of(a, nonunion);
  if (m == "reoperation_share") return mean_of(a, [&](const PatientResult& r) { return r.reoperation_day <= t.day ? 1.0 : 0.0; });
  if (m == "no_show_rate" || m == "late_cancellation_rate") {
    double events = 0, appointments = 0;
    for (const PatientResult* r : a) {
      events += m == "no_show_rate" ? r->no_shows : r->late_cancellations;
      appointments += r->sessions_attended + r->sessions_missed;
    }
    return events / appointments;
  }
  if (m == "median_fusion_day") return median_fusion_day(a);
  if (m == "muscle_loss_14d") return muscle_loss_percent_per_day(trial.arms[t.arms[0]].scenario, a);
  return kNaN;
}

// --- judging -------------------------------------------------------------------------------------

struct Verdict {
  sim::SampleSummary sim;
  bool holds = false;
  std::string rule;
};

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", v);
  return b;
}

Verdict judge(const TargetSpec& t, const std::vector<double>& values) {
  Verdict v{sim::summarise(values), false, ""};
  const double se = v.sim.sd / std::sqrt(static_cast<double>(v.sim.n));
  if (t.rule == "point") {
    const double tolerance = 1.96 * std::sqrt(se * se + t.published_se * t.published_se);
    v.holds = std::abs(v.sim.mean - t.low) <= tolerance;
    v.rule = "abs(mean - " + num(t.low) + ") <= 1.96 sqrt(SE_sim^2 + SE_pub^2) = " + num(tolerance) + " (SE_pub " + num(t.published_se) + ")";
  } else if (t.rule == "range") {
    v.holds = v.sim.mean >= t.low - 1.96 * se && v.sim.mean <= t.high + 1.96 * se;
    v.rule = "mean in [" + num(t.low) + ", " + num(t.high) + "] widened by 1.96 SE_sim = " + num(1.96 * se);
  } else if (t.rule == "ci_above") {
    v.holds = v.sim.ci95_low > t.low;
    v.rule = "95% CI entirely above " + num(t.low);
  } else {
    v.holds = v.sim.ci95_high < t.high;
    v.rule = "95% CI entirely below " + num(t.high);
  }
  if (!std::isfinite(v.sim.mean)) v.holds = false;
  return v;
}

std::string escape(std::string s) {
  for (std::size_t i = 0; (i = s.find('|', i)) != std::string::npos; i += 2) s.replace(i, 1, "\\|");
  return s;
}

/// Runs a trial's arms on the same patients and writes its section; returns whether all targets hold.
bool run_trial(Trial& trial, std::ostream& md, const std::string& shown_name) {
  for (Arm& arm : trial.arms) arm.cohort = std::make_unique<models::CohortGenerator>(arm.scenario);
  const models::Scenario& first = trial.arms.front().scenario;
  std::vector<std::vector<double>> values(trial.targets.size());
  for (std::uint32_t rep = 0; rep < first.run.replications; ++rep) {
    std::vector<std::vector<PatientResult>> results;
    for (const Arm& arm : trial.arms) results.push_back(models::simulate_replication(arm.scenario, *arm.cohort, rep));
    for (std::size_t k = 0; k < trial.targets.size(); ++k) {
      const TargetSpec& t = trial.targets[k];
      std::vector<Patients> arms(results.size());
      for (std::size_t a = 0; a < results.size(); ++a)
        for (const PatientResult& r : results[a]) {
          if (t.surgery && r.covariates.surgery != *t.surgery) continue;
          if (t.group == "smokers" && !r.covariates.smoker) continue;
          if (t.group == "non_smokers" && r.covariates.smoker) continue;
          arms[a].push_back(&r);
        }
      values[k].push_back(measure(t, trial, arms));
    }
  }
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
    const Verdict v = judge(t, values[k]);
    all = all && (v.holds || !t.known_gap.empty());
    char sim_text[96];
    const int d = t.decimals;
    std::snprintf(sim_text, sizeof sim_text, "%.*f [%.*f, %.*f]", d, v.sim.mean, d, v.sim.ci95_low, d, v.sim.ci95_high);
    md << "| " << escape(t.name) << " | " << escape(t.published) << " | " << escape(t.source) << " | " << sim_text << " | " << v.rule << " | "
       << (v.holds ? "yes" : t.known_gap.empty() ? "**no**" : "**no** (known gap: " + escape(t.known_gap) + ")") << " |\n";
    if (!v.holds && t.known_gap.empty()) std::cerr << "calibration target does not hold: " << shown_name << ": " << t.name << ": " << sim_text << " (" << v.rule << ")\n";
  }
  md << "\n";
  return all;
}

}  // namespace

int main(int argc, char** argv) {
  std::string scenarios = REHABSIM_SCENARIO_DIR, markdown, compare;
  std::vector<std::string> files, extra;
  bool check = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--check") check = true;
    else if (a == "--scenarios" && i + 1 < argc) scenarios = argv[++i];
    else if (a == "--trial" && i + 1 < argc) files.push_back(argv[++i]);
    else if ((a == "--set" || a == "-s") && i + 1 < argc) extra.push_back(argv[++i]);
    else if (a == "--markdown" && i + 1 < argc) markdown = argv[++i];
    else if (a == "--compare" && i + 1 < argc) compare = argv[++i];
    else {
      std::cerr << "usage: rehabsim_calibrate [--scenarios DIR] [--trial FILE]... [--set KEY=VALUE]... [--markdown FILE] [--check] [--compare FILE]\n";
      return 2;
    }
  }
  try {
    const bool suite = files.empty();
    if (suite) {
      const std::filesystem::path dir = std::filesystem::path(scenarios) / "trials";
      if (!std::filesystem::is_directory(dir)) throw sim::InputError(dir.string() + ": expected a directory of trial files (*.toml)");
      for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".toml") files.push_back(e.path().string());
      std::sort(files.begin(), files.end());
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
      Trial trial = read_trial(f, extra);
      all = run_trial(trial, md, shown) && all;
    }
    const std::string report = md.str();
    if (!markdown.empty()) {
      if (markdown == "-") std::cout << report;
      else std::ofstream(markdown) << report;
    }
    if (!compare.empty()) {
      std::ifstream in(compare);
      std::stringstream existing;
      existing << in.rdbuf();
      if (existing.str() != report) {
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
