#include "sim/core/files.hpp"

#include <fcntl.h>
#include <stdio.h>  // renameat2, RENAME_NOREPLACE
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "sim/core/errors.hpp"

namespace rehabsim::sim {

namespace {

std::string kind_of(mode_t mode) {
  if (S_ISREG(mode)) return "a regular file";
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

}  // namespace

std::string entry_kind(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return "";
  return kind_of(st.st_mode);
}

std::string read_regular_file(const std::string& path, const std::string& what, std::size_t max_bytes) {
  if (path.empty()) throw InputError("the " + what + " path is empty: expected the name of a file");
  // O_NONBLOCK: opening a FIFO must not wait for a writer; the type is checked before any read.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw InputError(path + ": cannot read " + what + ": " + std::strerror(errno));
  struct stat st {};
  const bool stated = ::fstat(fd, &st) == 0;
  if (!stated || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw InputError(path + ": cannot read " + what + ": it is " + (stated ? kind_of(st.st_mode) : "unreadable") + ", expected a regular file");
  }
  if (static_cast<std::size_t>(st.st_size) > max_bytes) {
    ::close(fd);
    throw InputError(path + ": cannot read " + what + ": " + std::to_string(st.st_size) + " bytes, expected at most " + std::to_string(max_bytes));
  }
  std::string text;
  std::vector<char> buffer(1 << 16);
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      throw InputError(path + ": error while reading " + what + ": " + std::strerror(error));
    }
    if (n == 0) break;
    text.append(buffer.data(), static_cast<std::size_t>(n));
    if (text.size() > max_bytes) {  // it grew while being read
      ::close(fd);
      throw InputError(path + ": cannot read " + what + ": more than " + std::to_string(max_bytes) + " bytes");
    }
  }
  ::close(fd);
  return text;
}

int create_regular_file(const std::string& path, bool replace, const std::string& what) {
  const std::string found = entry_kind(path);
  if (!found.empty()) {
    if (!replace) throw InputError(path + ": exists (" + found + "); rehabsim creates its " + what + " itself");
    if (found != "a regular file" && found != "a symbolic link")
      throw InputError(path + ": is " + found + ", expected a regular file (or nothing) where rehabsim writes its " + what);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
      throw InputError(path + ": cannot replace it (" + std::string(std::strerror(errno)) + ") to write the " + what);
  }
  // O_EXCL with O_CREAT never follows a link: a name re-planted since the check is an error, not a write elsewhere.
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) throw InputError(path + ": cannot create the " + what + ": " + std::strerror(errno));
  return fd;
}

int open_regular_file(const std::string& path, const std::string& what) {
  const int fd = ::open(path.c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int error = errno;
    if (error == ELOOP) throw InputError(path + ": is a symbolic link, expected the " + what + " itself");
    throw InputError(path + ": cannot open the " + what + ": " + std::strerror(error));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw InputError(path + ": is " + (::lstat(path.c_str(), &st) == 0 ? kind_of(st.st_mode) : "unreadable") + ", expected the " + what +
                     " (a regular file)");
  }
  // Back to blocking I/O for a regular file (O_NONBLOCK only kept open() from waiting on a FIFO).
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

}  // namespace rehabsim::sim

namespace rehabsim::sim {

bool move_into_place(const std::string& from, const std::string& to, bool replace) {
  // RENAME_NOREPLACE: the check and the rename are one step in the kernel, so an entry that appears
  // at `to` after any earlier look is still never replaced.
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), replace ? 0 : RENAME_NOREPLACE) == 0) return true;
  if (errno == EEXIST) return false;
  throw std::runtime_error(to + ": cannot rename " + from + " into place: " + std::strerror(errno));
}

}  // namespace rehabsim::sim
