#pragma once
// Executes work items on a oneTBB arena of `threads` threads, in batches, and hands finished items
// to `consume` strictly in index order: output is identical for any thread count. A raised stop
// flag ends the run at the next work-item boundary; the finished items are still consumed.
#include <atomic>
#include <cstddef>
#include <functional>
#include <vector>

#include "sim/exec/experiment.hpp"

namespace rehabsim::sim {

/// Items run at once by default: enough to keep every thread busy while results are consumed in order.
inline std::size_t default_batch_items(int threads) { return 4 * static_cast<std::size_t>(threads); }

struct RunnerOptions {
  int threads = 1;
  std::size_t batch_items = 0;               ///< 0: default_batch_items(threads)
  const std::atomic<bool>* stop = nullptr;   ///< polled before each item starts
  std::function<void(std::size_t done, std::size_t total)> progress;  ///< after each batch, from the caller's thread
  std::function<bool(std::size_t item)> skip;  ///< items already done (a resumed run): neither run nor consumed
};

struct RunnerResult {
  std::size_t completed = 0;  ///< items run and consumed now (skipped ones not counted)
  bool interrupted = false;
};

/// Items are numbered point-major: index = point * replications + replication.
RunnerResult run_work_items(const Experiment& experiment, const RunnerOptions& options,
                            const std::function<void(const WorkItem&, std::vector<TableBuffer>&&)>& consume);

}  // namespace rehabsim::sim
