#pragma once

#include <chrono>
#include <filesystem>

namespace dac {

// An exclusive advisory lock (flock) on a file that is never replaced, so the
// atomic rename of the state cannot take the lock away. The kernel drops it
// when the process dies.
class LockFile {
 public:
  explicit LockFile(std::filesystem::path path);
  ~LockFile();
  LockFile(const LockFile&) = delete;
  LockFile& operator=(const LockFile&) = delete;

  // Waits up to `timeout` for the lock; false when it stayed taken.
  [[nodiscard]] bool acquire(std::chrono::milliseconds timeout);
  void release() noexcept;

 private:
  std::filesystem::path m_path;
  int m_fd = -1;
};

}  // namespace dac
