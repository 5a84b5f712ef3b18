#include "sim/result_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sim/errors.hpp"

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

}  // namespace
}  // namespace rehabsim::sim
