#include "dac/notify/channel.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <string_view>

#include "dac/core/error.hpp"
#include "dac/notify/sender.hpp"

namespace dac::notify {

namespace {

bool loopback_host(std::string_view url) {
  const auto start = url.find("://");
  const std::string_view rest = url.substr(start == std::string_view::npos ? 0 : start + 3);
  return rest.rfind("127.", 0) == 0 || rest.rfind("localhost", 0) == 0 || rest.rfind("[::1]", 0) == 0;
}

// The secrets of a URL worth scrubbing from messages: all of it, and its path.
std::vector<std::string> url_secrets(const std::string& url) {
  std::vector<std::string> out{url};
  const auto start = url.find("://");
  const auto path = url.find('/', start == std::string::npos ? 0 : start + 3);
  if (path != std::string::npos && url.size() - path >= 8) out.push_back(url.substr(path));
  return out;
}

std::string random_hex(std::size_t bytes) {
  std::random_device rd;
  static constexpr std::string_view k_hex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes; ++i) {
    const auto b = static_cast<unsigned>(rd()) & 0xFFU;
    out += k_hex[b >> 4U];
    out += k_hex[b & 0xFU];
  }
  return out;
}

// In any case, as on the command line ("Teams" in the config file too).
WebhookFormat webhook_format(std::string& name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (name == "slack") return WebhookFormat::Slack;
  if (name == "teams") return WebhookFormat::Teams;
  if (name == "json") return WebhookFormat::Json;
  throw_usage("unknown webhook format '" + name + "'", "use slack, teams or json");
}

bool has_blank(const std::string& url) { return url.find_first_of(" \t\r\n") != std::string::npos; }

Channel webhook_channel(const NotifySettings& s, const SendLimits& limits) {
  const std::string& url = *s.webhook_url;
  std::string format_name = s.webhook_format.value_or("slack");
  Channel c;
  c.format = webhook_format(format_name);
  const bool https = url.rfind("https://", 0) == 0;
  if (!(https || url.rfind("http://", 0) == 0) || has_blank(url)) {
    // Never echo the value: it is a secret.
    throw_usage("the webhook URL is not an http:// or https:// URL",
                "check the url in the config file or --webhook-file");
  }
  c.name = format_name;
  c.describe = format_name + " webhook " + redact_url(url);
  if (!https && !loopback_host(url)) {
    spdlog::warn("the {} is not encrypted (http://); its secret URL travels in clear text", c.describe);
  }
  c.secrets = url_secrets(url);
  if (s.webhook_ca_file) require_ca_file(*s.webhook_ca_file, "--webhook-ca-file");
  c.request.kind = SendKind::Http;
  c.request.url = url;
  c.request.redacted_url = redact_url(url);
  c.request.content_type = "application/json";
  c.request.user_agent = std::string("dac/") + DAC_VERSION;
  c.request.ca_file = s.webhook_ca_file;
  c.request.limits = limits;
  return c;
}

// The SMTP settings that are wrong whatever the server says.
void check_smtp_settings(const NotifySettings& s) {
  const std::string& url = *s.smtp_url;
  if (!(url.rfind("smtps://", 0) == 0 || url.rfind("smtp://", 0) == 0) || has_blank(url)) {
    throw_usage("--smtp needs an smtp:// or smtps:// URL", "e.g. --smtp smtp://mail.example.com:587");
  }
  const std::string authority = url.substr(url.find("://") + 3);
  if (authority.substr(0, authority.find('/')).find('@') != std::string::npos) {
    throw_usage("the SMTP URL must not hold a user name or password",
                "give the user with --smtp-user (or username in the config file) and the password in the config "
                "file or with --smtp-password-file");
  }
  if (!s.smtp_from) throw_usage("e-mail needs a sender: --from ADDRESS (or from in the config file's [smtp])");
  if (s.smtp_to.empty())
    throw_usage("e-mail needs at least one recipient: --to ADDRESS (or to in the config file's [smtp])");
  if (s.smtp_password && !s.smtp_username) throw_usage("an SMTP password needs a user name: --smtp-user NAME");
}

Channel smtp_channel(const NotifySettings& s, const SendLimits& limits) {
  check_smtp_settings(s);
  const std::string& url = *s.smtp_url;
  const bool smtps = url.rfind("smtps://", 0) == 0;
  const bool insecure = s.smtp_insecure.value_or(false);
  if (s.smtp_ca_file) require_ca_file(*s.smtp_ca_file, "--smtp-ca-file");
  Channel c;
  c.name = "email";
  c.email = true;
  c.describe = "e-mail via " + redact_url(url).substr(0, redact_url(url).size() - std::string("/…").size());
  c.envelope.from = *s.smtp_from;
  c.envelope.to = s.smtp_to;
  c.request.kind = SendKind::Smtp;
  c.request.mail_from = mail_address(*s.smtp_from, "--from");
  for (const std::string& to : s.smtp_to) c.request.rcpt_to.push_back(mail_address(to, "--to"));
  const std::string& from_addr = c.request.mail_from;
  c.envelope.message_id = random_hex(16) + ".dac@" + from_addr.substr(from_addr.find('@') + 1);
  if (s.smtp_password) c.secrets.push_back(*s.smtp_password);
  if (!smtps && insecure) {
    spdlog::warn("--smtp-insecure: the e-mail{} goes in clear text", s.smtp_password ? " and the SMTP password" : "");
  }
  c.request.url = url;
  c.request.redacted_url = c.describe;
  c.request.username = s.smtp_username;
  c.request.password = s.smtp_password;
  c.request.require_tls = !insecure;
  c.request.ca_file = s.smtp_ca_file;
  c.request.limits = limits;
  return c;
}

}  // namespace

std::vector<Channel> channels(const NotifySettings& s, const SendLimits& limits) {
  std::vector<Channel> out;
  if (s.webhook_url) {
    out.push_back(webhook_channel(s, limits));
  } else if (s.webhook_format || s.webhook_ca_file) {
    throw_usage(std::string(s.webhook_format ? "--webhook-format" : "--webhook-ca-file") +
                " needs a webhook: --webhook-file FILE or [webhook] url in the config file");
  }
  if (s.smtp_url) {
    out.push_back(smtp_channel(s, limits));
  } else if (s.smtp_from || !s.smtp_to.empty() || s.smtp_password) {
    throw_usage("e-mail settings need an SMTP server: --smtp URL");
  }
  if (out.empty()) {
    throw_usage("notify needs somewhere to send to",
                "give --webhook-file FILE or --smtp URL --from ADDRESS --to ADDRESS, or set them in " +
                    default_config_path().value_or("~/.config/dac/config.toml").string() + " (see docs/notify.md)");
  }
  return out;
}

}  // namespace dac::notify
