#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace dac::util {

// Owns a file descriptor and closes it once, on every path.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) noexcept : m_fd(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : m_fd(other.release()) {}
  Fd& operator=(Fd&& other) noexcept;
  ~Fd() { reset(); }

  [[nodiscard]] int get() const noexcept { return m_fd; }
  [[nodiscard]] explicit operator bool() const noexcept { return m_fd >= 0; }
  // Gives up ownership without closing.
  [[nodiscard]] int release() noexcept;
  // Closes now; returns close()'s errno, or 0.
  int reset() noexcept;

 private:
  int m_fd = -1;
};

// Reads `fd` to its end into `out` (appending), retrying on EINTR. Returns 0,
// or the errno of the read that failed.
[[nodiscard]] int read_all(int fd, std::string& out) noexcept;

// Writes all of `data` to `fd`, retrying on EINTR and short writes. Returns 0,
// or the errno of the write that failed.
[[nodiscard]] int write_all(int fd, std::string_view data) noexcept;

// Opens `path` for reading (O_CLOEXEC); an Fd that is false, with errno set, when it cannot.
[[nodiscard]] Fd open_for_reading(const std::filesystem::path& path) noexcept;

}  // namespace dac::util
