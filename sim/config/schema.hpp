#pragma once
// The table of every scenario key: type, default, unit, range, description and source. A model
// defines its schema once; validation, `rehabsim schema` and docs/scenario-reference.md all read it.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace rehabsim::sim::config {

/// Array: a list of scalars (the engine's own tables, e.g. sweep.keys[].values; checked by their reader).
enum class ValueType { Integer, Float, Boolean, String, TableArray, Array };

using Scalar = std::variant<std::int64_t, double, bool, std::string>;

struct KeySpec {
  /// Dotted path; keys inside an array of tables are written "cohorts[].share".
  std::string path;
  ValueType type = ValueType::Float;
  Scalar default_value = 0.0;  ///< ignored for TableArray (its default is the default scenario's)
  std::string unit;            ///< "days", "fraction 0-1", "" when dimensionless
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  std::vector<std::string> choices;  ///< allowed values of a String key (empty: any string)
  std::string description;
  std::string source;            ///< publication or rationale of the default
  bool sweepable = true;         ///< false: a run setting every sweep point shares (seed, replications, outputs)
  bool inherit_by_name = false;  ///< TableArray: elements named like a default element take its values for keys left out
};

class Schema {
 public:
  explicit Schema(std::vector<KeySpec> keys);
  const std::vector<KeySpec>& keys() const { return keys_; }
  /// Spec of a normalised path ("cohorts[].share"), or nullptr.
  const KeySpec* find(const std::string& normalised_path) const;
  /// The closest known path to `normalised_path`, or "" when nothing is close.
  /// With `element_form` (command-line overrides and sweeps), an array of tables is suggested as a
  /// key of its first element, "clinic.therapists[0].count".
  std::string suggest(const std::string& normalised_path, bool element_form = false) const;
  /// True when some key lies below `prefix.` (so `prefix` names a table).
  bool is_table_prefix(const std::string& normalised_prefix) const;

 private:
  std::vector<KeySpec> keys_;
};

/// "cohorts[2].share" -> "cohorts[].share"
std::string normalise_path(const std::string& concrete_path);
/// An array index as written in a key path: decimal digits only, 0..999999999 (not "1e3", "0x1",
/// "-1" or ""); nullopt otherwise.
std::optional<std::size_t> parse_index(const std::string& text);
/// "" when every [..] of a concrete key path holds a valid index, else what is wrong with it.
std::string index_problem(const std::string& concrete_path);
/// Human text for a key's type and range, e.g. "integer 1..500", "number 0..1", "one of a, b".
std::string expected_text(const KeySpec& spec);
/// Text of a scalar as TOML would write it.
std::string scalar_text(const Scalar& value);
std::string type_name(ValueType type);

}  // namespace rehabsim::sim::config
