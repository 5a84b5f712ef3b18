#pragma once
// Exact sampling of an event under a piecewise-constant hazard. The clock holds an Exp(1) budget;
// time at rate h spends h per day, and the event falls where the budget runs out. On every regime
// change the owner calls set_rate(), which charges the time since the last change at the old rate,
// and reschedules the event at due(). The result has survival exp(-integral of h) exactly.
#include <limits>

namespace rehabsim::sim {

class HazardClock {
 public:
  /// Starts a new wait with a fresh Exp(1) draw, at time `now_days`, with rate 0.
  void renew(double exp1, double now_days) {
    budget_ = exp1;
    since_days_ = now_days;
    rate_per_day_ = 0.0;
  }
  /// Charges [since, now) at the current rate and switches to `rate_per_day` from now.
  void set_rate(double now_days, double rate_per_day) {
    budget_ -= rate_per_day_ * (now_days - since_days_);
    if (budget_ < 0.0) budget_ = 0.0;  // rounding of a due time to the clock's resolution
    since_days_ = now_days;
    rate_per_day_ = rate_per_day;
  }
  /// When the budget runs out at the current rate (infinity at rate 0).
  double due_days() const { return rate_per_day_ > 0.0 ? since_days_ + budget_ / rate_per_day_ : std::numeric_limits<double>::infinity(); }
  double rate_per_day() const { return rate_per_day_; }

 private:
  double budget_ = std::numeric_limits<double>::infinity();
  double since_days_ = 0.0;
  double rate_per_day_ = 0.0;
};

}  // namespace rehabsim::sim
