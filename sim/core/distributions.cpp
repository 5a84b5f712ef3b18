#include "sim/core/distributions.hpp"

#include <algorithm>
#include <cmath>

namespace rehabsim::sim {

namespace {

// Horner evaluation of c[0] + c[1] x + ... + c[N-1] x^(N-1).
template <std::size_t N>
double polynomial(const double (&c)[N], double x) {
  double v = c[N - 1];
  for (std::size_t k = N - 1; k-- > 0;) v = v * x + c[k];
  return v;
}

// Wichura's algorithm AS 241 (PPND16), Applied Statistics 37(3):477-484, 1988: rational
// approximations of the normal quantile with about 16 significant digits, in three regions: the
// centre |p - 0.5| <= 0.425, then by r = sqrt(-log(min(p, 1 - p))) up to 5 and beyond.
constexpr double kCentreNum[] = {3.3871328727963666080e0,  1.3314166789178437745e+2, 1.9715909503065514427e+3, 1.3731693765509461125e+4,
                                 4.5921953931549871457e+4, 6.7265770927008700853e+4, 3.3430575583588128105e+4, 2.5090809287301226727e+3};
constexpr double kCentreDen[] = {1.0,
                                 4.2313330701600911252e+1,
                                 6.8718700749205790830e+2,
                                 5.3941960214247511077e+3,
                                 2.1213794301586595867e+4,
                                 3.9307895800092710610e+4,
                                 2.8729085735721942674e+4,
                                 5.2264952788528545610e+3};
constexpr double kNearNum[] = {1.42343711074968357734e0, 4.63033784615654529590e0,  5.76949722146069140550e0,  3.64784832476320460504e0,
                               1.27045825245236838258e0, 2.41780725177450611770e-1, 2.27238449892691845833e-2, 7.74545014278341407640e-4};
constexpr double kNearDen[] = {1.0,
                               2.05319162663775882187e0,
                               1.67638483018380384940e0,
                               6.89767334985100004550e-1,
                               1.48103976427480074590e-1,
                               1.51986665636164571966e-2,
                               5.47593808499534494600e-4,
                               1.05075007164441684324e-9};
constexpr double kFarNum[] = {6.65790464350110377720e0,  5.46378491116411436990e0,  1.78482653991729133580e0,  2.96560571828504891230e-1,
                              2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7};
constexpr double kFarDen[] = {1.0,
                              5.99832206555887937690e-1,
                              1.36929880922735805310e-1,
                              1.48753612908506148525e-2,
                              7.86869131145613259100e-4,
                              1.84631831751005468180e-5,
                              1.42151175831644588870e-7,
                              2.04426310338993978564e-15};

}  // namespace

double normal_quantile(double p) {
  if (!(p > 0.0 && p < 1.0)) throw std::domain_error("normal_quantile: p must lie in (0, 1)");
  const double q = p - 0.5;
  if (std::abs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    return q * polynomial(kCentreNum, r) / polynomial(kCentreDen, r);
  }
  double r = std::sqrt(-std::log(q < 0 ? p : 1.0 - p));
  double z;
  if (r <= 5.0) {
    r -= 1.6;
    z = polynomial(kNearNum, r) / polynomial(kNearDen, r);
  } else {
    r -= 5.0;
    z = polynomial(kFarNum, r) / polynomial(kFarDen, r);
  }
  return q < 0 ? -z : z;
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
