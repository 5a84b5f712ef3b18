#pragma once
// One way to check bad input: the call throws sim::InputError, and its message holds each fragment
// (the file:line, the key, what was expected).
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "sim/core/errors.hpp"

namespace rehabsim::test {

/// The message of the InputError that `f` throws, or "(no error)".
template <class F>
std::string input_error_of(F&& f) {
  try {
    f();
  } catch (const sim::InputError& e) {
    return e.what();
  }
  return "(no error)";
}

/// Fails unless `f` throws an InputError whose message contains every fragment.
template <class F>
void expect_input_error(F&& f, std::initializer_list<std::string> fragments) {
  const std::string message = input_error_of(f);
  EXPECT_NE(message, "(no error)") << "expected an input error";
  for (const auto& fragment : fragments) EXPECT_NE(message.find(fragment), std::string::npos) << "\"" << fragment << "\" not in: " << message;
}

}  // namespace rehabsim::test
