#include "models/patient/cohort_generator.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

#include "models/params/rng_purposes.hpp"
#include "sim/core/distributions.hpp"
#include "sim/core/rng_stream.hpp"

namespace rehabsim::models {

namespace {
sim::RngStream stream(std::uint64_t seed, std::uint32_t replication, std::uint32_t patient, Purpose purpose) {
  return sim::RngStream({seed, replication, patient, static_cast<std::uint32_t>(purpose)});
}
}  // namespace

CohortGenerator::CohortGenerator(const Scenario& scenario) : CohortGenerator(scenario, FusionCoefficients{}) {
  fusion_ = marginal_fusion_coefficients(scenario.fusion, fusion_population(2000));  // draws with the shares and factor set
}

CohortGenerator::CohortGenerator(const Scenario& scenario, const FusionCoefficients& matched) : fusion_(matched), scenario_(scenario) {
  for (const auto& c : scenario.cohorts) shares_.push_back(c.share);
  cholesky_ = Eigen::LLT<CovariateMatrix>(correlation_matrix(scenario.correlation)).matrixL();
}

bool CohortGenerator::same_fusion_population(const Scenario& a, const Scenario& b) {
  return a.cohorts == b.cohorts && a.correlation == b.correlation && a.fusion == b.fusion;
}

std::vector<Covariates> CohortGenerator::fusion_population(std::size_t n) const {
  // Its own seed and replication, so the coefficients are the same for every run seed and sweep point.
  constexpr std::uint64_t kSeed = 0x66757369'6f6e0001;  // "fusion" 1
  constexpr std::uint32_t kReplication = 0xffffffffu;
  double fusion_share = 0;
  for (const auto& c : scenario_.cohorts)
    if (c.surgery == Surgery::Fusion) fusion_share += c.share;
  std::vector<Covariates> out;
  if (!(fusion_share > 0)) return out;
  out.reserve(n);
  for (std::uint32_t i = 0; out.size() < n && i < 100 * n; ++i) {
    Covariates c = draw(kSeed, kReplication, i);
    if (c.surgery == Surgery::Fusion) out.push_back(c);
  }
  return out;
}

void CohortGenerator::apply_marginals(const CohortSpec& c, const CovariateVector& z, Covariates& out) {
  const auto u = [&](int i) { return sim::normal_cdf(z(i)); };
  // A binary covariate with prevalence p is 1 when its latent normal exceeds Phi^-1(1 - p).
  const auto binary = [&](int i, double p) { return u(i) > 1.0 - p; };
  out.age_years = sim::truncated_normal_from_uniform(u(kAge), c.age_mean_years, c.age_sd_years, 18, 95);
  out.bmi_kg_m2 = sim::truncated_normal_from_uniform(u(kBmi), c.bmi_mean_kg_m2, c.bmi_sd_kg_m2, 15, 60);
  out.smoker = binary(kSmoker, c.smoker_fraction);
  out.diabetic = binary(kDiabetic, c.diabetic_fraction);
  out.protein_g_per_kg_day = sim::truncated_normal_from_uniform(u(kProtein), c.protein_mean_g_per_kg, c.protein_sd_g_per_kg, 0.3, 3.0);
  out.vitamin_d_deficient = binary(kVitaminD, c.vitamin_d_deficient_fraction);
  out.baseline_odi = sim::truncated_normal_from_uniform(u(kOdi), c.baseline_odi_mean, c.baseline_odi_sd, 0, 100);
  out.baseline_back_pain = sim::truncated_normal_from_uniform(u(kBackPain), c.baseline_back_pain_mean, c.baseline_back_pain_sd, 0, 10);
  out.baseline_leg_pain = sim::truncated_normal_from_uniform(u(kLegPain), c.baseline_leg_pain_mean, c.baseline_leg_pain_sd, 0, 10);
}

Covariates CohortGenerator::draw(std::uint64_t seed, std::uint32_t replication, std::uint32_t patient) const {
  Covariates p;
  auto assign = stream(seed, replication, patient, Purpose::CohortAssignment);
  p.cohort = static_cast<std::uint32_t>(sim::categorical(assign, shares_));
  const CohortSpec& c = scenario_.cohorts[p.cohort];
  p.surgery = c.surgery;

  // Draw order within a stream is fixed; new covariates come after the existing ones.
  auto cov = stream(seed, replication, patient, Purpose::Covariates);
  CovariateVector e;
  for (int i = 0; i < kCovariateCount; ++i) e(i) = sim::normal(cov, 0.0, 1.0);
  apply_marginals(c, cholesky_ * e, p);
  p.female = sim::bernoulli(cov, c.female_fraction);
  const double a = cov.uniform01();
  p.approach = a < c.mis_fraction ? Approach::MinimallyInvasive : a < c.mis_fraction + c.endoscopic_fraction ? Approach::Endoscopic : Approach::Open;
  p.levels = c.surgery == Surgery::Fusion && sim::bernoulli(cov, c.two_level_fraction) ? 2 : 1;
  p.employed = sim::bernoulli(cov, c.employed_fraction);
  const auto& jobs = scenario_.return_to_work.job_share;
  p.job = static_cast<JobDemand>(sim::categorical(cov, std::span<const double>(jobs)));

  // One latent draw moves the ODI and pain residuals together; lognormal with the mean preserved.
  auto het = stream(seed, replication, patient, Purpose::ResponseHeterogeneity);
  const double s = c.residual_sd_log;
  const double frailty = std::exp(sim::normal(het, -0.5 * s * s, s));
  p.residual_odi_fraction = std::min(1.0, c.residual_odi_fraction * frailty);
  p.residual_back_pain_fraction = std::min(1.0, c.residual_back_pain_fraction * frailty);
  p.residual_leg_pain_fraction = std::min(1.0, c.residual_leg_pain_fraction * frailty);

  auto home = stream(seed, replication, patient, Purpose::HomeAdherence);
  const double m = scenario_.adherence.home_adherence_mean, k = scenario_.adherence.home_adherence_concentration;
  p.home_adherence = sim::beta(home, m * k, (1.0 - m) * k);

  auto motivation = stream(seed, replication, patient, Purpose::InitialMotivation);
  const double mm = std::clamp(c.motivation_mean + (p.smoker ? scenario_.motivation.smoker_shift : 0.0), 0.01, 0.99);
  const double mk = scenario_.motivation.concentration;
  p.motivation = sim::beta(motivation, mm * mk, (1.0 - mm) * mk);
  // Between-patient differences in the response pathways (lognormal multipliers with mean 1).
  auto pathways = stream(seed, replication, patient, Purpose::PathwayHeterogeneity);
  const double h = scenario_.healing.sd_log, ks = scenario_.sensitisation.susceptibility_sd_log;
  p.healing_multiplier = std::exp(sim::normal(pathways, -0.5 * h * h, h));
  p.sensitisation_susceptibility = std::exp(sim::normal(pathways, -0.5 * ks * ks, ks));
  const double fm = scenario_.fear.initial_mean, fk = scenario_.fear.initial_concentration;
  p.fear = sim::beta(pathways, fm * fk, (1.0 - fm) * fk);
  return p;
}

}  // namespace rehabsim::models
