#include "models/physiology/hazards.hpp"

#include <algorithm>
#include <cmath>

namespace rehabsim::models {

constexpr double kDaysPerYear = 365.25;

double fall_rate_per_day(const FallParams& p, double age_years, double balance) {
  return p.rate_per_year / kDaysPerYear * std::pow(p.odds_ratio_per_decade, (age_years - 65.0) / 10.0) *
         std::exp(p.log_hazard_per_balance_deficit * std::max(0.0, 1.0 - balance));
}

double reoperation_rate_per_day(const ReoperationParams& p, const Covariates& c, double days_since_surgery, bool unfused_after_12_months) {
  const double t = std::max(0.0, days_since_surgery);
  double rate = of(p.rate_per_year, c.surgery) + of(p.early_rate_per_year, c.surgery) * std::exp(-t / p.early_time_constant_days) +
                of(p.rate_increase_per_year_per_year, c.surgery) * t / kDaysPerYear;
  if (c.surgery == Surgery::Discectomy && c.approach != Approach::Open) rate *= p.mis_rate_ratio_discectomy;
  if (unfused_after_12_months) rate += p.nonunion_rate_per_year;
  return rate / kDaysPerYear;
}

}  // namespace rehabsim::models
