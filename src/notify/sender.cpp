#include "dac/notify/sender.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "dac/core/error.hpp"

extern char** environ;

namespace dac::cli {

namespace {

constexpr std::string_view k_sender_name = "dac-send";

[[noreturn]] void delivery_error(std::string message, std::string hint = {}) {
  throw Error(ErrorKind::Delivery, std::move(message), std::move(hint));
}

// Closes a descriptor once, on every path.
class Fd {
 public:
  explicit Fd(int fd = -1) : m_fd(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  [[nodiscard]] int get() const { return m_fd; }
  void reset() {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
  }

 private:
  int m_fd;
};

bool is_executable(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    // The helper went away before reading it all; its exit status tells why.
    if (n < 0) return;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

std::filesystem::path find_sender() {
  std::vector<std::filesystem::path> tried;
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    tried.push_back(self.parent_path() / k_sender_name);
    tried.push_back(self.parent_path().parent_path() / "libexec" / "dac" / k_sender_name);
  }
#ifdef DAC_LIBEXEC_DIR
  tried.push_back(std::filesystem::path(DAC_LIBEXEC_DIR) / k_sender_name);
#endif
  std::string list;
  for (const auto& p : tried) {
    if (is_executable(p)) return p;
    list += (list.empty() ? "" : ", ") + p.string();
  }
  delivery_error("cannot deliver: the helper " + std::string(k_sender_name) + " was not found (looked at " + list + ")",
                 "reinstall dac: notify needs " + std::string(k_sender_name) + " beside dac or in its libexec folder");
}

SendResult run_sender(const nlohmann::json& request, const std::vector<std::string>& secrets,
                      const std::function<void(const nlohmann::json&)>& progress) {
  const std::filesystem::path helper = find_sender();
  std::array<int, 2> to_child{-1, -1};
  std::array<int, 2> from_child{-1, -1};
  if (::pipe2(to_child.data(), O_CLOEXEC) != 0)
    delivery_error(std::string("cannot start ") + helper.string() + ": " + std::strerror(errno));
  Fd child_in(to_child[0]);
  Fd request_out(to_child[1]);
  if (::pipe2(from_child.data(), O_CLOEXEC) != 0)
    delivery_error(std::string("cannot start ") + helper.string() + ": " + std::strerror(errno));
  Fd result_in(from_child[0]);
  Fd child_out(from_child[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, child_in.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, child_out.get(), STDOUT_FILENO);
  const std::string argv0(k_sender_name);
  std::array<char*, 2> argv{const_cast<char*>(argv0.c_str()), nullptr};
  pid_t pid = -1;
  const int spawned = ::posix_spawn(&pid, helper.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) delivery_error("cannot start " + helper.string() + ": " + std::strerror(spawned));
  child_in.reset();
  child_out.reset();

  write_all(request_out.get(), request.dump());
  request_out.reset();

  SendResult result;
  result.detail = "the helper " + helper.string() + " ended without a result";
  bool done = false;
  std::string pending;
  std::array<char, 4096> buffer{};
  const auto handle_line = [&](const std::string& line) {
    if (line.empty()) return;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return;
    for (const char* key : {"result", "error"}) {
      if (j.contains(key) && j[key].is_string()) j[key] = scrub(j[key].get<std::string>(), secrets);
    }
    if (j.value("done", false)) {
      done = true;
      result.ok = j.value("ok", false);
      result.attempts = j.value("attempts", 0);
      result.detail = j.value(result.ok ? "result" : "error", std::string("?"));
    } else {
      progress(j);
    }
  };
  for (;;) {
    const ssize_t n = ::read(result_in.get(), buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    pending.append(buffer.data(), static_cast<std::size_t>(n));
    for (auto nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n')) {
      handle_line(pending.substr(0, nl));
      pending.erase(0, nl + 1);
    }
  }
  handle_line(pending);

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!done) {
    if (WIFSIGNALED(status))
      result.detail = "the helper " + helper.string() + " was killed by signal " + std::to_string(WTERMSIG(status));
    result.ok = false;
  } else if (result.ok && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
    result.ok = false;
    result.detail =
        "the helper " + helper.string() + " reported success but exited with status " + std::to_string(status);
  }
  return result;
}

std::string redact_url(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "…";
  const std::size_t host_start = scheme_end + 3;
  std::size_t host_end = url.find_first_of("/?#", host_start);
  if (host_end == std::string_view::npos) host_end = url.size();
  std::string_view authority = url.substr(host_start, host_end - host_start);
  // Never show user:password@.
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  return std::string(url.substr(0, host_start)) + std::string(authority) + "/…";
}

std::string scrub(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    if (secret.size() < 4) continue;
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "…");
    }
  }
  return text;
}

}  // namespace dac::cli
