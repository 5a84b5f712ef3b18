// The run journal on its own: pieces read back as written, in order; a resume keeps every item whose
// end record is intact and drops a corrupted, cut-short or out-of-place record, an item without its
// end, and everything after them; a different run is refused.
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
  for (std::size_t r = 0; r < 3; ++r)
    b.add_row_values(static_cast<std::int64_t>(10 * item + r), 0.5 * static_cast<double>(item) + static_cast<double>(r));
  return b;
}

JournalKey key() { return {"rehabsim 1.0 (commit abc)", 11, 22, 33, 7, 2, 3}; }

// Items 0, 1, 2, each as two pieces (rows(k), then rows(k + 10)) and an end record: item k's
// records are 3k, 3k + 1 and 3k + 2.
void write_three(const std::string& path) {
  Journal j(path, key(), false);
  for (std::size_t item : {0u, 1u, 2u}) {
    j.append_chunk(item, {rows(item)});
    j.append_chunk(item, {rows(item + 10)});
    j.end_item(item);
  }
  j.sync();
}

TableBuffer both_pieces(std::size_t item) {
  TableBuffer b = rows(item);
  b.append(rows(item + 10));
  return b;
}

// Offset of record `n` (0-based): after the header (magic, program, four hashes and two counts);
// a record is length | payload | checksum.
long record_offset(const std::string& path, int n) {
  std::ifstream in(path, std::ios::binary);
  long at = 8 + 4 + static_cast<long>(key().program.size()) + 4 * 8 + 2 * 4;
  for (int k = 0; k < n; ++k) {
    std::uint64_t length = 0;
    in.seekg(at);
    in.read(reinterpret_cast<char*>(&length), 8);
    at += 8 + static_cast<long>(length) + 8;
  }
  return at;
}
long payload_offset(const std::string& path, int n) { return record_offset(path, n) + 8; }

void overwrite(const std::string& path, long at, const void* bytes, std::size_t size) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(at);
  f.write(static_cast<const char*>(bytes), static_cast<std::streamsize>(size));
}

TEST(Journal, PiecesReadBackAsWrittenInOrder) {
  TempJournal t;
  write_three(t.path);
  Journal j(t.path, key(), true);
  ASSERT_EQ(j.recorded().size(), 3u);
  for (std::size_t item : {0u, 1u, 2u}) {
    EXPECT_EQ(j.recorded().at(item).size(), 2u);
    std::vector<TableBuffer> pieces;
    j.read_chunks(item, {spec()}, [&](std::vector<TableBuffer>&& piece) { pieces.push_back(std::move(piece.at(0))); });
    ASSERT_EQ(pieces.size(), 2u);
    EXPECT_EQ(pieces[0].integers(0), rows(item).integers(0));
    EXPECT_EQ(pieces[1].floats(1), rows(item + 10).floats(1));
    const auto joined = j.read(item, {spec()});
    ASSERT_EQ(joined.size(), 1u);
    EXPECT_EQ(joined[0].integers(0), both_pieces(item).integers(0));
    EXPECT_EQ(joined[0].floats(1), both_pieces(item).floats(1));
  }
}

TEST(Journal, ACorruptedPayloadIsDroppedWithEverythingAfterIt) {
  TempJournal t;
  write_three(t.path);
  {  // flip one byte of item 1's second piece: the first value of its first column (after item, kind, tables, rows, count)
    const long at = payload_offset(t.path, 4) + 40;
    std::fstream f(t.path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(at);
    char c = 0;
    f.read(&c, 1);
    c = static_cast<char>(c ^ 0x5a);
    f.seekp(at);
    f.write(&c, 1);
  }
  Journal j(t.path, key(), true);
  ASSERT_EQ(j.recorded().size(), 1u);  // item 0 only: item 1 lost a piece, item 2 comes after it
  EXPECT_TRUE(j.recorded().contains(0));
  EXPECT_EQ(j.read(0, {spec()})[0].floats(1), both_pieces(0).floats(1));
  // The tail was cut after item 0's end, so new records follow the intact ones.
  j.append(1, {rows(1)});
  j.sync();
  Journal again(t.path, key(), true);
  EXPECT_EQ(again.recorded().size(), 2u);
  EXPECT_EQ(again.read(1, {spec()})[0].integers(0), rows(1).integers(0));
}

TEST(Journal, ACutShortTailIsIgnored) {
  TempJournal t;
  write_three(t.path);
  fs::resize_file(t.path, fs::file_size(t.path) - 5);  // item 2's end record loses part of its checksum
  Journal j(t.path, key(), true);
  EXPECT_EQ(j.recorded().size(), 2u);
  EXPECT_EQ(fs::file_size(t.path), static_cast<std::uintmax_t>(record_offset(t.path, 6)));  // item 2's pieces are dropped too
}

TEST(Journal, AnItemWithoutItsEndRecordIsDroppedAndRedone) {
  // A run killed while an item's pieces were being written: the pieces are there, the end is not.
  TempJournal t;
  {
    Journal j(t.path, key(), false);
    j.append(0, {rows(0)});
    j.append_chunk(1, {rows(1)});
    j.append_chunk(1, {rows(11)});
    j.sync();
  }
  {
    Journal j(t.path, key(), true);
    ASSERT_EQ(j.recorded().size(), 1u);
    EXPECT_TRUE(j.recorded().contains(0));
    j.append_chunk(1, {rows(1)});
    j.end_item(1);
    j.sync();
  }
  Journal j(t.path, key(), true);
  ASSERT_EQ(j.recorded().size(), 2u);
  EXPECT_EQ(j.read(1, {spec()})[0].integers(0), rows(1).integers(0));  // the redone item, not the dropped pieces
}

TEST(Journal, ALengthBeyondTheFilesEndIsDamageNotAnAllocation) {
  // One flipped bit in a record's length once made a resume allocate up to 2^36 bytes.
  for (const std::uint64_t length : {std::uint64_t{1} << 40, std::uint64_t{1} << 63, std::uint64_t{1} << 20, std::uint64_t{0}, std::uint64_t{15}}) {
    TempJournal t;
    write_three(t.path);
    overwrite(t.path, record_offset(t.path, 3), &length, sizeof length);  // item 1's first piece
    Journal j(t.path, key(), true);
    EXPECT_EQ(j.recorded().size(), 1u) << length;
  }
}

// The bytes of records [first, last) of a journal.
std::string records(const std::string& path, int first, int last) {
  std::ifstream in(path, std::ios::binary);
  const long from = record_offset(path, first), to = record_offset(path, last);
  std::string bytes(static_cast<std::size_t>(to - from), '\0');
  in.seekg(from);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return bytes;
}

TEST(Journal, ARecordOutOfPlaceEndsWhatIsKept) {
  TempJournal t;
  const std::string a = t.path + ".a", b = t.path + ".b";
  {
    Journal j(a, key(), false);
    j.append(0, {rows(0)});
    j.sync();
  }  // piece of 0, end of 0
  {
    Journal j(b, key(), false);
    j.append(1, {rows(1)});
    j.sync();
  }  // piece of 1, end of 1
  const auto splice = [&](const std::string& body) {
    std::ifstream in(a, std::ios::binary);
    std::string head(static_cast<std::size_t>(record_offset(a, 0)), '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    std::ofstream(t.path, std::ios::binary | std::ios::trunc) << head << body;
  };
  // A piece of item 1 inside item 0 (before its end): nothing is kept.
  splice(records(a, 0, 1) + records(b, 0, 1) + records(a, 1, 2));
  EXPECT_EQ(Journal(t.path, key(), true).recorded().size(), 0u);
  // Item 0 recorded twice: the first is kept, the second dropped.
  splice(records(a, 0, 2) + records(a, 0, 2));
  EXPECT_EQ(Journal(t.path, key(), true).recorded().size(), 1u);
  EXPECT_EQ(fs::file_size(t.path), static_cast<std::uintmax_t>(record_offset(a, 2)));
  // An end record of another item than the open one: nothing is kept.
  splice(records(a, 0, 1) + records(b, 1, 2));
  EXPECT_EQ(Journal(t.path, key(), true).recorded().size(), 0u);
  // The writer refuses to make such journals.
  Journal j(t.path + ".c", key(), false);
  j.append_chunk(0, {rows(0)});
  EXPECT_THROW(j.append_chunk(1, {rows(1)}), std::logic_error);
  EXPECT_THROW(j.end_item(1), std::logic_error);
  j.end_item(0);
  EXPECT_THROW(j.append(0, {rows(0)}), std::logic_error);
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

namespace rehabsim::sim {
namespace {

TEST(Journal, AnEmptyPieceReadsBackEmpty) {
  // A streamed item's last piece has no rows in its per-patient tables (once undefined behaviour:
  // a copy into an empty column's null storage, caught by UBSan on --resume).
  const std::string path = (std::filesystem::temp_directory_path() / ("rehabsim_journal_empty_" + std::to_string(::getpid()))).string();
  {
    Journal j(path, key(), false, true);
    j.append_chunk(0, {rows(0)});
    j.append_chunk(0, {TableBuffer(spec())});
    j.end_item(0);
    j.sync();
  }
  Journal j(path, key(), true);
  std::vector<std::size_t> sizes;
  j.read_chunks(0, {spec()}, [&](std::vector<TableBuffer>&& piece) { sizes.push_back(piece.at(0).rows()); });
  EXPECT_EQ(sizes, (std::vector<std::size_t>{3, 0}));
  j.remove();
}

}  // namespace
}  // namespace rehabsim::sim
