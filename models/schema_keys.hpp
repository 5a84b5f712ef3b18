#pragma once
// Short constructors of schema keys, shared by the scenario's schema files.
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/config/schema.hpp"

namespace rehabsim::models::schema_keys {

using sim::config::KeySpec;
using sim::config::ValueType;
inline constexpr double kInf = std::numeric_limits<double>::infinity();
inline const std::string kFraction = "fraction 0-1";

inline KeySpec number(std::string path, double def, std::string unit, double lo, double hi, std::string description, std::string source) {
  return KeySpec{std::move(path), ValueType::Float, def, std::move(unit), lo, hi, {}, std::move(description), std::move(source)};
}
inline KeySpec integer(std::string path, std::int64_t def, std::string unit, double lo, double hi, std::string description,
                       std::string source = "") {
  return KeySpec{std::move(path), ValueType::Integer, def, std::move(unit), lo, hi, {}, std::move(description), std::move(source)};
}
inline KeySpec text(std::string path, std::string def, std::vector<std::string> choices, std::string description) {
  return KeySpec{std::move(path), ValueType::String, std::move(def), "", -kInf, kInf, std::move(choices), std::move(description), ""};
}
inline KeySpec tables(std::string path, double lo, double hi, std::string description) {
  return KeySpec{std::move(path), ValueType::TableArray, std::int64_t{0}, "", lo, hi, {}, std::move(description), ""};
}
inline KeySpec boolean(std::string path, bool def, std::string description) {
  return KeySpec{std::move(path), ValueType::Boolean, def, "", -kInf, kInf, {}, std::move(description), ""};
}

/// Index of a String key's value among its choices (validated by the schema beforehand).
template <class Names>
int index_of(const Names& names, const std::string& name) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (name == names[i]) return static_cast<int>(i);
  throw std::logic_error("unknown choice " + name);  // the schema's choices make this unreachable
}

}  // namespace rehabsim::models::schema_keys
