#pragma once
// Epidural scar S (0-1). While forming (t < T_mature) it approaches a ceiling C:
//   S(t0 + dt) = C + (S0 - C) exp(-k_f dt);   C = clamp(S_max[surgery] f[approach] (1 + e_mob D_mob), 0, 1)
// with D_mob the current early-mobility dose (0-1) and e_mob of either sign; once mature it remodels
// slowly: S(t0 + dt) = S0 exp(-k_r dt).
#include "models/params/scenario.hpp"

namespace rehabsim::models {

double scar_ceiling(const ScarParams& p, Surgery surgery, Approach approach, double mobility_dose);
/// S after dt days from t0 days since surgery (crossing the maturation time when it lies in between).
double advance_scar(const ScarParams& p, double s0, double t0_days, double dt_days, double ceiling);

}  // namespace rehabsim::models
