#include "app/calibration_search.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>

#include "models/calibration/search.hpp"
#include "models/params/rng_purposes.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/files.hpp"
#include "sim/exec/interrupt.hpp"
#include "sim/exec/journal.hpp"
#include "sim/exec/runner.hpp"

namespace rehabsim::app {
namespace {

namespace fs = std::filesystem;
using models::calibration::Prior;
using sim::InputError;

std::string exact(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}
std::string shown(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.4g", v);
  return b;
}
std::string fixed(double v, int decimals) {
  char b[40];
  std::snprintf(b, sizeof b, "%.*f", decimals, v);
  return b;
}

// One scored point of the search.
struct Scored {
  std::size_t wave = 0, index = 0;
  std::vector<double> unit, values;
  double max_implausibility = 0;
  std::vector<double> implausibility;  ///< per target
};

// The targets of the suite, in order, as "trial file: target name" (scoring a point lists them).
struct Suite {
  std::vector<sim::config::ScenarioSource> trials;
  std::vector<std::string> targets;
};

// A wave's candidate points as an engine experiment: one work item per point, one row of fits.
class WavePoints final : public sim::Experiment {
 public:
  WavePoints(const std::vector<Prior>& priors, const std::vector<std::vector<double>>& candidates, const Suite& suite, const SearchOptions& o)
      : priors_(priors), candidates_(candidates), suite_(suite), options_(o) {
    sim::TableSpec fits{"fits", {{"point", sim::ColumnType::Int32, "1", "candidate", {}}, {"replication", sim::ColumnType::Int32, "1", "", {}}}};
    for (std::size_t k = 0; k < suite.targets.size(); ++k)
      fits.columns.push_back({"implausibility_" + std::to_string(k), sim::ColumnType::Float64, "1", suite.targets[k], {}});
    tables_ = {fits};
  }
  std::uint32_t points() const override { return static_cast<std::uint32_t>(candidates_.size()); }
  std::uint32_t replications() const override { return 1; }
  std::uint64_t seed() const override { return options_.seed; }
  sim::TableSpec points_spec() const override { return {"points", {{"point", sim::ColumnType::Int32, "1", "", {}}}}; }
  sim::TableBuffer points_rows() const override { return sim::TableBuffer(points_spec()); }
  const std::vector<sim::TableSpec>& item_tables() const override { return tables_; }
  std::size_t summary_source() const override { return 0; }
  std::vector<sim::TableBuffer> run(const sim::WorkItem& item) const override {
    sim::TableBuffer row(tables_[0]);
    row.add_row();
    row.set(0, std::int64_t{item.point});
    row.set(1, std::int64_t{0});
    std::vector<models::calibration::TargetFit> fits;
    try {
      fits = models::calibration::evaluate_point(suite_.trials, models::calibration::overrides_of(priors_, candidates_[item.point]),
                                                 options_.discrepancy, options_.replications);
    } catch (const InputError&) {
      // The point breaks a rule tying keys together (weights summing over 1, ...): ruled out, at no cost.
      for (std::size_t k = 0; k < suite_.targets.size(); ++k) row.set(2 + k, std::numeric_limits<double>::infinity());
      return {row};
    }
    if (fits.size() != suite_.targets.size()) throw std::logic_error("calibration search: the suite's targets changed while it ran");
    for (std::size_t k = 0; k < fits.size(); ++k) row.set(2 + k, fits[k].implausibility);
    return {row};
  }

 private:
  const std::vector<Prior>& priors_;
  const std::vector<std::vector<double>>& candidates_;
  const Suite& suite_;
  const SearchOptions& options_;
  std::vector<sim::TableSpec> tables_;
};

// Everything a resumed search must share with the one it continues.
std::string search_key(const SearchOptions& o, const std::string& priors_text, const Suite& suite) {
  std::string all = priors_text;
  for (const auto& t : suite.trials) all += "\n#trial " + t.name + "\n" + t.text;
  all += "\npoints " + std::to_string(o.points) + " waves " + std::to_string(o.waves) + " cutoff " + exact(o.cutoff) + " discrepancy " +
         exact(o.discrepancy) + " replications " + std::to_string(o.replications) + " seed " + std::to_string(o.seed);
  char b[20];
  std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(sim::fnv1a(all.data(), all.size())));
  return b;
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, sep)) out.push_back(field);
  if (!line.empty() && line.back() == sep) out.emplace_back();
  return out;
}

// Reads the rows of an interrupted search (a cut-short last line is dropped); InputError when the
// file belongs to another search or is damaged.
std::vector<Scored> read_rows(const std::string& path, const std::string& key, std::size_t dims, std::size_t targets) {
  const std::string text = sim::read_regular_file(path, "search evaluations", std::size_t{1} << 30);
  std::vector<Scored> rows;
  std::size_t complete_bytes = 0, line_no = 0;
  bool keyed = false;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = text.find('\n', at);
    if (end == std::string::npos) break;  // cut short: dropped
    const std::string line = text.substr(at, end - at);
    ++line_no;
    at = end + 1;
    if (line.rfind("# key: ", 0) == 0) {
      if (line.substr(7) != key) throw InputError(path + ": belongs to another search (other priors, trials or options); use --force to start anew");
      keyed = true;
    } else if (!line.empty() && line[0] != '#' && line.rfind("wave,", 0) != 0) {
      const auto f = split(line, ',');
      if (f.size() != 3 + 2 * dims + targets)
        throw InputError(path + ":" + std::to_string(line_no) + ": damaged row (" + std::to_string(f.size()) + " fields)");
      Scored s;
      try {
        s.wave = std::stoul(f[0]);
        s.index = std::stoul(f[1]);
        for (std::size_t d = 0; d < dims; ++d) s.unit.push_back(std::stod(f[2 + d]));
        for (std::size_t d = 0; d < dims; ++d) s.values.push_back(std::stod(f[2 + dims + d]));
        s.max_implausibility = std::stod(f[2 + 2 * dims]);
        for (std::size_t k = 0; k < targets; ++k) s.implausibility.push_back(std::stod(f[3 + 2 * dims + k]));
      } catch (const std::exception&) {
        throw InputError(path + ":" + std::to_string(line_no) + ": damaged row");
      }
      rows.push_back(std::move(s));
    }
    complete_bytes = at;
  }
  if (!keyed) throw InputError(path + ": not a calibration search's evaluations (no key line)");
  if (complete_bytes < text.size()) fs::resize_file(path, complete_bytes);
  return rows;
}

std::string row_text(const Scored& s) {
  std::string line = std::to_string(s.wave) + "," + std::to_string(s.index);
  for (const double u : s.unit) line += "," + exact(u);
  for (const double v : s.values) line += "," + exact(v);
  line += "," + exact(s.max_implausibility);
  for (const double i : s.implausibility) line += "," + exact(i);
  return line + "\n";
}

void write_text(const std::string& path, const std::string& text, const std::string& what) {
  const int fd = sim::create_regular_file(path, /*replace=*/true, what);
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  if (::close(fd) != 0 || !ok) throw InputError(path + ": cannot write the " + what);
}

bool kept(const Scored& s, double cutoff) { return s.max_implausibility <= cutoff; }

// Refocusing: steps of half the kept points' spread per coordinate, at least 2% of the prior.
constexpr double kSpread = 0.5, kMinSd = 0.02;

std::string ensemble_text(const SearchOptions& o, const std::vector<Prior>& priors, const std::vector<Scored>& rows) {
  std::ostringstream out;
  out << "# The calibration search's ensemble: every scored point whose implausibility is at most " << shown(o.cutoff)
      << " on every target, best first\n# (rehabsim_calibrate --search " << o.priors_path << ", " << o.points << " points a wave, seed " << o.seed
      << ", discrepancy " << shown(o.discrepancy) << "). Generated: do not edit. Paste the members into a scenario for a probabilistic\n"
      << "# analysis that carries calibration uncertainty: each replication takes one member, drawn uniformly. Keys by surgery are\n"
      << "# written with the default scenario's cohort indices (cohorts[0] discectomy, [1] fusion, [2] decompression).\n";
  std::vector<const Scored*> members;
  for (const auto& s : rows)
    if (kept(s, o.cutoff)) members.push_back(&s);
  std::stable_sort(members.begin(), members.end(), [](const Scored* a, const Scored* b) { return a->max_implausibility < b->max_implausibility; });
  for (const Scored* s : members) {
    out << "\n# wave " << s->wave + 1 << ", point " << s->index << ": largest implausibility " << fixed(s->max_implausibility, 3)
        << "\n[[uncertainty.ensemble]]\n";
    for (const std::string& o : models::calibration::for_default_scenario(models::calibration::overrides_of(priors, s->unit))) {
      const std::size_t eq = o.find('=');
      out << "\"" << o.substr(0, eq) << "\" = " << o.substr(eq + 1) << "\n";
    }
  }
  return out.str();
}

std::string summary_text(const SearchOptions& o, const std::vector<Prior>& priors, const Suite& suite, const std::vector<Scored>& rows,
                         bool interrupted) {
  std::ostringstream out;
  out << "# Calibration search\n\n"
      << "Priors `" << o.priors_path << "`, " << priors.size() << " parameters; " << suite.trials.size() << " trials, " << suite.targets.size()
      << " targets; " << o.points << " points a wave, " << o.waves << " waves, cutoff " << shown(o.cutoff) << ", model discrepancy "
      << shown(o.discrepancy) << " of each observation, "
      << (o.replications ? std::to_string(o.replications) + " replications a trial" : std::string("each trial's own replications")) << ", seed "
      << o.seed << "." << (interrupted ? " **Interrupted**: continue with --resume." : "") << "\n\n";
  std::map<std::size_t, std::pair<std::size_t, std::size_t>> per_wave;
  for (const auto& s : rows) {
    ++per_wave[s.wave].first;
    if (kept(s, o.cutoff)) ++per_wave[s.wave].second;
  }
  std::size_t refused = 0;
  for (const auto& s : rows) refused += std::all_of(s.implausibility.begin(), s.implausibility.end(), [](double i) { return std::isinf(i); });
  out << "| wave | scored | not ruled out |\n| --- | --- | --- |\n";
  for (const auto& [w, n] : per_wave) out << "| " << w + 1 << " | " << n.first << " | " << n.second << " |\n";
  if (refused) out << "\n" << refused << " points broke a rule of a trial's scenario that ties keys together and count as ruled out.\n";
  const auto best =
      std::min_element(rows.begin(), rows.end(), [](const Scored& a, const Scored& b) { return a.max_implausibility < b.max_implausibility; });
  if (best == rows.end()) return out.str();
  std::vector<const Scored*> members;
  for (const auto& s : rows)
    if (kept(s, o.cutoff)) members.push_back(&s);
  out << "\n"
      << members.size() << " of " << rows.size() << " points are not ruled out. The best point (wave " << best->wave + 1 << ", point " << best->index
      << ") has a largest implausibility of " << fixed(best->max_implausibility, 2) << ".\n\n"
      << "| parameter | prior | default | best point | range not ruled out | note |\n| --- | --- | --- | --- | --- | --- |\n";
  for (std::size_t k = 0; k < priors.size(); ++k) {
    const Prior& p = priors[k];
    std::string range = "-", note;
    if (!members.empty()) {
      double lo = std::numeric_limits<double>::infinity(), hi = -lo, ulo = lo, uhi = -lo;
      for (const Scored* s : members) {
        lo = std::min(lo, s->values[k]);
        hi = std::max(hi, s->values[k]);
        ulo = std::min(ulo, s->unit[k]);
        uhi = std::max(uhi, s->unit[k]);
      }
      range = shown(lo) + " - " + shown(hi);
      // A parameter the targets push to the edge of its prior is a warning, not a success.
      if (ulo < 0.02 || uhi > 0.98) note = "**reaches the prior's edge**";
      if (uhi - ulo > 0.9) note += (note.empty() ? "" : "; ") + std::string("barely constrained");
    }
    if (std::isfinite(p.default_value) && (p.default_value < p.low || p.default_value > p.high))
      note += (note.empty() ? "" : "; ") + std::string("default outside the prior");
    out << "| `" << p.key << "` | " << shown(p.low) << " - " << shown(p.high) << (p.log_scale ? " (log)" : "") << " | "
        << (std::isfinite(p.default_value) ? shown(p.default_value) : "-") << " | " << shown(best->values[k]) << " | " << range << " | " << note
        << " |\n";
  }
  std::vector<std::size_t> order(suite.targets.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return best->implausibility[a] > best->implausibility[b]; });
  out << "\nTargets least well met at the best point:\n\n| target | implausibility |\n| --- | --- |\n";
  for (std::size_t r = 0; r < std::min<std::size_t>(8, order.size()); ++r)
    out << "| " << suite.targets[order[r]] << " | " << fixed(best->implausibility[order[r]], 2) << " |\n";
  return out.str();
}

}  // namespace

SearchOutcome run_search(const SearchOptions& o, const std::vector<sim::config::ScenarioSource>& trial_sources) {
  if (o.points < 2 || o.waves < 1 || !(o.cutoff > 0) || !(o.discrepancy >= 0))
    throw InputError("--search: expected --points >= 2, --waves >= 1, --cutoff > 0 and --discrepancy >= 0");
  const sim::config::ScenarioSource priors_source{sim::read_regular_file(o.priors_path, "priors file", std::size_t{1} << 20), o.priors_path};
  const std::vector<Prior> priors = models::calibration::read_priors(priors_source);
  Suite suite{trial_sources, {}};
  for (const auto& [trial, target] : models::calibration::target_names(trial_sources))
    suite.targets.push_back(fs::path(trial).filename().string() + ": " + target);
  const std::string key = search_key(o, priors_source.text, suite);
  fs::create_directories(o.output_dir);
  const std::string csv = (fs::path(o.output_dir) / "evaluations.csv").string();
  std::vector<Scored> rows;
  const bool exists = !sim::entry_kind(csv).empty();
  if (exists && !o.resume && !o.force) throw InputError(csv + ": holds a search already; continue it with --resume, or start anew with --force");
  if (o.resume && !exists) throw InputError(csv + ": no search to resume");
  if (o.resume) rows = read_rows(csv, key, priors.size(), suite.targets.size());
  std::FILE* file = nullptr;
  if (o.resume) {
    file = ::fdopen(sim::open_regular_file(csv, "search evaluations"), "ab");
  } else {
    file = ::fdopen(sim::create_regular_file(csv, o.force, "search evaluations"), "wb");
    std::string header =
        "# rehabsim calibration search: one row per scored point (unit-cube coordinates, values, implausibilities)\n# key: " + key + "\nwave,index";
    for (const Prior& p : priors) header += ",unit:" + p.key;
    for (const Prior& p : priors) header += "," + p.key;
    header += ",max_implausibility";
    for (std::size_t k = 0; k < suite.targets.size(); ++k) header += ",target_" + std::to_string(k);
    header += "\n";
    for (std::size_t k = 0; k < suite.targets.size(); ++k)
      header.insert(header.rfind("wave,index"), "# target_" + std::to_string(k) + ": " + suite.targets[k] + "\n");
    std::fputs(header.c_str(), file);
    std::fflush(file);
  }
  if (!file) throw InputError(csv + ": cannot open the search evaluations");

  const std::atomic<bool>& stop = sim::install_interrupt_handler();
  bool interrupted = false;
  const auto started = std::chrono::steady_clock::now();
  for (std::size_t wave = 0; wave < o.waves && !interrupted; ++wave) {
    sim::RngStream stream({o.seed, static_cast<std::uint32_t>(wave), 0, static_cast<std::uint32_t>(models::Purpose::CalibrationSearch)});
    std::vector<std::vector<double>> candidates, centres;
    if (wave == 0) {
      candidates = models::calibration::latin_hypercube(o.points, priors.size(), stream);
    } else {
      std::vector<const Scored*> earlier;
      for (const auto& s : rows)
        if (s.wave < wave) earlier.push_back(&s);
      std::stable_sort(earlier.begin(), earlier.end(),
                       [](const Scored* a, const Scored* b) { return a->max_implausibility < b->max_implausibility; });
      std::size_t keep = 0;
      while (keep < earlier.size() && kept(*earlier[keep], o.cutoff)) ++keep;
      if (keep == 0) keep = std::min(earlier.size(), std::max<std::size_t>(2, o.points / 10));  // none yet: the best tenth
      for (std::size_t i = 0; i < keep; ++i) centres.push_back(earlier[i]->unit);
      candidates = models::calibration::refocus(centres, o.points, kSpread, kMinSd, stream);
    }
    // A candidate the model's rules refuse (deficit weights summing over 1, ...) is replaced before it
    // costs a run: by a uniform draw in wave 1, by another draw around the same kept point later.
    for (std::size_t j = 0; j < candidates.size(); ++j)
      for (int attempt = 0; attempt < 10000 && !models::calibration::acceptable(priors, candidates[j]); ++attempt) {
        if (wave == 0)
          for (double& u : candidates[j]) u = stream.uniform01();
        else
          candidates[j] = models::calibration::refocus(centres, centres.size(), kSpread, kMinSd, stream)[j % centres.size()];
      }
    std::vector<bool> done(o.points, false);
    for (const auto& s : rows)
      if (s.wave == wave && s.index < o.points) done[s.index] = true;
    const WavePoints experiment(priors, candidates, suite, o);
    sim::RunnerOptions run;
    run.threads = o.threads;
    run.batch_items = static_cast<std::size_t>(std::max(1, o.threads));
    run.stop = &stop;
    run.skip = [&](std::size_t item) { return done[item]; };
    auto last_print = std::chrono::steady_clock::now();
    std::size_t new_points = 0;
    const std::size_t total_points = o.points * o.waves;
    const auto result = sim::run_work_items(experiment, run, [&](const sim::WorkItem& item, std::vector<sim::TableBuffer>&& out) {
      Scored s;
      s.wave = wave;
      s.index = item.point;
      s.unit = candidates[item.point];
      for (std::size_t k = 0; k < priors.size(); ++k) s.values.push_back(models::calibration::value_at(priors[k], s.unit[k]));
      for (std::size_t k = 0; k < suite.targets.size(); ++k) s.implausibility.push_back(out[0].floats(2 + k)[0]);
      s.max_implausibility = *std::max_element(s.implausibility.begin(), s.implausibility.end());
      if (std::fputs(row_text(s).c_str(), file) < 0 || std::fflush(file) != 0) throw std::runtime_error(csv + ": cannot write (disk full?)");
      rows.push_back(std::move(s));
      ++new_points;
      const auto now = std::chrono::steady_clock::now();
      if (!o.quiet && now - last_print > std::chrono::seconds(10)) {
        last_print = now;
        const double seconds = std::chrono::duration<double>(now - started).count();
        std::size_t scored = 0, kept_now = 0;
        for (const auto& r : rows) {
          scored += r.wave < o.waves;
          kept_now += kept(r, o.cutoff);
        }
        std::cerr << "search: wave " << wave + 1 << "/" << o.waves << ", " << scored << "/" << total_points << " points scored, " << kept_now
                  << " not ruled out; " << fixed(seconds / 60, 1) << " min, about "
                  << fixed(seconds / static_cast<double>(new_points) * static_cast<double>(total_points - scored) / 60, 1) << " min to go\n";
      }
    });
    interrupted = result.interrupted;
    write_text((fs::path(o.output_dir) / "ensemble.toml").string(), ensemble_text(o, priors, rows), "ensemble");
    write_text((fs::path(o.output_dir) / "summary.md").string(), summary_text(o, priors, suite, rows, interrupted), "search summary");
  }
  std::fclose(file);
  SearchOutcome outcome{summary_text(o, priors, suite, rows, interrupted), interrupted, {}, {}};
  std::vector<const Scored*> order;
  for (const auto& s : rows) order.push_back(&s);
  std::stable_sort(order.begin(), order.end(), [](const Scored* a, const Scored* b) { return a->max_implausibility < b->max_implausibility; });
  for (const Scored* s : order)
    if (kept(*s, o.cutoff)) outcome.kept.push_back(s->unit);
  if (!order.empty()) outcome.best = order.front()->unit;
  for (const Scored* r : order) outcome.scored.push_back({r->wave, r->index, r->unit, r->implausibility});
  return outcome;
}

SearchOutcome without_targets(const std::vector<ScoredPoint>& scored, const std::vector<bool>& used, double cutoff) {
  std::vector<std::pair<double, const ScoredPoint*>> order;
  for (const ScoredPoint& p : scored) {
    if (p.implausibility.size() != used.size()) throw std::logic_error("without_targets: a point scored on another suite");
    double largest = 0;
    for (std::size_t t = 0; t < used.size(); ++t)
      if (used[t]) largest = std::max(largest, std::isnan(p.implausibility[t]) ? std::numeric_limits<double>::infinity() : p.implausibility[t]);
    order.emplace_back(largest, &p);
  }
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  SearchOutcome out;
  for (const auto& [largest, p] : order) {
    if (largest <= cutoff) out.kept.push_back(p->unit);
    out.scored.push_back(*p);
  }
  if (!order.empty()) out.best = order.front().second->unit;
  return out;
}

SearchOutcome run_leave_one_out(const SearchOptions& o, const std::vector<sim::config::ScenarioSource>& trials) {
  if (trials.size() < 2) throw InputError("--leave-one-out: expected at least two trials");
  const std::vector<Prior> priors =
      models::calibration::read_priors({sim::read_regular_file(o.priors_path, "priors file", std::size_t{1} << 20), o.priors_path});
  // Each search in its own folder; --resume continues those begun and starts the others.
  const auto search_in = [&](const std::string& sub, const std::vector<sim::config::ScenarioSource>& on) {
    SearchOptions s = o;
    s.output_dir = (fs::path(o.output_dir) / sub).string();
    s.resume = o.resume && !sim::entry_kind((fs::path(s.output_dir) / "evaluations.csv").string()).empty();
    return run_search(s, on);
  };
  const SearchOutcome all = search_in("all", trials);
  if (all.interrupted) return all;
  const auto names = models::calibration::target_names(trials);
  constexpr std::size_t kMembersScored = 20;
  std::ostringstream md;
  md << "# Out-of-sample check (leave one trial out)\n\n"
     << "Each trial is predicted by a calibration search that did not see it ("
     << (o.waves == 1 ? "the one-wave search's points scored without its targets" : "`without_STEM/`") << "), beside the search on every\n"
     << "trial (`all/`, in sample). Priors `" << o.priors_path << "`, " << o.points << " points a wave, " << o.waves << " waves, cutoff "
     << shown(o.cutoff) << ", discrepancy " << shown(o.discrepancy) << ", seed " << o.seed << ". \"Holds\" is the suite's judging rule\n"
     << "(docs/calibration.md) at the search's best point; \"within cutoff\" is the share of that search's best " << kMembersScored
     << " points not ruled out\nwhose implausibility for the target is at most the cutoff.\n\n"
     << "| trial | target | in sample: holds | out of sample: holds | implausibility (in / out) | out of sample: within cutoff |\n"
     << "| --- | --- | --- | --- | --- | --- |\n";
  std::size_t targets = 0, held_in = 0, held_out = 0;
  std::string best_points;
  for (std::size_t k = 0; k < trials.size(); ++k) {
    const std::string stem = fs::path(trials[k].name).stem().string();
    // The suite's targets that belong to trial k (target_names lists them in scoring order).
    std::vector<bool> others_targets;
    std::vector<std::size_t> own_targets;
    for (const auto& [trial, target] : names) {
      others_targets.push_back(trial != trials[k].name);
      if (trial == trials[k].name) own_targets.push_back(others_targets.size() - 1);
    }
    const auto search_without = [&] {
      std::vector<sim::config::ScenarioSource> others;
      for (std::size_t j = 0; j < trials.size(); ++j)
        if (j != k) others.push_back(trials[j]);
      return search_in("without_" + stem, others);
    };
    const SearchOutcome without = o.waves == 1 ? without_targets(all.scored, others_targets, o.cutoff) : search_without();
    if (without.interrupted) return without;
    const auto at = [&](const std::vector<double>& unit) {
      return models::calibration::evaluate_point({trials[k]}, models::calibration::overrides_of(priors, unit), o.discrepancy, o.replications);
    };
    const auto in_sample = at(all.best), out_of_sample = at(without.best);
    const std::string best = without.scored.empty() ? std::string("none")
                                                    : "wave " + std::to_string(without.scored.front().wave + 1) + ", point " +
                                                          std::to_string(without.scored.front().index);
    best_points += "- without " + stem + ": best point " + best + "; " + std::to_string(without.kept.size()) + " of " +
                   std::to_string(without.scored.size()) + " points not ruled out\n";
    std::vector<std::size_t> within(in_sample.size(), 0);
    const std::size_t members = std::min(kMembersScored, without.kept.size());
    if (o.waves == 1) {  // the members' implausibilities for trial k were scored with the full search
      if (own_targets.size() != within.size()) throw std::logic_error("leave-one-out: the trial's targets differ from the suite's");
      for (std::size_t m = 0; m < members; ++m)
        for (std::size_t t = 0; t < own_targets.size(); ++t) within[t] += without.scored[m].implausibility[own_targets[t]] <= o.cutoff;
    } else {
      for (std::size_t m = 0; m < members; ++m) {
        const auto fits = at(without.kept[m]);
        for (std::size_t t = 0; t < fits.size(); ++t) within[t] += fits[t].implausibility <= o.cutoff;
      }
    }
    for (std::size_t t = 0; t < in_sample.size(); ++t) {
      ++targets;
      held_in += in_sample[t].holds;
      held_out += out_of_sample[t].holds;
      md << "| " << stem << " | " << in_sample[t].target << " | " << (in_sample[t].holds ? "yes" : "**no**") << " | "
         << (out_of_sample[t].holds ? "yes" : "**no**") << (in_sample[t].holds && !out_of_sample[t].holds ? " (in sample only)" : "") << " | "
         << fixed(in_sample[t].implausibility, 2) << " / " << fixed(out_of_sample[t].implausibility, 2) << " | "
         << (members ? std::to_string(within[t]) + " of " + std::to_string(members) : std::string("no point kept")) << " |\n";
    }
  }
  md << "\n"
     << held_in << " of " << targets << " targets hold in sample, " << held_out << " of " << targets << " out of sample.\n\n"
     << "The searches without each trial:\n\n"
     << best_points;
  write_text((fs::path(o.output_dir) / "out_of_sample.md").string(), md.str(), "out-of-sample table");
  return {md.str(), false, all.kept, all.best};
}

}  // namespace rehabsim::app
