#include "sim/config/sweep.hpp"

#include <gtest/gtest.h>

#include "support/input_error.hpp"

#include "support/statistics.hpp"

#include <cmath>
#include <set>

#include "sim/core/errors.hpp"

namespace rehabsim::sim::config {
namespace {

Schema schema() {
  const double inf = std::numeric_limits<double>::infinity();
  return Schema({
      {"run.seed", ValueType::Integer, std::int64_t{1}, "1", 0, 1e9, {}, "Seed.", "", /*sweepable=*/false},
      {"a.days", ValueType::Integer, std::int64_t{28}, "days", 0, 365, {}, "Days.", ""},
      {"a.rate", ValueType::Float, 0.02, "1/day", 0, 1, {}, "Rate.", ""},
      {"a.mode", ValueType::String, std::string("clinic"), "", -inf, inf, {"clinic", "telehealth"}, "Mode.", ""},
  });
}

SweepSpec read(const std::string& text, std::vector<std::string> cli = {}, std::string mode = "", std::int64_t samples = 0) {
  static const Schema s = schema();
  return read_sweep({text, "s.toml"}, cli, mode, samples, s);
}

std::string error_of(const std::string& text, std::vector<std::string> cli = {}) {
  return test::input_error_of([&] { read(text, cli); });
}

TEST(Sweep, NoSweepIsOnePointWithoutOverrides) {
  const SweepPoints p = expand_sweep(read("[a]\ndays = 3\n"), 1);
  ASSERT_EQ(p.overrides.size(), 1u);
  EXPECT_TRUE(p.overrides[0].empty());
  EXPECT_EQ(p.spec.columns.size(), 1u);
}

TEST(Sweep, GridIsTheCartesianProductWithTheLastKeyFastest) {
  const SweepSpec s = read("[sweep]\nmode = \"grid\"\n[[sweep.keys]]\nkey = \"a.days\"\nvalues = [14, 28]\n", {"a.mode=clinic,telehealth"});
  const SweepPoints p = expand_sweep(s, 1);
  ASSERT_EQ(p.overrides.size(), 4u);
  EXPECT_EQ(p.overrides[0], (std::vector<std::string>{"a.days=14", "a.mode=\"clinic\""}));
  EXPECT_EQ(p.overrides[1], (std::vector<std::string>{"a.days=14", "a.mode=\"telehealth\""}));
  EXPECT_EQ(p.overrides[3], (std::vector<std::string>{"a.days=28", "a.mode=\"telehealth\""}));
  // /points: point, then one column per key with its unit; strings as labelled codes.
  EXPECT_EQ(p.spec.columns[1].name, "a.days");
  EXPECT_EQ(p.spec.columns[1].units, "days");
  EXPECT_EQ(p.spec.columns[2].labels, (std::vector<std::string>{"clinic", "telehealth"}));
  EXPECT_EQ(p.rows.integers(2), (std::vector<std::int64_t>{0, 1, 0, 1}));
}

TEST(Sweep, LatinHypercubePutsOneSampleInEachStratum) {
  const SweepSpec s = read("", {"a.rate=0.01:0.03", "a.days=0:99"}, "lhs", 10);
  const SweepPoints p = expand_sweep(s, 7);
  ASSERT_EQ(p.overrides.size(), 10u);
  std::set<int> rate_strata, day_strata;
  for (std::size_t i = 0; i < 10; ++i) {
    const double rate = p.rows.floats(1)[i];
    EXPECT_GE(rate, 0.01);
    EXPECT_LE(rate, 0.03);
    rate_strata.insert(static_cast<int>((rate - 0.01) / 0.002));
    day_strata.insert(static_cast<int>(p.rows.integers(2)[i] / 10));  // integer keys are rounded
  }
  EXPECT_EQ(rate_strata.size(), 10u);
  EXPECT_GE(day_strata.size(), 9u);  // rounding can move a value across a boundary
  // The same seed gives the same design; another seed another one.
  EXPECT_EQ(expand_sweep(s, 7).overrides, p.overrides);
  EXPECT_NE(expand_sweep(s, 8).overrides, p.overrides);
}

TEST(Sweep, LogUniformStaysWithinBoundsAndSpreadsOverDecades) {
  const SweepSpec s = read("[sweep]\nmode = \"random\"\nsamples = 2000\n[[sweep.keys]]\nkey = \"a.rate\"\nmin = 0.001\nmax = 0.1\nscale = \"log\"\n");
  const SweepPoints p = expand_sweep(s, 3);
  int below = 0;
  for (double v : p.rows.floats(1)) {
    EXPECT_GE(v, 0.001);
    EXPECT_LE(v, 0.1);
    below += v < 0.01;
  }
  // Half the log range lies below 0.01: the share is 0.5 within test::kZ binomial SEs.
  EXPECT_NEAR(below / 2000.0, 0.5, test::proportion_tolerance(0.5, 2000));
}

TEST(Sweep, BadSweepsNameTheProblem) {
  EXPECT_NE(error_of("", {"a.rat=0:1"}).find("did you mean \"a.rate\""), std::string::npos);
  EXPECT_NE(error_of("", {"run.seed=1,2"}).find("cannot be swept"), std::string::npos);
  EXPECT_NE(error_of("", {"a.rate=0.5:2"}).find("expected a range within number 0..1"), std::string::npos);
  EXPECT_NE(error_of("", {"a.days=1,x"}).find("expected integer 0..365"), std::string::npos);
  EXPECT_NE(error_of("", {"a.mode=clinic:home"}).find("expected one of"), std::string::npos);
  EXPECT_NE(error_of("[sweep]\nmode = \"lhs\"\n[[sweep.keys]]\nkey = \"a.rate\"\nmin = 0\nmax = 1\n").find("sweep.samples"), std::string::npos);
  EXPECT_EQ(error_of("[sweep]\nmod = \"grid\"\n"), "s.toml:2:7: sweep.mod: unknown key; did you mean \"sweep.mode\"?");
  EXPECT_EQ(error_of("[sweep]\nmode = \"grd\"\n"), "s.toml:2:8: sweep.mode: expected one of \"grid\", \"lhs\", \"random\", got string 'grd'");
  EXPECT_NE(error_of("[sweep]\nmode = \"grid\"\n[[sweep.keys]]\nkey = \"a.rate\"\nmin = 0\nmax = 1\n").find("a grid needs values"),
            std::string::npos);
  EXPECT_NE(error_of("", {"a.days=1,2", "a.days=3"}).find("swept twice"), std::string::npos);
}

// Every form a command-line sweep value takes, read with one grammar (that of --set): a range is two
// whole numbers around one colon, a list has no empty item, a grid takes no sample count. Each of
// these once ran: a range over [1, 2] or [10, 20] with trailing text dropped, hex read by stod, N
// identical points at 0 for `KEY=`, a trailing comma ignored, --samples ignored with a grid.
TEST(Sweep, EveryMalformedCommandLineValueIsRefused) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"a.rate=", "expected values after '='"},
      {"a.rate=0.1:0.2:0.3", "one colon"},
      {"a.rate=0.1:0.2abc", "two numbers, got hi \"0.2abc\""},
      {"a.rate=0.1x:0.2", "two numbers, got lo \"0.1x\""},
      {"a.days=10:20xyz", "two numbers, got hi \"20xyz\""},
      {"a.days=:20", "two numbers, got lo \"\""},
      {"a.days=10:", "two numbers, got hi \"\""},
      {"a.rate=0x1p-4:0.5", "two numbers"},  // a hexadecimal float (stod read it)
      {"a.days=100,", "value 2 is empty"},
      {"a.days=,100", "value 1 is empty"},
      {"a.days=1,,2", "value 2 is empty"},
      {"a.mode=clinic,", "value 2 is empty"},
      {"a.rate=0.1,abc", "expected number"},
  };
  for (const auto& [text, expected] : bad) {
    const std::string error = error_of("", {text});
    EXPECT_NE(error.find(expected), std::string::npos) << text << " -> " << error;
    EXPECT_EQ(error.rfind("--sweep " + text + ":", 0), 0u) << error;  // names the option as given
  }
  // What the grammar accepts, as --set would: TOML integers (hex included, as in a file) and numbers.
  EXPECT_EQ(read("", {"a.days=0x10:0x20"}, "lhs", 3).keys[0].max, 32.0);
  EXPECT_EQ(read("", {"a.rate=1e-3:2.5e-2"}, "lhs", 3).keys[0].min, 1e-3);
  // A grid with a sample count, from the command line or the file.
  EXPECT_NE(test::input_error_of([] { read("", {"a.days=1,2"}, "", 5); }).find("--samples 5: samples applies to lhs and random sweeps"),
            std::string::npos);
  EXPECT_NE(error_of("[sweep]\nsamples = 4\n[[sweep.keys]]\nkey = \"a.days\"\nvalues = [1, 2]\n").find("s.toml: sweep.samples: samples applies"),
            std::string::npos);
}

// The command line wins over the file for the mode and the number of samples, and the file's
// values stand when the command line leaves them out.
TEST(Sweep, CommandLineOptionsTakePrecedenceOverTheFile) {
  const std::string file = "[sweep]\nmode = \"random\"\nsamples = 5\n[[sweep.keys]]\nkey = \"a.rate\"\nmin = 0\nmax = 1\n";
  EXPECT_EQ(expand_sweep(read(file), 1).overrides.size(), 5u);
  EXPECT_EQ(expand_sweep(read(file, {}, "", 3), 1).overrides.size(), 3u);  // --samples 3
  EXPECT_EQ(read(file).mode, SweepMode::Random);
  EXPECT_EQ(read(file, {}, "lhs").mode, SweepMode::Lhs);  // --sweep-mode lhs
}

// "0,1,...,n-1" (integers), or n multiples of `step` (numbers).
std::string list(int n, double step = 0) {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i ? "," : "") + (step == 0 ? std::to_string(i) : std::to_string(i * step));
  return out;
}

TEST(Sweep, SizesAreCheckedBeforeAnythingIsExpanded) {
  // 366 x 400 = 146,400 grid points: refused with the factors (8 keys x 256 values once wrapped to 0).
  const std::string grid = error_of("", {"a.days=" + list(366), "a.rate=" + list(400, 0.0025)});
  EXPECT_NE(grid.find("a grid of 366 x 400 values has more than 100000 points"), std::string::npos) << grid;
  EXPECT_NO_THROW(read("", {"a.days=" + list(366), "a.rate=" + list(200, 0.005)}));  // 73,200 points: fine
  // LHS samples are capped too (10^7 samples once needed 60 GB just to validate).
  EXPECT_NE(
      error_of("[sweep]\nsamples = 10000000\n[[sweep.keys]]\nkey = \"a.rate\"\nmin = 0\nmax = 1\n").find("sweep.samples: expected integer 1..100000"),
      std::string::npos);
  const std::string cli = test::input_error_of([] { read("", {"a.rate=0:1"}, "lhs", 200000); });
  EXPECT_NE(cli.find("expected the number of points (integer 1..100000) for lhs mode, got 200000"), std::string::npos) << cli;
}

}  // namespace
}  // namespace rehabsim::sim::config
