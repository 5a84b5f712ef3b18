#pragma once
// Every file rehabsim opens or creates goes through these, so that each kind of path is handled
// once: an input must be a regular file of bounded size (a directory, device, FIFO or socket is
// refused before any read, so nothing hangs or reads forever), and an output is created as a new
// regular file, never through a symbolic link (a link planted at a name rehabsim writes is removed
// when replacing is allowed, never followed: what it points to is left untouched).
#include <cstddef>
#include <string>

namespace rehabsim::sim {

/// The whole content of the input file `path` ("scenario file", ...: `what` names it in errors).
/// InputError when the path is empty, missing, not a regular file (after following links: an input
/// may be a link to a file), or larger than `max_bytes`.
std::string read_regular_file(const std::string& path, const std::string& what, std::size_t max_bytes);

/// Creates `path` as a new, empty regular file open for reading and writing (a file descriptor,
/// close-on-exec). Whatever is at the path already: refused without `replace`; with it, a regular
/// file or a symbolic link (dangling or not) is removed first, anything else (a directory, device,
/// FIFO, socket) is refused. InputError naming the path, `what` it is for, and what was found.
int create_regular_file(const std::string& path, bool replace, const std::string& what);

/// Opens the existing regular file `path` for reading and writing, not through a symbolic link.
int open_regular_file(const std::string& path, const std::string& what);

/// Renames `from` to `to` in one step. Without `replace` an entry already at `to` (whatever it
/// is, however recently it appeared) is never replaced: false, both left as they are. With it, `to`
/// is replaced atomically. Other failures: std::runtime_error naming both paths and the cause.
bool move_into_place(const std::string& from, const std::string& to, bool replace);

/// What is at `path`, not following a final symbolic link: "" when nothing, else "a regular file",
/// "a symbolic link", "a directory", "a device", "a FIFO" or "a socket".
std::string entry_kind(const std::string& path);

}  // namespace rehabsim::sim
