#include "app/run_stats_report.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>

namespace rehabsim::app {

double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; };
  return seconds(u.ru_utime) + seconds(u.ru_stime);
}

std::size_t peak_resident_bytes() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<std::size_t>(u.ru_maxrss) * 1024;  // Linux reports kilobytes
}

namespace {
std::string fixed(double v, int decimals) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", decimals, v);
  return b;
}
}  // namespace

void print_run_stats(std::ostream& out, const sim::RunStats& stats, const RunTimings& t, const std::vector<std::string>& kind_names,
                     const std::string& entity) {
  const double wall = t.simulate_seconds + t.write_seconds;
  const double cpu = std::max(t.cpu_seconds, 1e-9);
  const auto events = static_cast<double>(stats.events());
  out << "stats: threads " << t.threads << "; wall " << fixed(wall, 3) << " s (run and stream " << fixed(t.simulate_seconds, 3) << " s, finish "
      << fixed(t.write_seconds, 3) << " s); cpu " << fixed(t.cpu_seconds, 3) << " s; peak rss " << fixed(peak_resident_bytes() / 1e6, 1) << " MB\n";
  out << "stats: " << entity << "-years " << fixed(stats.entity_years, 1) << " (" << fixed(stats.entity_years / cpu, 0) << " per cpu-second); events "
      << fixed(events, 0) << " (" << fixed(events / cpu, 0) << " per cpu-second); cancelled events dropped " << stats.stale_events << "\n";
  out << "stats: output " << fixed(static_cast<double>(t.file_bytes) / 1e6, 2) << " MB ("
      << fixed(wall > 0 ? static_cast<double>(t.file_bytes) / 1e6 / wall : 0.0, 1) << " MB/s of the wall time)\n";
  out << "stats: events by kind:";
  for (std::size_t k = 0; k < stats.events_by_kind.size(); ++k) {
    if (stats.events_by_kind[k] == 0) continue;
    out << " " << (k < kind_names.size() ? kind_names[k] : "kind " + std::to_string(k)) << " " << stats.events_by_kind[k];
  }
  out << "\n";
}

}  // namespace rehabsim::app
