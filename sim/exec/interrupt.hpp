#pragma once
// Ctrl-C (SIGINT) and SIGTERM raise a flag that the runner polls between work items.
#include <atomic>

namespace rehabsim::sim {

/// Installs the handlers (once) and returns the flag they raise.
const std::atomic<bool>& install_interrupt_handler();

}  // namespace rehabsim::sim
