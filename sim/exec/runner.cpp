#include "sim/exec/runner.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

#if REHABSIM_STD_THREADS
#include <exception>
#include <mutex>
#include <thread>
#else
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_pipeline.h>
#include <oneapi/tbb/task_arena.h>
#endif

namespace rehabsim::sim {
namespace {

#if REHABSIM_STD_THREADS
// ThreadSanitizer builds (cmake --preset tsan): Debian's libtbb is not instrumented, so TSan cannot
// see its synchronisation and reports races inside its scheduler. These builds run the same work
// on std::thread, which TSan understands, in rounds (make a round in parallel, then take it in
// order) instead of a pipeline: what each worker reads and writes of ours is unchanged.
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

class ThreadParts final : public PartsExecutor {
 public:
  explicit ThreadParts(int threads) : threads_(threads) {}
  std::size_t window() const override { return parts_window(threads_); }
  void run(std::size_t count, const Part& make, const Part& take) const override {
    for (std::size_t first = 0; first < count; first += window()) {
      const std::size_t n = std::min(window(), count - first);
      for_each_index(n, threads_, [&](std::size_t i) { make(first + i); });
      for (std::size_t i = 0; i < n; ++i) take(first + i);
    }
  }

 private:
  int threads_;
};
#else
// make() in parallel, take() in order, at most window() parts live: a oneTBB pipeline whose last
// stage is serial and in order.
class TbbParts final : public PartsExecutor {
 public:
  explicit TbbParts(int threads) : window_(parts_window(threads)) {}
  std::size_t window() const override { return window_; }
  void run(std::size_t count, const Part& make, const Part& take) const override {
    if (count == 1) {
      make(0);
      take(0);
      return;
    }
    std::size_t next = 0;
    oneapi::tbb::parallel_pipeline(
        window_,
        oneapi::tbb::make_filter<void, std::size_t>(oneapi::tbb::filter_mode::serial_in_order, [&](oneapi::tbb::flow_control& fc) -> std::size_t {
          if (next == count) fc.stop();
          return next < count ? next++ : 0;
        }) & oneapi::tbb::make_filter<std::size_t, std::size_t>(oneapi::tbb::filter_mode::parallel, [&](std::size_t p) {
          make(p);
          return p;
        }) & oneapi::tbb::make_filter<std::size_t, void>(oneapi::tbb::filter_mode::serial_in_order, [&](std::size_t p) { take(p); }));
  }

 private:
  std::size_t window_;
};
#endif

// One item on its way through the run: emitted in order, run (perhaps beside others), consumed in order.
struct Slot {
  std::size_t index = 0;
  bool skip = false;
  bool ran = false;
  std::vector<std::vector<TableBuffer>> chunks;  ///< held until its turn (items run side by side)
};

// What both implementations share: which item comes next, running one, consuming one.
class ItemFlow {
 public:
  ItemFlow(const Experiment& experiment, const RunnerOptions& options, const ItemConsumer& consumer, const RunPlan& plan)
      : experiment_(experiment),
        options_(options),
        consumer_(consumer),
        plan_(plan),
        reps_(experiment.replications()),
        total_(static_cast<std::size_t>(experiment.points()) * reps_),
        skip_(total_, false) {
    // Decided before the run: the consumer may change what `skip` reads (a journal) while items run.
    if (options.skip)
      for (std::size_t i = 0; i < total_; ++i) skip_[i] = options.skip(i);
  }

  // The next item to emit; after a stop, only the skipped ones (already done: they cost nothing
  // and keep the output in order).
  bool next(Slot& slot) {
    while (next_ < total_) {
      const std::size_t index = next_++;
      if (!skip_[index] && stopped()) continue;
      slot.index = index;
      slot.skip = skip_[index];
      slot.ran = false;
      slot.chunks.clear();
      return true;
    }
    return false;
  }

  void run(Slot& slot, const PartsExecutor& parts) {
    if (slot.skip || stopped()) return;
    const WorkItem item = item_at(slot.index);
    if (plan_.streamed)  // alone in flight: every earlier item is consumed, so its pieces go straight on
      experiment_.run_streamed(item, parts, [&](std::vector<TableBuffer>&& chunk) { consumer_.chunk(item, std::move(chunk)); });
    else
      experiment_.run_streamed(item, parts, [&](std::vector<TableBuffer>&& chunk) { slot.chunks.push_back(std::move(chunk)); });
    slot.ran = true;
  }

  void consume(Slot& slot) {
    const WorkItem item = item_at(slot.index);
    if (slot.skip) {
      if (consumer_.skipped) consumer_.skipped(item);
      ++skipped_;
    } else if (slot.ran) {
      for (auto& chunk : slot.chunks) consumer_.chunk(item, std::move(chunk));
      slot.chunks.clear();
      consumer_.done(item);
      ++result_.completed;
    }
    const auto now = std::chrono::steady_clock::now();
    if (options_.progress && now - last_progress_ >= std::chrono::milliseconds(100)) {
      last_progress_ = now;
      options_.progress(result_.completed + skipped_, total_);
    }
  }

  RunnerResult finish() {
    result_.interrupted = result_.completed + skipped_ < total_;
    if (options_.progress) options_.progress(result_.completed + skipped_, total_);
    return result_;
  }

 private:
  bool stopped() const { return options_.stop && options_.stop->load(std::memory_order_relaxed); }
  WorkItem item_at(std::size_t index) const { return WorkItem{static_cast<std::uint32_t>(index / reps_), static_cast<std::uint32_t>(index % reps_)}; }

  const Experiment& experiment_;
  const RunnerOptions& options_;
  const ItemConsumer& consumer_;
  const RunPlan& plan_;
  std::size_t reps_, total_;
  std::vector<bool> skip_;
  std::size_t next_ = 0, skipped_ = 0;
  RunnerResult result_;
  std::chrono::steady_clock::time_point last_progress_ = std::chrono::steady_clock::now();
};

}  // namespace

RunPlan plan_run(const Experiment& experiment, const RunnerOptions& options) {
  const int threads = std::max(1, options.threads);
  const std::size_t total = static_cast<std::size_t>(experiment.points()) * experiment.replications();
  const std::size_t batch = options.batch_items ? options.batch_items : default_batch_items(threads);
  const ItemMemory memory = experiment.memory_per_item();
  RunPlan plan;
  plan.in_flight = std::max<std::size_t>(1, std::min(batch, total));
  const double held = static_cast<double>(memory.whole) * static_cast<double>(plan.in_flight);
  // One item at a time, streamed, when there is only one in flight anyway, or when holding the
  // items in flight would exceed the budget and streaming holds much less (a clinic-coupled item
  // holds its whole cohort however it is consumed: those keep running side by side).
  const double streamed = static_cast<double>(memory.streamed) + static_cast<double>(memory.per_part) * static_cast<double>(parts_window(threads));
  plan.streamed =
      plan.in_flight == 1 || (held > static_cast<double>(options.buffer_budget_bytes) && 2 * streamed < static_cast<double>(memory.whole));
  if (plan.streamed) plan.in_flight = 1;
  plan.bytes = plan.streamed ? std::min(streamed, static_cast<double>(memory.whole)) : held;
  return plan;
}

RunnerResult run_work_items(const Experiment& experiment, const RunnerOptions& options, const ItemConsumer& consumer) {
  const int threads = std::max(1, options.threads);
  const RunPlan plan = plan_run(experiment, options);
  ItemFlow flow(experiment, options, consumer, plan);
  std::vector<Slot> slots(plan.in_flight);
#if REHABSIM_STD_THREADS
  const ThreadParts parts(threads);
  for (;;) {
    std::size_t n = 0;
    while (n < slots.size() && flow.next(slots[n])) ++n;
    if (n == 0) break;
    for_each_index(n, plan.streamed ? 1 : threads, [&](std::size_t i) { flow.run(slots[i], parts); });
    for (std::size_t i = 0; i < n; ++i) flow.consume(slots[i]);
  }
#else
  oneapi::tbb::task_arena arena(threads);
  const TbbParts parts(threads);
  arena.execute([&] {
    // At most in_flight items are live and the last stage finishes them in order, so the item
    // emitted k-th reuses slot k % in_flight only after the item that held it was consumed.
    std::size_t emitted = 0;
    oneapi::tbb::parallel_pipeline(
        plan.in_flight,
        oneapi::tbb::make_filter<void, Slot*>(oneapi::tbb::filter_mode::serial_in_order, [&](oneapi::tbb::flow_control& fc) -> Slot* {
          Slot* slot = &slots[emitted % slots.size()];
          if (!flow.next(*slot)) {
            fc.stop();
            return nullptr;
          }
          ++emitted;
          return slot;
        }) & oneapi::tbb::make_filter<Slot*, Slot*>(oneapi::tbb::filter_mode::parallel, [&](Slot* slot) {
          flow.run(*slot, parts);
          return slot;
        }) & oneapi::tbb::make_filter<Slot*, void>(oneapi::tbb::filter_mode::serial_in_order, [&](Slot* slot) { flow.consume(*slot); }));
  });
#endif
  return flow.finish();
}

RunnerResult run_work_items(const Experiment& experiment, const RunnerOptions& options,
                            const std::function<void(const WorkItem&, std::vector<TableBuffer>&&)>& consume) {
  std::vector<TableBuffer> current;
  ItemConsumer consumer;
  consumer.chunk = [&](const WorkItem&, std::vector<TableBuffer>&& chunk) {
    if (current.empty()) {
      current = std::move(chunk);
      return;
    }
    for (std::size_t t = 0; t < chunk.size(); ++t) current[t].append(chunk[t]);
  };
  consumer.done = [&](const WorkItem& item) {
    consume(item, std::move(current));
    current.clear();
  };
  return run_work_items(experiment, options, consumer);
}

}  // namespace rehabsim::sim
