#include "sim/exec/runner.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>

#include "sim/core/distributions.hpp"
#include "sim/core/rng_stream.hpp"

namespace rehabsim::sim {
namespace {

// A toy experiment: each item draws 1,000 uniforms from its own stream and reports their sum.
class Toy final : public Experiment {
 public:
  Toy(std::uint32_t points, std::uint32_t reps) : points_(points), reps_(reps) {
    tables_ = {TableSpec{"items", {{"point", ColumnType::Int32, "1", "", {}},
                                   {"replication", ColumnType::Int32, "1", "", {}},
                                   {"sum", ColumnType::Float64, "1", "", {}}}}};
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

}  // namespace
}  // namespace rehabsim::sim
