// A fault-injection shim for the fault tests, loaded into dac with LD_PRELOAD.
//
// It counts the operations by which a write reaches the disk — creating a
// file or folder, write, fsync, rename, truncate, and close of a file opened
// for writing — and, at the Nth of them, makes it fail, kills the process, or
// stops it. Everything is driven by the environment:
//
//   DAC_FAULT_LOG=FILE      append one line per counted operation: "N op target"
//   DAC_FAULT_AT=N          the operation to act on (1-based)
//   DAC_FAULT_ERRNO=NAME    fail it with ENOSPC, EDQUOT or EIO (or a number)
//   DAC_FAULT_STICKY=1      ...and every later write, fsync, rename, create too
//                           (a disk that stays full); truncating and closing
//                           still work, as they do on a full disk
//   DAC_FAULT_SHORT=1       a write at N writes half its bytes and returns
//                           that; the next write fails with DAC_FAULT_ERRNO
//   DAC_FAULT_KILL=before   SIGKILL just before operation N
//   DAC_FAULT_KILL=after    SIGKILL just after operation N returned
//   DAC_FAULT_STOP=1        SIGSTOP just before operation N (to hold the lock)
//
// Writes to stdin, stdout and stderr are not counted.
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

enum class Kill { None, Before, After };

struct Config {
  bool loaded = false;
  long at = 0;
  int error = 0;
  bool sticky = false;
  bool short_write = false;
  Kill kill = Kill::None;
  bool stop = false;
  int log_fd = -1;
};

Config g_config;
long g_count = 0;
bool g_failing = false;          // a sticky fault has happened
bool g_fail_next_write = false;  // after a short write
bool g_in_shim = false;          // our own calls are not counted
constexpr int k_max_fds = 4096;
std::array<bool, k_max_fds> g_writable{};  // fds opened for writing, whose close counts

template <typename F>
F next(const char* name) {
  void* sym = ::dlsym(RTLD_NEXT, name);
  if (sym == nullptr) {
    (void)std::fprintf(stderr, "fault_inject: no %s\n", name);
    std::abort();
  }
  return reinterpret_cast<F>(sym);
}

#define NEXT(name) static const auto real = next<decltype(&::name)>(#name)

int parse_errno(const char* s) {
  if (s == nullptr || *s == '\0') return EIO;
  if (std::strcmp(s, "ENOSPC") == 0) return ENOSPC;
  if (std::strcmp(s, "EDQUOT") == 0) return EDQUOT;
  if (std::strcmp(s, "EIO") == 0) return EIO;
  if (std::strcmp(s, "EROFS") == 0) return EROFS;
  return static_cast<int>(std::strtol(s, nullptr, 10));
}

Config& config() {
  if (!g_config.loaded) {
    g_config.loaded = true;
    const char* at = std::getenv("DAC_FAULT_AT");
    g_config.at = at != nullptr ? std::strtol(at, nullptr, 10) : 0;
    g_config.error = std::getenv("DAC_FAULT_ERRNO") != nullptr ? parse_errno(std::getenv("DAC_FAULT_ERRNO")) : 0;
    const char* sticky = std::getenv("DAC_FAULT_STICKY");
    g_config.sticky = sticky != nullptr && *sticky == '1';
    const char* short_write = std::getenv("DAC_FAULT_SHORT");
    g_config.short_write = short_write != nullptr && *short_write == '1';
    const char* kill = std::getenv("DAC_FAULT_KILL");
    if (kill != nullptr && std::strcmp(kill, "before") == 0) g_config.kill = Kill::Before;
    if (kill != nullptr && std::strcmp(kill, "after") == 0) g_config.kill = Kill::After;
    const char* stop = std::getenv("DAC_FAULT_STOP");
    g_config.stop = stop != nullptr && *stop == '1';
    if (const char* log = std::getenv("DAC_FAULT_LOG"); log != nullptr && *log != '\0') {
      NEXT(open);
      g_in_shim = true;
      g_config.log_fd = real(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
      g_in_shim = false;
    }
  }
  return g_config;
}

void log_op(long n, const char* op, const char* target) {
  const Config& c = config();
  if (c.log_fd < 0) return;
  std::array<char, 4200> line{};
  const int len = std::snprintf(line.data(), line.size(), "%ld %s %s\n", n, op, target);
  if (len <= 0) return;
  NEXT(write);
  g_in_shim = true;
  (void)real(c.log_fd, line.data(),
             static_cast<std::size_t>(len) < line.size() ? static_cast<std::size_t>(len) : line.size() - 1);
  g_in_shim = false;
}

// What an fd refers to, for the log.
const char* fd_target(int fd, char* buf, std::size_t size) {
  std::array<char, 64> link{};
  (void)std::snprintf(link.data(), link.size(), "/proc/self/fd/%d", fd);
  const ssize_t n = ::readlink(link.data(), buf, size - 1);
  if (n < 0) {
    (void)std::snprintf(buf, size, "fd %d", fd);
  } else {
    buf[n] = '\0';
  }
  return buf;
}

// What to do with one counted operation.
enum class Action { Run, Fail, ShortWrite };

// Counts an operation; at the Nth, stops or kills the process when told.
// True when this is the Nth.
bool count_op(const char* op, const char* target) {
  const Config& c = config();
  const long n = ++g_count;
  log_op(n, op, target);
  if (n != c.at) return false;
  if (c.stop) ::kill(::getpid(), SIGSTOP);
  if (c.kill == Kill::Before) ::kill(::getpid(), SIGKILL);
  return true;
}

// The fate of a write, fsync, rename or create.
Action before_op(const char* op, const char* target, bool is_write) {
  const Config& c = config();
  if (count_op(op, target)) {
    if (c.error == 0) return Action::Run;
    if (c.sticky) g_failing = true;
    if (c.short_write && is_write) {
      g_fail_next_write = true;
      return Action::ShortWrite;
    }
    return Action::Fail;
  }
  if (is_write && g_fail_next_write) {
    g_fail_next_write = false;
    return Action::Fail;
  }
  return g_failing ? Action::Fail : Action::Run;
}

// Truncating and closing keep working on a full disk: only a fault injected at
// exactly their number fails them.
Action before_release_op(const char* op, const char* target) {
  const Config& c = config();
  if (!count_op(op, target) || c.error == 0) return Action::Run;
  if (c.sticky) g_failing = true;
  return Action::Fail;
}

// Kills the process after the Nth operation when told.
void after_op() {
  const Config& c = config();
  if (c.kill == Kill::After && c.at == g_count) ::kill(::getpid(), SIGKILL);
}

bool counted_fd(int fd) { return !g_in_shim && fd > 2; }

void remember(int fd, int flags) {
  if (fd >= 0 && fd < k_max_fds) g_writable[fd] = (flags & (O_WRONLY | O_RDWR)) != 0;
}

template <typename Real>
int do_open(Real real, int dirfd, const char* path, int flags, mode_t mode, const char* op) {
  if (g_in_shim || (flags & O_CREAT) == 0) {
    const int fd = real(dirfd, path, flags, mode);
    if (fd >= 0 && !g_in_shim) remember(fd, flags);
    return fd;
  }
  if (before_op(op, path, false) != Action::Run) {
    errno = config().error;
    return -1;
  }
  const int fd = real(dirfd, path, flags, mode);
  if (fd >= 0) remember(fd, flags);
  after_op();
  return fd;
}

mode_t mode_arg(int flags, va_list ap) {
  return (flags & (O_CREAT | O_TMPFILE)) != 0 ? static_cast<mode_t>(va_arg(ap, unsigned)) : 0;
}

int open_at(int dirfd, const char* path, int flags, mode_t mode) {
  NEXT(openat);
  return real(dirfd, path, flags, mode);
}

}  // namespace

extern "C" {

int open(const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = mode_arg(flags, ap);
  va_end(ap);
  return do_open(open_at, AT_FDCWD, path, flags, mode, "create");
}

int open64(const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = mode_arg(flags, ap);
  va_end(ap);
  return do_open(open_at, AT_FDCWD, path, flags, mode, "create");
}

int openat(int dirfd, const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = mode_arg(flags, ap);
  va_end(ap);
  return do_open(open_at, dirfd, path, flags, mode, "create");
}

int openat64(int dirfd, const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = mode_arg(flags, ap);
  va_end(ap);
  return do_open(open_at, dirfd, path, flags, mode, "create");
}

int creat(const char* path, mode_t mode) {
  return do_open(open_at, AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, mode, "create");
}

int creat64(const char* path, mode_t mode) {
  return do_open(open_at, AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, mode, "create");
}

int mkdir(const char* path, mode_t mode) {
  NEXT(mkdir);
  if (g_in_shim) return real(path, mode);
  if (before_op("mkdir", path, false) != Action::Run) {
    errno = config().error;
    return -1;
  }
  const int rc = real(path, mode);
  after_op();
  return rc;
}

int mkdirat(int dirfd, const char* path, mode_t mode) {
  NEXT(mkdirat);
  if (g_in_shim) return real(dirfd, path, mode);
  if (before_op("mkdir", path, false) != Action::Run) {
    errno = config().error;
    return -1;
  }
  const int rc = real(dirfd, path, mode);
  after_op();
  return rc;
}

ssize_t write(int fd, const void* buf, size_t count) {
  NEXT(write);
  if (!counted_fd(fd)) return real(fd, buf, count);
  char target[4096];
  const Action a = before_op("write", fd_target(fd, target, sizeof target), true);
  if (a == Action::Fail) {
    errno = config().error;
    return -1;
  }
  const ssize_t rc = real(fd, buf, a == Action::ShortWrite && count > 1 ? count / 2 : count);
  after_op();
  return rc;
}

ssize_t pwrite(int fd, const void* buf, size_t count, off_t offset) {
  NEXT(pwrite);
  if (!counted_fd(fd)) return real(fd, buf, count, offset);
  char target[4096];
  const Action a = before_op("write", fd_target(fd, target, sizeof target), true);
  if (a == Action::Fail) {
    errno = config().error;
    return -1;
  }
  const ssize_t rc = real(fd, buf, a == Action::ShortWrite && count > 1 ? count / 2 : count, offset);
  after_op();
  return rc;
}

ssize_t writev(int fd, const struct iovec* iov, int iovcnt) {
  NEXT(writev);
  if (!counted_fd(fd)) return real(fd, iov, iovcnt);
  char target[4096];
  if (before_op("write", fd_target(fd, target, sizeof target), true) == Action::Fail) {
    errno = config().error;
    return -1;
  }
  const ssize_t rc = real(fd, iov, iovcnt);
  after_op();
  return rc;
}

int fsync(int fd) {
  NEXT(fsync);
  if (g_in_shim) return real(fd);
  char target[4096];
  if (before_op("fsync", fd_target(fd, target, sizeof target), false) != Action::Run) {
    errno = config().error;
    return -1;
  }
  const int rc = real(fd);
  after_op();
  return rc;
}

int fdatasync(int fd) {
  NEXT(fdatasync);
  if (g_in_shim) return real(fd);
  char target[4096];
  if (before_op("fsync", fd_target(fd, target, sizeof target), false) != Action::Run) {
    errno = config().error;
    return -1;
  }
  const int rc = real(fd);
  after_op();
  return rc;
}

int rename(const char* from, const char* to) {
  NEXT(rename);
  if (g_in_shim) return real(from, to);
  if (before_op("rename", to, false) != Action::Run) {
    errno = config().error;
    return -1;
  }
  const int rc = real(from, to);
  after_op();
  return rc;
}

int renameat(int fromfd, const char* from, int tofd, const char* to) {
  NEXT(renameat);
  if (g_in_shim) return real(fromfd, from, tofd, to);
  if (before_op("rename", to, false) != Action::Run) {
    errno = config().error;
    return -1;
  }
  const int rc = real(fromfd, from, tofd, to);
  after_op();
  return rc;
}

int ftruncate(int fd, off_t length) {
  NEXT(ftruncate);
  if (g_in_shim) return real(fd, length);
  char target[4096];
  if (before_release_op("truncate", fd_target(fd, target, sizeof target)) != Action::Run) {
    errno = config().error;
    return -1;
  }
  const int rc = real(fd, length);
  after_op();
  return rc;
}

int truncate(const char* path, off_t length) {
  NEXT(truncate);
  if (g_in_shim) return real(path, length);
  if (before_release_op("truncate", path) != Action::Run) {
    errno = config().error;
    return -1;
  }
  const int rc = real(path, length);
  after_op();
  return rc;
}

int close(int fd) {
  NEXT(close);
  if (g_in_shim || fd < 0 || fd >= k_max_fds || !g_writable[fd] || fd == g_config.log_fd) return real(fd);
  g_writable[fd] = false;
  char target[4096];
  if (before_release_op("close", fd_target(fd, target, sizeof target)) != Action::Run) {
    (void)real(fd);  // as the kernel does: the fd is gone even when close reports an error
    errno = config().error;
    return -1;
  }
  const int rc = real(fd);
  after_op();
  return rc;
}

}  // extern "C"
