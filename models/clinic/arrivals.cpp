#include "models/clinic/arrivals.hpp"

#include "models/params/rng_purposes.hpp"
#include "sim/calendar/arrival_process.hpp"
#include "sim/core/distributions.hpp"
#include "sim/core/rng_stream.hpp"

namespace rehabsim::models {

std::vector<double> surgery_days(const ClinicParams& c, std::uint64_t seed, std::uint32_t replication, std::uint32_t patients) {
  std::vector<double> days(patients, 0.0);
  if (c.arrivals == ArrivalMode::Cohort) return days;
  std::vector<double> weekly(c.week_of_year_multiplier.begin(), c.week_of_year_multiplier.end());
  for (double& r : weekly) r *= c.arrivals_per_week;
  const sim::PiecewiseRateArrivals process(weekly, static_cast<std::size_t>(c.start_week_of_year - 1));
  sim::RngStream stream({seed, replication, 0, static_cast<std::uint32_t>(Purpose::Arrivals)});
  double lambda = 0;
  for (auto& d : days) {
    lambda += sim::exponential(stream, 1.0);
    d = 7.0 * process.time_at(lambda);
  }
  return days;
}

}  // namespace rehabsim::models
