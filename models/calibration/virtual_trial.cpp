#include "models/calibration/virtual_trial.hpp"

namespace rehabsim::models::calibration {

bool is_comparison(const std::string& m) {
  return m == "odi_difference" || m == "odi_smd" || m == "pain_smd" || m == "pain_difference_vas" || m == "qaly_difference";
}

}  // namespace rehabsim::models::calibration
