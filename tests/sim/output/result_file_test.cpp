#include "sim/output/result_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sim/core/errors.hpp"
#include "support/input_error.hpp"

namespace rehabsim::sim {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("rehabsim_test_" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() {
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add);
    fs::remove_all(path);
  }
};

TableSpec spec() { return {"t", {{"x", ColumnType::Float64, "days", "a column", {}}}}; }

TEST(ResultFile, CommitRenamesOntoTheFinalPathAndLeavesNoTemporary) {
  TempDir dir;
  const auto target = dir.path / "sub" / "r.h5";
  {
    ResultFile f(target.string(), false);
    f.add_table(spec());
    TableBuffer b(spec());
    b.add_row();
    b.set(0, 1.5);
    f.append("t", b);
    f.commit(RootAttributes{}, true);
  }
  EXPECT_TRUE(fs::exists(target));
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(target.parent_path())) files += e.is_regular_file();
  EXPECT_EQ(files, 1u);
}

TEST(ResultFile, WithoutCommitNothingIsLeft) {
  TempDir dir;
  const auto target = dir.path / "r.h5";
  { ResultFile f(target.string(), false); }
  EXPECT_FALSE(fs::exists(target));
  EXPECT_TRUE(fs::is_empty(dir.path));
}

TEST(ResultFile, ExistingFileNeedsForce) {
  TempDir dir;
  const auto target = dir.path / "r.h5";
  std::ofstream(target) << "old";
  EXPECT_THROW(ResultFile(target.string(), false), InputError);
  EXPECT_NO_THROW(ResultFile(target.string(), true));
}

TEST(ResultFile, UnwritableDirectoryIsAnInputError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can write anywhere; the CLI test covers a path under a file instead";
  TempDir dir;
  fs::permissions(dir.path, fs::perms::owner_read | fs::perms::owner_exec);
  EXPECT_THROW(ResultFile((dir.path / "r.h5").string(), false), InputError);
}

TEST(ResultFile, PathUnderARegularFileIsAnInputError) {
  TempDir dir;
  std::ofstream(dir.path / "file") << "x";
  EXPECT_THROW(ResultFile((dir.path / "file" / "r.h5").string(), false), InputError);
}

TEST(ResultFile, ATableOverManyChunksReadsBackValueByValue) {
  // 70,000 rows appended in blocks of 1,000: more than four 16,384-row chunks; every value must
  // come back in its row (an append that wrote each block at row 0 would leave zeros behind).
  TempDir dir;
  const auto target = dir.path / "big.h5";
  const TableSpec s{"big", {{"i", ColumnType::Int64, "1", "row", {}}, {"x", ColumnType::Float64, "days", "value", {}}}};
  constexpr std::int64_t kRows = 70000;
  {
    ResultFile f(target.string(), false);
    f.add_table(s);
    for (std::int64_t start = 0; start < kRows; start += 1000) {
      TableBuffer b(s);
      for (std::int64_t r = start; r < start + 1000; ++r) b.add_row_values(r, 0.25 * static_cast<double>(r) + 1.0);
      f.append("big", b);
    }
    f.commit(RootAttributes{}, true);
  }
  const StoredResults back = read_results(target.string(), {"big"});
  const StoredTable& t = back.tables.at("big");
  ASSERT_EQ(t.rows(), static_cast<std::size_t>(kRows));
  for (std::int64_t r = 0; r < kRows; ++r) {
    ASSERT_EQ(t.values[t.index_of("i")][static_cast<std::size_t>(r)], static_cast<double>(r)) << "row " << r;
    ASSERT_EQ(t.values[t.index_of("x")][static_cast<std::size_t>(r)], 0.25 * static_cast<double>(r) + 1.0) << "row " << r;
  }
}

TEST(ResultFile, OnlyRegularFilesAreReplacedEvenWithForce) {
  // As root, `-o /dev/null --force` once replaced /dev/null with a result file.
  TempDir dir;
  const auto fifo = dir.path / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  test::expect_input_error([&] { ResultFile f(fifo.string(), true); }, {"is not a regular file"});
  EXPECT_TRUE(fs::is_fifo(fifo));
}

TEST(ResultFile, OneRunAtATimeWritesATarget) {
  // Two runs started together on one output once mixed their replications in one "complete" file.
  TempDir dir;
  const auto target = dir.path / "r.h5";
  ResultFile first(target.string(), false);
  test::expect_input_error([&] { ResultFile second(target.string(), true); }, {"another rehabsim run is writing this output now"});
  first.add_table(spec());
  first.commit(RootAttributes{}, true);
  EXPECT_TRUE(fs::exists(target));
}

TEST(ResultFile, AFileThatAppearsMeanwhileIsNotReplacedWithoutForce) {
  TempDir dir;
  const auto target = dir.path / "r.h5";
  ResultFile f(target.string(), false);
  f.add_table(spec());
  std::ofstream(target) << "someone else's";
  EXPECT_THROW(f.commit(RootAttributes{}, true), InputError);
  std::ifstream in(target);
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "someone else's");
  std::size_t kept = 0;  // this run's result stays beside it, under its temporary name
  for (const auto& e : fs::directory_iterator(dir.path)) kept += e.path().filename().string().rfind(".r.h5.tmp-", 0) == 0;
  EXPECT_EQ(kept, 1u);
}

}  // namespace
}  // namespace rehabsim::sim
