#include "sim/config/schema.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "sim/config/edit_distance.hpp"

namespace rehabsim::sim::config {

Schema::Schema(std::vector<KeySpec> keys) : keys_(std::move(keys)) {
  for (std::size_t i = 0; i < keys_.size(); ++i)
    for (std::size_t j = i + 1; j < keys_.size(); ++j)
      if (keys_[i].path == keys_[j].path) throw std::logic_error("duplicate schema key " + keys_[i].path);
}

const KeySpec* Schema::find(const std::string& path) const {
  for (const auto& k : keys_)
    if (k.path == path) return &k;
  return nullptr;
}

bool Schema::is_table_prefix(const std::string& prefix) const {
  const std::string p = prefix + ".";
  return std::any_of(keys_.begin(), keys_.end(), [&](const KeySpec& k) { return k.path.compare(0, p.size(), p) == 0; });
}

std::string Schema::suggest(const std::string& path, bool element_form) const {
  std::string best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  // Compare whole paths, and also the last segment against keys in the same table, so that both a
  // misspelt leaf ("cohort.sise") and a misplaced one find their match.
  const auto leaf = [](const std::string& p) { return p.substr(p.rfind('.') + 1); };
  const auto parent = [](const std::string& p) {
    const auto dot = p.rfind('.');
    return dot == std::string::npos ? std::string() : p.substr(0, dot);
  };
  // Candidates: every key and every table that holds keys (so a misspelt table name matches too).
  std::vector<std::string> candidates;
  for (const auto& k : keys_) {
    candidates.push_back(k.path);
    for (std::size_t dot = k.path.find('.'); dot != std::string::npos; dot = k.path.find('.', dot + 1)) candidates.push_back(k.path.substr(0, dot));
  }
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(path, c);
    if (parent(path) == parent(c)) {
      d = std::min(d, edit_distance(leaf(path), leaf(c)));
      // A truncated name ("atrophy_rat" for "atrophy_rate_per_day") is a near miss too.
      if (leaf(path).size() >= 4 && leaf(c).rfind(leaf(path).substr(0, leaf(path).size() - 1), 0) == 0) d = std::min<std::size_t>(d, 1);
    }
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  const std::size_t limit = std::max<std::size_t>(2, leaf(path).size() / 3);
  if (best_distance > limit) return std::string();
  if (best.size() > 2 && best.compare(best.size() - 2, 2, "[]") == 0) best.erase(best.size() - 2);
  // An array of tables cannot be set or swept as a whole: on the command line, suggest a number in
  // its first element ("clinic.therapists" -> "clinic.therapists[0].count").
  const KeySpec* spec = find(best);
  if (element_form && spec && spec->type == ValueType::TableArray) {
    const std::string prefix = best + "[].";
    const auto in_element = [&](const KeySpec& k) { return k.path.rfind(prefix, 0) == 0 && k.path.find('[', prefix.size()) == std::string::npos; };
    const auto number = [&](const KeySpec& k) { return in_element(k) && (k.type == ValueType::Integer || k.type == ValueType::Float); };
    auto element = std::find_if(keys_.begin(), keys_.end(), number);
    if (element == keys_.end()) element = std::find_if(keys_.begin(), keys_.end(), in_element);
    if (element != keys_.end()) return best + "[0]." + element->path.substr(prefix.size());
  }
  return best;
}

std::string normalise_path(const std::string& concrete) {
  std::string out;
  out.reserve(concrete.size());
  for (std::size_t i = 0; i < concrete.size(); ++i) {
    out += concrete[i];
    if (concrete[i] == '[') {
      while (i + 1 < concrete.size() && concrete[i + 1] != ']') ++i;
    }
  }
  return out;
}

std::optional<std::size_t> parse_index(const std::string& text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  std::size_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  return value;
}

std::string index_problem(const std::string& path) {
  for (std::size_t open = path.find('['); open != std::string::npos; open = path.find('[', open + 1)) {
    const std::size_t close = path.find(']', open);
    if (close == std::string::npos) return "expected a closing ] after \"" + path.substr(0, open + 1) + "\"";
    const std::string inside = path.substr(open + 1, close - open - 1);
    if (!parse_index(inside))
      return "expected an array index of decimal digits (0..999999999) inside [], got \"" + inside + "\" (e.g. " + path.substr(0, open) + "[0])";
  }
  return "";
}

std::string type_name(ValueType type) {
  switch (type) {
    case ValueType::Integer: return "integer";
    case ValueType::Float: return "number";
    case ValueType::Boolean: return "boolean";
    case ValueType::String: return "string";
    case ValueType::TableArray: return "array of tables";
    case ValueType::Array: return "array";
  }
  return "?";
}

static std::string number_text(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == std::floor(v) && std::abs(v) < 1e16) return std::to_string(static_cast<long long>(v));
  std::ostringstream s;
  s.precision(15);
  s << v;
  return s.str();
}

std::string expected_text(const KeySpec& spec) {
  std::string text = type_name(spec.type);
  if (spec.type == ValueType::String && !spec.choices.empty()) {
    text = "one of ";
    for (std::size_t i = 0; i < spec.choices.size(); ++i) text += (i ? ", \"" : "\"") + spec.choices[i] + "\"";
    return text;
  }
  const bool has_min = !std::isinf(spec.min);
  const bool has_max = !std::isinf(spec.max);
  if (spec.type == ValueType::TableArray) {
    if (has_min || has_max) text += " (" + number_text(spec.min) + ".." + number_text(spec.max) + " entries)";
    return text;
  }
  if (has_min && has_max)
    text += " " + number_text(spec.min) + ".." + number_text(spec.max);
  else if (has_min)
    text += " >= " + number_text(spec.min);
  else if (has_max)
    text += " <= " + number_text(spec.max);
  return text;
}

std::string scalar_text(const Scalar& value) {
  struct Visitor {
    std::string operator()(std::int64_t v) const { return std::to_string(v); }
    std::string operator()(double v) const { return number_text(v); }
    std::string operator()(bool v) const { return v ? "true" : "false"; }
    std::string operator()(const std::string& v) const { return "\"" + v + "\""; }
  };
  return std::visit(Visitor{}, value);
}

}  // namespace rehabsim::sim::config
