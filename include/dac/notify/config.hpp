#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

// The settings of `dac notify`, from the config file and then the command
// line. The secrets (webhook URL, SMTP password) only ever come from a file:
// the config file, or one named on the command line.
namespace dac::cli {

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

}  // namespace dac::cli
