#include "app/compare_command.hpp"

#include <algorithm>
#include <filesystem>

#include "app/metric_table.hpp"
#include "sim/config/uncertainty.hpp"
#include "sim/core/errors.hpp"

namespace rehabsim::app {

using namespace rehabsim::sim;

namespace {

// The run settings of one scenario as text: the keys no sweep may vary, which compare pairs on.
std::string run_settings(const ModelBinding& b, const config::Values& v) {
  std::string settings;
  for (const auto& [key, located] : v.scalars())
    if (const auto* spec = b.schema->find(config::normalise_path(key)); spec && !spec->sweepable)
      settings += key + "=" + config::scalar_text(located.value) + " ";
  return settings;
}

}  // namespace

ComparedScenarios read_compared_scenarios(const ModelBinding& b, const std::vector<std::string>& files, const std::vector<std::string>& overrides) {
  ComparedScenarios out{std::make_shared<std::vector<config::ScenarioSource>>(), {}, {}};
  std::string first_settings;
  for (const auto& file : files) {
    out.sources->push_back(config::read_scenario_file(file));
    const config::Values v = config::load_scenario(out.sources->back(), overrides, *b.schema, b.default_scenario, b.presets);
    if (config::read_sweep(out.sources->back(), {}, "", 0, *b.schema).mode != config::SweepMode::None ||
        !config::read_uncertainty(out.sources->back(), *b.schema).empty())
      throw InputError(file + ": compare takes scenarios without [sweep] or [uncertainty]");
    const std::string settings = run_settings(b, v);
    if (!first_settings.empty() && settings != first_settings)
      throw InputError(file +
                       ": compare needs the same run settings in every scenario (seed, replications, patients, horizon); "
                       "got " +
                       settings + "vs " + first_settings + "; set them with -r, -s or --set");
    first_settings = settings;
    out.seed = static_cast<std::uint64_t>(v.integer(b.seed_key));
    const std::string name = std::filesystem::path(file).stem().string();
    if (const auto same = std::find(out.names.begin(), out.names.end(), name); same != out.names.end())
      throw InputError(file + ": compare labels each scenario by its file name, and " + files[static_cast<std::size_t>(same - out.names.begin())] +
                       " is also \"" + name + "\"; give the files different names");
    out.names.push_back(name);
    out.tomls.push_back(v.to_toml());
  }
  return out;
}

ComparePoints compare_points(const std::vector<std::string>& names, const config::SweepPoints& swept) {
  const std::size_t scenarios = names.size(), sweep_points = swept.overrides.size();
  TableSpec spec{"points",
                 {{"point", ColumnType::Int32, "1", "compared scenario (at a sweep point) id", {}},
                  {"scenario", ColumnType::Int32, "1", "compared scenario (labels: file names)", names}}};
  for (std::size_t c = 1; c < swept.spec.columns.size(); ++c) spec.columns.push_back(swept.spec.columns[c]);
  ComparePoints out{{{}, spec, TableBuffer(spec)}, {}};
  const auto value = [&](std::size_t c, std::size_t q) {
    return swept.rows.is_float(c) ? swept.rows.floats(c)[q] : static_cast<double>(swept.rows.integers(c)[q]);
  };
  for (std::size_t q = 0; q < sweep_points; ++q)
    for (std::size_t i = 0; i < scenarios; ++i) {
      std::string label = names[i];
      for (std::size_t c = 1; c < swept.spec.columns.size(); ++c)
        label += std::string(c == 1 ? " @ " : ", ") + short_key(swept.spec.columns[c].name) + "=" +
                 value_as_printed(value(c, q), swept.spec.columns[c].labels);
      out.labels.push_back(label);
      TableBuffer& rows = out.points.rows;
      rows.add_row();
      rows.set(0, static_cast<std::int64_t>(q * scenarios + i));
      rows.set(1, static_cast<std::int64_t>(i));
      for (std::size_t c = 1; c < swept.spec.columns.size(); ++c) {
        if (swept.rows.is_float(c))
          rows.set(c + 1, swept.rows.floats(c)[q]);
        else
          rows.set(c + 1, swept.rows.integers(c)[q]);
      }
    }
  return out;
}

}  // namespace rehabsim::app
