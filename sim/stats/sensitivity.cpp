#include "sim/stats/sensitivity.hpp"

#include <Eigen/QR>
#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <numeric>

namespace rehabsim::sim {

std::vector<double> ranks(std::span<const double> values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> r(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    const double average = 0.5 * static_cast<double>(i + j) + 1.0;
    for (std::size_t k = i; k <= j; ++k) r[order[k]] = average;
    i = j + 1;
  }
  return r;
}

std::vector<PrccResult> prcc(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  const Eigen::Index n = x.rows(), p = x.cols();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<PrccResult> out(static_cast<std::size_t>(p), PrccResult{nan, nan, nan, nan});
  const auto rank_vector = [](const Eigen::VectorXd& v) {
    const std::vector<double> r = ranks(std::span<const double>(v.data(), static_cast<std::size_t>(v.size())));
    return Eigen::VectorXd(Eigen::Map<const Eigen::VectorXd>(r.data(), static_cast<Eigen::Index>(r.size())));
  };
  Eigen::MatrixXd rx(n, p);
  for (Eigen::Index j = 0; j < p; ++j) rx.col(j) = rank_vector(x.col(j));
  const Eigen::VectorXd ry = rank_vector(y);
  const double q = static_cast<double>(p - 1);
  const double df = static_cast<double>(n) - 2.0 - q;
  if (df < 1.0 || static_cast<double>(n) - 3.0 - q < 1.0) return out;
  for (Eigen::Index j = 0; j < p; ++j) {
    // Design: intercept and the ranks of the other parameters.
    Eigen::MatrixXd z(n, p);
    z.col(0).setOnes();
    for (Eigen::Index k = 0, c = 1; k < p; ++k)
      if (k != j) z.col(c++) = rx.col(k);
    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(z);
    const Eigen::VectorXd ex = rx.col(j) - z * qr.solve(rx.col(j));
    const Eigen::VectorXd ey = ry - z * qr.solve(ry);
    const double norm = ex.norm() * ey.norm();
    if (!(norm > 0.0)) continue;
    const double r = std::clamp(ex.dot(ey) / norm, -1.0, 1.0);
    PrccResult& result = out[static_cast<std::size_t>(j)];
    result.prcc = r;
    const double se = 1.0 / std::sqrt(static_cast<double>(n) - 3.0 - q);
    const double z_r = std::atanh(std::clamp(r, -0.999999999999, 0.999999999999));
    // min/max keep r inside its interval where |r| is within rounding of 1 and tanh saturates.
    result.ci95_low = std::min(r, std::tanh(z_r - 1.959963984540054 * se));
    result.ci95_high = std::max(r, std::tanh(z_r + 1.959963984540054 * se));
    if (std::abs(r) >= 1.0) {
      result.p_value = 0.0;
    } else {
      const double t = r * std::sqrt(df / (1.0 - r * r));
      result.p_value = 2.0 * boost::math::cdf(boost::math::complement(boost::math::students_t(df), std::abs(t)));
    }
  }
  return out;
}

}  // namespace rehabsim::sim
