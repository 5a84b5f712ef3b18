// rehabsim_calibrate: runs the default scenario's cohorts (and the no-formal-PT protocol on the same
// patients), compares each calibration target with the published value, and writes
// docs/calibration.md.
//   rehabsim_calibrate [--scenarios DIR] [--markdown FILE] [--check] [--compare FILE]
// --check exits 1 when a target does not hold; --compare exits 1 when FILE differs from the report.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "models/cohort_generator.hpp"
#include "models/default_scenario.hpp"
#include "models/first_order.hpp"
#include "models/muscle.hpp"
#include "models/protocol_presets.hpp"
#include "models/recovery_replication.hpp"
#include "models/scenario_bindings.hpp"
#include "sim/config/loader.hpp"
#include "sim/errors.hpp"
#include "sim/summary_stats.hpp"

namespace {

using namespace rehabsim;
using models::PatientResult;
using models::Surgery;
using Cohort = std::vector<PatientResult>;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double mean_if(const Cohort& c, Surgery s, const std::function<double(const PatientResult&)>& f) {
  double sum = 0, n = 0;
  for (const auto& r : c)
    if (r.covariates.surgery == s) {
      sum += f(r);
      n += 1;
    }
  return n > 0 ? sum / n : kNaN;
}

double median_fusion_day(const Cohort& c) {
  std::vector<double> days;
  for (const auto& r : c)
    if (r.covariates.surgery == Surgery::Fusion) days.push_back(std::isnan(r.fusion_day) ? std::numeric_limits<double>::infinity() : r.fusion_day);
  if (days.empty()) return kNaN;
  std::sort(days.begin(), days.end());
  const std::size_t n = days.size();
  return n % 2 ? days[n / 2] : 0.5 * (days[n / 2 - 1] + days[n / 2]);
}

// Early disuse: mean loss per day over 14 days without any load, from each patient's own rates.
double muscle_loss_percent_per_day(const models::Scenario& s, const Cohort& c) {
  double sum = 0;
  for (const auto& r : c) {
    const auto rates = models::muscle_rates(s.muscle, r.covariates.age_years, r.covariates.protein_g_per_kg_day);
    sum += (1.0 - models::advance_linear(1.0, models::muscle_regime(s.muscle, rates, 0.0), 14.0)) / 14.0 * 100.0;
  }
  return sum / static_cast<double>(c.size());
}

double no_show_rate(const Cohort& c) {
  double missed = 0, booked = 0;
  for (const auto& r : c) {
    missed += r.sessions_missed;
    booked += r.sessions_missed + r.sessions_attended;
  }
  return missed / booked;
}

enum class Rule { Point, Range, Negative, Within };

struct Target {
  std::string name, published, source;
  Rule rule;
  double a, b;  ///< Point: value, published SE; Range/Within: lo, hi
  std::function<double(const models::Scenario&, const Cohort& standard, const Cohort& no_pt)> measure;
  int decimals = 1;
};

std::vector<Target> targets() {
  const auto odi = [](Surgery s, int f) { return [s, f](const auto&, const Cohort& c, const Cohort&) { return mean_if(c, s, [f](auto& r) { return r.odi[f]; }); }; };
  return {
      {"Discectomy, standard PT: baseline ODI", "57.0", "Lurie et al., JBJS Am 2008 (SPORT, operative, L4-5)", Rule::Point, 57.0, 1.0,
       [](const auto&, const Cohort& c, const Cohort&) { return mean_if(c, Surgery::Discectomy, [](auto& r) { return r.covariates.baseline_odi; }); }},
      {"Discectomy, standard PT: ODI at 3 months", "about 19 (57.0 - 38.3)", "Lurie et al. 2008 (SPORT)", Rule::Point, 18.7, 1.0, odi(Surgery::Discectomy, 1)},
      {"Discectomy, standard PT: ODI at 12 months", "17-21 (57.0 - 39.6 = 17.4)", "Lurie et al. 2008 (SPORT); NORspine 2017", Rule::Range, 17.0, 21.0,
       odi(Surgery::Discectomy, 3)},
      {"Fusion, standard PT: baseline ODI", "about 48 (47.7)", "QOD, J Orthop Surg Res 2021", Rule::Point, 47.7, 1.0,
       [](const auto&, const Cohort& c, const Cohort&) { return mean_if(c, Surgery::Fusion, [](auto& r) { return r.covariates.baseline_odi; }); }},
      {"Fusion, standard PT: ODI improvement at 12 months", "20-28 points", "QOD (Bisson 2018: -25.8 at 24 months); degenerative fusion series",
       Rule::Range, 20.0, 28.0,
       [](const auto&, const Cohort& c, const Cohort&) {
         return mean_if(c, Surgery::Fusion, [](auto& r) { return r.covariates.baseline_odi - r.odi[3]; });
       }},
      {"Fusion: median time to fusion (days)", "150-200 (169-185)", "Hu et al., BMC Musculoskelet Disord 2022", Rule::Range, 150.0, 200.0,
       [](const auto&, const Cohort& c, const Cohort&) { return median_fusion_day(c); }, 0},
      {"Fusion: fused at 12 months", "0.80-0.88 (15-16% delayed beyond 12 months)", "Hu 2022: 84.6-95.2%; review 2025: 15-16% delayed",
       Rule::Range, 0.80, 0.88, [](const auto&, const Cohort& c, const Cohort&) { return mean_if(c, Surgery::Fusion, [](auto& r) { return r.fused_12m ? 1.0 : 0.0; }); },
       3},
      {"No training: muscle loss over the first 14 days (%/day)", "0.5-0.7", "Wall et al., Acta Physiol 2014; Di Girolamo et al., Front Nutr 2021",
       Rule::Range, 0.5, 0.7, [](const auto& s, const Cohort& c, const Cohort&) { return muscle_loss_percent_per_day(s, c); }, 3},
      {"Per-appointment no-show rate", "0.08-0.12 (10.4%)", "UNLV outpatient PT survey 2014", Rule::Range, 0.08, 0.12,
       [](const auto&, const Cohort& c, const Cohort&) { return no_show_rate(c); }, 3},
      {"Discectomy: standard PT minus no formal PT, ODI at 3 months", "negative (faster early recovery)",
       "Oosterhuis et al., Cochrane 2014 (small-medium short-term effect)", Rule::Negative, 0, 0,
       [](const auto&, const Cohort& c, const Cohort& n) {
         return mean_if(c, Surgery::Discectomy, [](auto& r) { return r.odi[1]; }) - mean_if(n, Surgery::Discectomy, [](auto& r) { return r.odi[1]; });
       },
       2},
      {"Discectomy: standard PT minus no formal PT, ODI at 12 months", "small: within +-5 points (half the MCID of 10)",
       "Oosterhuis 2014; McGregor 2011 (FASTER: -24 vs -26); Ostelo 2008 (MCID)", Rule::Within, -5.0, 5.0,
       [](const auto&, const Cohort& c, const Cohort& n) {
         return mean_if(c, Surgery::Discectomy, [](auto& r) { return r.odi[3]; }) - mean_if(n, Surgery::Discectomy, [](auto& r) { return r.odi[3]; });
       },
       2},
  };
}

struct Verdict {
  sim::SampleSummary sim;
  bool holds = false;
  std::string rule;
};

Verdict judge(const Target& t, const std::vector<double>& values) {
  Verdict v{sim::summarise(values), false, ""};
  const double se = v.sim.sd / std::sqrt(static_cast<double>(v.sim.n));
  char text[200];
  switch (t.rule) {
    case Rule::Point: {
      const double tolerance = 1.96 * std::sqrt(se * se + t.b * t.b);
      v.holds = std::abs(v.sim.mean - t.a) <= tolerance;
      std::snprintf(text, sizeof text, "abs(mean - %.1f) <= 1.96 sqrt(SE_sim^2 + SE_pub^2) = %.2f (SE_pub %.1f)", t.a, tolerance, t.b);
      break;
    }
    case Rule::Range:
      v.holds = v.sim.mean >= t.a - 1.96 * se && v.sim.mean <= t.b + 1.96 * se;
      std::snprintf(text, sizeof text, "mean in [%g, %g] widened by 1.96 SE_sim = %.3g", t.a, t.b, 1.96 * se);
      break;
    case Rule::Negative:
      v.holds = v.sim.ci95_high < 0;
      std::snprintf(text, sizeof text, "95%% CI entirely below 0");
      break;
    case Rule::Within:
      v.holds = v.sim.ci95_low >= t.a && v.sim.ci95_high <= t.b;
      std::snprintf(text, sizeof text, "95%% CI within [%g, %g]", t.a, t.b);
      break;
  }
  v.rule = text;
  return v;
}

models::Scenario load(const std::string& text, const std::string& name) {
  const sim::config::ScenarioSource d{std::string(models::default_scenario_toml()), "scenarios/default.toml"};
  return models::scenario_from_values(sim::config::load_scenario({text, name}, {}, models::scenario_schema(), d, &models::protocol_presets()));
}

}  // namespace

int main(int argc, char** argv) {
  std::string scenarios = REHABSIM_SCENARIO_DIR, markdown, compare;
  bool check = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--check") check = true;
    else if (a == "--scenarios" && i + 1 < argc) scenarios = argv[++i];
    else if (a == "--markdown" && i + 1 < argc) markdown = argv[++i];
    else if (a == "--compare" && i + 1 < argc) compare = argv[++i];
    else {
      std::cerr << "usage: rehabsim_calibrate [--scenarios DIR] [--markdown FILE] [--check] [--compare FILE]\n";
      return 2;
    }
  }
  try {
    const models::Scenario standard = load(std::string(models::default_scenario_toml()), "scenarios/default.toml");
    const auto no_pt_file = sim::config::read_scenario_file(scenarios + "/protocols/no_formal_pt.toml");
    const models::Scenario no_pt = load(no_pt_file.text, no_pt_file.name);
    const models::CohortGenerator standard_cohort(standard), no_pt_cohort(no_pt);
    const auto list = targets();
    std::vector<std::vector<double>> values(list.size());
    for (std::uint32_t r = 0; r < standard.run.replications; ++r) {
      const Cohort a = models::simulate_replication(standard, standard_cohort, r);
      const Cohort b = models::simulate_replication(no_pt, no_pt_cohort, r);  // the same patients (common random numbers)
      for (std::size_t t = 0; t < list.size(); ++t) values[t].push_back(list[t].measure(standard, a, b));
    }
    std::ostringstream md;
    md << "# Calibration\n\n"
       << "Generated by `build/release/app/rehabsim_calibrate --markdown docs/calibration.md`; do not edit by hand (the\n"
       << "calibration test fails when this page is stale). The calibration cohorts are the discectomy and fusion\n"
       << "patients of `scenarios/default.toml` (" << standard.run.replications << " replications of " << standard.run.patients
       << " patients, seed " << standard.run.seed << ") under the standard\n"
       << "protocol; the no-formal-PT comparison runs `scenarios/protocols/no_formal_pt.toml` on the same patients.\n"
       << "Each simulated value is the mean over replications with its Student-t 95% confidence interval; each\n"
       << "rule's tolerance comes from the simulation's standard error (SE_sim) and, for point targets, the\n"
       << "published value's uncertainty (SE_pub, taken as 1 ODI point for values reported as \"about\").\n\n"
       << "| target | published | source | simulated (95% CI) | rule | holds |\n| --- | --- | --- | --- | --- | --- |\n";
    bool all = true;
    for (std::size_t t = 0; t < list.size(); ++t) {
      const Verdict v = judge(list[t], values[t]);
      all = all && v.holds;
      char sim_text[96];
      const int d = list[t].decimals;
      std::snprintf(sim_text, sizeof sim_text, "%.*f [%.*f, %.*f]", d, v.sim.mean, d, v.sim.ci95_low, d, v.sim.ci95_high);
      md << "| " << list[t].name << " | " << list[t].published << " | " << list[t].source << " | " << sim_text << " | " << v.rule << " | "
         << (v.holds ? "yes" : "**no**") << " |\n";
      if (!v.holds) std::cerr << "calibration target does not hold: " << list[t].name << ": " << sim_text << " (" << v.rule << ")\n";
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
