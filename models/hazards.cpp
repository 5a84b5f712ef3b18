#include "models/hazards.hpp"

#include <algorithm>
#include <cmath>

namespace rehabsim::models {

constexpr double kDaysPerYear = 365.25;

double fall_rate_per_day(const FallParams& p, double age_years, double balance) {
  return p.rate_per_year / kDaysPerYear * std::pow(p.odds_ratio_per_decade, (age_years - 65.0) / 10.0) *
         std::exp(p.log_hazard_per_balance_deficit * std::max(0.0, 1.0 - balance));
}

double reoperation_rate_per_day(const ReoperationParams& p, const Covariates& c, bool unfused_after_12_months) {
  double rate = of(p.rate_per_year, c.surgery);
  if (c.surgery == Surgery::Discectomy && c.approach != Approach::Open) rate *= p.mis_rate_ratio_discectomy;
  if (unfused_after_12_months) rate += p.nonunion_rate_per_year;
  return rate / kDaysPerYear;
}

double setback_rate_per_day(const SetbackParams& p, double loading, double healing) {
  return p.rate_per_day_at_full_excess * std::max(0.0, loading - healing);
}

}  // namespace rehabsim::models
