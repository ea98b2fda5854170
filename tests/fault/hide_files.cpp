// An LD_PRELOAD shim for the notify tests: the files under the folders listed
// in DAC_HIDE_PATHS (colon-separated) do not exist for the process. It lets a
// test show dac and dac-send a system without CA certificates (a minimal
// Debian without ca-certificates) without touching the real ones, also inside
// a chroot, where a private mount namespace is not possible.
#include <dlfcn.h>
#include <fcntl.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace {

// Whether PATH names one of the hidden folders or something inside one.
bool hidden(const char* path) {
  const char* list = std::getenv("DAC_HIDE_PATHS");
  if (path == nullptr || list == nullptr) return false;
  const std::string_view p(path);
  std::string_view rest(list);
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    const std::string_view dir = rest.substr(0, colon);
    rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    if (dir.empty()) continue;
    if (p.substr(0, dir.size()) == dir && (p.size() == dir.size() || p[dir.size()] == '/')) return true;
  }
  return false;
}

template <typename F>
F next(const char* name) {
  return reinterpret_cast<F>(::dlsym(RTLD_NEXT, name));
}

// ENOENT for a hidden path, else the real call: `fail` is what the call
// returns on failure, `F` its type, `args` its arguments.
template <typename F, typename Result, typename... Args>
Result unless_hidden(const char* name, const char* path, Result fail, Args... args) {
  if (hidden(path)) {
    errno = ENOENT;
    return fail;
  }
  return next<F>(name)(args...);
}

mode_t mode_arg(int flags, va_list args) {
  return (flags & (O_CREAT | O_TMPFILE)) != 0 ? static_cast<mode_t>(va_arg(args, int)) : 0;
}

using Fopen = FILE* (*)(const char*, const char*);
using Open = int (*)(const char*, int, ...);
using Openat = int (*)(int, const char*, int, ...);

}  // namespace

// The mode argument of the open family is there only with O_CREAT/O_TMPFILE.
#define DAC_MODE_ARG(flags)                  \
  va_list args;                              \
  va_start(args, flags);                     \
  const mode_t mode = mode_arg(flags, args); \
  va_end(args)

extern "C" {

// OpenSSL reads a CA bundle with fopen; the open family covers the rest.
FILE* fopen(const char* path, const char* mode) {
  return unless_hidden<Fopen>("fopen", path, static_cast<FILE*>(nullptr), path, mode);
}
FILE* fopen64(const char* path, const char* mode) {
  return unless_hidden<Fopen>("fopen64", path, static_cast<FILE*>(nullptr), path, mode);
}
int open(const char* path, int flags, ...) {
  DAC_MODE_ARG(flags);
  return unless_hidden<Open>("open", path, -1, path, flags, mode);
}
int open64(const char* path, int flags, ...) {
  DAC_MODE_ARG(flags);
  return unless_hidden<Open>("open64", path, -1, path, flags, mode);
}
int openat(int dir, const char* path, int flags, ...) {
  DAC_MODE_ARG(flags);
  return unless_hidden<Openat>("openat", path, -1, dir, path, flags, mode);
}
int openat64(int dir, const char* path, int flags, ...) {
  DAC_MODE_ARG(flags);
  return unless_hidden<Openat>("openat64", path, -1, dir, path, flags, mode);
}

}  // extern "C"
