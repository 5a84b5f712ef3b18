#pragma once
// The latent correlation matrix of the covariate copula, in the order of CovariateIndex.
#include <Eigen/Core>

#include "models/params/scenario.hpp"

namespace rehabsim::models {

enum CovariateIndex : int { kAge, kBmi, kSmoker, kDiabetic, kProtein, kVitaminD, kOdi, kBackPain, kLegPain, kCovariateCount };

using CovariateVector = Eigen::Matrix<double, kCovariateCount, 1>;
using CovariateMatrix = Eigen::Matrix<double, kCovariateCount, kCovariateCount>;

inline CovariateMatrix correlation_matrix(const Correlations& c) {
  CovariateMatrix m = CovariateMatrix::Identity();
  const auto set = [&](int i, int j, double r) { m(i, j) = m(j, i) = r; };
  set(kAge, kDiabetic, c.age_diabetic);
  set(kBmi, kDiabetic, c.bmi_diabetic);
  set(kAge, kSmoker, c.age_smoker);
  set(kBmi, kVitaminD, c.bmi_vitamin_d_deficient);
  set(kDiabetic, kVitaminD, c.diabetic_vitamin_d_deficient);
  set(kProtein, kVitaminD, c.protein_vitamin_d_deficient);
  set(kOdi, kBackPain, c.odi_back_pain);
  set(kOdi, kLegPain, c.odi_leg_pain);
  set(kBackPain, kLegPain, c.back_leg_pain);
  return m;
}

}  // namespace rehabsim::models
