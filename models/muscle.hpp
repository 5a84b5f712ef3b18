#pragma once
// Muscle capacity M (fraction of the pre-operative norm). Between events the load L (0-1) is
// constant and one linear ODE covers disuse and training:
//   dM/dt = -a (1 - L) (M - M_floor) + b L (M_max - M)  =>  M(t) = M* + (M0 - M*) exp(-beta t),
//   beta = a (1 - L) + b L,  M* = (a (1 - L) M_floor + b L M_max) / beta.
// The base regain rate b0 is derived so that the habitual load L_h holds M at 1:
//   b0 = a0 (1 - L_h) (1 - M_floor) / (L_h (M_max - 1)).
#include "models/patient.hpp"
#include "models/scenario.hpp"

namespace rehabsim::models {

struct MuscleRates {
  double atrophy_per_day = 0;  ///< a for this patient
  double regain_per_day = 0;   ///< b for this patient
};

struct MuscleRegime {
  double beta_per_day = 0;  ///< relaxation rate
  double target = 1;        ///< M*, the level approached under this load
};

/// b0 from the habitual-load condition (see above).
double base_regain_rate(const MuscleParams& p);
/// a and b of a patient: base rates scaled by age and protein (relative change per decade / per g/kg).
MuscleRates muscle_rates(const MuscleParams& p, double age_years, double protein_g_per_kg);
/// The regime under a constant load (0-1).
MuscleRegime muscle_regime(const MuscleParams& p, const MuscleRates& r, double load);
/// M after dt_days under a regime (closed form).
double advance_muscle(double m0, const MuscleRegime& regime, double dt_days);
/// Capacity right after surgery: M0 (1 - injury of the approach).
double muscle_after_surgery(const MuscleParams& p, Approach approach, double m0 = 1.0);

}  // namespace rehabsim::models
