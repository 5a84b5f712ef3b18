#include "sim/core/rng_stream.hpp"

#include <Random123/philox.h>

#include <stdexcept>

namespace rehabsim::sim {

RngStream::RngStream(const StreamId& id) : id_(id) {}

void RngStream::refill() {
  using Philox = r123::Philox4x32;
  if (block_ == UINT32_MAX) throw std::overflow_error("RngStream: stream exhausted");
  // Key = the seed; counter = (block, entity, replication, purpose).
  const Philox::key_type key = {{static_cast<std::uint32_t>(id_.seed), static_cast<std::uint32_t>(id_.seed >> 32)}};
  const Philox::ctr_type ctr = {{block_++, id_.entity, id_.replication, id_.purpose}};
  const Philox::ctr_type out = Philox()(ctr, key);
  for (unsigned i = 0; i < 4; ++i) buffer_[i] = out.v[i];
  used_ = 0;
}

std::uint32_t RngStream::next_u32() {
  if (used_ == 4) refill();
  return buffer_[used_++];
}

double RngStream::uniform01() {
  const std::uint64_t hi = next_u32();
  const std::uint64_t lo = next_u32();
  const std::uint64_t bits53 = ((hi << 32) | lo) >> 11;
  return (static_cast<double>(bits53) + 0.5) * 0x1.0p-53;
}

}  // namespace rehabsim::sim
