#pragma once
// Scenario sweeps: a [sweep] table (or --sweep options) expands one scenario into points, each a
// list of "key=value" overrides applied on top of the scenario with the usual validation.
//   [sweep]
//   mode = "grid" | "lhs" | "random"     (grid: Cartesian product of the listed values, last key fastest;
//   samples = 100                         lhs/random: `samples` points over [min, max] per key)
//   [[sweep.keys]]
//   key = "protocol.start_day_discectomy"
//   values = [14, 28, 56]                 (grid)    or    min = 0.01, max = 0.03, scale = "log" (lhs/random)
#include <cstdint>
#include <string>
#include <vector>

#include "sim/config/loader.hpp"
#include "sim/config/schema.hpp"
#include "sim/output/table.hpp"

namespace rehabsim::sim::config {

enum class SweepMode { None, Grid, Lhs, Random };

struct SweepKey {
  std::string key;  ///< concrete key path, e.g. "cohorts[0].share"
  const KeySpec* spec = nullptr;
  std::vector<Scalar> values;  ///< grid
  double min = 0, max = 0;     ///< lhs/random
  bool log_scale = false;
  std::string where;  ///< for messages
};

struct SweepSpec {
  SweepMode mode = SweepMode::None;
  std::int64_t samples = 0;
  std::vector<SweepKey> keys;
  std::string toml;  ///< the [sweep] table as TOML, for the stored scenario
};

/// The most points a sweep may have: each point's overrides and /points row are held for the run,
/// and 10^5 points of a few keys take tens of MB (10^7 took 60 GB just to validate).
inline constexpr std::int64_t kMaxSweepPoints = 100000;

/// The keys of the [sweep] table itself (mode, samples, keys and their fields).
const Schema& sweep_table_schema();

/// Reads [sweep] from a scenario's text plus command-line --sweep options ("KEY=v1,v2,..." for a
/// grid, "KEY=lo:hi" for a range) and an optional mode/sample override. The table's own keys are
/// checked against sweep_table_schema(), the swept keys against the model's schema; run settings
/// (keys with sweepable = false) cannot be swept. Throws InputError.
SweepSpec read_sweep(const ScenarioSource& scenario, const std::vector<std::string>& cli_sweeps, const std::string& cli_mode,
                     std::int64_t cli_samples, const Schema& schema);

struct SweepPoints {
  std::vector<std::vector<std::string>> overrides;  ///< per point, "key=value" strings
  TableSpec spec;                                   ///< /points: `point` and one column per swept key
  TableBuffer rows;
};

/// Expands the sweep into points (one point when there is no sweep). LHS and random designs draw
/// from a stream keyed by `seed` and a purpose reserved for the engine, never from patients' streams.
SweepPoints expand_sweep(const SweepSpec& sweep, std::uint64_t seed);

}  // namespace rehabsim::sim::config
