#pragma once
// The run journal: every work item's output is appended to `.NAME.journal` beside the result file
// as it is consumed, piece by piece, then an end record; it is flushed several times a second
// (fsynced at most once a second), so a run that is interrupted, killed (even by SIGKILL) or loses
// power can be finished with `--resume`. A record is
//   u64 payload length | payload | u64 FNV-1a checksum of the payload
// whose payload starts with the item index and the record kind (a piece of output, or the item's
// end). A resume keeps the items whose end record is intact; anything after the last one (an item
// cut short, a write cut short, a corrupt record) is dropped and overwritten. The header holds the
// run's key (program build, model defaults, scenario, seed, points, replications, table layout),
// so a resume with anything different is refused, saying what differs. A resumed run copies the
// recorded items into the result file at their place in work-item order.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
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

  /// Work items recorded complete (by item index), each with its pieces' file offsets.
  const std::map<std::size_t, std::vector<long>>& recorded() const { return offsets_; }
  /// Appends a piece of `item`'s output; end_item() marks it complete (pieces of one item are
  /// appended together: a piece of another item before the end is a defect of the caller).
  void append_chunk(std::size_t item, const std::vector<TableBuffer>& tables);
  void end_item(std::size_t item);
  /// An item's output as one piece, and its end.
  void append(std::size_t item, const std::vector<TableBuffer>& tables);
  /// Makes everything appended so far durable (fflush + fsync).
  void sync();
  /// Hands what was appended to the operating system (fflush: survives a killed process), and
  /// makes it durable (fsync: survives a power cut) at most once a second, since an fsync per
  /// small batch would dominate the run time of big sweeps.
  void flush();
  /// Reads the pieces of a recorded `item` back, in order, into buffers of the given specs.
  void read_chunks(std::size_t item, const std::vector<TableSpec>& specs, const std::function<void(std::vector<TableBuffer>&&)>& take);
  /// The same, joined into one buffer per table.
  std::vector<TableBuffer> read(std::size_t item, const std::vector<TableSpec>& specs);
  /// Deletes the journal (after a complete result file is in place).
  void remove();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  void write_record();
  std::vector<TableBuffer> read_record(long offset, const std::vector<TableSpec>& specs);
  std::map<std::size_t, std::vector<long>> offsets_;
  std::vector<long> open_;  ///< pieces of the item being appended, until its end record
  std::size_t open_item_ = 0;
  std::vector<char> scratch_;
  std::chrono::steady_clock::time_point last_sync_ = std::chrono::steady_clock::now();
};

/// Where the journal of a result file lives: "dir/.NAME.journal".
std::string journal_path_for(const std::string& result_path);
/// The result file a journal belongs to (the inverse).
std::string result_path_of(const std::string& journal_path);

}  // namespace rehabsim::sim
