// Every kind of path rehabsim may meet where it reads an input or creates an output: nothing, a
// regular file, a symbolic link to a file, a dangling link, a directory, a FIFO, a device.
#include "sim/core/files.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/core/errors.hpp"
#include "support/input_error.hpp"

namespace rehabsim::sim {
namespace {

namespace fs = std::filesystem;

struct Dir {
  fs::path root = fs::temp_directory_path() / ("rehabsim_files_" + std::to_string(::getpid()));
  Dir() {
    fs::remove_all(root);
    fs::create_directories(root);
  }
  ~Dir() { fs::remove_all(root); }
  std::string at(const std::string& name) const { return (root / name).string(); }
};

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }
std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Makes `kind` at `path`; the victim file a link points to holds "victim".
void make(const Dir& d, const std::string& kind, const std::string& path) {
  write(d.at("victim"), "victim");
  if (kind == "regular") write(path, "old");
  if (kind == "link") fs::create_symlink(d.at("victim"), path);
  if (kind == "dangling") fs::create_symlink(d.at("nowhere/file"), path);
  if (kind == "directory") fs::create_directory(path);
  if (kind == "fifo") ASSERT_EQ(::mkfifo(path.c_str(), 0644), 0);
}

TEST(Files, CreatingNeverWritesThroughALinkAndRefusesWhatIsNotAFile) {
  for (const std::string kind : {"nothing", "regular", "link", "dangling", "directory", "fifo"}) {
    for (const bool replace : {false, true}) {
      Dir d;
      const std::string path = d.at("out");
      make(d, kind, path);
      const bool creatable = kind == "nothing" || (replace && (kind == "regular" || kind == "link" || kind == "dangling"));
      if (creatable) {
        const int fd = create_regular_file(path, replace, "test output");
        ASSERT_GE(fd, 0);
        ASSERT_EQ(::write(fd, "new", 3), 3);
        ::close(fd);
        EXPECT_EQ(entry_kind(path), "a regular file") << kind;
        EXPECT_EQ(read(path), "new") << kind;
      } else {
        const std::string error = test::input_error_of([&] { create_regular_file(path, replace, "test output"); });
        EXPECT_NE(error.find(path), std::string::npos) << error;
        EXPECT_NE(error.find("test output"), std::string::npos) << error;
      }
      EXPECT_EQ(read(d.at("victim")), "victim") << kind << " replace=" << replace;  // never written through
      EXPECT_FALSE(fs::exists(d.at("nowhere"))) << kind;                            // nor created at a dangling link's target
    }
  }
}

TEST(Files, AnInputIsARegularFileOfBoundedSizeAndNothingElseHangsOrReadsForever) {
  Dir d;
  write(d.at("s.toml"), "a = 1\n");
  EXPECT_EQ(read_regular_file(d.at("s.toml"), "scenario file", 100), "a = 1\n");
  fs::create_symlink(d.at("s.toml"), d.at("link.toml"));  // reading through a link is fine for an input
  EXPECT_EQ(read_regular_file(d.at("link.toml"), "scenario file", 100), "a = 1\n");
  const auto refused = [&](const std::string& path, const std::string& expected) {
    const auto started = std::chrono::steady_clock::now();
    const std::string error = test::input_error_of([&] { read_regular_file(path, "scenario file", 100); });
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5)) << path;
    EXPECT_NE(error.find(expected), std::string::npos) << error;
  };
  refused("", "the scenario file path is empty");
  refused(d.at("missing.toml"), "cannot read scenario file: No such file or directory");
  fs::create_directory(d.at("dir.toml"));
  refused(d.at("dir.toml"), "it is a directory, expected a regular file");
  ASSERT_EQ(::mkfifo(d.at("fifo.toml").c_str(), 0644), 0);
  refused(d.at("fifo.toml"), "it is a FIFO, expected a regular file");  // no writer: must not block
  refused("/dev/zero", "it is a device, expected a regular file");      // endless
  write(d.at("big.toml"), std::string(101, '#'));
  refused(d.at("big.toml"), "101 bytes, expected at most 100");
}

TEST(Files, OpeningAnExistingFileRefusesLinksAndWhatIsNotAFile) {
  for (const std::string kind : {"regular", "link", "dangling", "directory", "fifo"}) {
    Dir d;
    const std::string path = d.at("journal");
    make(d, kind, path);
    if (kind == "regular") {
      const int fd = open_regular_file(path, "run journal");
      EXPECT_GE(fd, 0);
      ::close(fd);
      continue;
    }
    const std::string error = test::input_error_of([&] { open_regular_file(path, "run journal"); });
    EXPECT_NE(error.find(path), std::string::npos) << error;
    EXPECT_EQ(read(d.at("victim")), "victim");
  }
}

TEST(Files, EntryKindDoesNotFollowTheLastLink) {
  Dir d;
  make(d, "dangling", d.at("x"));
  EXPECT_EQ(entry_kind(d.at("x")), "a symbolic link");
  EXPECT_EQ(entry_kind(d.at("none")), "");
  EXPECT_EQ(entry_kind("/dev/null"), "a device");
}

TEST(Files, MovingIntoPlaceNeverReplacesWhatIsThereWithoutLeaveToReplace) {
  // The last step of a result file: whatever appeared at the final name, however late (here: after
  // every check the caller made), is kept unless replacing was asked for; a link is replaced as a
  // link, never followed.
  for (const std::string kind : {"regular", "link", "dangling", "directory", "fifo"}) {
    SCOPED_TRACE(kind);
    const Dir d;
    write(d.at("new"), "result");
    make(d, kind, d.at("final"));
    EXPECT_FALSE(move_into_place(d.at("new"), d.at("final"), false));
    EXPECT_EQ(read(d.at("new")), "result");  // nothing moved
    EXPECT_EQ(entry_kind(d.at("final")), kind == "regular"     ? "a regular file"
                                         : kind == "directory" ? "a directory"
                                         : kind == "fifo"      ? "a FIFO"
                                                               : "a symbolic link");
    if (kind == "regular") EXPECT_EQ(read(d.at("final")), "old");
    EXPECT_EQ(read(d.at("victim")), "victim");
  }
  for (const std::string kind : {"", "regular", "link", "dangling"}) {
    SCOPED_TRACE("replace " + kind);
    const Dir d;
    write(d.at("new"), "result");
    make(d, kind, d.at("final"));
    EXPECT_TRUE(move_into_place(d.at("new"), d.at("final"), kind != ""));
    EXPECT_EQ(entry_kind(d.at("final")), "a regular file");
    EXPECT_EQ(read(d.at("final")), "result");
    EXPECT_EQ(entry_kind(d.at("new")), "");
    EXPECT_EQ(read(d.at("victim")), "victim");  // a link's target untouched
  }
  const Dir d;
  EXPECT_THROW(move_into_place(d.at("missing"), d.at("final"), true), std::runtime_error);
}

}  // namespace
}  // namespace rehabsim::sim
