// The memo returns what the expression gives, computing it only when its inputs change.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/core/exp_memo.hpp"

namespace rehabsim::sim {
namespace {

TEST(ExpMemo, ComputesOnceForRepeatedInputsAndAgainWhenEitherChanges) {
  ExpMemo memo;
  int calls = 0;
  const auto factor = [&](double rate, double dt) {
    return memo.get(rate, dt, [&] {
      ++calls;
      return std::exp(-rate * dt);
    });
  };
  EXPECT_EQ(factor(0.1, 7.0), std::exp(-0.1 * 7.0));
  EXPECT_EQ(factor(0.1, 7.0), std::exp(-0.1 * 7.0));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(factor(0.2, 7.0), std::exp(-0.2 * 7.0));
  EXPECT_EQ(factor(0.2, 3.5), std::exp(-0.2 * 3.5));
  EXPECT_EQ(calls, 3);
  EXPECT_TRUE(std::isnan(factor(NAN, 1.0)) || calls == 4);  // a NaN key never matches: computed each time
  factor(NAN, 1.0);
  EXPECT_EQ(calls, 5);
}

}  // namespace
}  // namespace rehabsim::sim
