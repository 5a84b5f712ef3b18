#pragma once
// The interface a model implements for the engine: how many (point, replication) work items there
// are, which tables they fill, and how to run one. Running must be thread-safe and depend only on
// the work item (all randomness from streams keyed by seed, replication, entity and purpose).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/exec/run_stats.hpp"
#include "sim/output/table.hpp"

namespace rehabsim::sim {

struct WorkItem {
  std::uint32_t point = 0;
  std::uint32_t replication = 0;
};

/// Runs the independent parts of one work item (blocks of independent patients), possibly several
/// at once on the engine's threads. make(p) runs for every p < count; take(p) runs in order 0, 1,
/// ..., one at a time, each after make(p) has finished; at most window() parts are made and not yet
/// taken. So a caller keeps made parts in window() slots (part p in slot p % window()), and an item
/// of any size holds a bounded number of parts at once while its results leave in order.
class PartsExecutor {
 public:
  using Part = std::function<void(std::size_t part)>;
  virtual ~PartsExecutor() = default;
  virtual std::size_t window() const = 0;
  virtual void run(std::size_t count, const Part& make, const Part& take) const = 0;
};

/// Makes and takes each part in turn, on the calling thread.
class SerialParts final : public PartsExecutor {
 public:
  std::size_t window() const override { return 1; }
  void run(std::size_t count, const Part& make, const Part& take) const override {
    for (std::size_t p = 0; p < count; ++p) {
      make(p);
      take(p);
    }
  }
};

/// One piece of a work item's output: one buffer per item table (rows of some tables may be
/// absent from a piece). The pieces of an item, concatenated table by table, are its tables.
using ChunkSink = std::function<void(std::vector<TableBuffer>&& chunk)>;

/// Memory one work item holds while it runs and until its output is written (estimates, bytes;
/// 0: unknown): `whole` when its output is kept until the item ends (items run side by side and
/// are consumed in order); when its pieces are consumed as they are made, `streamed` plus
/// `per_part` for each part in flight (PartsExecutor::window()).
struct ItemMemory {
  std::size_t whole = 0;
  std::size_t streamed = 0;
  std::size_t per_part = 0;
};

class Experiment {
 public:
  virtual ~Experiment() = default;
  virtual std::uint32_t points() const = 0;
  virtual std::uint32_t replications() const = 0;
  virtual std::uint64_t seed() const = 0;
  /// The /points table, complete (one row per point).
  virtual TableSpec points_spec() const = 0;
  virtual TableBuffer points_rows() const = 0;
  /// Tables that work items fill, in output order. Each has columns "point" and "replication".
  virtual const std::vector<TableSpec>& item_tables() const = 0;
  /// Index into item_tables() of the per-replication table that /summary is computed from: every
  /// Float64 column of it is a metric.
  virtual std::size_t summary_source() const = 0;
  /// See ItemMemory. The engine runs big items one at a time, streamed, and refuses a run whose
  /// items in flight cannot fit in memory.
  virtual ItemMemory memory_per_item() const { return {}; }
  /// Runs one work item; returns one buffer per item table.
  virtual std::vector<TableBuffer> run(const WorkItem& item) const = 0;
  /// The same, handing the output to `sink` in pieces, in order, from one thread at a time, and
  /// running independent parts of the item through `parts` (the runner's threads). The output must
  /// not depend on how the parts ran. Default: run(item), as one piece.
  virtual void run_streamed(const WorkItem& item, const PartsExecutor& parts, const ChunkSink& sink) const {
    (void)parts;
    sink(run(item));
  }
  /// What the items run so far did (events by kind, entity-years); empty when the model keeps none.
  virtual RunStats run_stats() const { return {}; }
  /// Names of the model's event kinds (index = kind), and what an entity is called ("patient").
  virtual std::vector<std::string> event_kind_names() const { return {}; }
  virtual std::string entity_name() const { return "entity"; }
};

}  // namespace rehabsim::sim
