// The run journal on its own: records read back as written; a resume indexes every intact record
// and drops a corrupted or cut-short one (and everything after it); a different run is refused.
#include "sim/exec/journal.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sim/core/errors.hpp"
#include "support/input_error.hpp"

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

JournalKey key() { return {"rehabsim 1.0 (commit abc)", 11, 22, 33, 7, 2, 3}; }

void write_three(const std::string& path) {
  Journal j(path, key(), false);
  for (std::size_t item : {0u, 1u, 2u}) j.append(item, {rows(item)});
  j.sync();
}

// Offset of the payload of record `n` (0-based): after the header (magic, program, four hashes and
// two counts); a record is length | payload | checksum.
long payload_offset(const std::string& path, int n) {
  std::ifstream in(path, std::ios::binary);
  long at = 8 + 4 + static_cast<long>(key().program.size()) + 4 * 8 + 2 * 4;
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
  Journal j(t.path, key(), true);
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
  Journal j(t.path, key(), true);
  ASSERT_EQ(j.recorded().size(), 1u);  // item 0 only: the corrupt record and the one after it are redone
  EXPECT_TRUE(j.recorded().contains(0));
  EXPECT_EQ(j.read(0, {spec()})[0].floats(1), rows(0).floats(1));
  // The tail was cut at the corruption, so new records follow the intact ones.
  j.append(1, {rows(1)});
  j.sync();
  Journal again(t.path, key(), true);
  EXPECT_EQ(again.recorded().size(), 2u);
  EXPECT_EQ(again.read(1, {spec()})[0].integers(0), rows(1).integers(0));
}

TEST(Journal, ACutShortTailIsIgnored) {
  TempJournal t;
  write_three(t.path);
  fs::resize_file(t.path, fs::file_size(t.path) - 5);  // the last record loses part of its checksum
  Journal j(t.path, key(), true);
  EXPECT_EQ(j.recorded().size(), 2u);
}

TEST(Journal, AResumeOfAnotherRunIsRefusedSayingWhatDiffers) {
  TempJournal t;
  write_three(t.path);
  const auto refusal = [&](JournalKey k) { return test::input_error_of([&] { Journal(t.path, k, true); }); };
  JournalKey k = key();
  k.seed = 8;
  EXPECT_NE(refusal(k).find("cannot resume: the interrupted run used seed 7, this one 8"), std::string::npos);
  k = key();
  k.program = "rehabsim 1.1 (commit def)";
  EXPECT_NE(refusal(k).find("it was written by rehabsim 1.0 (commit abc), this is rehabsim 1.1 (commit def)"), std::string::npos);
  k = key();
  k.model = 12;
  EXPECT_NE(refusal(k).find("the model's built-in defaults differ"), std::string::npos);
  k = key();
  k.scenario = 23;
  k.replications = 4;
  const std::string both = refusal(k);
  EXPECT_NE(both.find("2 points x 3 replications, this one 2 x 4"), std::string::npos) << both;
  EXPECT_NE(both.find("the scenario, its overrides or sweep differ"), std::string::npos) << both;
  k = key();
  k.layout = 34;
  EXPECT_NE(refusal(k).find("the outputs (--output, --trajectories) differ"), std::string::npos);
  EXPECT_THROW(Journal((t.dir / "missing").string(), key(), true), InputError);
  EXPECT_EQ(key().differences(key()), "");
}

TEST(Journal, ANewRunNextToAnInterruptedOnesJournalIsRefusedUnlessDiscarded) {
  // A rerun without --resume once truncated the interrupted run's journal (88 MB of finished work).
  TempJournal t;
  write_three(t.path);
  const std::string refusal = test::input_error_of([&] { Journal(t.path, key(), false); });
  EXPECT_NE(refusal.find("an interrupted run's journal is here"), std::string::npos);
  EXPECT_NE(refusal.find("--resume " + (t.dir / "r.h5").string()), std::string::npos) << refusal;
  EXPECT_EQ(Journal(t.path, key(), true).recorded().size(), 3u);  // untouched
  { Journal fresh(t.path, key(), false, /*discard=*/true); }
  EXPECT_EQ(Journal(t.path, key(), true).recorded().size(), 0u);
}

TEST(Journal, LayoutHashDependsOnEveryColumn) {
  const auto base = layout_hash({spec()});
  TableSpec other = spec();
  other.columns[1].name = "y";
  EXPECT_NE(base, layout_hash({other}));
  other = spec();
  other.columns[1].width = 2;
  EXPECT_NE(base, layout_hash({other}));
  other = spec();
  other.name = "u";
  EXPECT_NE(base, layout_hash({other}));
}

}  // namespace
}  // namespace rehabsim::sim
