#pragma once
// Arrival times of a Poisson process whose rate is constant within each period and repeats with a
// cycle (e.g. 52 weekly rates for a year). Arrival k happens where the cumulative intensity
// Lambda(t) = integral of rate reaches E_1 + ... + E_k (E unit exponentials): the time change
// inverts Lambda in closed form, so the same draws give the same arrivals under any other setting.
#include <cstdint>
#include <vector>

namespace rehabsim::sim {

class PiecewiseRateArrivals {
 public:
  /// `rate_per_period[k]`: arrivals per period in period k of each cycle (>= 0, cycle total > 0).
  /// Times are in periods since the start of the first cycle; `first_period` shifts where in the
  /// cycle time 0 falls.
  explicit PiecewiseRateArrivals(std::vector<double> rate_per_period, std::size_t first_period = 0);
  /// Time (in periods) at which the cumulative intensity reaches `lambda`.
  double time_at(double lambda) const;
  /// Cumulative intensity at time t (periods).
  double cumulative(double t) const;

 private:
  std::vector<double> rate_;        ///< rotated so that index 0 is time 0
  std::vector<double> cumulative_;  ///< at the start of each period of the cycle; back() = cycle total
};

}  // namespace rehabsim::sim
