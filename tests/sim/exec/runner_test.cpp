#include "sim/exec/runner.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <string>
#include <tuple>

#include "sim/core/distributions.hpp"
#include "sim/core/rng_stream.hpp"

namespace rehabsim::sim {
namespace {

// A toy experiment: each item draws 1,000 uniforms from its own stream and reports their sum.
class Toy final : public Experiment {
 public:
  Toy(std::uint32_t points, std::uint32_t reps) : points_(points), reps_(reps) {
    tables_ = {TableSpec{
        "items",
        {{"point", ColumnType::Int32, "1", "", {}}, {"replication", ColumnType::Int32, "1", "", {}}, {"sum", ColumnType::Float64, "1", "", {}}}}};
  }
  std::uint32_t points() const override { return points_; }
  std::uint32_t replications() const override { return reps_; }
  std::uint64_t seed() const override { return 1; }
  TableSpec points_spec() const override { return {"points", {{"point", ColumnType::Int32, "1", "", {}}}}; }
  TableBuffer points_rows() const override { return TableBuffer(points_spec()); }
  const std::vector<TableSpec>& item_tables() const override { return tables_; }
  std::size_t summary_source() const override { return 0; }
  std::vector<TableBuffer> run(const WorkItem& item) const override {
    if (throw_at && item.replication == *throw_at) throw std::runtime_error("item " + std::to_string(item.replication));
    if (stop_after && ++started > *stop_after) stop_flag->store(true);
    RngStream s(StreamId{1, item.replication, 0, 0});
    double sum = 0;
    for (int i = 0; i < 1000; ++i) sum += s.uniform01();
    TableBuffer b(tables_[0]);
    b.add_row();
    b.set(0, std::int64_t{item.point});
    b.set(1, std::int64_t{item.replication});
    b.set(2, sum);
    return {b};
  }
  std::optional<int> stop_after;
  std::optional<std::uint32_t> throw_at;
  std::atomic<bool>* stop_flag = nullptr;
  mutable std::atomic<int> started{0};

 private:
  std::uint32_t points_, reps_;
  std::vector<TableSpec> tables_;
};

std::vector<std::pair<std::size_t, double>> run_with(int threads, std::size_t batch = 0) {
  Toy toy(3, 7);
  std::vector<std::pair<std::size_t, double>> seen;
  RunnerOptions o;
  o.threads = threads;
  o.batch_items = batch;
  const RunnerResult r = run_work_items(toy, o, [&](const WorkItem& item, std::vector<TableBuffer>&& out) {
    seen.emplace_back(item.point * 7 + item.replication, out[0].floats(2)[0]);
  });
  EXPECT_EQ(r.completed, 21u);
  EXPECT_FALSE(r.interrupted);
  return seen;
}

TEST(Runner, ConsumesInIndexOrderWithIdenticalResultsForAnyThreadCount) {
  const auto one = run_with(1);
  ASSERT_EQ(one.size(), 21u);
  for (std::size_t i = 0; i < one.size(); ++i) EXPECT_EQ(one[i].first, i);
  EXPECT_EQ(one, run_with(2));
  EXPECT_EQ(one, run_with(2, 5));
  EXPECT_EQ(one, run_with(4, 1));
  // Common random numbers: the same replication index draws the same numbers at every point.
  EXPECT_EQ(one[0].second, one[7].second);
}

TEST(Runner, StopsAtAWorkItemBoundaryAndKeepsFinishedItems) {
  Toy toy(1, 50);
  std::atomic<bool> stop{false};
  toy.stop_after = 5;
  toy.stop_flag = &stop;
  RunnerOptions o;
  o.threads = 1;
  o.batch_items = 4;
  o.stop = &stop;
  std::vector<std::size_t> seen;
  const RunnerResult r = run_work_items(toy, o, [&](const WorkItem& item, std::vector<TableBuffer>&& out) {
    seen.push_back(item.replication);
    EXPECT_EQ(out[0].rows(), 1u);
  });
  EXPECT_TRUE(r.interrupted);
  EXPECT_EQ(r.completed, seen.size());
  EXPECT_GE(seen.size(), 5u);
  EXPECT_LT(seen.size(), 50u);
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], i);
}

TEST(Runner, AnExceptionInAWorkItemReachesTheCallerForAnyThreadCount) {
  for (int threads : {1, 2, 4}) {
    Toy toy(1, 20);
    toy.throw_at = 9;
    RunnerOptions o;
    o.threads = threads;
    std::size_t consumed = 0;
    try {
      run_work_items(toy, o, [&](const WorkItem&, std::vector<TableBuffer>&&) { ++consumed; });
      ADD_FAILURE() << "no exception with " << threads << " threads";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "item 9");
    }
    EXPECT_LT(consumed, 20u);
  }
}

// An item of 13 parts, each a row of sums of its own stream, streamed through the parts executor.
class Streaming final : public Experiment {
 public:
  Streaming(std::uint32_t points, std::uint32_t reps, ItemMemory memory) : points_(points), reps_(reps), memory_(memory) {
    tables_ = {TableSpec{"parts",
                         {{"point", ColumnType::Int32, "1", "", {}},
                          {"replication", ColumnType::Int32, "1", "", {}},
                          {"part", ColumnType::Int32, "1", "", {}},
                          {"sum", ColumnType::Float64, "1", "", {}}}}};
  }
  static constexpr std::size_t kParts = 13;
  std::uint32_t points() const override { return points_; }
  std::uint32_t replications() const override { return reps_; }
  std::uint64_t seed() const override { return 1; }
  TableSpec points_spec() const override { return {"points", {{"point", ColumnType::Int32, "1", "", {}}}}; }
  TableBuffer points_rows() const override { return TableBuffer(points_spec()); }
  const std::vector<TableSpec>& item_tables() const override { return tables_; }
  std::size_t summary_source() const override { return 0; }
  ItemMemory memory_per_item() const override { return memory_; }
  std::vector<TableBuffer> run(const WorkItem& item) const override {
    TableBuffer all(tables_[0]);
    run_streamed(item, SerialParts{}, [&](std::vector<TableBuffer>&& piece) { all.append(piece[0]); });
    return {all};
  }
  void run_streamed(const WorkItem& item, const PartsExecutor& parts, const ChunkSink& sink) const override {
    if (stop_flag && item.replication == stop_at) stop_flag->store(true);
    std::vector<double> slots(parts.window());
    parts.run(
        kParts,
        [&](std::size_t p) {
          max_live = std::max(max_live.load(), ++live);
          RngStream s(StreamId{1, item.replication, p, 0});
          double sum = 0;
          for (int i = 0; i < 100; ++i) sum += s.uniform01();
          slots[p % slots.size()] = sum;
        },
        [&](std::size_t p) {
          TableBuffer b(tables_[0]);
          b.add_row_values(std::int64_t{item.point}, std::int64_t{item.replication}, static_cast<std::int64_t>(p), slots[p % slots.size()]);
          --live;
          sink({b});
        });
  }
  mutable std::atomic<int> live{0}, max_live{0};
  std::atomic<bool>* stop_flag = nullptr;  ///< raised while item `stop_at` runs (as Ctrl-C would be)
  std::uint32_t stop_at = 0;

 private:
  std::uint32_t points_, reps_;
  ItemMemory memory_;
  std::vector<TableSpec> tables_;
};

// Every piece as consumed: (item index, part, sum), and each item's end.
struct Seen {
  std::vector<std::tuple<std::size_t, std::int64_t, double>> pieces;
  std::vector<std::size_t> done, skipped;
  bool operator==(const Seen&) const = default;
};

Seen consume_all(const Experiment& e, RunnerOptions o) {
  Seen seen;
  ItemConsumer c;
  const auto index = [&](const WorkItem& item) { return item.point * e.replications() + item.replication; };
  c.chunk = [&](const WorkItem& item, std::vector<TableBuffer>&& piece) {
    for (std::size_t r = 0; r < piece[0].rows(); ++r) seen.pieces.emplace_back(index(item), piece[0].integers(2)[r], piece[0].floats(3)[r]);
  };
  c.done = [&](const WorkItem& item) { seen.done.push_back(index(item)); };
  c.skipped = [&](const WorkItem& item) { seen.skipped.push_back(index(item)); };
  run_work_items(e, o, c);
  return seen;
}

TEST(Runner, PiecesArriveInOrderWithIdenticalValuesWhetherItemsRunSideBySideOrStreamAlone) {
  const ItemMemory big{.whole = 100 << 20, .streamed = 1 << 20, .per_part = 1 << 10};  // 100 MB held, 1 MB streamed
  const Streaming small_items(2, 3, {}), big_items(2, 3, big);
  RunnerOptions one;
  const Seen reference = consume_all(small_items, one);
  ASSERT_EQ(reference.pieces.size(), 6 * Streaming::kParts);
  for (std::size_t i = 0; i < reference.pieces.size(); ++i) {
    EXPECT_EQ(std::get<0>(reference.pieces[i]), i / Streaming::kParts);
    EXPECT_EQ(std::get<1>(reference.pieces[i]), static_cast<std::int64_t>(i % Streaming::kParts));
  }
  EXPECT_EQ(reference.done, (std::vector<std::size_t>{0, 1, 2, 3, 4, 5}));
  for (int threads : {1, 2, 4}) {
    RunnerOptions o;
    o.threads = threads;
    EXPECT_FALSE(plan_run(small_items, o).streamed);
    EXPECT_TRUE(plan_run(big_items, o).streamed);
    EXPECT_EQ(consume_all(small_items, o), reference) << threads;
    EXPECT_EQ(consume_all(big_items, o), reference) << threads;
    // Streamed alone, at most a window of parts is made and not yet taken.
    EXPECT_LE(big_items.max_live.load(), static_cast<int>(parts_window(threads)));
    big_items.max_live = 0;
  }
}

TEST(Runner, PlanStreamsOneItemAtATimeOnlyWhenThatHoldsMuchLess) {
  RunnerOptions o;
  o.threads = 2;  // 8 items in flight by default
  const auto plan = [&](std::uint32_t reps, ItemMemory m) { return plan_run(Streaming(1, reps, m), o); };
  // One item: nothing to hold it for.
  EXPECT_TRUE(plan(1, {.whole = 1000}).streamed);
  // Small items side by side: 8 x 10 MB held.
  const RunPlan side = plan(20, {.whole = 10 << 20, .streamed = 1 << 20});
  EXPECT_FALSE(side.streamed);
  EXPECT_EQ(side.in_flight, 8u);
  EXPECT_DOUBLE_EQ(side.bytes, 8.0 * (10 << 20));
  // 8 x 100 MB is over the budget, and streaming holds 1 MB + a window of parts of 1 KB.
  const RunPlan alone = plan(20, {.whole = 100 << 20, .streamed = 1 << 20, .per_part = 1 << 10});
  EXPECT_TRUE(alone.streamed);
  EXPECT_EQ(alone.in_flight, 1u);
  EXPECT_DOUBLE_EQ(alone.bytes, (1 << 20) + static_cast<double>(parts_window(2)) * (1 << 10));
  // An item that holds everything however it is consumed (a coupled clinic) keeps running side by side.
  EXPECT_FALSE(plan(20, {.whole = 100 << 20, .streamed = 100 << 20}).streamed);
  o.buffer_budget_bytes = std::size_t{1} << 40;
  EXPECT_FALSE(plan(20, {.whole = 100 << 20, .streamed = 1 << 20}).streamed);
}

TEST(Runner, SkippedItemsAreHandedOverAtTheirPlaceAlsoAfterAStop) {
  for (const bool streamed : {false, true}) {
    Streaming e(1, 10, streamed ? ItemMemory{.whole = 1 << 30, .streamed = 1} : ItemMemory{});
    std::atomic<bool> stop{false};
    e.stop_flag = &stop;
    e.stop_at = 3;
    RunnerOptions o;
    o.threads = 2;
    o.batch_items = 1;  // one item in flight: the stop raised during item 3 is seen before item 4 starts
    o.stop = &stop;
    o.skip = [](std::size_t item) { return item == 1 || item == 8; };
    Seen seen;
    ItemConsumer c;
    c.chunk = [&](const WorkItem&, std::vector<TableBuffer>&&) {};
    c.done = [&](const WorkItem& item) { seen.done.push_back(item.replication); };
    c.skipped = [&](const WorkItem& item) { seen.skipped.push_back(item.replication); };
    const RunnerResult r = run_work_items(e, o, c);
    EXPECT_TRUE(r.interrupted);
    EXPECT_EQ(seen.skipped, (std::vector<std::size_t>{1, 8})) << streamed;  // 8 comes after the stop, still in order
    EXPECT_EQ(seen.done, (std::vector<std::size_t>{0, 2, 3})) << streamed;  // 3 finishes; 4-7 and 9 never start
    EXPECT_EQ(r.completed, 3u);
  }
}

}  // namespace
}  // namespace rehabsim::sim
