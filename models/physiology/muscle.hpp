#pragma once
// Muscle capacity M (fraction of the pre-operative norm): a first-order capacity (first_order.hpp)
// whose rates depend on age and protein, with an immediate surgical injury by approach and a lasting
// loss by approach (denervation, fatty infiltration) that lowers every level it relaxes to.
#include "models/params/scenario.hpp"
#include "models/physiology/first_order.hpp"

namespace rehabsim::models {

struct MuscleRates {
  double loss_rate_per_day = 0;  ///< a for this patient
  double gain_rate_per_day = 0;  ///< b for this patient
};

/// a and b of a patient: base rates scaled by age and protein (relative change per decade / per g/kg).
MuscleRates muscle_rates(const MuscleParams& p, double age_years, double protein_g_per_kg_day);
/// Disuse and regain kinetics of intact muscle under `load`.
LinearRegime muscle_regime(const MuscleParams& p, const MuscleRates& r, double load);
/// The same after surgery by `approach`: its target lowered by the approach's lasting loss, x* (1 - d).
LinearRegime muscle_regime(const MuscleParams& p, const MuscleRates& r, double load, Approach approach);
/// Capacity right after surgery: m0 (1 - injury of the approach).
double muscle_after_surgery(const MuscleParams& p, Approach approach, double m0 = 1.0);

}  // namespace rehabsim::models
