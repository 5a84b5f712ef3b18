// The notes printed under a clinic's results: each one's thresholds at their boundaries, and the
// numbers it quotes (a fraction printed as a percentage, a mean as days).
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "models/outputs/result_notes.hpp"

namespace rehabsim::models {
namespace {

sim::SampleSummary at(double mean, double low, double high) { return {.mean = mean, .sd = 0, .ci95_low = low, .ci95_high = high, .n = 10}; }

std::string joined(const std::map<std::string, sim::SampleSummary>& m) {
  std::string all;
  for (const auto& note : result_notes(m)) all += note + "\n";
  return all;
}

TEST(ResultNotes, IdleTimeBesideALongWaitQuotesUtilisationAsAPercentage) {
  const auto notes = joined({{"utilisation", at(0.85, 0.84, 0.86)}, {"wait_mean_days", at(35.2, 34, 36)}});
  EXPECT_NE(notes.find("utilisation is 85% beside a 35-day mean wait"), std::string::npos) << notes;
  // Boundaries: below 90% busy and above 28 days' wait, both strict.
  EXPECT_EQ(joined({{"utilisation", at(0.9, 0.89, 0.91)}, {"wait_mean_days", at(35, 34, 36)}}), "");
  EXPECT_NE(joined({{"utilisation", at(0.8999, 0.89, 0.91)}, {"wait_mean_days", at(35, 34, 36)}}), "");
  EXPECT_EQ(joined({{"utilisation", at(0.5, 0.4, 0.6)}, {"wait_mean_days", at(28, 27, 29)}}), "");
  EXPECT_NE(joined({{"utilisation", at(0.5, 0.4, 0.6)}, {"wait_mean_days", at(28.01, 27, 29)}}), "");
  EXPECT_EQ(joined({{"utilisation", at(0.5, 0.4, 0.6)}}), "");  // no wait figure: no note
}

TEST(ResultNotes, UnstableQueueNeedsGrowthAboveZeroAndAQuarterOfTheListInHalfAYear) {
  // 26 weeks x 1.0 a week = 26 > a quarter of a mean list of 100 (25): unstable.
  const auto unstable = joined({{"waiting_list_growth_per_week", at(1.0, 0.5, 1.5)}, {"waiting_list_mean", at(100, 90, 110)}});
  EXPECT_NE(unstable.find("grows by 1.00 patients a week [95% CI 0.50, 1.50]"), std::string::npos) << unstable;
  EXPECT_NE(unstable.find("mean length 100.0"), std::string::npos);
  // The interval touching 0: not shown to grow.
  EXPECT_EQ(joined({{"waiting_list_growth_per_week", at(1.0, 0.0, 2.0)}, {"waiting_list_mean", at(100, 90, 110)}}), "");
  // 26 x 0.96 = 24.96 < 25: growth too small to matter.
  EXPECT_EQ(joined({{"waiting_list_growth_per_week", at(0.96, 0.5, 1.5)}, {"waiting_list_mean", at(100, 90, 110)}}), "");
}

TEST(ResultNotes, NobodyAtWorkOnlyWhenEveryReplicationHadNoStaffAndPatientsCame) {
  const auto empty = joined({{"staff_fte", at(0, 0, 0)}, {"referrals_per_week", at(12.5, 12, 13)}});
  EXPECT_NE(empty.find("no therapist worked"), std::string::npos);
  EXPECT_NE(empty.find("while 12.5 patients a week"), std::string::npos) << empty;
  EXPECT_EQ(joined({{"staff_fte", at(0.1, 0, 0.2)}, {"referrals_per_week", at(12.5, 12, 13)}}), "");
  EXPECT_EQ(joined({{"staff_fte", at(0, 0, 0)}, {"referrals_per_week", at(0, 0, 0)}}), "");
}

}  // namespace
}  // namespace rehabsim::models
