#pragma once
// One declaration per scenario key: its path, the struct member it sets, unit, range, description
// and source. The default is read from a default-constructed struct through the same accessor, so
// a key's default cannot drift from the struct's. A model declares its bindings once; the schema
// (validation, `schema`, the reference page, --set, sweeps and uncertainty) is `keys()`, and the
// typed struct is `apply(values)`. Cross-field checks stay explicit rules beside the bindings.
//
//   Bindings<Scenario> b;
//   b.add({"muscle.atrophy_rate_per_day", "1/day", 0, 1, "Disuse loss rate.", "Wall 2014"},
//         [](Scenario& s) -> auto& { return s.muscle.loss_rate_per_day; });
//
// The member's C++ type gives the key's type: floating point -> number, integral -> integer,
// bool -> boolean, std::string -> string, an enum -> string with the given choice names.
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/config/schema.hpp"
#include "sim/config/values.hpp"

namespace rehabsim::sim::config {

/// Everything about a key but its type and default (those come from the bound member).
struct KeyInfo {
  std::string path;  ///< relative to the Bindings it is added to
  std::string unit;
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  std::string description;
  std::string source;
  bool sweepable = true;  ///< false for run settings (seed, replications, outputs): not swept, not uncertain
  /// An array of tables only: a scenario's element named like an element of the default scenario's
  /// array takes that element's values for the keys it leaves out (not the schema defaults).
  bool inherit_by_name = false;
};

template <class Root>
class Bindings {
 public:
  /// A scalar key; `field(root)` is a reference to the member it sets (a generic accessor, so that it
  /// also reads a const root).
  template <class Field>
  Bindings& add(KeyInfo info, Field field) {
    using T = std::remove_cvref_t<decltype(field(std::declval<Root&>()))>;
    static_assert(!std::is_enum_v<T>, "an enum key needs its choice names: add(info, field, names)");
    Root defaults{};
    Entry e{spec_of<T>(std::move(info), field(defaults)), {}, nullptr, nullptr};
    e.set = [field](Root& root, const Values& v, const std::string& path) { field(root) = read<T>(v, path); };
    e.get = [field](const Root& root, const std::string& path, Assigned& out) { out.emplace_back(path, scalar_of(field(root))); };
    entries_.push_back(std::move(e));
    return *this;
  }

  /// An enum key stored as one of `names` (index = the enum's value).
  template <class Field, class Names>
  Bindings& add(KeyInfo info, Field field, const Names& names) {
    using E = std::remove_cvref_t<decltype(field(std::declval<Root&>()))>;
    static_assert(std::is_enum_v<E>);
    std::vector<std::string> choices(names.begin(), names.end());
    Root defaults{};
    KeySpec spec = base(std::move(info), ValueType::String);
    spec.default_value = choices.at(static_cast<std::size_t>(field(defaults)));
    spec.choices = choices;
    Entry e{std::move(spec), {}, nullptr, nullptr};
    e.get = [field, choices](const Root& root, const std::string& path, Assigned& out) {
      out.emplace_back(path, choices.at(static_cast<std::size_t>(field(root))));
    };
    e.set = [field, choices](Root& root, const Values& v, const std::string& path) {
      const std::string& name = v.string(path);
      for (std::size_t i = 0; i < choices.size(); ++i)
        if (choices[i] == name) {
          field(root) = static_cast<E>(i);
          return;
        }
      throw std::logic_error("unknown choice " + name + " of " + path);  // validated against the schema first
    };
    entries_.push_back(std::move(e));
    return *this;
  }

  /// A free-text string key limited to `choices` (stored as the string itself).
  template <class Field>
  Bindings& add_choice(KeyInfo info, Field field, std::vector<std::string> choices) {
    add(std::move(info), field);
    entries_.back().spec.choices = std::move(choices);
    return *this;
  }

  /// An array of tables (`[[path]]`); `field(root)` is the std::vector the elements go to, and
  /// `element` binds the keys inside one element (paths relative to it). Left out of a scenario,
  /// the array is the default scenario's (the loader's rule).
  template <class Field, class Element>
  Bindings& add_array(KeyInfo info, Field field, Bindings<Element> element) {
    Entry e{base(std::move(info), ValueType::TableArray), {}, nullptr, nullptr};
    e.spec.default_value = std::int64_t{0};
    auto shared = std::make_shared<Bindings<Element>>(std::move(element));
    e.set = [field, shared](Root& root, const Values& v, const std::string& path) {
      auto& vec = field(root);
      const std::size_t n = v.count(path);
      vec.assign(n, Element{});
      for (std::size_t i = 0; i < n; ++i) shared->apply_to(vec[i], v, path + "[" + std::to_string(i) + "].");
    };
    e.element_keys = [shared](const std::string& prefix) { return shared->keys(prefix); };
    e.get = [field, shared](const Root& root, const std::string& path, Assigned& out) {
      const auto& vec = field(root);
      for (std::size_t i = 0; i < vec.size(); ++i) shared->collect(vec[i], path + "[" + std::to_string(i) + "].", out);
    };
    entries_.push_back(std::move(e));
    return *this;
  }

  /// The keys of `part` under `prefix.`, setting the sub-struct `field(root)`.
  template <class Field, class Part>
  Bindings& add_group(const std::string& prefix, Field field, const Bindings<Part>& part) {
    for (const auto& sub : part.entries_) {
      Entry e{sub.spec, sub.element_keys, nullptr, nullptr};
      e.spec.path = prefix + "." + sub.spec.path;
      auto set = sub.set;
      auto get = sub.get;
      e.set = [field, set](Root& root, const Values& v, const std::string& path) { set(field(root), v, path); };
      e.get = [field, get](const Root& root, const std::string& path, Assigned& out) { get(field(root), path, out); };
      entries_.push_back(std::move(e));
    }
    return *this;
  }

  /// Every key, arrays followed by their element keys ("cohorts", "cohorts[].share", ...).
  std::vector<KeySpec> keys(const std::string& prefix = "") const {
    std::vector<KeySpec> out;
    for (const auto& e : entries_) {
      KeySpec k = e.spec;
      k.path = prefix + k.path;
      out.push_back(k);
      if (e.element_keys) {
        auto inner = e.element_keys(k.path + "[].");
        out.insert(out.end(), inner.begin(), inner.end());
      }
    }
    return out;
  }

  /// Sets every bound member of `root` from validated values.
  void apply_to(Root& root, const Values& v, const std::string& prefix = "") const {
    for (const auto& e : entries_) e.set(root, v, prefix + e.spec.path);
  }
  Root apply(const Values& v) const {
    Root root{};
    apply_to(root, v);
    return root;
  }

  /// Every bound value of `root` by concrete path ("cohorts[1].share"), arrays element by element:
  /// what the struct holds, in the schema's terms (tests, provenance).
  using Assigned = std::vector<std::pair<std::string, Scalar>>;
  Assigned values(const Root& root) const {
    Assigned out;
    collect(root, "", out);
    return out;
  }
  void collect(const Root& root, const std::string& prefix, Assigned& out) const {
    for (const auto& e : entries_) e.get(root, prefix + e.spec.path, out);
  }

 private:
  template <class>
  friend class Bindings;

  struct Entry {
    KeySpec spec;
    std::function<std::vector<KeySpec>(const std::string&)> element_keys;  ///< arrays of tables only
    std::function<void(Root&, const Values&, const std::string&)> set;
    std::function<void(const Root&, const std::string&, Assigned&)> get;
  };

  static KeySpec base(KeyInfo info, ValueType type) {
    KeySpec k;
    k.path = std::move(info.path);
    k.type = type;
    k.unit = std::move(info.unit);
    k.min = info.min;
    k.max = info.max;
    k.description = std::move(info.description);
    k.source = std::move(info.source);
    k.sweepable = info.sweepable;
    k.inherit_by_name = info.inherit_by_name;
    return k;
  }

  template <class T>
  static KeySpec spec_of(KeyInfo info, const T& def) {
    if constexpr (std::is_same_v<T, bool>) {
      KeySpec k = base(std::move(info), ValueType::Boolean);
      k.default_value = def;
      return k;
    } else if constexpr (std::is_integral_v<T>) {
      KeySpec k = base(std::move(info), ValueType::Integer);
      k.default_value = static_cast<std::int64_t>(def);
      return k;
    } else if constexpr (std::is_floating_point_v<T>) {
      KeySpec k = base(std::move(info), ValueType::Float);
      k.default_value = static_cast<double>(def);
      return k;
    } else {
      static_assert(std::is_same_v<T, std::string>, "a bound member must be a number, bool, string or enum");
      KeySpec k = base(std::move(info), ValueType::String);
      k.default_value = def;
      return k;
    }
  }

  template <class T>
  static Scalar scalar_of(const T& x) {
    if constexpr (std::is_same_v<T, bool>)
      return x;
    else if constexpr (std::is_integral_v<T>)
      return static_cast<std::int64_t>(x);
    else if constexpr (std::is_floating_point_v<T>)
      return static_cast<double>(x);
    else
      return x;
  }

  template <class T>
  static T read(const Values& v, const std::string& path) {
    if constexpr (std::is_same_v<T, bool>)
      return v.boolean(path);
    else if constexpr (std::is_integral_v<T>)
      return static_cast<T>(v.integer(path));
    else if constexpr (std::is_floating_point_v<T>)
      return static_cast<T>(v.number(path));
    else
      return v.string(path);
  }

  std::vector<Entry> entries_;
};

}  // namespace rehabsim::sim::config
