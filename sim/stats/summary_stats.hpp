#pragma once
// Mean, standard deviation and a Student-t 95% confidence interval of a sample (one value per
// replication), the statistics of the /summary table.
#include <span>

namespace rehabsim::sim {

struct SampleSummary {
  double mean = 0, sd = 0, ci95_low = 0, ci95_high = 0;
  long n = 0;
};

/// NaN values are skipped (an outcome undefined in a replication); with n < 2 the sd and CI are NaN.
SampleSummary summarise(std::span<const double> values);

}  // namespace rehabsim::sim
