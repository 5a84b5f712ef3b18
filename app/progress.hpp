#pragma once
// Progress on stderr (work items done, rate, ETA), only when stderr is a terminal and not --quiet.
#include <chrono>
#include <cstddef>

namespace rehabsim::app {

class Progress {
 public:
  explicit Progress(bool enabled);
  void update(std::size_t done, std::size_t total);
  void finish();

 private:
  bool enabled_;
  bool printed_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace rehabsim::app
