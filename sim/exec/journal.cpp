#include "sim/exec/journal.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include "sim/core/errors.hpp"
#include "sim/core/files.hpp"

namespace rehabsim::sim {

namespace {

// Format 3: an item is recorded as pieces and an end record (format 2: one record per item; format
// 1 held one fingerprint instead of the key's parts).
constexpr char kMagic[8] = {'R', 'H', 'B', 'J', 'R', 'N', 'L', '3'};
enum RecordKind : std::uint64_t { kPiece = 0, kEnd = 1 };

void put(std::vector<char>& out, const void* data, std::size_t size) {
  const auto* bytes = static_cast<const char*>(data);
  out.insert(out.end(), bytes, bytes + size);
}

template <class T>
void put_value(std::vector<char>& out, T value) {
  put(out, &value, sizeof value);
}

template <class T>
T take(const char*& at, const char* end) {
  if (end - at < static_cast<std::ptrdiff_t>(sizeof(T))) throw std::runtime_error("journal record too short");
  T value;
  std::memcpy(&value, at, sizeof value);
  at += sizeof value;
  return value;
}

}  // namespace

std::uint64_t fnv1a(const void* data, std::size_t size, std::uint64_t hash) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) {
    hash ^= bytes[i];
    hash *= 1099511628211ull;
  }
  return hash;
}

std::uint64_t layout_hash(const std::vector<TableSpec>& tables) {
  std::uint64_t h = fnv1a("layout", 6);
  for (const auto& t : tables) {
    h = fnv1a(t.name.data(), t.name.size(), h);
    for (const auto& c : t.columns) {
      h = fnv1a(c.name.data(), c.name.size(), h);
      const auto type = static_cast<int>(c.type);
      h = fnv1a(&type, sizeof type, h);
      h = fnv1a(&c.width, sizeof c.width, h);
    }
  }
  return h;
}

std::string JournalKey::differences(const JournalKey& other) const {
  std::vector<std::string> out;
  if (seed != other.seed) out.push_back("the interrupted run used seed " + std::to_string(other.seed) + ", this one " + std::to_string(seed));
  if (program != other.program)
    out.push_back("it was written by " + other.program + ", this is " + program + " (results of two builds would be mixed)");
  else if (model != other.model)
    out.push_back("the model's built-in defaults differ from those of the interrupted run");
  if (points != other.points || replications != other.replications)
    out.push_back("the interrupted run had " + std::to_string(other.points) + " points x " + std::to_string(other.replications) +
                  " replications, this one " + std::to_string(points) + " x " + std::to_string(replications));
  if (scenario != other.scenario) out.push_back("the scenario, its overrides or sweep differ from the interrupted run's");
  if (layout != other.layout) out.push_back("the outputs (--output, --trajectories) differ from the interrupted run's");
  std::string text;
  for (const auto& d : out) text += (text.empty() ? "" : "; ") + d;
  return text;
}

std::string journal_path_for(const std::string& result_path) {
  const std::filesystem::path p(result_path);
  return (p.parent_path() / ("." + p.filename().string() + ".journal")).string();
}

std::string result_path_of(const std::string& journal_path) {
  const std::filesystem::path p(journal_path);
  std::string name = p.filename().string();
  if (name.size() > 9 && name.front() == '.' && name.ends_with(".journal")) name = name.substr(1, name.size() - 9);
  return (p.parent_path() / name).string();
}

namespace {

std::vector<char> header_of(const JournalKey& key) {
  std::vector<char> h(kMagic, kMagic + sizeof kMagic);
  put_value<std::uint32_t>(h, static_cast<std::uint32_t>(key.program.size()));
  put(h, key.program.data(), key.program.size());
  for (const std::uint64_t v : {key.model, key.scenario, key.layout, key.seed}) put_value(h, v);
  put_value(h, key.points);
  put_value(h, key.replications);
  return h;
}

// Reads a journal's header; nullopt when it is not a rehabsim journal of this format.
std::optional<JournalKey> read_header(std::FILE* file) {
  char magic[sizeof kMagic];
  std::uint32_t length = 0;
  if (std::fread(magic, 1, sizeof magic, file) != sizeof magic || std::memcmp(magic, kMagic, sizeof magic) != 0 ||
      std::fread(&length, sizeof length, 1, file) != 1 || length > 4096)
    return std::nullopt;
  JournalKey key;
  key.program.resize(length);
  if (std::fread(key.program.data(), 1, length, file) != length) return std::nullopt;
  for (std::uint64_t* v : {&key.model, &key.scenario, &key.layout, &key.seed})
    if (std::fread(v, sizeof *v, 1, file) != 1) return std::nullopt;
  if (std::fread(&key.points, sizeof key.points, 1, file) != 1 || std::fread(&key.replications, sizeof key.replications, 1, file) != 1)
    return std::nullopt;
  return key;
}

}  // namespace

Journal::Journal(std::string path, const JournalKey& key, bool resume, bool discard) : path_(std::move(path)) {
  std::error_code ec;
  if (!resume) {
    if (std::filesystem::exists(path_, ec) && !discard)
      throw InputError(path_ + ": an interrupted run's journal is here (its finished work items); finish that run with --resume " +
                       result_path_of(path_) + ", or pass --force to discard it");
    // Never through a link planted at the journal's name (--force once truncated a link's target).
    const int fd = create_regular_file(path_, discard, "run journal");
    file_ = ::fdopen(fd, "w+b");
    if (!file_) {
      ::close(fd);
      throw InputError(path_ + ": cannot create the run journal: " + std::strerror(errno));
    }
    const std::vector<char> header = header_of(key);
    std::fwrite(header.data(), 1, header.size(), file_);
    sync();
    return;
  }
  if (entry_kind(path_).empty()) throw InputError(path_ + ": no interrupted run to resume (no journal beside the result file)");
  const int fd = open_regular_file(path_, "run journal");
  file_ = ::fdopen(fd, "r+b");
  if (!file_) {
    ::close(fd);
    throw InputError(path_ + ": cannot open the run journal: " + std::strerror(errno));
  }
  const std::optional<JournalKey> stored = read_header(file_);
  if (!stored) throw InputError(path_ + ": not a run journal of this rehabsim (written by another version, or damaged)");
  if (const std::string d = key.differences(*stored); !d.empty()) throw InputError(path_ + ": cannot resume: " + d);
  const long header_bytes = std::ftell(file_);
  std::fseek(file_, 0, SEEK_END);
  const long file_bytes = std::ftell(file_);
  std::fseek(file_, header_bytes, SEEK_SET);
  // Index the complete items; stop at the first cut-short or corrupt record, or one out of place,
  // and drop everything after the last intact end record.
  long good_end = header_bytes, at = header_bytes;
  std::vector<long> pieces;
  std::size_t open_item = 0;
  for (;;) {
    std::uint64_t length = 0;
    // A length beyond the file's end is damage: never allocate for it.
    const long room = file_bytes - at - 2 * static_cast<long>(sizeof(std::uint64_t));  // for the payload
    if (std::fread(&length, sizeof length, 1, file_) != 1 || length < 2 * sizeof(std::uint64_t) || room < 0 ||
        length > static_cast<std::uint64_t>(room))
      break;
    scratch_.resize(length);
    std::uint64_t checksum = 0;
    if (std::fread(scratch_.data(), 1, length, file_) != length || std::fread(&checksum, sizeof checksum, 1, file_) != 1) break;
    if (checksum != fnv1a(scratch_.data(), length)) break;
    std::uint64_t item = 0, kind = 0;
    std::memcpy(&item, scratch_.data(), sizeof item);
    std::memcpy(&kind, scratch_.data() + sizeof item, sizeof kind);
    if ((!pieces.empty() && item != open_item) || offsets_.contains(static_cast<std::size_t>(item)) || (kind != kPiece && kind != kEnd)) break;
    if (kind == kPiece) {
      pieces.push_back(at);
      open_item = static_cast<std::size_t>(item);
      at = std::ftell(file_);
      continue;
    }
    offsets_[static_cast<std::size_t>(item)] = std::move(pieces);
    pieces.clear();
    at = good_end = std::ftell(file_);
  }
  if (::ftruncate(::fileno(file_), good_end) != 0) throw std::runtime_error(path_ + ": cannot truncate the journal");
  std::fseek(file_, good_end, SEEK_SET);
}

Journal::~Journal() {
  if (file_) std::fclose(file_);
}

void Journal::append_chunk(std::size_t item, const std::vector<TableBuffer>& tables) {
  if (!open_.empty() && item != open_item_) throw std::logic_error("Journal: a piece of another item before the end of the open one");
  if (offsets_.contains(item)) throw std::logic_error("Journal: an item recorded twice");
  open_item_ = item;
  scratch_.clear();
  put_value<std::uint64_t>(scratch_, item);
  put_value<std::uint64_t>(scratch_, kPiece);
  put_value<std::uint64_t>(scratch_, tables.size());
  for (const auto& t : tables) {
    put_value<std::uint64_t>(scratch_, t.rows());
    for (std::size_t c = 0; c < t.columns(); ++c) {
      if (t.is_float(c)) {
        const auto& v = t.floats(c);
        put_value<std::uint64_t>(scratch_, v.size());
        put(scratch_, v.data(), v.size() * sizeof(double));
      } else {
        const auto& v = t.integers(c);
        put_value<std::uint64_t>(scratch_, v.size());
        put(scratch_, v.data(), v.size() * sizeof(std::int64_t));
      }
    }
  }
  open_.push_back(std::ftell(file_));
  write_record();
}

void Journal::end_item(std::size_t item) {
  if (!open_.empty() && item != open_item_) throw std::logic_error("Journal: the end of another item than the open one");
  scratch_.clear();
  put_value<std::uint64_t>(scratch_, item);
  put_value<std::uint64_t>(scratch_, kEnd);
  write_record();
  offsets_[item] = std::move(open_);
  open_.clear();
}

void Journal::append(std::size_t item, const std::vector<TableBuffer>& tables) {
  append_chunk(item, tables);
  end_item(item);
}

void Journal::write_record() {
  const std::uint64_t length = scratch_.size(), checksum = fnv1a(scratch_.data(), scratch_.size());
  if (std::fwrite(&length, sizeof length, 1, file_) != 1 || std::fwrite(scratch_.data(), 1, scratch_.size(), file_) != scratch_.size() ||
      std::fwrite(&checksum, sizeof checksum, 1, file_) != 1)
    throw std::runtime_error(path_ + ": cannot write the run journal (disk full?)");
}

void Journal::sync() {
  if (std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0) throw std::runtime_error(path_ + ": cannot flush the run journal");
  last_sync_ = std::chrono::steady_clock::now();
}

void Journal::flush() {
  if (std::chrono::steady_clock::now() - last_sync_ >= std::chrono::seconds(1)) return sync();
  if (std::fflush(file_) != 0) throw std::runtime_error(path_ + ": cannot flush the run journal");
}

std::vector<TableBuffer> Journal::read_record(long offset, const std::vector<TableSpec>& specs) {
  std::fseek(file_, offset, SEEK_SET);
  std::uint64_t length = 0;
  if (std::fread(&length, sizeof length, 1, file_) != 1) throw std::runtime_error(path_ + ": cannot read the run journal");
  scratch_.resize(length);
  if (std::fread(scratch_.data(), 1, length, file_) != length) throw std::runtime_error(path_ + ": cannot read the run journal");
  const char* at = scratch_.data();
  const char* end = at + length;
  take<std::uint64_t>(at, end);  // item
  take<std::uint64_t>(at, end);  // kind: a piece
  if (take<std::uint64_t>(at, end) != specs.size()) throw std::runtime_error(path_ + ": journal table count differs");
  std::vector<TableBuffer> out;
  for (const auto& spec : specs) {
    const auto rows = take<std::uint64_t>(at, end);
    TableBuffer t(spec);
    for (std::uint64_t r = 0; r < rows; ++r) t.add_row();  // sizes the columns; values are copied below
    for (std::size_t c = 0; c < spec.columns.size(); ++c) {
      const auto count = take<std::uint64_t>(at, end);
      const std::size_t bytes = count * 8;
      if (end - at < static_cast<std::ptrdiff_t>(bytes)) throw std::runtime_error(path_ + ": journal record too short");
      t.overwrite_column(c, at, count);
      at += bytes;
    }
    out.push_back(std::move(t));
  }
  return out;
}

void Journal::read_chunks(std::size_t item, const std::vector<TableSpec>& specs, const std::function<void(std::vector<TableBuffer>&&)>& take) {
  const long resume_at = std::ftell(file_);
  for (const long offset : offsets_.at(item)) take(read_record(offset, specs));
  std::fseek(file_, resume_at, SEEK_SET);
}

std::vector<TableBuffer> Journal::read(std::size_t item, const std::vector<TableSpec>& specs) {
  std::vector<TableBuffer> out;
  for (const auto& spec : specs) out.emplace_back(spec);
  read_chunks(item, specs, [&](std::vector<TableBuffer>&& piece) {
    for (std::size_t t = 0; t < out.size(); ++t) out[t].append(piece[t]);
  });
  return out;
}

void Journal::remove() {
  std::fclose(file_);
  file_ = nullptr;
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

}  // namespace rehabsim::sim
