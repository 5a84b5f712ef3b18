#include "sim/core/distributions.hpp"

#include <algorithm>
#include <boost/math/special_functions/erf.hpp>

namespace rehabsim::sim {

double normal_quantile(double p) {
  if (!(p > 0.0 && p < 1.0)) throw std::domain_error("normal_quantile: p must lie in (0, 1)");
  // Double precision throughout: the default policy promotes to long double, which costs 3x here.
  using Policy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
  return -std::numbers::sqrt2 * boost::math::erfc_inv(2.0 * p, Policy());
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

double truncated_normal_from_uniform(double u, double mean, double sd, double lo, double hi) {
  if (!(sd > 0.0) || !(lo < hi)) throw std::invalid_argument("truncated_normal: need sd > 0, lo < hi");
  const double a = normal_cdf((lo - mean) / sd);
  const double b = normal_cdf((hi - mean) / sd);
  const double p = std::clamp(a + u * (b - a), 1e-300, 1.0 - 1e-16);
  return std::clamp(mean + sd * normal_quantile(p), lo, hi);
}

std::size_t categorical_from_uniform(double u, std::span<const double> weights) {
  double total = 0.0;
  for (double w : weights) {
    if (!(w >= 0.0)) throw std::invalid_argument("categorical: negative or NaN weight");
    total += w;
  }
  if (!(total > 0.0)) throw std::invalid_argument("categorical: weights sum to zero");
  const double target = u * total;
  double cumulative = 0.0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    cumulative += weights[i];
    if (target < cumulative) return i;
  }
  // Rounding can leave target == total: return the last category with positive weight.
  for (std::size_t i = weights.size(); i-- > 0;)
    if (weights[i] > 0.0) return i;
  return weights.size() - 1;
}

}  // namespace rehabsim::sim
