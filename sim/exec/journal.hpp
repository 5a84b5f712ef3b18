#pragma once
// The run journal: every finished work item's tables are appended to `.NAME.journal` beside the
// result file and flushed after each batch (fsynced at most once a second), so a run that is
// interrupted, killed (even by
// SIGKILL) or loses power can be finished with `--resume`. A record is
//   u64 payload length | payload | u64 FNV-1a checksum of the payload
// and a truncated or corrupt tail (a write cut short) is ignored and overwritten. The header holds
// the run's key (program build, model defaults, scenario, seed, points, replications, table
// layout), so a resume with anything different is refused, saying what differs. The result file is
// written from the journal, in work-item order.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "sim/exec/experiment.hpp"
#include "sim/output/table.hpp"

namespace rehabsim::sim {

/// FNV-1a 64-bit hash, for the fingerprint and the record checksums.
std::uint64_t fnv1a(const void* data, std::size_t size, std::uint64_t hash = 14695981039346656037ull);

/// Everything that must match for a resume, part by part (so a refusal can say what differs).
struct JournalKey {
  std::string program;         ///< name, version and commit of the build that writes the journal
  std::uint64_t model = 0;     ///< hash of the model's compiled defaults
  std::uint64_t scenario = 0;  ///< hash of the full scenario (after overrides), sweep and uncertainty
  std::uint64_t layout = 0;    ///< hash of the journaled tables' names, columns, types and widths
  std::uint64_t seed = 0;
  std::uint32_t points = 0, replications = 0;
  /// What differs from `other` (the interrupted run's), "" when nothing does.
  std::string differences(const JournalKey& other) const;
};

/// The layout part of a JournalKey.
std::uint64_t layout_hash(const std::vector<TableSpec>& tables);

class Journal {
 public:
  /// Starts a new journal or, with `resume`, opens the existing one. InputError when resuming a
  /// missing journal or one of another key (saying what differs), and when starting next to an
  /// interrupted run's journal without `discard` (its finished work would be lost).
  Journal(std::string path, const JournalKey& key, bool resume, bool discard = false);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  /// Work items already recorded (by item index), each with its record's file offset.
  const std::map<std::size_t, long>& recorded() const { return offsets_; }
  void append(std::size_t item, const std::vector<TableBuffer>& tables);
  /// Makes everything appended so far durable (fflush + fsync).
  void sync();
  /// Hands what was appended to the operating system (fflush: survives a killed process), and
  /// makes it durable (fsync: survives a power cut) at most once a second, since an fsync per
  /// small batch would dominate the run time of big sweeps.
  void flush();
  /// Reads the record of `item` back into buffers of the given specs.
  std::vector<TableBuffer> read(std::size_t item, const std::vector<TableSpec>& specs);
  /// Deletes the journal (after a complete result file is in place).
  void remove();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  std::map<std::size_t, long> offsets_;
  std::vector<char> scratch_;
  std::chrono::steady_clock::time_point last_sync_ = std::chrono::steady_clock::now();
};

/// Where the journal of a result file lives: "dir/.NAME.journal".
std::string journal_path_for(const std::string& result_path);
/// The result file a journal belongs to (the inverse).
std::string result_path_of(const std::string& journal_path);

}  // namespace rehabsim::sim
