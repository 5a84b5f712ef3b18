#include "sim/calendar/arrival_process.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace rehabsim::sim {

PiecewiseRateArrivals::PiecewiseRateArrivals(std::vector<double> rate_per_period, std::size_t first_period) {
  if (rate_per_period.empty()) throw std::invalid_argument("arrival rates: no periods");
  const std::size_t n = rate_per_period.size();
  for (std::size_t k = 0; k < n; ++k) rate_.push_back(rate_per_period[(first_period + k) % n]);
  cumulative_.push_back(0.0);
  for (double r : rate_) {
    if (!(r >= 0) || !std::isfinite(r)) throw std::invalid_argument("arrival rates must be finite and >= 0");
    cumulative_.push_back(cumulative_.back() + r);
  }
  if (!(cumulative_.back() > 0)) throw std::invalid_argument("arrival rates: the cycle has no arrivals");
}

double PiecewiseRateArrivals::time_at(double lambda) const {
  const double total = cumulative_.back();
  const double cycles = std::floor(lambda / total);
  const double rest = lambda - cycles * total;
  // The period in which the cumulative intensity passes `rest` (skipping periods with rate 0).
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), rest);
  std::size_t k = static_cast<std::size_t>(it - cumulative_.begin()) - 1;
  while (k < rate_.size() && rate_[k] == 0) ++k;
  if (k >= rate_.size()) return (cycles + 1) * static_cast<double>(rate_.size());  // rounding at the cycle's end
  return cycles * static_cast<double>(rate_.size()) + static_cast<double>(k) + (rest - cumulative_[k]) / rate_[k];
}

double PiecewiseRateArrivals::cumulative(double t) const {
  const double n = static_cast<double>(rate_.size());
  const double cycles = std::floor(t / n);
  const double within = t - cycles * n;
  const auto k = std::min(rate_.size() - 1, static_cast<std::size_t>(within));
  return cycles * cumulative_.back() + cumulative_[k] + (within - static_cast<double>(k)) * rate_[k];
}

}  // namespace rehabsim::sim
