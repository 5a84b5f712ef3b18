#pragma once
// Draws patients: cohort by share, then correlated covariates through a Gaussian copula (latent
// normals correlated by the Cholesky factor of the scenario's correlation matrix, each mapped to
// its marginal: truncated normal for continuous covariates, a threshold for binary ones).
#include <cstdint>
#include <vector>

#include "models/params/correlation_matrix.hpp"
#include "models/params/patient.hpp"
#include "models/params/scenario.hpp"
#include "models/physiology/fusion_risk.hpp"

namespace rehabsim::models {

class CohortGenerator {
 public:
  explicit CohortGenerator(const Scenario& scenario);
  /// The same, with the fusion coefficients of a scenario whose fusion population is the same
  /// (same_fusion_population): matching them again would give the same numbers, at the cost of
  /// thousands of bisection steps (most of a small sweep point's set-up).
  CohortGenerator(const Scenario& scenario, const FusionCoefficients& matched);
  /// Whether two scenarios draw the same fusion population and match it to the same published
  /// measures: the same cohorts, correlations and fusion parameters.
  static bool same_fusion_population(const Scenario& a, const Scenario& b);
  /// Patient `patient` of `replication`: the same person for the same seed at every sweep point.
  Covariates draw(std::uint64_t seed, std::uint32_t replication, std::uint32_t patient) const;

  /// Maps latent standard normals z (CovariateIndex order) of a cohort to covariates (no randomness).
  static void apply_marginals(const CohortSpec& cohort, const CovariateVector& z, Covariates& out);

  /// The fusion risk-factor coefficients matched in this scenario's fusion population (fusion_risk.hpp).
  const FusionCoefficients& fusion_coefficients() const { return fusion_; }
  /// The fixed sample of fusion patients they are matched in (empty without a fusion cohort).
  std::vector<Covariates> fusion_population(std::size_t n) const;

 private:
  FusionCoefficients fusion_;
  const Scenario& scenario_;
  std::vector<double> shares_;
  CovariateMatrix cholesky_;  ///< lower factor L with L L^T = correlation matrix
};

}  // namespace rehabsim::models
