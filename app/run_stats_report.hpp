#pragma once
// `--stats`: what a run did and what it cost, on stderr after the run: wall time of running the
// items (their output streamed to the file meanwhile) and of finishing the file (summaries, derived
// tables, commit), process CPU time, peak memory, events handled by kind, and the rates per
// CPU-second (per core). bench/run.sh reads the "stats:" lines.
#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "sim/exec/run_stats.hpp"

namespace rehabsim::app {

/// Process CPU time (user + system, all threads) in seconds, and peak resident memory in bytes.
double process_cpu_seconds();
std::size_t peak_resident_bytes();

struct RunTimings {
  double simulate_seconds = 0;  ///< running the work items, their output streamed to the journal and the file
  double write_seconds = 0;     ///< finishing the file: summaries, derived tables, commit
  double cpu_seconds = 0;       ///< process CPU time over both phases
  std::uintmax_t file_bytes = 0;
  int threads = 1;
};

/// The report; `kind_names[k]` names event kind k ("kind k" where missing).
void print_run_stats(std::ostream& out, const sim::RunStats& stats, const RunTimings& timings, const std::vector<std::string>& kind_names,
                     const std::string& entity);

}  // namespace rehabsim::app
