#include "sim/config/values.hpp"

#include <toml++/toml.h>
#include <sstream>

#include "sim/config/toml_source.hpp"

#include "sim/core/errors.hpp"

namespace rehabsim::sim::config {

const Located& Values::at(const std::string& path) const {
  const auto it = scalars_.find(path);
  if (it == scalars_.end()) throw std::logic_error("scenario value not loaded: " + path);
  return it->second;
}

std::int64_t Values::integer(const std::string& path) const { return std::get<std::int64_t>(at(path).value); }
double Values::number(const std::string& path) const { return std::get<double>(at(path).value); }
bool Values::boolean(const std::string& path) const { return std::get<bool>(at(path).value); }
const std::string& Values::string(const std::string& path) const { return std::get<std::string>(at(path).value); }

std::size_t Values::count(const std::string& array_path) const {
  const auto it = counts_.find(array_path);
  if (it == counts_.end()) throw std::logic_error("scenario array not loaded: " + array_path);
  return it->second.first;
}

std::string Values::where(const std::string& path) const {
  if (auto it = scalars_.find(path); it != scalars_.end()) return it->second.where;
  if (auto it = counts_.find(path); it != counts_.end()) return it->second.second;
  return "default";
}

std::string Values::error(const std::string& path, const std::string& expected) const {
  std::string got;
  if (auto it = scalars_.find(path); it != scalars_.end()) got = ", got " + scalar_text(it->second.value);
  return where(path) + ": " + path + ": expected " + expected + got;
}

std::string Values::to_toml() const { return to_toml({}); }

std::string Values::to_toml(const std::function<bool(const std::string& path, const Located& value)>& keep) const {
  toml::table root;
  for (const auto& [path, located] : scalars_) {
    if (keep && !keep(path, located)) continue;
    std::string leaf;
    toml::table* t = parent_table(root, path, leaf, /*grow_arrays=*/true);
    std::visit([&](const auto& v) { t->insert_or_assign(leaf, v); }, located.value);
  }
  std::ostringstream out;
  out << "# Effective rehabsim scenario: every key, with defaults filled in.\n" << root << "\n";
  return out.str();
}

}  // namespace rehabsim::sim::config
