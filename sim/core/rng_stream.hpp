#pragma once
// Counter-based random streams (Random123 Philox4x32-10). A stream is identified by
// (seed, replication, entity, purpose) and deliberately not by sweep point, so every point sees
// the same patients (common random numbers), and any thread count gives the same numbers.
#include <array>
#include <cstdint>

namespace rehabsim::sim {

struct StreamId {
  std::uint64_t seed = 0;
  std::uint32_t replication = 0;
  std::uint32_t entity = 0;   ///< e.g. a patient index
  std::uint32_t purpose = 0;  ///< a stable model-defined code; new purposes never shift old draws
};

class RngStream {
 public:
  explicit RngStream(const StreamId& id);

  /// Next raw 32-bit word of the stream.
  std::uint32_t next_u32();
  /// Uniform on the open interval (0, 1) with 53 random bits; never returns 0 or 1.
  double uniform01();

  const StreamId& id() const { return id_; }

 private:
  void refill();
  StreamId id_;
  std::uint32_t block_ = 0;  ///< index of the next Philox block
  std::array<std::uint32_t, 4> buffer_{};
  unsigned used_ = 4;  ///< words of buffer_ already consumed
};

}  // namespace rehabsim::sim
