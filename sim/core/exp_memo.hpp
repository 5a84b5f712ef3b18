#pragma once
// A decay factor remembered with its two inputs: a state variable advanced over the same interval
// under the same rate as last time (weekly reviews under an unchanged regime) reuses the factor
// instead of calling exp again. The caller passes the exact expression it would have evaluated, so
// a hit returns the bits a fresh evaluation would: results do not change.
#include <limits>

namespace rehabsim::sim {

class ExpMemo {
 public:
  /// `compute()` when (a, b) differ from the last call's, else the remembered value.
  template <class F>
  double get(double a, double b, F compute) {
    if (a != a_ || b != b_) {  // NaN keys never match: the first call computes
      a_ = a;
      b_ = b;
      value_ = compute();
    }
    return value_;
  }

 private:
  double a_ = std::numeric_limits<double>::quiet_NaN(), b_ = std::numeric_limits<double>::quiet_NaN(), value_ = 0;
};

}  // namespace rehabsim::sim
