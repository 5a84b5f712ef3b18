// Random draws per distribution from one Philox stream (the transforms of sim/core/distributions).
#include <benchmark/benchmark.h>

#include <array>

#include "sim/core/distributions.hpp"
#include "sim/core/rng_stream.hpp"

namespace {

using namespace rehabsim::sim;

template <class Draw>
void run(benchmark::State& state, Draw draw) {
  RngStream rng({3, 0, 0, 0});
  for (auto _ : state) benchmark::DoNotOptimize(draw(rng));
  state.SetItemsProcessed(state.iterations());
}

void BM_Uniform01(benchmark::State& s) {
  run(s, [](RngStream& r) { return r.uniform01(); });
}
void BM_Exponential(benchmark::State& s) {
  run(s, [](RngStream& r) { return exponential(r, 1.0); });
}
void BM_Normal(benchmark::State& s) {
  run(s, [](RngStream& r) { return normal(r, 0.0, 1.0); });
}
void BM_NormalQuantile(benchmark::State& s) {
  run(s, [](RngStream& r) { return normal_quantile(r.uniform01()); });
}
void BM_Lognormal(benchmark::State& s) {
  run(s, [](RngStream& r) { return lognormal(r, 0.0, 0.5); });
}
void BM_TruncatedNormal(benchmark::State& s) {
  run(s, [](RngStream& r) { return truncated_normal(r, 0.0, 1.0, -1.0, 2.0); });
}
void BM_Gamma(benchmark::State& s) {
  run(s, [](RngStream& r) { return gamma(r, 2.5, 1.0); });
}
void BM_Beta(benchmark::State& s) {
  run(s, [](RngStream& r) { return beta(r, 2.0, 5.0); });
}
void BM_Bernoulli(benchmark::State& s) {
  run(s, [](RngStream& r) { return bernoulli(r, 0.3); });
}
void BM_Categorical(benchmark::State& s) {
  const std::array<double, 4> w = {0.3, 0.25, 0.25, 0.2};
  run(s, [&](RngStream& r) { return categorical(r, w); });
}
void BM_StreamSetUp(benchmark::State& state) {
  std::uint32_t patient = 0;
  for (auto _ : state) {
    RngStream r({3, 0, patient++, 7});
    benchmark::DoNotOptimize(r.uniform01());
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_Uniform01);
BENCHMARK(BM_Exponential);
BENCHMARK(BM_Normal);
BENCHMARK(BM_NormalQuantile);
BENCHMARK(BM_Lognormal);
BENCHMARK(BM_TruncatedNormal);
BENCHMARK(BM_Gamma);
BENCHMARK(BM_Beta);
BENCHMARK(BM_Bernoulli);
BENCHMARK(BM_Categorical);
BENCHMARK(BM_StreamSetUp);

}  // namespace
