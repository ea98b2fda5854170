#include "dac/util/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#include "dac/core/error.hpp"
#include "dac/util/file.hpp"

namespace dac {

void throw_io_error(std::string_view what, const std::filesystem::path& path, int err) {
  std::string hint;
  if (err == ENOSPC) hint = "free some disk space and try again; the store was not changed";
  if (err == EDQUOT) hint = "free some space within your disk quota and try again; the store was not changed";
  throw_store("cannot " + std::string(what) + " " + path.string() + ": " + std::strerror(err), hint);
}

void write_all(int fd, std::string_view data, const std::filesystem::path& path) {
  if (const int err = util::write_all(fd, data); err != 0) throw_io_error("write", path, err);
}

void sync_fd(int fd, const std::filesystem::path& path) {
  if (::fsync(fd) != 0) throw_io_error("sync", path, errno);
}

void sync_dir(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw_io_error("open folder", dir, errno);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) throw_io_error("sync folder", dir, err);
}

AtomicFile::AtomicFile(std::filesystem::path target, unsigned mode) : m_target(std::move(target)) {
  std::random_device rd;
  for (int attempt = 0; attempt < 16 && m_fd < 0; ++attempt) {
    std::array<char, 17> suffix{};
    static_cast<void>(std::snprintf(suffix.data(), suffix.size(), "%08x%08x", rd(), rd()));  // 16 hex digits: fits
    m_temp = m_target.parent_path() / (std::string(k_temp_prefix) + m_target.filename().string() + "-" + suffix.data());
    m_fd = ::open(m_temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (m_fd < 0 && errno != EEXIST) throw_io_error("create", m_temp, errno);
  }
  if (m_fd < 0) throw_io_error("create", m_temp, EEXIST);
  if (::fchmod(m_fd, static_cast<mode_t>(mode)) != 0) throw_io_error("set the mode of", m_temp, errno);
}

AtomicFile::~AtomicFile() {
  if (m_fd >= 0) ::close(m_fd);
  if (!m_temp.empty()) ::unlink(m_temp.c_str());
}

void AtomicFile::write(std::string_view data) { write_all(m_fd, data, m_temp); }

void AtomicFile::commit() {
  sync_fd(m_fd, m_temp);
  if (::close(m_fd) != 0) {
    m_fd = -1;
    throw_io_error("close", m_temp, errno);
  }
  m_fd = -1;
  if (::rename(m_temp.c_str(), m_target.c_str()) != 0) throw_io_error("replace", m_target, errno);
  m_temp.clear();
  m_replaced = true;
  try {
    sync_dir(m_target.parent_path());
  } catch (const Error& e) {
    // Past the rename the new content is what everyone reads: the change was
    // made, only its durability is in doubt. Never say "not changed" here.
    throw_store(std::string("the change was made, but it may not survive a crash: ") + e.what(),
                "check the disk; if the system crashes now, " + m_target.string() + " may come back as it was");
  }
}

}  // namespace dac
