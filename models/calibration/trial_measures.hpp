#pragma once
// The measures a calibration target compares with a published value, computed from one
// replication's patients of each arm. Missing values (NaN) are left out of means.
#include <functional>
#include <vector>

#include "models/calibration/virtual_trial.hpp"
#include "models/patient/recovery_replication.hpp"

namespace rehabsim::models::calibration {

using Patients = std::vector<const PatientResult*>;
using PatientValue = std::function<double(const PatientResult&)>;

/// Mean of f over the patients where f is not NaN; NaN when there are none.
double mean_of(const Patients& ps, const PatientValue& f);
/// Sample variance (n - 1) of f over the patients where f is not NaN; NaN with fewer than two.
double variance_of(const Patients& ps, const PatientValue& f);
/// Standardised mean difference of f, A minus B, over the pooled SD sqrt((var_A + var_B) / 2).
double smd(const Patients& a, const Patients& b, const PatientValue& f);
/// Median day of fusion among fusion patients (a patient not fused counts as infinitely late);
/// NaN without fusion patients.
double median_fusion_day(const Patients& ps);
/// Mean muscle loss in percent per day over 14 days without load, from each patient's own rates.
double muscle_loss_percent_per_day(const Scenario& scenario, const Patients& ps);

/// The target's measure on one replication: `arms[i]` holds arm i's patients already filtered by
/// the target's surgery and group. NaN for a measure without data.
double measure(const TargetSpec& target, const Trial& trial, const std::vector<Patients>& arms);

/// Whether a patient belongs to a target's subgroup (surgery and smokers / non-smokers).
bool in_target_group(const TargetSpec& target, const PatientResult& r);

}  // namespace rehabsim::models::calibration
