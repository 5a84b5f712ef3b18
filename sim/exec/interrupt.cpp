#include "sim/exec/interrupt.hpp"

#include <csignal>

namespace rehabsim::sim {

namespace {
std::atomic<bool> g_interrupted{false};
extern "C" void on_signal(int) { g_interrupted.store(true); }
}  // namespace

const std::atomic<bool>& install_interrupt_handler() {
  static_assert(std::atomic<bool>::is_always_lock_free, "signal handler needs a lock-free flag");
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  return g_interrupted;
}

}  // namespace rehabsim::sim
