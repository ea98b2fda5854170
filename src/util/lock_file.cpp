#include "dac/util/lock_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "dac/core/error.hpp"
#include "dac/util/atomic_file.hpp"

namespace dac {

LockFile::LockFile(std::filesystem::path path) : m_path(std::move(path)) {}

LockFile::~LockFile() { release(); }

bool LockFile::acquire(std::chrono::milliseconds timeout) {
  if (m_fd < 0) {
    m_fd = ::open(m_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (m_fd < 0) throw_io_error("open the lock file", m_path, errno);
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::milliseconds(2);
  for (;;) {
    if (::flock(m_fd, LOCK_EX | LOCK_NB) == 0) return true;
    if (errno != EWOULDBLOCK && errno != EINTR) {
      throw_store("cannot lock " + m_path.string() + ": " + std::strerror(errno));
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    std::this_thread::sleep_for(std::min(pause, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now)));
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
}

void LockFile::release() noexcept {
  if (m_fd >= 0) {
    ::close(m_fd);  // closing drops the flock
    m_fd = -1;
  }
}

}  // namespace dac
