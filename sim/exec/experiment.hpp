#pragma once
// The interface a model implements for the engine: how many (point, replication) work items there
// are, which tables they fill, and how to run one. run() must be thread-safe and depend only on the
// work item (all randomness from streams keyed by seed, replication, entity and purpose).
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

/// Runs part(0) .. part(count - 1), possibly in parallel on the engine's threads. Each part must
/// write only its own output; the caller combines them in index order.
using PartsExecutor = std::function<void(std::size_t count, const std::function<void(std::size_t part)>& part)>;

/// Runs the parts one after the other.
inline void run_parts_serially(std::size_t count, const std::function<void(std::size_t)>& part) {
  for (std::size_t p = 0; p < count; ++p) part(p);
}

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
  /// Peak memory one work item holds while it runs and until it is written (an estimate, bytes;
  /// 0: unknown). The engine refuses a run whose items in flight cannot fit in memory.
  virtual std::size_t bytes_per_item() const { return 0; }
  /// Runs one work item; returns one buffer per item table.
  virtual std::vector<TableBuffer> run(const WorkItem& item) const = 0;
  /// The same, given a way to run independent parts of the item in parallel (the runner passes its
  /// thread pool). The result must not depend on how the parts were run. Default: run(item).
  virtual std::vector<TableBuffer> run_with_parts(const WorkItem& item, const PartsExecutor& parts) const {
    (void)parts;
    return run(item);
  }
  /// What the items run so far did (events by kind, entity-years); empty when the model keeps none.
  virtual RunStats run_stats() const { return {}; }
  /// Names of the model's event kinds (index = kind), and what an entity is called ("patient").
  virtual std::vector<std::string> event_kind_names() const { return {}; }
  virtual std::string entity_name() const { return "entity"; }
};

}  // namespace rehabsim::sim
