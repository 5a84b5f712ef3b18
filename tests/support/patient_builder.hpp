#pragma once
// A patient state built by hand for the unit tests of the patient simulation's pieces: every
// stream from its own purpose code, day 0 at calendar minute 0, a one-year horizon.
#include <cstdint>

#include "models/patient/patient_state.hpp"

namespace rehabsim::test {

inline models::PatientState hand_patient(std::uint64_t seed = 1) {
  const auto s = [seed](std::uint32_t purpose) { return sim::RngStream({seed, 0, 0, purpose}); };
  models::PatientState st(models::PatientStreams{s(1), s(2), s(3), s(4), s(5), s(6), s(7), s(8), s(9), s(10)});
  st.clock = {0, 365};
  return st;
}

}  // namespace rehabsim::test
