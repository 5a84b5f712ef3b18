// The run journal on its own: records read back as written; a resume indexes every intact record
// and drops a corrupted or cut-short one (and everything after it); a different run is refused.
#include "sim/journal.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sim/errors.hpp"

namespace rehabsim::sim {
namespace {

namespace fs = std::filesystem;

struct TempJournal {
  fs::path dir = fs::temp_directory_path() / ("rehabsim_journal_" + std::to_string(::getpid()));
  std::string path = (dir / ".r.h5.journal").string();
  TempJournal() { fs::create_directories(dir); }
  ~TempJournal() { fs::remove_all(dir); }
};

TableSpec spec() { return {"t", {{"i", ColumnType::Int32, "1", "", {}}, {"x", ColumnType::Float64, "days", "", {}}}}; }

TableBuffer rows(std::size_t item) {
  TableBuffer b(spec());
  for (std::size_t r = 0; r < 3; ++r) b.add_row_values(static_cast<std::int64_t>(10 * item + r), 0.5 * static_cast<double>(item) + static_cast<double>(r));
  return b;
}

void write_three(const std::string& path) {
  Journal j(path, 42, 7, false);
  for (std::size_t item : {0u, 1u, 2u}) j.append(item, {rows(item)});
  j.sync();
}

// Offset of the payload of record `n` (0-based): header 24 bytes; a record is length | payload | checksum.
long payload_offset(const std::string& path, int n) {
  std::ifstream in(path, std::ios::binary);
  long at = 24;
  for (int k = 0; k < n; ++k) {
    std::uint64_t length = 0;
    in.seekg(at);
    in.read(reinterpret_cast<char*>(&length), 8);
    at += 8 + static_cast<long>(length) + 8;
  }
  return at + 8;
}

TEST(Journal, RecordsReadBackAsWritten) {
  TempJournal t;
  write_three(t.path);
  Journal j(t.path, 42, 7, true);
  ASSERT_EQ(j.recorded().size(), 3u);
  for (std::size_t item : {0u, 1u, 2u}) {
    const auto back = j.read(item, {spec()});
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].integers(0), rows(item).integers(0));
    EXPECT_EQ(back[0].floats(1), rows(item).floats(1));
  }
}

TEST(Journal, ACorruptedPayloadIsDroppedWithEverythingAfterIt) {
  TempJournal t;
  write_three(t.path);
  {  // flip one byte inside the second record's values (its checksum no longer matches)
    std::fstream f(t.path, std::ios::in | std::ios::out | std::ios::binary);
    const long at = payload_offset(t.path, 1) + 40;
    f.seekg(at);
    char c = 0;
    f.read(&c, 1);
    c = static_cast<char>(c ^ 0x5a);
    f.seekp(at);
    f.write(&c, 1);
  }
  Journal j(t.path, 42, 7, true);
  ASSERT_EQ(j.recorded().size(), 1u);  // item 0 only: the corrupt record and the one after it are redone
  EXPECT_TRUE(j.recorded().contains(0));
  EXPECT_EQ(j.read(0, {spec()})[0].floats(1), rows(0).floats(1));
  // The tail was cut at the corruption, so new records follow the intact ones.
  j.append(1, {rows(1)});
  j.sync();
  Journal again(t.path, 42, 7, true);
  EXPECT_EQ(again.recorded().size(), 2u);
  EXPECT_EQ(again.read(1, {spec()})[0].integers(0), rows(1).integers(0));
}

TEST(Journal, ACutShortTailIsIgnored) {
  TempJournal t;
  write_three(t.path);
  fs::resize_file(t.path, fs::file_size(t.path) - 5);  // the last record loses part of its checksum
  Journal j(t.path, 42, 7, true);
  EXPECT_EQ(j.recorded().size(), 2u);
}

TEST(Journal, AResumeOfAnotherRunIsRefused) {
  TempJournal t;
  write_three(t.path);
  EXPECT_THROW(Journal(t.path, 43, 7, true), InputError);  // other scenario or layout
  EXPECT_THROW(Journal(t.path, 42, 8, true), InputError);  // other seed
  EXPECT_THROW(Journal((t.dir / "missing").string(), 42, 7, true), InputError);
}

TEST(Journal, FingerprintDependsOnEveryInput) {
  const auto base = run_fingerprint("a = 1", 1, 2, 3, {spec()});
  EXPECT_NE(base, run_fingerprint("a = 2", 1, 2, 3, {spec()}));
  EXPECT_NE(base, run_fingerprint("a = 1", 2, 2, 3, {spec()}));
  EXPECT_NE(base, run_fingerprint("a = 1", 1, 3, 3, {spec()}));
  EXPECT_NE(base, run_fingerprint("a = 1", 1, 2, 4, {spec()}));
  TableSpec other = spec();
  other.columns[1].name = "y";
  EXPECT_NE(base, run_fingerprint("a = 1", 1, 2, 3, {other}));
}

}  // namespace
}  // namespace rehabsim::sim
