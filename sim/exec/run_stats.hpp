#pragma once
// What a run did, for `--stats` and the benchmarks: events handled by kind, cancelled events
// dropped, and the simulated entity-time. Statistics only: never written to a result file, so the
// order in which work items add to them does not matter (integer counts; the years are a sum of
// whole items' values and shown rounded).
#include <cstdint>
#include <mutex>
#include <numeric>
#include <vector>

namespace rehabsim::sim {

struct RunStats {
  std::vector<std::uint64_t> events_by_kind;  ///< live events handled, index = the model's event kind
  std::uint64_t stale_events = 0;             ///< cancelled events dropped unhandled
  double entity_years = 0;                    ///< simulated time summed over entities (e.g. patient-years)

  void add(const RunStats& other) {
    if (other.events_by_kind.size() > events_by_kind.size()) events_by_kind.resize(other.events_by_kind.size(), 0);
    for (std::size_t k = 0; k < other.events_by_kind.size(); ++k) events_by_kind[k] += other.events_by_kind[k];
    stale_events += other.stale_events;
    entity_years += other.entity_years;
  }
  std::uint64_t events() const { return std::accumulate(events_by_kind.begin(), events_by_kind.end(), std::uint64_t{0}); }
};

/// A RunStats that work items running on several threads add to.
class RunStatsCollector {
 public:
  void add(const RunStats& s) {
    const std::lock_guard<std::mutex> lock(mutex_);
    total_.add(s);
  }
  RunStats total() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return total_;
  }

 private:
  mutable std::mutex mutex_;
  RunStats total_;
};

}  // namespace rehabsim::sim
