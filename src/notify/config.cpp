#include "dac/notify/config.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <toml++/toml.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <iterator>

#include <spdlog/spdlog.h>

#include "dac/core/error.hpp"
#include "dac/core/time.hpp"
#include "dac/util/file.hpp"

namespace dac::notify {

namespace {

std::string octal_mode(mode_t mode) {
  std::array<char, 8> buf{};
  (void)std::snprintf(buf.data(), buf.size(), "%04o", static_cast<unsigned>(mode & 07777));
  return buf.data();
}

// Reads a whole file that may hold secrets, refusing one that group or others
// can read or write (as ssh does with private keys).
std::string read_private_file(const std::filesystem::path& path, const std::string& what) {
  const util::Fd fd = util::open_for_reading(path);
  if (!fd) {
    const int err = errno;
    throw_usage("cannot read " + what + " " + path.string() + ": " + std::strerror(err));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
    throw_usage(what + " " + path.string() + " is not a regular file");
  if ((st.st_mode & 077) != 0) {
    throw_usage(what + " " + path.string() + " holds secrets but group or others can access it (mode " +
                    octal_mode(st.st_mode) + ")",
                "make it private with: chmod 600 " + path.string());
  }
  std::string text;
  std::array<char, 4096> buf{};
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      throw_usage("cannot read " + what + " " + path.string() + ": " + std::strerror(err));
    }
    if (n == 0) break;
    text.append(buf.data(), static_cast<std::size_t>(n));
    // Checked as it grows: a huge file is refused without being read whole.
    if (text.size() > 1'000'000) throw_usage(what + " " + path.string() + " is too large");
  }
  return text;
}

std::string trim_first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  const auto first = line.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  const auto last = line.find_last_not_of(" \t\r");
  return line.substr(first, last - first + 1);
}

// Reads typed values from one table of the config, naming the place of a bad one.
class Reader {
 public:
  Reader(const toml::table& table, std::string file, std::string section)
      : m_table(table), m_file(std::move(file)), m_section(std::move(section)) {}

  void only(std::initializer_list<std::string_view> keys) const {
    for (auto&& [key, node] : m_table) {
      bool known = false;
      for (std::string_view k : keys) known = known || key.str() == k;
      if (!known) {
        std::string list;
        for (std::string_view k : keys) list += (list.empty() ? "" : ", ") + std::string(k);
        bad(node, "unknown key '" + std::string(key.str()) + "' in [" + m_section + "] (known: " + list + ")");
      }
    }
  }

  [[nodiscard]] std::optional<std::string> string(std::string_view key) const {
    const toml::node* node = m_table.get(key);
    if (node == nullptr) return std::nullopt;
    if (!node->is_string()) bad(*node, m_section + "." + std::string(key) + " must be a string");
    return node->value<std::string>();
  }

  [[nodiscard]] std::optional<bool> boolean(std::string_view key) const {
    const toml::node* node = m_table.get(key);
    if (node == nullptr) return std::nullopt;
    if (!node->is_boolean()) bad(*node, m_section + "." + std::string(key) + " must be true or false");
    return node->value<bool>();
  }

  [[nodiscard]] std::optional<int> integer(std::string_view key, int lo, int hi) const {
    const toml::node* node = m_table.get(key);
    if (node == nullptr) return std::nullopt;
    const auto v = node->value<std::int64_t>();
    if (!node->is_integer() || !v || *v < lo || *v > hi) {
      bad(*node, m_section + "." + std::string(key) + " must be a whole number from " + std::to_string(lo) + " to " +
                     std::to_string(hi));
    }
    return static_cast<int>(*v);
  }

  // A list of strings, or one string of comma-separated items.
  [[nodiscard]] std::optional<std::vector<std::string>> strings(std::string_view key) const {
    const toml::node* node = m_table.get(key);
    if (node == nullptr) return std::nullopt;
    std::vector<std::string> out;
    if (const auto* s = node->as_string()) {
      std::string rest = s->get();
      for (std::size_t start = 0; start <= rest.size();) {
        const auto comma = rest.find(',', start);
        const std::string item =
            trim_first_line(rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!item.empty()) out.push_back(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      return out;
    }
    const auto* array = node->as_array();
    if (array == nullptr) bad(*node, m_section + "." + std::string(key) + " must be a list of strings");
    for (const toml::node& item : *array) {
      if (!item.is_string()) bad(item, m_section + "." + std::string(key) + " must be a list of strings");
      out.push_back(*item.value<std::string>());
    }
    return out;
  }

  [[noreturn]] void bad(const toml::node& node, const std::string& why) const {
    throw_usage(m_file + ":" + std::to_string(node.source().begin.line) + ": " + why);
  }

 private:
  const toml::table& m_table;
  std::string m_file;
  std::string m_section;
};

// Secrets never come from the command line, and only one of them from stdin.
void refuse_secret_options(const NotifyOptions& o) {
  if (o.webhook) {
    throw_usage("--webhook would put the secret webhook URL in the process list and shell history",
                "put it in the config file ([webhook] url = ...) or in a private file and use --webhook-file FILE");
  }
  if (o.webhook_file && o.smtp_password_file && *o.webhook_file == "-" && *o.smtp_password_file == "-") {
    throw_usage("only one of --webhook-file and --smtp-password-file can read stdin");
  }
}

// --config, else the default config file if there is one, else nothing set.
NotifySettings config_file_settings(const NotifyOptions& o) {
  if (o.config) return load_notify_config(*o.config);
  if (const auto path = default_config_path(); path && std::filesystem::exists(*path)) {
    spdlog::debug("reading {}", path->string());
    return load_notify_config(*path);
  }
  return {};
}

// The command line over the config file.
void apply_options(NotifySettings& s, const NotifyOptions& o) {
  if (!o.at.empty()) s.at = o.at;
  if (o.connect_timeout) s.connect_timeout = o.connect_timeout;
  if (o.timeout) s.timeout = o.timeout;
  if (o.retries) s.retries = o.retries;
  if (o.retry_delay) s.retry_delay = o.retry_delay;
  if (o.retry_max_delay) s.retry_max_delay = o.retry_max_delay;
  if (o.webhook_file) s.webhook_url = read_secret_file(*o.webhook_file, "webhook URL");
  if (o.webhook_format) s.webhook_format = o.webhook_format;
  if (o.webhook_ca_file) s.webhook_ca_file = o.webhook_ca_file;
  if (o.smtp) s.smtp_url = o.smtp;
  if (o.smtp_user) s.smtp_username = o.smtp_user;
  if (o.smtp_password_file) s.smtp_password = read_secret_file(*o.smtp_password_file, "SMTP password");
  if (o.from) s.smtp_from = o.from;
  if (!o.to.empty()) s.smtp_to = o.to;
  if (o.smtp_ca_file) s.smtp_ca_file = o.smtp_ca_file;
  if (o.smtp_insecure) s.smtp_insecure = true;
}

// A delivery limit in milliseconds: seconds to a day, no months.
long duration_ms(const std::string& text, const std::string& what, bool allow_zero) {
  const Duration d = parse_duration(text, what, allow_zero);
  if (d.months != 0) throw_usage("invalid " + what + " '" + text + "': use seconds, minutes or hours (10s, 2min, 1h)");
  if (d.seconds > 86'400) throw_usage(what + " '" + text + "' is too long (at most 1d)");
  return static_cast<long>(d.seconds) * 1000;
}

}  // namespace

std::optional<std::filesystem::path> default_config_path() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && xdg[0] == '/') {
    return std::filesystem::path(xdg) / "dac" / "config.toml";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && home[0] == '/') {
    return std::filesystem::path(home) / ".config" / "dac" / "config.toml";
  }
  return std::nullopt;
}

NotifySettings load_notify_config(const std::filesystem::path& path) {
  const std::string text = read_private_file(path, "config file");
  const std::string file = path.string();
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    throw_usage(file + ":" + std::to_string(e.source().begin.line) + ":" + std::to_string(e.source().begin.column) +
                    ": not valid TOML: " + std::string(e.description()),
                "see docs/notify.md for the format");
  }
  NotifySettings s;
  Reader top(root, file, "top level");
  top.only({"notify", "webhook", "smtp"});
  for (const char* section : {"notify", "webhook", "smtp"}) {
    const toml::node* node = root.get(section);
    if (node != nullptr && !node->is_table()) top.bad(*node, std::string("[") + section + "] must be a table");
  }
  if (const toml::table* t = root["notify"].as_table()) {
    Reader r(*t, file, "notify");
    r.only({"at", "connect_timeout", "timeout", "retries", "retry_delay", "retry_max_delay"});
    s.at = r.strings("at");
    s.connect_timeout = r.string("connect_timeout");
    s.timeout = r.string("timeout");
    s.retries = r.integer("retries", 0, 10);
    s.retry_delay = r.string("retry_delay");
    s.retry_max_delay = r.string("retry_max_delay");
  }
  if (const toml::table* t = root["webhook"].as_table()) {
    Reader r(*t, file, "webhook");
    r.only({"url", "format", "ca_file"});
    s.webhook_url = r.string("url");
    s.webhook_format = r.string("format");
    s.webhook_ca_file = r.string("ca_file");
  }
  if (const toml::table* t = root["smtp"].as_table()) {
    Reader r(*t, file, "smtp");
    r.only({"url", "username", "password", "from", "to", "ca_file", "insecure"});
    s.smtp_url = r.string("url");
    s.smtp_username = r.string("username");
    s.smtp_password = r.string("password");
    s.smtp_from = r.string("from");
    s.smtp_to = r.strings("to").value_or(std::vector<std::string>{});
    s.smtp_ca_file = r.string("ca_file");
    s.smtp_insecure = r.boolean("insecure");
  }
  return s;
}

std::string read_secret_file(const std::string& path, const std::string& what) {
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    text = read_private_file(path, what + " file");
  }
  std::string secret = trim_first_line(text);
  if (secret.empty()) throw_usage(what + " file " + (path == "-" ? std::string("(stdin)") : path) + " is empty");
  return secret;
}

void require_ca_file(const std::string& path, const std::string& option) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw_usage("cannot read the CA file " + path + " (" + option + "): " + std::strerror(errno),
                "give a PEM file holding the certificates of the CA that signed the server's certificate");
  }
  if (!S_ISREG(st.st_mode)) throw_usage("the CA file " + path + " (" + option + ") is not a regular file");
  if (::access(path.c_str(), R_OK) != 0) {
    throw_usage("cannot read the CA file " + path + " (" + option + "): " + std::strerror(errno));
  }
}

NotifySettings resolve_settings(const NotifyOptions& options) {
  refuse_secret_options(options);
  NotifySettings s = config_file_settings(options);
  apply_options(s, options);
  return s;
}

SendLimits send_limits(const NotifySettings& s) {
  SendLimits limits;
  if (s.connect_timeout) limits.connect_timeout_ms = duration_ms(*s.connect_timeout, "--connect-timeout", false);
  if (s.timeout) limits.timeout_ms = duration_ms(*s.timeout, "--timeout", false);
  if (s.retries) limits.retries = *s.retries;
  if (s.retry_delay) limits.retry_delay_ms = duration_ms(*s.retry_delay, "--retry-delay", true);
  if (s.retry_max_delay) limits.retry_max_delay_ms = duration_ms(*s.retry_max_delay, "--retry-max-delay", true);
  return limits;
}

}  // namespace dac::notify
