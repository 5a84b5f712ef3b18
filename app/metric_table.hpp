#pragma once
// The one renderer of per-point metric tables (means with 95% CIs): `run` prints it from the rows
// it just computed, `summary` from a result file's /summary; `compare` shares its number formats,
// metric order and selection.
#include <cstddef>
#include <functional>
#include <limits>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/stats/summary_stats.hpp"

namespace rehabsim::app {

struct MetricLine {
  std::string metric;
  double mean = 0, ci95_low = 0, ci95_high = 0;
  long n = 0;  ///< replications with a defined value; 0: undefined here (left out of the printout)
  std::string units;
  double valid_min = std::numeric_limits<double>::quiet_NaN();  ///< the possible range (NaN: unbounded)
  double valid_max = std::numeric_limits<double>::quiet_NaN();
};

/// The model's notes on one point's results, from its metric summaries by name.
using ResultNotes = std::function<std::vector<std::string>(const std::map<std::string, sim::SampleSummary>&)>;

/// A titled group of metrics, printed together ("clinic", "outcomes", "costs").
struct MetricGroup {
  std::string title;
  std::vector<std::string> metrics;
  std::string lead;  ///< when set and undefined in the results (e.g. utilisation without a clinic), the group goes last
};

/// The printed order: `groups` as given (each with the metrics of `available` it lists; a group
/// whose `lead` is not in `defined` moves to the end), then the metrics no group lists under
/// "other". With a selection (`--metrics`), only those.
std::vector<MetricGroup> ordered_metrics(const std::vector<MetricGroup>& groups, const std::vector<std::string>& available,
                                         const std::vector<std::string>& selection, const std::set<std::string>& defined = {});

/// `--metrics a,b,...`: metric names or group titles, in the order given; InputError naming what
/// is available when one is unknown. Empty text: no selection.
std::vector<std::string> parse_metric_selection(const std::string& text, const std::vector<MetricGroup>& groups,
                                                const std::vector<std::string>& available);

/// A value as printed: money ("USD") with thousands separators and no decimals, otherwise three
/// decimals; `sign` puts + before positive values (differences). NaN prints as "-".
std::string format_value(double v, const std::string& units, bool sign = false);

/// A unit as printed: the vocabulary term with its range where that is how people know it
/// ("1" in [0, 1] is "fraction 0-1", "ODI points" in [0, 100] "ODI points 0-100", "NRS points" in
/// [0, 10] "NRS 0-10"); anything else (and a version-1 file's prose units) as stored.
std::string display_units(const std::string& units, double valid_min, double valid_max);

/// Clips [low, high] to the possible range (a difference's range is +-(max - min)); true when
/// either end moved.
bool clip_interval(double& low, double& high, double valid_min, double valid_max, bool difference = false);

/// A value as printed in a point's name: its label when `labels` has one for the code, else
/// "%.6g" ("telehealth", "56", "0.35").
std::string value_as_printed(double v, const std::vector<std::string>& labels);

/// A swept key without its top table, for narrow columns: "clinic.therapists[0].count" ->
/// "therapists[0].count".
std::string short_key(const std::string& key);

/// The model's notes on one point's metric lines (empty without `notes`).
std::vector<std::string> notes_for(const ResultNotes& notes, const std::vector<MetricLine>& lines);

/// "point 3: clinic.therapists[0].count = 5, protocol.preset = early_intensive": a point's
/// number (for --points and --reference-point) and what differs at it.
std::string point_name(std::size_t point, const std::vector<std::pair<std::string, std::string>>& swept);

/// Prints `heading`, the column titles and one line per defined metric of `order`; intervals
/// clipped to the possible range are marked with `*`. Returns whether any was.
bool render_metric_block(std::ostream& out, const std::string& heading, const std::vector<MetricLine>& lines, const std::vector<MetricGroup>& order);

/// The footnotes under a table: what `*` means, a warning when the replications are too few for
/// the t-intervals to be trusted, and (always with `precision`, else with another note) that the
/// intervals measure Monte Carlo precision.
std::string interval_notes(bool clipped, long replications, bool precision = false);

}  // namespace rehabsim::app
