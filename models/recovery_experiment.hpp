#pragma once
// The recovery model as an engine Experiment: one point (sweeps come later), R replications,
// tables /patients and /replications.
#include <functional>
#include <memory>

#include "models/outputs/output_tables.hpp"
#include "models/params/scenario.hpp"
#include "models/patient/cohort_generator.hpp"
#include "sim/exec/experiment.hpp"

namespace rehabsim::models {

class RecoveryExperiment final : public sim::Experiment {
 public:
  /// One scenario per sweep point (they differ only in swept scalar keys), and the /points table.
  RecoveryExperiment(std::vector<Scenario> per_point, sim::TableSpec points_spec, sim::TableBuffer points_rows);
  /// A single point.
  explicit RecoveryExperiment(Scenario scenario);
  RecoveryExperiment(const RecoveryExperiment&) = delete;
  RecoveryExperiment& operator=(const RecoveryExperiment&) = delete;
  std::uint32_t points() const override { return static_cast<std::uint32_t>(points_.size()); }
  std::uint32_t replications() const override { return scenario().run.replications; }
  std::uint64_t seed() const override { return scenario().run.seed; }
  sim::TableSpec points_spec() const override;
  sim::TableBuffer points_rows() const override;
  const std::vector<sim::TableSpec>& item_tables() const override { return tables_; }
  std::size_t summary_source() const override { return 1; }
  std::vector<sim::TableBuffer> run(const sim::WorkItem& item) const override;
  sim::ItemMemory memory_per_item() const override;
  /// Pieces: each block's /patients (and /trajectories) rows as the block finishes, then the
  /// /replications row (fed block by block) and the /clinic_weekly rows.
  void run_streamed(const sim::WorkItem& item, const sim::PartsExecutor& parts, const sim::ChunkSink& sink) const override;
  sim::RunStats run_stats() const override { return stats_.total(); }
  std::vector<std::string> event_kind_names() const override;
  std::string entity_name() const override { return "patient"; }

  const Scenario& scenario(std::size_t point = 0) const { return points_.at(point)->scenario; }
  /// Probabilistic sensitivity analysis: each work item runs its own scenario (the point's values
  /// with the replication's parameter draws) instead of the point's.
  void set_item_scenarios(std::function<Scenario(std::size_t point, std::uint32_t replication)> f) { item_scenario_ = std::move(f); }

 private:
  // A point's scenario and the generator that refers to it (kept at a stable address). With
  // `like`, a scenario whose fusion population is the same reuses its matched fusion coefficients.
  struct Point {
    explicit Point(Scenario s) : scenario(std::move(s)), cohort(scenario) {}
    Point(Scenario s, const Point& like)
        : scenario(std::move(s)),
          cohort(CohortGenerator::same_fusion_population(scenario, like.scenario) ? CohortGenerator(scenario, like.cohort.fusion_coefficients())
                                                                                  : CohortGenerator(scenario)) {}
    Scenario scenario;
    CohortGenerator cohort;
  };
  std::vector<std::unique_ptr<Point>> points_;
  std::function<Scenario(std::size_t, std::uint32_t)> item_scenario_;
  sim::TableSpec points_spec_;
  sim::TableBuffer points_rows_;
  PatientTable patients_;
  ReplicationTable replications_;
  TrajectoryTable trajectories_;
  ClinicWeeklyTable clinic_weekly_;
  bool clinic_table_ = false;
  std::vector<sim::TableSpec> tables_;
  mutable sim::RunStatsCollector stats_;
};

}  // namespace rehabsim::models
