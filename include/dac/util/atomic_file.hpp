#pragma once

#include <filesystem>
#include <string_view>

namespace dac {

// Writes a file all or nothing: the content goes to a temp file in the same
// folder, is fsynced, and replaces the target only on commit(), after which the
// folder is fsynced too. Dropped without commit(), the temp file is removed.
// When only that last sync fails, the error says the change was made.
class AtomicFile {
 public:
  // The file gets `mode` (owner-only unless told otherwise), whatever the umask.
  explicit AtomicFile(std::filesystem::path target, unsigned mode = 0600);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view data);
  void commit();

  // Whether commit() got as far as replacing the target (even if syncing the
  // folder afterwards failed): from then on the new content is what readers see.
  [[nodiscard]] bool replaced() const noexcept { return m_replaced; }

  // The prefix of temp files, so a later run can clean up after a crash.
  static constexpr std::string_view k_temp_prefix = ".tmp-";

 private:
  std::filesystem::path m_target;
  std::filesystem::path m_temp;
  int m_fd = -1;
  bool m_replaced = false;
};

// Throws the store error for a failed I/O call: what failed, on which file,
// the system's reason, and a hint when the disk is full.
[[noreturn]] void throw_io_error(std::string_view what, const std::filesystem::path& path, int err);

// Writes all of `data` to `fd`, retrying short writes; throws a store error naming `path`.
void write_all(int fd, std::string_view data, const std::filesystem::path& path);

// fsyncs `fd`; throws a store error naming `path`.
void sync_fd(int fd, const std::filesystem::path& path);

// fsyncs a folder so a rename or a new file in it is durable.
void sync_dir(const std::filesystem::path& dir);

}  // namespace dac
