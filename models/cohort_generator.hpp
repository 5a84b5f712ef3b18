#pragma once
// Draws patients: cohort by share, then correlated covariates through a Gaussian copula (latent
// normals correlated by the Cholesky factor of the scenario's correlation matrix, each mapped to
// its marginal: truncated normal for continuous covariates, a threshold for binary ones).
#include <cstdint>
#include <vector>

#include "models/correlation_matrix.hpp"
#include "models/patient.hpp"
#include "models/scenario.hpp"

namespace rehabsim::models {

class CohortGenerator {
 public:
  explicit CohortGenerator(const Scenario& scenario);
  /// Patient `patient` of `replication`: the same person for the same seed at every sweep point.
  Covariates draw(std::uint64_t seed, std::uint32_t replication, std::uint32_t patient) const;

  /// Maps latent standard normals z (CovariateIndex order) of a cohort to covariates (no randomness).
  static void apply_marginals(const CohortSpec& cohort, const CovariateVector& z, Covariates& out);

 private:
  const Scenario& scenario_;
  std::vector<double> shares_;
  CovariateMatrix cholesky_;  ///< lower factor L with L L^T = correlation matrix
};

}  // namespace rehabsim::models
