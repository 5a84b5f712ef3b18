#include "models/outcome_model.hpp"

#include <algorithm>

namespace rehabsim::models {

double recovery_deficit(const OutcomeParams& p, double healing, double muscle, double muscle_floor) {
  const double muscle_deficit = std::clamp((1.0 - muscle) / (1.0 - muscle_floor), 0.0, 1.0);
  return p.weight_healing * (1.0 - std::clamp(healing, 0.0, 1.0)) + p.weight_muscle * muscle_deficit;
}

double observe_score(double expected, double noise, double max_score) {
  return std::clamp(expected + noise, 0.0, max_score);
}

}  // namespace rehabsim::models
