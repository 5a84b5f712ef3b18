#include "sim/config/values.hpp"

#include <sstream>
#include <toml++/toml.h>

#include "sim/errors.hpp"

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

namespace {

// Walks "a.b[2].c" creating tables and array elements as needed; returns the table holding the leaf.
toml::table& table_for(toml::table& root, const std::string& path, std::string& leaf) {
  toml::table* current = &root;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = path.find('.', start);
    std::string segment = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (dot == std::string::npos) {
      leaf = segment;
      return *current;
    }
    const auto bracket = segment.find('[');
    if (bracket == std::string::npos) {
      if (!current->contains(segment)) current->insert(segment, toml::table{});
      current = current->get_as<toml::table>(segment);
    } else {
      const std::string name = segment.substr(0, bracket);
      const std::size_t index = std::stoul(segment.substr(bracket + 1));
      if (!current->contains(name)) current->insert(name, toml::array{});
      auto* array = current->get_as<toml::array>(name);
      while (array->size() <= index) array->push_back(toml::table{});
      current = array->get(index)->as_table();
    }
    start = dot + 1;
  }
}

}  // namespace

std::string Values::to_toml() const {
  toml::table root;
  for (const auto& [path, located] : scalars_) {
    std::string leaf;
    toml::table& t = table_for(root, path, leaf);
    std::visit([&](const auto& v) { t.insert_or_assign(leaf, v); }, located.value);
  }
  std::ostringstream out;
  out << "# Effective rehabsim scenario: every key, with defaults filled in.\n" << root << "\n";
  return out.str();
}

}  // namespace rehabsim::sim::config
