#include "sim/exec/runner.hpp"

#include <algorithm>
#include <optional>

#if REHABSIM_STD_THREADS
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#else
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>
#endif

namespace rehabsim::sim {
namespace {

#if REHABSIM_STD_THREADS
// ThreadSanitizer builds (cmake --preset tsan): Debian's libtbb is not instrumented, so TSan cannot
// see its synchronisation and reports races inside its scheduler. These builds run the same loops on
// std::thread, which TSan understands: what each worker reads and writes of ours is unchanged.
// Like tbb::parallel_for, the first exception a body throws stops the handing out of indices and is
// rethrown to the caller once every worker has finished.
void for_each_index(std::size_t n, int threads, const std::function<void(std::size_t)>& body) {
  std::atomic<std::size_t> next{0};
  std::mutex failed_mutex;
  std::exception_ptr failed;
  const auto work = [&] {
    for (std::size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) {
      try {
        body(i);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(failed_mutex);
        if (!failed) failed = std::current_exception();
        next.store(n);
      }
    }
  };
  std::vector<std::thread> pool;
  const std::size_t helpers = std::min<std::size_t>(static_cast<std::size_t>(threads), n);
  for (std::size_t t = 1; t < helpers; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (failed) std::rethrow_exception(failed);
}
#endif

}  // namespace

RunnerResult run_work_items(const Experiment& experiment, const RunnerOptions& options,
                            const std::function<void(const WorkItem&, std::vector<TableBuffer>&&)>& consume) {
  const std::size_t reps = experiment.replications();
  const std::size_t total = static_cast<std::size_t>(experiment.points()) * reps;
  const int threads = std::max(1, options.threads);
  const std::size_t batch = options.batch_items ? options.batch_items : default_batch_items(threads);
  const auto stopped = [&] { return options.stop && options.stop->load(std::memory_order_relaxed); };
  const auto item_at = [&](std::size_t index) {
    return WorkItem{static_cast<std::uint32_t>(index / reps), static_cast<std::uint32_t>(index % reps)};
  };

#if REHABSIM_STD_THREADS
  const PartsExecutor parts = [threads](std::size_t count, const std::function<void(std::size_t)>& part) {
    for_each_index(count, threads, part);
  };
#else
  oneapi::tbb::task_arena arena(threads);
  // Parts of one item (e.g. blocks of independent patients) run on the same arena's threads.
  const PartsExecutor parts = [](std::size_t count, const std::function<void(std::size_t)>& part) {
    oneapi::tbb::parallel_for(std::size_t{0}, count, [&](std::size_t p) { part(p); });
  };
#endif
  RunnerResult result;
  std::vector<std::optional<std::vector<TableBuffer>>> slots;
  std::vector<std::size_t> todo;  // item indices of the current batch
  std::size_t next = 0, skipped = 0;
  while (next < total && !result.interrupted) {
    todo.clear();
    for (; next < total && todo.size() < batch; ++next) {
      if (options.skip && options.skip(next)) ++skipped;
      else todo.push_back(next);
    }
    const std::size_t n = todo.size();
    slots.assign(n, std::nullopt);
    const auto run_item = [&](std::size_t i) {
      if (!stopped()) slots[i] = experiment.run_with_parts(item_at(todo[i]), parts);
    };
#if REHABSIM_STD_THREADS
    for_each_index(n, threads, run_item);
#else
    arena.execute([&] {
      oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<std::size_t>(0, n, 1), [&](const oneapi::tbb::blocked_range<std::size_t>& range) {
        for (std::size_t i = range.begin(); i != range.end(); ++i) run_item(i);
      });
    });
#endif
    // Consume in index order; after an interruption, every finished item is still kept.
    for (std::size_t i = 0; i < n; ++i) {
      if (!slots[i]) {
        result.interrupted = true;
        continue;
      }
      consume(item_at(todo[i]), std::move(*slots[i]));
      ++result.completed;
    }
    if (stopped()) result.interrupted = result.completed + skipped < total;
    if (options.progress) options.progress(result.completed + skipped, total);
  }
  return result;
}

}  // namespace rehabsim::sim
