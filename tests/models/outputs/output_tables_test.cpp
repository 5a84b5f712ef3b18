// The clinic KPIs of /replications that staffing comparisons read: hand-computed values.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "models/outputs/output_tables.hpp"

namespace rehabsim::models {
namespace {

constexpr double kMinutesPerWeek = 7.0 * 24 * 60;

// A limited clinic with weeks 0..n-1, KPI weeks [first, last].
ReplicationResult clinic_run(const std::vector<double>& waiting, const std::vector<double>& paid_hours, const std::vector<double>& cost, int first,
                             int last) {
  ReplicationResult r;
  r.clinic_limited = true;
  for (std::size_t w = 0; w < waiting.size(); ++w) {
    ClinicWeek week;
    week.waiting_patient_minutes = waiting[w] * kMinutesPerWeek;
    week.paid_minutes = paid_hours[w] * 60;
    week.staff_cost_usd = cost[w];
    r.clinic_weeks.push_back(week);
  }
  r.kpi_first_week = first;
  r.kpi_last_week = last;
  return r;
}

TEST(ClinicKpis, LeastSquaresSlopeByHand) {
  // x = 0,1,2,3; y = 1,3,2,6: x mean 1.5, y mean 3; Sxy = (-1.5)(-2) + (-0.5)(0) + (0.5)(-1) + (1.5)(3) = 7; Sxx = 5.
  const std::vector<double> y = {1, 3, 2, 6};
  EXPECT_DOUBLE_EQ(least_squares_slope(y), 7.0 / 5.0);
  const std::vector<double> flat = {4, 4, 4};
  EXPECT_DOUBLE_EQ(least_squares_slope(flat), 0.0);
  const std::vector<double> one = {4};
  EXPECT_TRUE(std::isnan(least_squares_slope(one)));
}

TEST(ClinicKpis, GrowthFteAndAnnualCostOverTheKpiWeeksOnly) {
  // Week 0 is warm-up (left out); KPI weeks 1-3 have lists 10, 12, 17 -> slope (17 - 10) / 2 = 3.5 per week
  // (x = 0,1,2: Sxy = (-1)(-3) + 0 + (1)(4) = 7, Sxx = 2).
  const ReplicationResult r = clinic_run({100, 10, 12, 17}, {999, 160, 200, 120}, {1e6, 3000, 4000, 2000}, 1, 3);
  EXPECT_DOUBLE_EQ(waiting_list_growth_per_week(r), 3.5);
  // Paid hours 160 + 200 + 120 = 480 over 3 weeks = 160 h/week = 4 FTE of 40 h.
  EXPECT_DOUBLE_EQ(staff_fte(r), 4.0);
  // Cost 9,000 over 3 weeks = 3,000 a week = 156,000 a year.
  EXPECT_DOUBLE_EQ(staff_cost_per_year_usd(r), 156000.0);
}

TEST(ClinicKpis, UndefinedWithoutALimitedClinic) {
  ReplicationResult r;
  EXPECT_TRUE(std::isnan(staff_fte(r)));
  EXPECT_TRUE(std::isnan(staff_cost_per_year_usd(r)));
  EXPECT_TRUE(std::isnan(waiting_list_growth_per_week(r)));
}

}  // namespace
}  // namespace rehabsim::models
