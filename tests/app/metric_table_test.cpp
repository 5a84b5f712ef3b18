// Number formats, interval clipping and the metric selection of the printed tables.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "app/metric_table.hpp"
#include "sim/core/errors.hpp"

namespace rehabsim::app {
namespace {

TEST(MetricTable, MoneyHasThousandsSeparatorsOtherValuesThreeDecimals) {
  EXPECT_EQ(format_value(485756.04, "USD"), "485,756");
  EXPECT_EQ(format_value(-1234567.6, "USD"), "-1,234,568");
  EXPECT_EQ(format_value(999.4, "USD"), "999");
  EXPECT_EQ(format_value(12.5, "USD", true), "+13");  // rounds half away from zero
  EXPECT_EQ(format_value(0.2391, "fraction 0-1"), "0.239");
  EXPECT_EQ(format_value(0.2391, "fraction 0-1", true), "+0.239");
  EXPECT_EQ(format_value(std::numeric_limits<double>::quiet_NaN(), "days"), "-");
}

TEST(MetricTable, IntervalsAreClippedToThePossibleRange) {
  double low = -0.349, high = 0.826;
  EXPECT_TRUE(clip_interval(low, high, 0, 1));
  EXPECT_EQ(low, 0.0);
  EXPECT_EQ(high, 0.826);
  // A difference of fractions lies in [-1, 1].
  low = -1.2, high = 0.5;
  EXPECT_TRUE(clip_interval(low, high, 0, 1, true));
  EXPECT_EQ(low, -1.0);
  // Unbounded above (days): only the lower end is clipped; a difference of an unbounded metric not at all.
  low = -3, high = 1e9;
  EXPECT_TRUE(clip_interval(low, high, 0, std::numeric_limits<double>::quiet_NaN()));
  EXPECT_EQ(low, 0.0);
  EXPECT_EQ(high, 1e9);
  low = -3, high = 4;
  EXPECT_FALSE(clip_interval(low, high, 0, std::numeric_limits<double>::quiet_NaN(), true));
}

TEST(MetricTable, SelectionTakesNamesAndGroupsAndRefusesUnknownOnes) {
  const std::vector<MetricGroup> groups = {{"clinic", {"wait", "util"}, ""}, {"outcomes", {"odi"}, ""}};
  const std::vector<std::string> available = {"odi", "wait", "util", "cost"};
  EXPECT_EQ(parse_metric_selection("cost, clinic", groups, available), (std::vector<std::string>{"cost", "wait", "util"}));
  EXPECT_TRUE(parse_metric_selection("", groups, available).empty());
  try {
    parse_metric_selection("wiat", groups, available);
    FAIL();
  } catch (const sim::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown metric \"wiat\""), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("clinic, outcomes"), std::string::npos);
  }
  // Printed order: groups first, then what no group lists.
  const auto order = ordered_metrics(groups, available, {});
  ASSERT_EQ(order.size(), 3u);
  EXPECT_EQ(order[0].title, "clinic");
  EXPECT_EQ(order[2].title, "other");
  EXPECT_EQ(order[2].metrics, (std::vector<std::string>{"cost"}));
  // A group led by a metric the results do not define (no clinic: no utilisation) goes last.
  const std::vector<MetricGroup> led = {{"clinic", {"wait", "util"}, "util"}, {"outcomes", {"odi"}, ""}};
  EXPECT_EQ(ordered_metrics(led, available, {}, {"odi", "wait"})[0].title, "outcomes");
  EXPECT_EQ(ordered_metrics(led, available, {}, {"odi", "wait", "util"})[0].title, "clinic");
}

}  // namespace
}  // namespace rehabsim::app

namespace rehabsim::app {
namespace {

TEST(MetricTable, FewReplicationsNoteStartsBelowTenAndNamesTheCount) {
  EXPECT_EQ(interval_notes(false, 10, false), "");  // 10 is enough: no note, no footer
  const std::string nine = interval_notes(false, 9, false);
  EXPECT_NE(nine.find("note: 9 replications:"), std::string::npos) << nine;
  EXPECT_NE(nine.find("use -r 10 or more"), std::string::npos) << nine;
  EXPECT_NE(interval_notes(false, 1, false).find("note: 1 replication:"), std::string::npos);
  EXPECT_EQ(interval_notes(false, 0, false), "");  // nothing ran: nothing to qualify
  EXPECT_NE(interval_notes(true, 30, false).find("clipped"), std::string::npos);
  EXPECT_NE(interval_notes(false, 30, true).find("Monte Carlo precision"), std::string::npos);
}

}  // namespace
}  // namespace rehabsim::app
