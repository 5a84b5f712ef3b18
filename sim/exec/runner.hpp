#pragma once
// Executes work items on a oneTBB arena of `threads` threads and hands their output to a consumer
// strictly in item order, so output is identical for any thread count. Small items run side by
// side, their output held until their turn; an item too big to hold (see plan_run) runs alone,
// its parts on every thread, and its output streams to the consumer piece by piece as the parts
// finish. Consuming overlaps with running: there is no serial tail. A raised stop flag ends the run
// at the next work-item boundary; finished items are still consumed.
#include <atomic>
#include <cstddef>
#include <functional>
#include <vector>

#include "sim/exec/experiment.hpp"

namespace rehabsim::sim {

/// Items in flight by default: enough to keep every thread busy while results are consumed in order.
inline std::size_t default_batch_items(int threads) { return 4 * static_cast<std::size_t>(threads); }
/// Parts of one item made and not yet taken (PartsExecutor::window()): enough to keep every thread
/// busy while the parts are taken in order, few enough that a streamed item holds little.
inline std::size_t parts_window(int threads) { return 8 * static_cast<std::size_t>(threads); }
/// Output the runner may hold for items waiting their turn before it streams items one at a time.
inline constexpr std::size_t kDefaultBufferBudgetBytes = std::size_t{256} << 20;

struct RunnerOptions {
  int threads = 1;
  std::size_t batch_items = 0;  ///< items in flight; 0: default_batch_items(threads)
  std::size_t buffer_budget_bytes = kDefaultBufferBudgetBytes;
  const std::atomic<bool>* stop = nullptr;  ///< polled before each item starts
  /// Items consumed so far (skipped ones included), from the consuming thread, at most every 0.1 s
  /// and after the last item.
  std::function<void(std::size_t done, std::size_t total)> progress;
  std::function<bool(std::size_t item)> skip;  ///< items already done (a resumed run): not run, handed to `skipped`
};

/// How a run holds its items: how many are in flight, whether each streams alone, and the memory
/// that needs (bytes; 0 when the experiment gives no estimate).
struct RunPlan {
  std::size_t in_flight = 1;
  bool streamed = false;
  double bytes = 0;
};
RunPlan plan_run(const Experiment& experiment, const RunnerOptions& options);

/// What the runner hands over, strictly in item order and from one thread at a time (a worker's,
/// not necessarily the caller's).
struct ItemConsumer {
  std::function<void(const WorkItem&, std::vector<TableBuffer>&&)> chunk;  ///< a piece of the item's output
  std::function<void(const WorkItem&)> done;                               ///< after the item's last piece
  std::function<void(const WorkItem&)> skipped;                            ///< an item options.skip named, at its place in order (may be empty)
};

struct RunnerResult {
  std::size_t completed = 0;  ///< items run and consumed now (skipped ones not counted)
  bool interrupted = false;
};

/// Items are numbered point-major: index = point * replications + replication.
RunnerResult run_work_items(const Experiment& experiment, const RunnerOptions& options, const ItemConsumer& consumer);
/// The same, each item's tables handed over whole.
RunnerResult run_work_items(const Experiment& experiment, const RunnerOptions& options,
                            const std::function<void(const WorkItem&, std::vector<TableBuffer>&&)>& consume);

}  // namespace rehabsim::sim
