// Every random-stream purpose of the model keeps its draws: the first two words of each purpose's
// stream for one (seed, replication, patient) are pinned. Renumbering a purpose, swapping the
// replication and patient words of the stream key, or changing the generator fails here; a new
// purpose (a new code) leaves every pinned stream as it is.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>

#include "models/params/rng_purposes.hpp"
#include "sim/core/rng_stream.hpp"

namespace rehabsim::models {
namespace {

struct Pinned {
  Purpose purpose;
  std::uint32_t first, second;
};

// Seed 20261122 (the default scenario's), replication 3, patient 7; replication != patient, so a
// swap of the two key words changes every value.
constexpr std::array<Pinned, 19> kPinned = {{
    {Purpose::CohortAssignment, 0x4f31f768u, 0xff85eb55u},
    {Purpose::Covariates, 0x92abae6cu, 0x5d79739cu},
    {Purpose::ResponseHeterogeneity, 0x8d0bc78du, 0x2051a4feu},
    {Purpose::HomeAdherence, 0xd4e3d6b4u, 0x03b399b5u},
    {Purpose::Attendance, 0x79a7ce13u, 0x9e61ff68u},
    {Purpose::OutcomeNoise, 0x4032e401u, 0xd20e48fbu},
    {Purpose::InitialMotivation, 0x8bfb4e24u, 0x4c265722u},
    {Purpose::HomeExercise, 0x069ebcb0u, 0x95cd20d6u},
    {Purpose::Falls, 0x242d7810u, 0xa1e00285u},
    {Purpose::Reoperation, 0xe99bfbdbu, 0x1484b3a0u},
    {Purpose::Dropout, 0xbd02332fu, 0x27c7e499u},
    {Purpose::Setback, 0x43e0388au, 0xf20d0313u},
    {Purpose::Fusion, 0x37be4a73u, 0x38069a3au},
    {Purpose::ReturnToWork, 0xfeaa5016u, 0x1b8b3f0eu},
    {Purpose::Supplement, 0x73ac29f5u, 0x2528805cu},
    {Purpose::Arrivals, 0xe6af4269u, 0xc84defa9u},
    {Purpose::SessionMode, 0x591dd7f5u, 0x6e828666u},
    {Purpose::TherapistSickness, 0xfb3d6842u, 0x1a8023feu},
    {Purpose::LateCancellation, 0xf32f728eu, 0xe2130514u},
}};

sim::RngStream stream(std::uint32_t purpose) { return sim::RngStream({20261122, 3, 7, purpose}); }

TEST(RngPurposes, EveryPurposeKeepsItsDraws) {
  for (const Pinned& p : kPinned) {
    auto s = stream(static_cast<std::uint32_t>(p.purpose));
    EXPECT_EQ(s.next_u32(), p.first) << "purpose code " << static_cast<std::uint32_t>(p.purpose);
    EXPECT_EQ(s.next_u32(), p.second) << "purpose code " << static_cast<std::uint32_t>(p.purpose);
  }
}

TEST(RngPurposes, CodesAreDistinct) {
  for (std::size_t a = 0; a < kPinned.size(); ++a)
    for (std::size_t b = a + 1; b < kPinned.size(); ++b) EXPECT_NE(kPinned[a].purpose, kPinned[b].purpose);
}

TEST(RngPurposes, ANewPurposeShiftsNoExistingDraw) {
  // A stream with the next free code, drawn from heavily in between, is independent of the others:
  // each existing stream still starts with its pinned words and differs from the new one.
  std::uint32_t next_code = 0;
  for (const Pinned& p : kPinned) next_code = std::max(next_code, static_cast<std::uint32_t>(p.purpose) + 1);
  auto fresh = stream(next_code);
  for (const Pinned& p : kPinned) {
    for (int i = 0; i < 1000; ++i) fresh.next_u32();
    auto s = stream(static_cast<std::uint32_t>(p.purpose));
    const std::uint32_t first = s.next_u32();
    EXPECT_EQ(first, p.first);
    EXPECT_NE(first, stream(next_code).next_u32());
  }
}

}  // namespace
}  // namespace rehabsim::models
