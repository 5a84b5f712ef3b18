#include "models/calibration/trial_run.hpp"

#include "models/calibration/trial_measures.hpp"
#include "models/patient/recovery_replication.hpp"

namespace rehabsim::models::calibration {

std::vector<std::vector<double>> simulate_trial(Trial& trial) {
  for (Arm& arm : trial.arms) {
    const Arm& first = trial.arms.front();
    arm.cohort = &arm != &first && CohortGenerator::same_fusion_population(arm.scenario, first.scenario)
                     ? std::make_unique<CohortGenerator>(arm.scenario, first.cohort->fusion_coefficients())
                     : std::make_unique<CohortGenerator>(arm.scenario);
  }
  const Scenario& first = trial.arms.front().scenario;
  std::vector<std::vector<double>> values(trial.targets.size());
  for (std::uint32_t rep = 0; rep < first.run.replications; ++rep) {
    std::vector<std::vector<PatientResult>> results;
    for (const Arm& arm : trial.arms) results.push_back(simulate_replication(arm.scenario, *arm.cohort, rep));
    for (std::size_t k = 0; k < trial.targets.size(); ++k) {
      const TargetSpec& t = trial.targets[k];
      std::vector<Patients> arms(results.size());
      for (std::size_t a = 0; a < results.size(); ++a)
        for (const PatientResult& r : results[a])
          if (in_target_group(t, r)) arms[a].push_back(&r);
      values[k].push_back(measure(t, trial, arms));
    }
  }
  return values;
}

}  // namespace rehabsim::models::calibration
