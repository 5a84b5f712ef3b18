#pragma once
// Therapists and clinics built by hand for the clinic tests.
#include <string>
#include <vector>

#include "models/params/clinic_params.hpp"

namespace rehabsim::test {

struct TherapistOptions {
  std::string name = "pt";
  int caseload_per_day = 10;
  int active_patients_max = 0;
  int evaluation_minutes = 60;
  int session_minutes = 45;
};

inline models::TherapistSpec therapist(const std::string& schedule, const TherapistOptions& o = {}) {
  models::TherapistSpec t;
  t.name = o.name;
  t.schedule = sim::WeeklySchedule::parse(schedule);
  t.caseload_per_day = o.caseload_per_day;
  t.active_patients_max = o.active_patients_max;
  t.evaluation_minutes = o.evaluation_minutes;
  t.session_minutes = o.session_minutes;
  return t;
}

/// A limited clinic of these therapists: no lead time, a 28-day horizon, a 15-minute grid, no sick days.
inline models::ClinicParams clinic_of(std::vector<models::TherapistSpec> staff) {
  models::ClinicParams p;
  p.capacity = models::ClinicCapacity::Therapists;
  p.therapists = std::move(staff);
  p.booking_lead_days = 0;
  p.booking_horizon_days = 28;
  p.granularity_minutes = 15;
  p.sick_day_probability = 0;
  return p;
}

}  // namespace rehabsim::test
