#include "sim/stats/summary_stats.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

namespace rehabsim::sim {

SampleSummary summarise(std::span<const double> values) {
  SampleSummary s;
  double sum = 0.0;
  for (double v : values)
    if (!std::isnan(v)) {
      sum += v;
      ++s.n;
    }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (s.n == 0) return {nan, nan, nan, nan, 0};
  s.mean = sum / static_cast<double>(s.n);
  if (s.n < 2) {
    s.sd = s.ci95_low = s.ci95_high = nan;
    return s;
  }
  double ss = 0.0;  // two-pass for accuracy
  for (double v : values)
    if (!std::isnan(v)) ss += (v - s.mean) * (v - s.mean);
  s.sd = std::sqrt(ss / static_cast<double>(s.n - 1));
  const boost::math::students_t t(static_cast<double>(s.n - 1));
  const double half = boost::math::quantile(t, 0.975) * s.sd / std::sqrt(static_cast<double>(s.n));
  s.ci95_low = s.mean - half;
  s.ci95_high = s.mean + half;
  return s;
}

}  // namespace rehabsim::sim
