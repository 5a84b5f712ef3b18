#pragma once
// Partial rank correlation coefficients (PRCC) of sweep parameters on an outcome: ranks of each
// parameter and of the outcome are regressed on the ranks of the other parameters (least squares,
// Eigen), and the PRCC is the correlation of the two residuals. The 95% interval uses Fisher's z
// with standard error 1 / sqrt(n - 3 - q), the p-value Student's t with n - 2 - q degrees of
// freedom (q = number of other parameters).
#include <Eigen/Core>
#include <span>
#include <vector>

namespace rehabsim::sim {

struct PrccResult {
  double prcc = 0, ci95_low = 0, ci95_high = 0, p_value = 0;
};

/// Ranks 1..n, ties sharing their average rank.
std::vector<double> ranks(std::span<const double> values);

/// One result per column of `parameters` (n x p); NaN when n is too small or a rank is constant.
std::vector<PrccResult> prcc(const Eigen::MatrixXd& parameters, const Eigen::VectorXd& outcome);

}  // namespace rehabsim::sim
