#pragma once
// The interface a model implements for the engine: how many (point, replication) work items there
// are, which tables they fill, and how to run one. run() must be thread-safe and depend only on the
// work item (all randomness from streams keyed by seed, replication, entity and purpose).
#include <cstdint>
#include <string>
#include <vector>

#include "sim/table.hpp"

namespace rehabsim::sim {

struct WorkItem {
  std::uint32_t point = 0;
  std::uint32_t replication = 0;
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
  /// Runs one work item; returns one buffer per item table.
  virtual std::vector<TableBuffer> run(const WorkItem& item) const = 0;
};

}  // namespace rehabsim::sim
