#pragma once
// What a run may take of the machine's memory, so that a run that cannot fit is refused before it
// starts instead of ending in bad_alloc.
#include <cstddef>
#include <optional>
#include <string>

namespace rehabsim::app {

/// MemAvailable of /proc/meminfo (bytes), or nullopt where it cannot be read.
std::optional<std::size_t> available_memory_bytes();

/// "3.2 GB": a byte count for messages.
std::string gigabytes(double bytes);

}  // namespace rehabsim::app
