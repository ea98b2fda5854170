#include "dac/notify/sender.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <system_error>

#include "dac/core/error.hpp"
#include "dac/core/plural.hpp"
#include "dac/util/file.hpp"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX says to declare it; unistd.h does only with
                        // _GNU_SOURCE

namespace dac::notify {

namespace {

constexpr std::string_view k_sender_name = "dac-send";

[[noreturn]] void delivery_error(const std::string& message, const std::string& hint = {}) {
  throw Error(ErrorKind::Delivery, message, hint);
}

bool is_executable(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

// Both ends of a pipe, closed on every path.
struct Pipe {
  util::Fd read;
  util::Fd write;
};

Pipe make_pipe(const std::filesystem::path& helper) {
  std::array<int, 2> fds{-1, -1};
  if (::pipe2(fds.data(), O_CLOEXEC) != 0) {
    const int err = errno;
    delivery_error("cannot start " + helper.string() + ": " + std::strerror(err));
  }
  return Pipe{util::Fd(fds[0]), util::Fd(fds[1])};
}

// A running helper: its pid, where its request goes, where its reports come from.
struct Child {
  pid_t pid = -1;
  util::Fd request_out;
  util::Fd reports_in;
};

Child spawn_sender(const std::filesystem::path& helper) {
  Pipe to_child = make_pipe(helper);
  Pipe from_child = make_pipe(helper);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child.read.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, from_child.write.get(), STDOUT_FILENO);
  const std::string argv0(k_sender_name);
  std::array<char*, 2> argv{const_cast<char*>(argv0.c_str()), nullptr};
  Child child;
  const int spawned = ::posix_spawn(&child.pid, helper.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) delivery_error("cannot start " + helper.string() + ": " + std::strerror(spawned));
  child.request_out = std::move(to_child.write);
  child.reports_in = std::move(from_child.read);
  return child;  // the child's ends close here
}

// Reads the helper's report lines to the end, handing each to `handle_line`.
void read_lines(int fd, const std::function<void(const std::string&)>& handle_line) {
  std::string pending;
  std::array<char, 4096> buffer{};
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    pending.append(buffer.data(), static_cast<std::size_t>(n));
    for (auto nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n')) {
      handle_line(pending.substr(0, nl));
      pending.erase(0, nl + 1);
    }
  }
  handle_line(pending);
}

// The result, once the helper's exit status is known: a success only if it said so and exited 0.
void settle(SendResult& result, bool done, int status, const std::filesystem::path& helper) {
  if (!done) {
    if (WIFSIGNALED(status))
      result.detail = "the helper " + helper.string() + " was killed by signal " + std::to_string(WTERMSIG(status));
    result.ok = false;
  } else if (result.ok && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
    result.ok = false;
    result.detail =
        "the helper " + helper.string() + " reported success but exited with status " + std::to_string(status);
  }
}

// One line of the helper's report, or nothing for a line that is not one.
std::optional<SendReport> read_report(const std::string& line) {
  const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  try {
    return j.get<SendReport>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

std::string reminders(std::size_t n) { return plural(static_cast<std::int64_t>(n), "reminder"); }

// Sends one plan, logging each failed attempt.
SendResult send_plan(const Plan& p) {
  SendRequest request = p.channel.request;
  request.body = p.message;
  spdlog::debug("{}: sending {} ({} bytes)", p.channel.describe, reminders(p.items.size()), p.message.size());
  return run_sender(request, p.channel.secrets, [&](const SendReport& line) {
    if (line.retry) {
      spdlog::debug("{}: attempt {} failed: {}; retrying in {} ms", p.channel.describe, line.attempt, line.text,
                    line.wait_ms.value_or(0));
    } else {
      spdlog::debug("{}: attempt {} failed: {}", p.channel.describe, line.attempt, line.text);
    }
  });
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

SendResult run_sender(const SendRequest& request, const std::vector<std::string>& secrets,
                      const std::function<void(const SendReport&)>& progress) {
  const std::filesystem::path helper = find_sender();
  Child child = spawn_sender(helper);
  // A helper that went away before reading it all is no error by itself: its
  // exit status and its report tell why.
  (void)util::write_all(child.request_out.get(), nlohmann::json(request).dump());
  child.request_out.reset();

  SendResult result;
  result.detail = "the helper " + helper.string() + " ended without a result";
  bool done = false;
  read_lines(child.reports_in.get(), [&](const std::string& line) {
    if (line.empty()) return;
    std::optional<SendReport> report = read_report(line);
    if (!report) return;
    report->text = scrub(report->text, secrets);
    if (!report->done) {
      progress(*report);
      return;
    }
    done = true;
    result.ok = report->ok;
    result.attempts = report->attempt;
    result.detail = report->text;
  });

  int status = 0;
  while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
  }
  settle(result, done, status, helper);
  return result;
}

Deliveries deliver(const std::vector<Plan>& plans) {
  Deliveries out;
  out.planned = plans.size();
  if (plans.empty()) {
    spdlog::debug("nothing is due; nothing sent");
    return out;
  }
  (void)std::signal(SIGPIPE, SIG_IGN);
  for (const Plan& p : plans) {
    const SendResult r = send_plan(p);
    if (r.ok) {
      spdlog::debug("{}: delivered ({}, attempt {})", p.channel.describe, r.detail, r.attempts);
      out.delivered.push_back(&p);
    } else {
      out.failures.push_back(p.channel.describe + ": " + r.detail);
    }
  }
  return out;
}

Error delivery_failed(const Deliveries& d) {
  return {ErrorKind::Delivery,
          plural(static_cast<std::int64_t>(d.failures.size()), "channel") + " of " + std::to_string(d.planned) +
              " failed; what was not delivered was not recorded",
          "the next dac notify sends it again"};
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

}  // namespace dac::notify
