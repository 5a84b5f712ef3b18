#pragma once
// The one tolerance rule of the statistical tests: an estimate must lie within kZ standard errors
// of its expected value. With kZ = 5 a correct implementation fails one assertion with probability
// 5.7e-7 (two-sided normal tail); over the suite's few hundred statistical assertions, about 1e-4
// per full run. A seeded stream makes every run draw the same numbers, so a pass stays a pass.
#include <cmath>

namespace rehabsim::test {

inline constexpr double kZ = 5.0;

/// Tolerance for an estimate with standard error `se`.
inline double tolerance(double se) { return kZ * se; }
/// Tolerance for a proportion p estimated from n independent trials.
inline double proportion_tolerance(double p, double n) { return kZ * std::sqrt(p * (1 - p) / n); }
/// Tolerance for a mean of n independent draws with variance `variance`.
inline double mean_tolerance(double variance, double n) { return kZ * std::sqrt(variance / n); }
/// Tolerance for a Poisson count with expected value `mean`.
inline double count_tolerance(double mean) { return kZ * std::sqrt(mean); }

}  // namespace rehabsim::test
