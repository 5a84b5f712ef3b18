#pragma once
// Bad input (scenario, command line, output path) is an InputError: the CLI reports its message
// and exits with code 2. Anything else that escapes is an internal error (exit 1).
#include <stdexcept>
#include <string>

namespace rehabsim::sim {

struct InputError : std::runtime_error {
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace rehabsim::sim
