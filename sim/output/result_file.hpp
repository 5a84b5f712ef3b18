#pragma once
// The HDF5 result file (format "rehabsim-results", documented in docs/output-format.md). Written to
// a temporary file beside the target and renamed on commit, so a crash never leaves a half file
// under the final name. The only translation unit that includes HDF5 is result_file.cpp.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/output/table.hpp"

namespace rehabsim::sim {

inline constexpr const char* kResultFormat = "rehabsim-results";
inline constexpr std::int64_t kResultFormatVersion = 2;
/// The oldest format version read_results reads (version 1 had prose units and a joined compare scenario).
inline constexpr std::int64_t kOldestReadableFormatVersion = 1;

struct RootAttributes {
  std::string software_version;
  std::string git_commit;
  std::string created_utc;  ///< ISO 8601
  std::string command_line;
  std::string scenario_toml;  ///< the full scenario after overrides
  std::uint64_t seed = 0;
  std::int64_t replications = 0;
  /// `compare`: every compared scenario's full TOML and its name (root attributes
  /// compared_scenario_tomls and compared_scenario_names, string arrays); empty otherwise.
  std::vector<std::string> compared_scenario_tomls, compared_scenario_names;
  /// The notes printed under the tables ("NAME: the queue is unstable: ..."): root attribute
  /// `notes` (string array), absent when there are none.
  std::vector<std::string> notes;
};

/// A table read back from a result file: every 1-D column as doubles (integer codes included).
struct StoredTable {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> values;
  std::vector<std::vector<std::string>> labels;  ///< empty for non-categorical columns
  std::vector<std::string> units;
  std::vector<double> valid_min, valid_max;               ///< the possible range (NaN: unbounded, or a file without it)
  std::size_t index_of(const std::string& column) const;  ///< InputError when absent (a damaged file)
  std::size_t rows() const { return values.empty() ? 0 : values.front().size(); }
};

struct StoredResults {
  std::map<std::string, std::string> attributes;                  ///< string and integer root attributes, as text
  std::map<std::string, std::vector<std::string>> string_arrays;  ///< the string-array root attributes (compared_scenario_*)
  std::map<std::string, StoredTable> tables;                      ///< the requested tables that the file has
};

/// Opens a result file for reading: InputError when it is missing, not HDF5, not a rehabsim result
/// file, or of another format version. Reads the named tables that exist (2-D columns are skipped).
StoredResults read_results(const std::string& path, const std::vector<std::string>& tables);

class ResultFile {
 public:
  /// Checks the target (InputError when it exists without `force`, or cannot be written) and
  /// opens the temporary file.
  ResultFile(const std::string& final_path, bool force);
  ~ResultFile();  ///< removes the temporary file when commit() was not reached
  ResultFile(const ResultFile&) = delete;
  ResultFile& operator=(const ResultFile&) = delete;

  /// Creates /NAME with one empty, extendible dataset per column and their attributes.
  void add_table(const TableSpec& spec);
  /// Appends rows to a table added before.
  void append(const std::string& table, const TableBuffer& rows);
  /// Writes the root attributes, closes, and renames onto the final path.
  void commit(const RootAttributes& attributes, bool complete);

  const std::string& final_path() const { return final_path_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string final_path_;
};

}  // namespace rehabsim::sim
