#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dac/notify/request.hpp"

// The settings of `dac notify`, from the config file and then the command
// line. The secrets (webhook URL, SMTP password) only ever come from a file:
// the config file, or one named on the command line.
namespace dac::notify {

struct NotifySettings {
  // [notify]
  std::optional<std::vector<std::string>> at;
  std::optional<std::string> connect_timeout;
  std::optional<std::string> timeout;
  std::optional<int> retries;
  std::optional<std::string> retry_delay;
  std::optional<std::string> retry_max_delay;
  // [webhook]
  std::optional<std::string> webhook_url;  // secret
  std::optional<std::string> webhook_format;
  std::optional<std::string> webhook_ca_file;
  // [smtp]
  std::optional<std::string> smtp_url;
  std::optional<std::string> smtp_username;
  std::optional<std::string> smtp_password;  // secret
  std::optional<std::string> smtp_from;
  std::vector<std::string> smtp_to;
  std::optional<std::string> smtp_ca_file;
  std::optional<bool> smtp_insecure;
};

// What the command line gives `dac notify` for its settings: each overrides
// the config file. Secrets only as the names of files that hold them.
struct NotifyOptions {
  std::optional<std::string> config;
  std::optional<std::string> webhook;  // refused: a secret on the command line
  std::optional<std::string> webhook_file;
  std::optional<std::string> webhook_format;
  std::optional<std::string> webhook_ca_file;
  std::optional<std::string> smtp;
  std::optional<std::string> smtp_user;
  std::optional<std::string> smtp_password_file;
  std::optional<std::string> from;
  std::vector<std::string> to;
  std::optional<std::string> smtp_ca_file;
  bool smtp_insecure = false;
  std::vector<std::string> at;
  std::optional<std::string> connect_timeout;
  std::optional<std::string> timeout;
  std::optional<int> retries;
  std::optional<std::string> retry_delay;
  std::optional<std::string> retry_max_delay;
};

// The settings of a run: the config file (--config, else the default one if
// it exists), then the command line over it, the secret files read. A usage
// error for --webhook, for two secrets from stdin, and for a bad config file.
[[nodiscard]] NotifySettings resolve_settings(const NotifyOptions& options);

// The delivery limits of the settings (the defaults where unset); a usage
// error names the option of a bad duration.
[[nodiscard]] SendLimits send_limits(const NotifySettings& settings);

// $XDG_CONFIG_HOME/dac/config.toml (when absolute), else ~/.config/dac/config.toml.
[[nodiscard]] std::optional<std::filesystem::path> default_config_path();

// Reads a TOML config file into settings; a usage error for a file that others
// can read, a syntax error (with line and column) or an unknown key.
[[nodiscard]] NotifySettings load_notify_config(const std::filesystem::path& path);

// Reads a secret from PATH (which others must not be able to read) or "-"
// (stdin), first line, surrounding blanks trimmed. `what` names it in errors.
[[nodiscard]] std::string read_secret_file(const std::string& path, const std::string& what);

// A usage error unless PATH (a CA bundle named by `option`) is a regular file
// that dac can read: caught before anything is sent, not by libcurl after.
void require_ca_file(const std::string& path, const std::string& option);

}  // namespace dac::notify
