#include "models/calibration/target_verdict.hpp"

#include <cmath>
#include <cstdio>

namespace rehabsim::models::calibration {
namespace {
std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", v);
  return b;
}
}  // namespace

Verdict judge(const TargetSpec& t, const std::vector<double>& values) {
  Verdict v{sim::summarise(values), false, ""};
  const double se = v.sim.sd / std::sqrt(static_cast<double>(v.sim.n));
  if (t.rule == "point") {
    const double tolerance = 1.96 * std::sqrt(se * se + t.published_se * t.published_se);
    v.holds = std::abs(v.sim.mean - t.low) <= tolerance;
    v.rule = "abs(mean - " + num(t.low) + ") <= 1.96 sqrt(SE_sim^2 + SE_pub^2) = " + num(tolerance) + " (SE_pub " + num(t.published_se) + ")";
  } else if (t.rule == "range") {
    v.holds = v.sim.mean >= t.low - 1.96 * se && v.sim.mean <= t.high + 1.96 * se;
    v.rule = "mean in [" + num(t.low) + ", " + num(t.high) + "] widened by 1.96 SE_sim = " + num(1.96 * se);
  } else if (t.rule == "ci_above") {
    v.holds = v.sim.ci95_low > t.low;
    v.rule = "95% CI entirely above " + num(t.low);
  } else {
    v.holds = v.sim.ci95_high < t.high;
    v.rule = "95% CI entirely below " + num(t.high);
  }
  if (!std::isfinite(v.sim.mean)) v.holds = false;
  return v;
}

}  // namespace rehabsim::models::calibration
