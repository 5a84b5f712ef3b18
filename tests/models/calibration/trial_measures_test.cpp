// Calibration measures on hand-built patients, against hand-computed values.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "models/calibration/trial_measures.hpp"

namespace rehabsim::models::calibration {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

PatientResult patient(double odi_12m, Surgery surgery = Surgery::Discectomy, bool smoker = false) {
  PatientResult r;
  r.covariates.surgery = surgery;
  r.covariates.smoker = smoker;
  r.covariates.baseline_odi = 50;
  r.odi = {40, 30, 25, odi_12m};
  return r;
}

Patients pointers(const std::vector<PatientResult>& rs) {
  Patients ps;
  for (const auto& r : rs) ps.push_back(&r);
  return ps;
}

TargetSpec spec(const std::string& measure, std::vector<std::size_t> arms = {0}) {
  TargetSpec t;
  t.measure = measure;
  t.arms = std::move(arms);
  return t;
}

TEST(TrialMeasures, MeansAndVariancesLeaveMissingValuesOut) {
  const std::vector<PatientResult> rs = {patient(10), patient(kNaN), patient(20), patient(30)};
  const auto odi = [](const PatientResult& r) { return r.odi[3]; };
  EXPECT_DOUBLE_EQ(mean_of(pointers(rs), odi), 20.0);
  EXPECT_DOUBLE_EQ(variance_of(pointers(rs), odi), 100.0);  // (100 + 0 + 100) / 2
  EXPECT_TRUE(std::isnan(mean_of({}, odi)));
  EXPECT_TRUE(std::isnan(variance_of(pointers({patient(5)}), odi)));
}

TEST(TrialMeasures, StandardisedMeanDifferenceUsesThePooledSd) {
  const std::vector<PatientResult> a = {patient(1), patient(3)}, b = {patient(0), patient(2)};
  // means 2 and 1, variances 2 and 2: (2 - 1) / sqrt(2)
  EXPECT_NEAR(smd(pointers(a), pointers(b), [](const PatientResult& r) { return r.odi[3]; }), 1.0 / std::sqrt(2.0), 1e-12);
  Trial trial;
  trial.arms.resize(2);
  EXPECT_NEAR(measure(spec("odi_smd", {0, 1}), trial, {pointers(a), pointers(b)}), 1.0 / std::sqrt(2.0), 1e-12);
  EXPECT_DOUBLE_EQ(measure(spec("odi_difference", {0, 1}), trial, {pointers(a), pointers(b)}), 1.0);
}

TEST(TrialMeasures, MedianFusionDayCountsTheUnfusedAsLast) {
  std::vector<PatientResult> rs = {patient(0, Surgery::Fusion), patient(0, Surgery::Fusion), patient(0, Surgery::Fusion),
                                   patient(0, Surgery::Discectomy)};
  rs[0].fusion_day = 100;
  rs[1].fusion_day = kNaN;  // not fused: infinitely late
  rs[2].fusion_day = 50;
  rs[3].fusion_day = 1;  // not a fusion: left out
  EXPECT_DOUBLE_EQ(median_fusion_day(pointers(rs)), 100.0);
  rs.push_back(patient(0, Surgery::Fusion));
  rs.back().fusion_day = 200;
  EXPECT_DOUBLE_EQ(median_fusion_day(pointers(rs)), 150.0);  // (100 + 200) / 2
  EXPECT_TRUE(std::isnan(median_fusion_day(pointers({patient(0)}))));
}

TEST(TrialMeasures, NonunionRelativeRiskComparesSmokersWithOthers) {
  std::vector<PatientResult> rs;
  for (int i = 0; i < 2; ++i) rs.push_back(patient(0, Surgery::Fusion, true));
  for (int i = 0; i < 4; ++i) rs.push_back(patient(0, Surgery::Fusion, false));
  rs[0].fused_12m = true;                              // smokers: 1 of 2 not fused
  for (int i = 2; i < 5; ++i) rs[i].fused_12m = true;  // others: 1 of 4 not fused
  Trial trial;
  trial.arms.resize(1);
  EXPECT_DOUBLE_EQ(measure(spec("nonunion_relative_risk"), trial, {pointers(rs)}), 2.0);  // 0.5 / 0.25
  EXPECT_DOUBLE_EQ(measure(spec("nonunion_share"), trial, {pointers(rs)}), 2.0 / 6.0);
  EXPECT_DOUBLE_EQ(measure(spec("fused_12m"), trial, {pointers(rs)}), 4.0 / 6.0);
}

TEST(TrialMeasures, RespondersAndChangeFromBaseline) {
  // baseline 50: a responder improves by at least 30% (ODI <= 35)
  const std::vector<PatientResult> rs = {patient(35), patient(36), patient(10), patient(50)};
  Trial trial;
  trial.arms.resize(1);
  EXPECT_DOUBLE_EQ(measure(spec("responders"), trial, {pointers(rs)}), 0.5);
  EXPECT_DOUBLE_EQ(measure(spec("odi_change"), trial, {pointers(rs)}), (35 + 36 + 10 + 50) / 4.0 - 50);
}

TEST(TrialMeasures, ReturnToWorkCountsEmployedPatientsOnly) {
  std::vector<PatientResult> rs(4);
  rs[0].covariates.employed = true, rs[0].return_to_work_day = 70;
  rs[1].covariates.employed = true, rs[1].return_to_work_day = 140;
  rs[2].covariates.employed = true, rs[2].return_to_work_day = kNaN;
  rs[3].covariates.employed = false, rs[3].return_to_work_day = kNaN;
  Trial trial;
  trial.arms.resize(1);
  TargetSpec t = spec("return_to_work_share");
  t.day = 90;
  EXPECT_DOUBLE_EQ(measure(t, trial, {pointers(rs)}), 1.0 / 3.0);
  t.measure = "return_to_work_mean_weeks";
  t.day = 365;
  EXPECT_DOUBLE_EQ(measure(t, trial, {pointers(rs)}), 15.0);  // (10 + 20) / 2 weeks
}

TEST(TrialMeasures, TargetGroupsFilterBySurgeryAndSmoking) {
  TargetSpec t;
  t.surgery = Surgery::Fusion;
  t.group = "smokers";
  EXPECT_TRUE(in_target_group(t, patient(0, Surgery::Fusion, true)));
  EXPECT_FALSE(in_target_group(t, patient(0, Surgery::Fusion, false)));
  EXPECT_FALSE(in_target_group(t, patient(0, Surgery::Decompression, true)));
  t.group = "non_smokers";
  EXPECT_TRUE(in_target_group(t, patient(0, Surgery::Fusion, false)));
}

}  // namespace
}  // namespace rehabsim::models::calibration
