#pragma once
// A scenario after parsing, overrides and validation: every schema key has a typed value (from the
// file, an override or the default) and the place it came from, for error messages downstream.
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "sim/config/schema.hpp"

namespace rehabsim::sim::config {

struct Located {
  Scalar value;
  std::string where;  ///< "file:line:col", "--set key=value", or "default"
};

class Values {
 public:
  std::int64_t integer(const std::string& path) const;
  double number(const std::string& path) const;
  bool boolean(const std::string& path) const;
  const std::string& string(const std::string& path) const;
  /// Number of elements of an array of tables.
  std::size_t count(const std::string& array_path) const;
  /// Where a value came from (for messages), "default" when from the schema.
  std::string where(const std::string& path) const;
  /// An InputError text in the standard form "where: path: expected ..., got ...".
  std::string error(const std::string& path, const std::string& expected) const;

  /// The full scenario as TOML (every key, defaults filled in): stored in result files.
  std::string to_toml() const;
  /// The keys `keep` accepts only (a preset sweep stores the preset table's own keys, not its expansion).
  std::string to_toml(const std::function<bool(const std::string& path, const Located& value)>& keep) const;

  // Building (used by the loader).
  void set(const std::string& path, Located value) { scalars_[path] = std::move(value); }
  void set_count(const std::string& array_path, std::size_t n, std::string where) { counts_[array_path] = {n, std::move(where)}; }
  const std::map<std::string, Located>& scalars() const { return scalars_; }

 private:
  const Located& at(const std::string& path) const;
  std::map<std::string, Located> scalars_;
  std::map<std::string, std::pair<std::size_t, std::string>> counts_;
};

}  // namespace rehabsim::sim::config
