#include "app/metric_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <map>
#include <sstream>

#include "sim/core/errors.hpp"

namespace rehabsim::app {

namespace {

// Below this many replications the Student-t intervals are wide and lean on near-normal means.
constexpr long kFewReplications = 10;

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

}  // namespace

std::vector<MetricGroup> ordered_metrics(const std::vector<MetricGroup>& groups, const std::vector<std::string>& available,
                                         const std::vector<std::string>& selection, const std::set<std::string>& defined) {
  const auto has = [&](const std::string& m) { return std::find(available.begin(), available.end(), m) != available.end(); };
  if (!selection.empty()) {
    MetricGroup chosen{"", {}, {}};
    for (const auto& m : selection)
      if (has(m)) chosen.metrics.push_back(m);
    return {chosen};
  }
  std::vector<MetricGroup> out, later;
  std::vector<std::string> listed;
  for (const auto& g : groups) {
    MetricGroup kept{g.title, {}, g.lead};
    for (const auto& m : g.metrics)
      if (has(m)) {
        kept.metrics.push_back(m);
        listed.push_back(m);
      }
    if (kept.metrics.empty()) continue;
    (!g.lead.empty() && !defined.contains(g.lead) ? later : out).push_back(std::move(kept));
  }
  for (auto& g : later) out.push_back(std::move(g));
  MetricGroup other{"other", {}, {}};
  for (const auto& m : available)
    if (std::find(listed.begin(), listed.end(), m) == listed.end()) other.metrics.push_back(m);
  if (!other.metrics.empty()) out.push_back(std::move(other));
  if (groups.empty() && !out.empty()) out.front().title.clear();
  return out;
}

std::vector<std::string> parse_metric_selection(const std::string& text, const std::vector<MetricGroup>& groups,
                                                const std::vector<std::string>& available) {
  std::vector<std::string> out;
  const auto add = [&](const std::string& m) {
    if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
  };
  for (const auto& item : split_commas(text)) {
    if (const auto g = std::find_if(groups.begin(), groups.end(), [&](const MetricGroup& x) { return x.title == item; }); g != groups.end()) {
      for (const auto& m : g->metrics)
        if (std::find(available.begin(), available.end(), m) != available.end()) add(m);
      continue;
    }
    if (std::find(available.begin(), available.end(), item) == available.end()) {
      std::string titles, names;
      for (const auto& g : groups) titles += (titles.empty() ? "" : ", ") + g.title;
      for (const auto& m : available) names += (names.empty() ? "" : ", ") + m;
      throw sim::InputError("--metrics: unknown metric \"" + item + "\"; expected a group (" + titles + ") or a metric (" + names + ")");
    }
    add(item);
  }
  if (!text.empty() && out.empty()) throw sim::InputError("--metrics: expected a comma-separated list of metrics, got \"" + text + "\"");
  return out;
}

std::string format_value(double v, const std::string& units, bool sign) {
  if (std::isnan(v)) return "-";
  if (units != "USD") {
    char text[48];
    std::snprintf(text, sizeof text, sign ? "%+.3f" : "%.3f", v);
    return text;
  }
  const double rounded = std::round(v);
  std::string digits = std::to_string(static_cast<long long>(std::fabs(rounded)));
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
  if (rounded < 0) return "-" + digits;
  return (sign ? "+" : "") + digits;
}

std::string display_units(const std::string& units, double valid_min, double valid_max) {
  const auto range = [&](double lo, double hi) { return valid_min == lo && valid_max == hi; };
  if (units == "1" && range(0, 1)) return "fraction 0-1";
  if (units == "ODI points" && range(0, 100)) return "ODI points 0-100";
  if (units == "NRS points" && range(0, 10)) return "NRS 0-10";
  return units;
}

bool clip_interval(double& low, double& high, double valid_min, double valid_max, bool difference) {
  double lo = valid_min, hi = valid_max;
  if (difference) {
    if (std::isnan(valid_min) || std::isnan(valid_max)) return false;
    lo = -(valid_max - valid_min);
    hi = valid_max - valid_min;
  }
  bool moved = false;
  if (!std::isnan(lo) && low < lo) {
    low = lo;
    moved = true;
  }
  if (!std::isnan(hi) && high > hi) {
    high = hi;
    moved = true;
  }
  return moved;
}

std::string value_as_printed(double v, const std::vector<std::string>& labels) {
  if (!labels.empty() && v >= 0 && static_cast<std::size_t>(v) < labels.size()) return labels[static_cast<std::size_t>(v)];
  char text[48];
  std::snprintf(text, sizeof text, "%.6g", v);
  return text;
}

std::string short_key(const std::string& key) {
  const auto dot = key.find('.');
  return dot == std::string::npos ? key : key.substr(dot + 1);
}

std::vector<std::string> notes_for(const ResultNotes& notes, const std::vector<MetricLine>& lines) {
  if (!notes) return {};
  std::map<std::string, sim::SampleSummary> by_name;
  for (const MetricLine& l : lines) by_name[l.metric] = {l.mean, 0, l.ci95_low, l.ci95_high, l.n};
  return notes(by_name);
}

std::string point_name(std::size_t point, const std::vector<std::pair<std::string, std::string>>& swept) {
  std::string text = "point " + std::to_string(point);
  const char* separator = ": ";
  for (const auto& [key, value] : swept) {
    text += separator + key + " = " + value;
    separator = ", ";
  }
  return text;
}

bool render_metric_block(std::ostream& out, const std::string& heading, const std::vector<MetricLine>& lines, const std::vector<MetricGroup>& order) {
  std::map<std::string, const MetricLine*> by_name;
  for (const MetricLine& l : lines) by_name[l.metric] = &l;
  out << heading << "\n  " << std::left << std::setw(30) << "metric" << std::right << std::setw(14) << "mean" << std::setw(28) << "95% CI"
      << std::setw(5) << "n"
      << "   units\n";
  bool clipped_any = false;
  for (const MetricGroup& group : order) {
    bool titled = false;
    for (const auto& name : group.metrics) {
      const auto it = by_name.find(name);
      if (it == by_name.end() || it->second->n == 0) continue;  // undefined here (e.g. clinic KPIs without a clinic): in /summary only
      const MetricLine& l = *it->second;
      if (!titled && !group.title.empty()) out << "  [" << group.title << "]\n";
      titled = true;
      double low = l.ci95_low, high = l.ci95_high;
      const bool clipped = clip_interval(low, high, l.valid_min, l.valid_max);
      clipped_any = clipped_any || clipped;
      const std::string ci = "[" + format_value(low, l.units) + ", " + format_value(high, l.units) + "]" + (clipped ? "*" : " ");
      out << "  " << std::left << std::setw(30) << l.metric << std::right << std::setw(14) << format_value(l.mean, l.units) << std::setw(28) << ci
          << std::setw(5) << l.n << "   " << display_units(l.units, l.valid_min, l.valid_max) << "\n";
    }
  }
  return clipped_any;
}

std::string interval_notes(bool clipped, long replications, bool precision) {
  std::string out;
  if (clipped) out += "* the interval is clipped to the possible range of the metric.\n";
  if (replications > 0 && replications < kFewReplications)
    out += "note: " + std::to_string(replications) + " replication" + (replications == 1 ? "" : "s") +
           ": the 95% intervals are wide and rest on near-normal replication means; use -r " + std::to_string(kFewReplications) +
           " or more for intervals to report.\n";
  if (precision || !out.empty())
    out +=
        "The intervals measure Monte Carlo precision (how well the simulation pins down the model's mean), not the spread between "
        "patients or the uncertainty of the parameters (for that: [uncertainty]).\n";
  return out;
}

}  // namespace rehabsim::app
