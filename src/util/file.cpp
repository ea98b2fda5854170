#include "dac/util/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace dac::util {

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    reset();
    m_fd = other.release();
  }
  return *this;
}

int Fd::release() noexcept {
  const int fd = m_fd;
  m_fd = -1;
  return fd;
}

int Fd::reset() noexcept {
  if (m_fd < 0) return 0;
  const int rc = ::close(m_fd);
  m_fd = -1;
  return rc == 0 ? 0 : errno;
}

int read_all(int fd, std::string& out) noexcept {
  try {
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      out.reserve(out.size() + static_cast<std::size_t>(st.st_size));
    }
    std::array<char, 1 << 16> buf{};
    for (;;) {
      const ssize_t n = ::read(fd, buf.data(), buf.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return errno;
      }
      if (n == 0) return 0;
      out.append(buf.data(), static_cast<std::size_t>(n));
    }
  } catch (const std::bad_alloc&) {
    return ENOMEM;
  }
}

int write_all(int fd, std::string_view data) noexcept {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

Fd open_for_reading(const std::filesystem::path& path) noexcept {
  return Fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
}

}  // namespace dac::util
