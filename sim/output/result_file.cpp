#include "sim/output/result_file.hpp"

#include <fcntl.h>
#include <hdf5.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>

#include <algorithm>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "sim/core/errors.hpp"
#include "sim/core/files.hpp"

namespace rehabsim::sim {

namespace fs = std::filesystem;

namespace {

constexpr hsize_t kChunkRows = 16384;
// Rows are buffered per table and written in blocks of whole chunks, so no chunk is compressed,
// read back and recompressed for every small work item.
constexpr std::size_t kFlushRows = 4 * kChunkRows;
constexpr unsigned kDeflateLevel = 4;

void check(herr_t status, const char* what) {
  if (status < 0) throw std::runtime_error(std::string("HDF5 error: ") + what);
}
hid_t check_id(hid_t id, const char* what) {
  if (id < 0) throw std::runtime_error(std::string("HDF5 error: ") + what);
  return id;
}

// Closes an HDF5 handle at scope exit.
struct Handle {
  hid_t id;
  herr_t (*close)(hid_t);
  ~Handle() {
    if (id >= 0) close(id);
  }
};

hid_t utf8_string_type() {
  const hid_t t = check_id(H5Tcopy(H5T_C_S1), "string type");
  check(H5Tset_size(t, H5T_VARIABLE), "string size");
  check(H5Tset_cset(t, H5T_CSET_UTF8), "string charset");
  return t;
}

void write_string_attribute(hid_t object, const char* name, const std::string& value) {
  Handle type{utf8_string_type(), H5Tclose};
  Handle space{check_id(H5Screate(H5S_SCALAR), "scalar space"), H5Sclose};
  Handle attr{check_id(H5Acreate2(object, name, type.id, space.id, H5P_DEFAULT, H5P_DEFAULT), name), H5Aclose};
  const char* text = value.c_str();
  check(H5Awrite(attr.id, type.id, &text), name);
}

void write_strings_attribute(hid_t object, const char* name, const std::vector<std::string>& values) {
  Handle type{utf8_string_type(), H5Tclose};
  const hsize_t n = values.size();
  Handle space{check_id(H5Screate_simple(1, &n, nullptr), "labels space"), H5Sclose};
  Handle attr{check_id(H5Acreate2(object, name, type.id, space.id, H5P_DEFAULT, H5P_DEFAULT), name), H5Aclose};
  std::vector<const char*> pointers;
  for (const auto& v : values) pointers.push_back(v.c_str());
  check(H5Awrite(attr.id, type.id, pointers.data()), name);
}

template <class T>
void write_number_attribute(hid_t object, const char* name, hid_t file_type, hid_t mem_type, T value) {
  Handle space{check_id(H5Screate(H5S_SCALAR), "scalar space"), H5Sclose};
  Handle attr{check_id(H5Acreate2(object, name, file_type, space.id, H5P_DEFAULT, H5P_DEFAULT), name), H5Aclose};
  check(H5Awrite(attr.id, mem_type, &value), name);
}

hid_t file_type_of(ColumnType t) {
  switch (t) {
    case ColumnType::Int32: return H5T_STD_I32LE;
    case ColumnType::Int64: return H5T_STD_I64LE;
    case ColumnType::Float64: return H5T_IEEE_F64LE;
  }
  return H5T_IEEE_F64LE;
}

}  // namespace

struct ResultFile::Impl {
  std::string temp_path;
  hid_t file = -1;
  int lock_fd = -1;  ///< flock'd ".NAME.lock": one run at a time writes a target (and its journal)
  std::string lock_path;
  bool force = false;
  bool committed = false;
  std::map<std::string, TableSpec> tables;
  std::map<std::string, TableBuffer> pending;
  void write_rows(const TableSpec& spec, const TableBuffer& rows);
};

// Only regular files are ever replaced (a device, FIFO or socket under the name is refused even with
// --force; as root, `-o /dev/null --force` once replaced /dev/null), and only with --force.
static void check_replaceable(const std::string& path, bool force) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return;  // nothing there (a dangling link is something: the rename would meet it)
  if (S_ISLNK(st.st_mode)) {                    // the rename replaces the link itself, never what it points to
    if (!force) throw InputError(path + ": output file exists (a symbolic link); pass --force to replace the link");
    return;
  }
  if (!S_ISREG(st.st_mode))
    throw InputError(path + ": exists and is not a regular file (a device, FIFO or socket); rehabsim writes results only to regular files");
  if (!force) throw InputError(path + ": output file exists; pass --force to overwrite it");
}

// An exclusive flock on `lock_path`, held until the descriptor is closed. The file is removed by its
// holder at the end, so a lock taken on a file that was removed meanwhile is retried on the new one.
static int lock_exclusively(const std::string& lock_path, const std::string& target) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    // Not through a link: a link planted at the lock's name would make rehabsim create or lock a file elsewhere.
    const int fd = ::open(lock_path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
    if (fd < 0 && errno == ELOOP) throw InputError(target + ": the lock file " + lock_path + " is a symbolic link; remove it");
    if (fd < 0) throw InputError(target + ": cannot create the lock file " + lock_path + ": " + std::strerror(errno));
    struct stat kind {};
    if (::fstat(fd, &kind) != 0 || !S_ISREG(kind.st_mode)) {
      ::close(fd);
      throw InputError(target + ": the lock file " + lock_path + " is not a regular file (" + entry_kind(lock_path) + "); remove it");
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      throw InputError(target + ": another rehabsim run is writing this output now (it holds " + lock_path +
                       "); wait for it to finish, or choose another -o");
    }
    struct stat held {
    }, named{};
    if (::fstat(fd, &held) == 0 && ::stat(lock_path.c_str(), &named) == 0 && held.st_ino == named.st_ino && held.st_dev == named.st_dev) return fd;
    ::close(fd);  // the holder removed it between our open and flock: take the new one
  }
  throw std::runtime_error(lock_path + ": cannot take the output lock");
}

// fsync of a file or directory, so that what was written survives a power cut.
static void sync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error(path + ": cannot open to sync: " + std::strerror(errno));
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw std::runtime_error(path + ": cannot sync: " + std::strerror(errno));
}

ResultFile::ResultFile(const std::string& final_path, bool force) : impl_(std::make_unique<Impl>()), final_path_(final_path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors are reported by return codes, not printed
  const fs::path target(final_path);
  if (target.filename().empty()) throw InputError(final_path + ": output path names a directory, expected a file name");
  std::error_code ec;
  if (fs::is_directory(target, ec)) throw InputError(final_path + ": output path is a directory, expected a file name");
  check_replaceable(final_path, force);
  impl_->force = force;
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir)) throw InputError(final_path + ": cannot create output directory " + dir.string());
  if (::access(dir.c_str(), W_OK) != 0) throw InputError(final_path + ": output directory is not writable");
  impl_->lock_path = (dir / ("." + target.filename().string() + ".lock")).string();
  impl_->lock_fd = lock_exclusively(impl_->lock_path, final_path);
  impl_->temp_path = (dir / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()))).string();
  // A stale entry of this name (a killed run with our PID, or a planted link) is removed, not followed;
  // H5F_ACC_EXCL creates with O_EXCL, which never follows a link re-planted meanwhile.
  ::unlink(impl_->temp_path.c_str());
  impl_->file = H5Fcreate(impl_->temp_path.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT);
  if (impl_->file < 0) throw InputError(final_path + ": cannot create output file in " + dir.string());
}

// A file that failed to close (e.g. its last metadata could not be written to a full disk) stays
// half-open inside HDF5, and HDF5 1.10's own close at exit then crashes on it: rehabsim closes every
// file itself, so the library's exit hook is not needed. Called before any other HDF5 function.
static const bool kNoHdf5ExitHook = [] {
  H5dont_atexit();
  return true;
}();

ResultFile::~ResultFile() {
  (void)kNoHdf5ExitHook;
  if (impl_->file >= 0) {
    // An uncommitted file is discarded: empty it first, so that closing it can write its last
    // metadata even when the run failed on a full disk.
    if (!impl_->committed) ::truncate(impl_->temp_path.c_str(), 0);
    H5Fclose(impl_->file);
  }
  if (!impl_->committed) {
    std::error_code ec;
    fs::remove(impl_->temp_path, ec);
  }
  if (impl_->lock_fd >= 0) {  // removed while still held, so no other run can hold a lock on a removed file
    ::unlink(impl_->lock_path.c_str());
    ::close(impl_->lock_fd);
  }
}

void ResultFile::add_table(const TableSpec& spec) {
  Handle group{check_id(H5Gcreate2(impl_->file, spec.name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "create group"), H5Gclose};
  for (const auto& column : spec.columns) {
    // 1-D columns are [rows]; 2-D columns [rows, width], chunked by whole rows.
    const int rank = column.width > 1 ? 2 : 1;
    const hsize_t dims[2] = {0, column.width}, max_dims[2] = {H5S_UNLIMITED, column.width};
    const hsize_t chunk[2] = {std::max<hsize_t>(1, kChunkRows / column.width), column.width};
    Handle space{check_id(H5Screate_simple(rank, dims, max_dims), "dataspace"), H5Sclose};
    Handle props{check_id(H5Pcreate(H5P_DATASET_CREATE), "dcpl"), H5Pclose};
    check(H5Pset_chunk(props.id, rank, chunk), "chunk");
    check(H5Pset_shuffle(props.id), "shuffle");
    check(H5Pset_deflate(props.id, kDeflateLevel), "deflate");
    Handle data{check_id(H5Dcreate2(group.id, column.name.c_str(), file_type_of(column.type), space.id, H5P_DEFAULT, props.id, H5P_DEFAULT),
                         "create dataset"),
                H5Dclose};
    write_string_attribute(data.id, "units", column.units);
    write_string_attribute(data.id, "description", column.description);
    if (!column.labels.empty()) write_strings_attribute(data.id, "labels", column.labels);
    if (!std::isnan(column.valid_min)) write_number_attribute(data.id, "valid_min", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, column.valid_min);
    if (!std::isnan(column.valid_max)) write_number_attribute(data.id, "valid_max", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, column.valid_max);
    if (!column.column_axis.empty()) {
      const hsize_t n = column.column_axis.size();
      Handle axis_space{check_id(H5Screate_simple(1, &n, nullptr), "axis space"), H5Sclose};
      Handle axis{check_id(H5Acreate2(data.id, "column_axis", H5T_IEEE_F64LE, axis_space.id, H5P_DEFAULT, H5P_DEFAULT), "column_axis"), H5Aclose};
      check(H5Awrite(axis.id, H5T_NATIVE_DOUBLE, column.column_axis.data()), "column_axis");
      write_string_attribute(data.id, "column_axis_name", column.column_axis_name);
    }
  }
  impl_->tables.emplace(spec.name, spec);
  impl_->pending.emplace(spec.name, TableBuffer(spec));
}

void ResultFile::append(const std::string& table, const TableBuffer& rows) {
  TableBuffer& pending = impl_->pending.at(table);
  pending.append(rows);
  if (pending.rows() >= kFlushRows) {
    impl_->write_rows(impl_->tables.at(table), pending);
    pending = TableBuffer(impl_->tables.at(table));
  }
}

void ResultFile::Impl::write_rows(const TableSpec& spec, const TableBuffer& rows) {
  if (rows.rows() == 0) return;
  Handle group{check_id(H5Gopen2(file, spec.name.c_str(), H5P_DEFAULT), "open group"), H5Gclose};
  std::vector<std::int32_t> narrow;
  for (std::size_t c = 0; c < spec.columns.size(); ++c) {
    const ColumnSpec& column = spec.columns[c];
    Handle data{check_id(H5Dopen2(group.id, column.name.c_str(), H5P_DEFAULT), "open dataset"), H5Dclose};
    const int rank = column.width > 1 ? 2 : 1;
    hsize_t old_dims[2] = {0, column.width};
    {
      Handle space{check_id(H5Dget_space(data.id), "space"), H5Sclose};
      check(H5Sget_simple_extent_dims(space.id, old_dims, nullptr), "dims");
    }
    const hsize_t start[2] = {old_dims[0], 0}, count[2] = {rows.rows(), column.width};
    const hsize_t new_dims[2] = {old_dims[0] + rows.rows(), column.width};
    check(H5Dset_extent(data.id, new_dims), "extend");
    Handle file_space{check_id(H5Dget_space(data.id), "space"), H5Sclose};
    check(H5Sselect_hyperslab(file_space.id, H5S_SELECT_SET, start, nullptr, count, nullptr), "select");
    Handle mem_space{check_id(H5Screate_simple(rank, count, nullptr), "mem space"), H5Sclose};
    const void* buffer = nullptr;
    hid_t mem_type = H5T_NATIVE_DOUBLE;
    if (column.type == ColumnType::Float64) {
      buffer = rows.floats(c).data();
    } else if (column.type == ColumnType::Int64) {
      buffer = rows.integers(c).data();
      mem_type = H5T_NATIVE_INT64;
    } else {
      const auto& wide = rows.integers(c);
      narrow.assign(wide.begin(), wide.end());
      buffer = narrow.data();
      mem_type = H5T_NATIVE_INT32;
    }
    check(H5Dwrite(data.id, mem_type, mem_space.id, file_space.id, H5P_DEFAULT, buffer), "write");
  }
}

void ResultFile::commit(const RootAttributes& a, bool complete) {
  for (auto& [name, rows] : impl_->pending) impl_->write_rows(impl_->tables.at(name), rows);
  {
    Handle root{check_id(H5Gopen2(impl_->file, "/", H5P_DEFAULT), "open root"), H5Gclose};
    write_string_attribute(root.id, "format", kResultFormat);
    write_number_attribute(root.id, "format_version", H5T_STD_I64LE, H5T_NATIVE_INT64, kResultFormatVersion);
    write_string_attribute(root.id, "software_version", a.software_version);
    write_string_attribute(root.id, "git_commit", a.git_commit);
    write_string_attribute(root.id, "created_utc", a.created_utc);
    write_string_attribute(root.id, "command_line", a.command_line);
    write_number_attribute(root.id, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, a.seed);
    write_number_attribute(root.id, "replications", H5T_STD_I64LE, H5T_NATIVE_INT64, a.replications);
    write_number_attribute(root.id, "complete", H5T_STD_I64LE, H5T_NATIVE_INT64, std::int64_t{complete ? 1 : 0});
    write_string_attribute(root.id, "scenario_toml", a.scenario_toml);
    if (!a.notes.empty()) write_strings_attribute(root.id, "notes", a.notes);
    if (!a.compared_scenario_tomls.empty()) {
      write_strings_attribute(root.id, "compared_scenario_tomls", a.compared_scenario_tomls);
      write_strings_attribute(root.id, "compared_scenario_names", a.compared_scenario_names);
    }
  }
  check(H5Fflush(impl_->file, H5F_SCOPE_GLOBAL), "flush");
  check(H5Fclose(impl_->file), "close file");
  impl_->file = -1;
  // Durable before it is visible: the file's data, then the rename, then the directory entry (the
  // caller removes the journal only after this returns).
  sync_path(impl_->temp_path, O_RDONLY);
  check_replaceable(final_path_, impl_->force);  // a file may have appeared meanwhile
  if (!move_into_place(impl_->temp_path, final_path_, impl_->force)) {
    impl_->committed = true;  // keep this run's result where it is
    throw InputError(final_path_ + ": a file of this name appeared while the run was writing, and is kept; this run's result is " + impl_->temp_path +
                     " (rename it, or rerun with --force)");
  }
  impl_->committed = true;
  const fs::path target_path(final_path_);
  sync_path((target_path.has_parent_path() ? target_path.parent_path() : fs::path(".")).string(), O_RDONLY | O_DIRECTORY);
  std::error_code ec;
  // Temporary files of earlier runs of this target that were killed (SIGKILL, power loss).
  const fs::path target(final_path_);
  const std::string stale = "." + target.filename().string() + ".tmp-";
  for (const auto& entry : fs::directory_iterator(target.has_parent_path() ? target.parent_path() : fs::path("."), ec))
    if (entry.path().filename().string().rfind(stale, 0) == 0) fs::remove(entry.path(), ec);
}

}  // namespace rehabsim::sim

namespace rehabsim::sim {

std::size_t StoredTable::index_of(const std::string& column) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == column) return i;
  throw InputError("a table of the result file has no column " + column + " (not a complete rehabsim result file)");
}

namespace {

std::string read_string_attribute(hid_t object, const char* name) {
  if (H5Aexists(object, name) <= 0) return {};
  Handle attr{check_id(H5Aopen(object, name, H5P_DEFAULT), name), H5Aclose};
  Handle type{check_id(H5Aget_type(attr.id), "attribute type"), H5Tclose};
  if (H5Tget_class(type.id) == H5T_INTEGER) {
    long long v = 0;
    check(H5Aread(attr.id, H5T_NATIVE_LLONG, &v), name);
    return std::to_string(v);
  }
  if (H5Tget_class(type.id) != H5T_STRING) return {};
  Handle memory{utf8_string_type(), H5Tclose};
  char* text = nullptr;
  check(H5Aread(attr.id, memory.id, &text), name);
  std::string out = text ? text : "";
  H5free_memory(text);
  return out;
}

// A floating-point attribute, NaN when absent or not a number (valid_min, valid_max).
double read_double_attribute(hid_t object, const char* name) {
  if (H5Aexists(object, name) <= 0) return std::numeric_limits<double>::quiet_NaN();
  Handle attr{check_id(H5Aopen(object, name, H5P_DEFAULT), name), H5Aclose};
  Handle type{check_id(H5Aget_type(attr.id), "attribute type"), H5Tclose};
  const H5T_class_t kind = H5Tget_class(type.id);
  if (kind != H5T_FLOAT && kind != H5T_INTEGER) return std::numeric_limits<double>::quiet_NaN();
  double v = 0;
  check(H5Aread(attr.id, H5T_NATIVE_DOUBLE, &v), name);
  return v;
}

std::vector<std::string> read_strings_attribute(hid_t object, const char* name) {
  if (H5Aexists(object, name) <= 0) return {};
  Handle attr{check_id(H5Aopen(object, name, H5P_DEFAULT), name), H5Aclose};
  Handle space{check_id(H5Aget_space(attr.id), "labels space"), H5Sclose};
  const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.id));
  Handle memory{utf8_string_type(), H5Tclose};
  std::vector<char*> texts(n, nullptr);
  check(H5Aread(attr.id, memory.id, texts.data()), name);
  std::vector<std::string> out;
  for (char* t : texts) {
    out.emplace_back(t ? t : "");
    H5free_memory(t);
  }
  return out;
}

}  // namespace

// One table's 1-D columns as doubles; empty when the file has no such table. Throws runtime_error
// on an HDF5 failure or columns of different lengths.
static StoredTable read_table(hid_t file, const std::string& name);

StoredResults read_results(const std::string& path, const std::vector<std::string>& tables) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  std::error_code ec;
  if (!fs::exists(path, ec)) throw InputError(path + ": no such result file");
  // Checked before HDF5 opens it: a FIFO would block, a device read forever.
  if (!fs::is_regular_file(path, ec)) throw InputError(path + ": is " + entry_kind(path) + ", expected a result file (a regular file)");
  if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError(path + ": not an HDF5 file");
  Handle file{H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  if (file.id < 0) throw InputError(path + ": cannot open result file");
  StoredResults out;
  {
    Handle root{check_id(H5Gopen2(file.id, "/", H5P_DEFAULT), "open root"), H5Gclose};
    for (const char* name :
         {"format", "format_version", "software_version", "git_commit", "created_utc", "command_line", "seed", "replications", "complete"})
      out.attributes[name] = read_string_attribute(root.id, name);
    out.attributes["scenario_toml"] = read_string_attribute(root.id, "scenario_toml");
    for (const char* name : {"compared_scenario_tomls", "compared_scenario_names"})
      if (auto v = read_strings_attribute(root.id, name); !v.empty()) out.string_arrays[name] = std::move(v);
  }
  if (out.attributes["format"] != kResultFormat) throw InputError(path + ": not a rehabsim result file");
  const std::string& version = out.attributes["format_version"];
  bool known = false;
  for (std::int64_t v = kOldestReadableFormatVersion; v <= kResultFormatVersion; ++v) known = known || version == std::to_string(v);
  if (!known)
    throw InputError(path + ": result format version " + version + " is not supported (this program reads versions " +
                     std::to_string(kOldestReadableFormatVersion) + " to " + std::to_string(kResultFormatVersion) + ")");
  try {
    for (const std::string& name : tables) out.tables.emplace(name, read_table(file.id, name));
  } catch (const std::runtime_error& e) {  // damaged or edited by hand: the user's file, not a bug of ours
    throw InputError(path + ": not a complete rehabsim result file (" + e.what() + ")");
  }
  for (auto it = out.tables.begin(); it != out.tables.end();) it = it->second.columns.empty() ? out.tables.erase(it) : std::next(it);
  return out;
}

static StoredTable read_table(hid_t file, const std::string& name) {
  StoredTable t;
  if (H5Lexists(file, name.c_str(), H5P_DEFAULT) <= 0) return t;
  {
    Handle group{check_id(H5Gopen2(file, name.c_str(), H5P_DEFAULT), "open group"), H5Gclose};
    hsize_t count = 0;
    check(H5Gget_num_objs(group.id, &count), "count");
    for (hsize_t i = 0; i < count; ++i) {
      char column[256];
      H5Gget_objname_by_idx(group.id, i, column, sizeof column);
      Handle data{check_id(H5Dopen2(group.id, column, H5P_DEFAULT), "open dataset"), H5Dclose};
      Handle space{check_id(H5Dget_space(data.id), "space"), H5Sclose};
      if (H5Sget_simple_extent_ndims(space.id) != 1) continue;
      std::vector<double> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.id)));
      if (!values.empty()) check(H5Dread(data.id, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "read");
      t.columns.emplace_back(column);
      t.values.push_back(std::move(values));
      t.labels.push_back(read_strings_attribute(data.id, "labels"));
      t.units.push_back(read_string_attribute(data.id, "units"));
      t.valid_min.push_back(read_double_attribute(data.id, "valid_min"));
      t.valid_max.push_back(read_double_attribute(data.id, "valid_max"));
      if (t.values.back().size() != t.values.front().size())
        throw std::runtime_error("/" + name + "/" + t.columns.back() + " has " + std::to_string(t.values.back().size()) + " rows, /" + name + "/" +
                                 t.columns.front() + " " + std::to_string(t.values.front().size()));
    }
  }
  return t;
}

}  // namespace rehabsim::sim
