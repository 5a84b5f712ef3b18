#pragma once
// Distribution transforms owned by the project (not std::*_distribution, whose algorithms differ
// between standard libraries), so a stream gives the same numbers everywhere. Each sampler takes any
// source with `double uniform01()` on (0, 1); the known-answer tests feed fixed uniforms.
#include <cmath>
#include <concepts>
#include <cstddef>
#include <numbers>
#include <span>
#include <stdexcept>

namespace rehabsim::sim {

template <class S>
concept UniformSource = requires(S& s) {
  { s.uniform01() } -> std::convertible_to<double>;
};

/// Standard normal quantile Phi^-1(p) for p in (0, 1).
double normal_quantile(double p);
/// Standard normal distribution function Phi(x).
double normal_cdf(double x);

/// Uniform on (a, b).
template <UniformSource S>
double uniform(S& s, double a, double b) {
  return a + (b - a) * s.uniform01();
}

/// Exponential with the given rate (mean 1/rate), by inversion.
template <UniformSource S>
double exponential(S& s, double rate) {
  return -std::log(s.uniform01()) / rate;
}

/// Normal(mean, sd) by inversion: one uniform per draw, so copulas and streams stay aligned.
template <UniformSource S>
double normal(S& s, double mean, double sd) {
  return mean + sd * normal_quantile(s.uniform01());
}

/// Normal(mean, sd) truncated to [lo, hi], by inversion of the uniform mapped into the CDF range.
double truncated_normal_from_uniform(double u, double mean, double sd, double lo, double hi);

template <UniformSource S>
double truncated_normal(S& s, double mean, double sd, double lo, double hi) {
  return truncated_normal_from_uniform(s.uniform01(), mean, sd, lo, hi);
}

/// Lognormal: exp(Normal(mu, sigma)) with mu, sigma on the log scale.
template <UniformSource S>
double lognormal(S& s, double mu, double sigma) {
  return std::exp(normal(s, mu, sigma));
}

/// Gamma(shape k, scale theta) by Marsaglia and Tsang (2000); k < 1 uses the boost U^(1/k).
template <UniformSource S>
double gamma(S& s, double shape, double scale) {
  if (!(shape > 0.0) || !(scale > 0.0)) throw std::invalid_argument("gamma: shape and scale must be > 0");
  if (shape < 1.0) {
    const double g = gamma(s, shape + 1.0, 1.0);
    return scale * g * std::pow(s.uniform01(), 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    const double z = normal_quantile(s.uniform01());
    const double v1 = 1.0 + c * z;
    if (v1 <= 0.0) continue;
    const double v = v1 * v1 * v1;
    const double u = s.uniform01();
    if (std::log(u) < 0.5 * z * z + d - d * v + d * std::log(v)) return scale * d * v;
  }
}

/// Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
template <UniformSource S>
double beta(S& s, double a, double b) {
  const double x = gamma(s, a, 1.0);
  const double y = gamma(s, b, 1.0);
  return x / (x + y);
}

/// True with probability p.
template <UniformSource S>
bool bernoulli(S& s, double p) {
  return s.uniform01() < p;
}

/// Index i with probability weights[i] / sum(weights); weights must be >= 0 with a positive sum.
std::size_t categorical_from_uniform(double u, std::span<const double> weights);

template <UniformSource S>
std::size_t categorical(S& s, std::span<const double> weights) {
  return categorical_from_uniform(s.uniform01(), weights);
}

/// Weibull(shape k, scale lambda) by inversion: lambda * (-ln U)^(1/k).
template <UniformSource S>
double weibull(S& s, double shape, double scale) {
  return scale * std::pow(-std::log(s.uniform01()), 1.0 / shape);
}

}  // namespace rehabsim::sim
