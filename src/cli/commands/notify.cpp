#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <random>

#include "dac/cli/commands.hpp"
#include "dac/notify/config.hpp"
#include "dac/notify/sender.hpp"
#include "dac/core/error.hpp"
#include "dac/notify/due.hpp"
#include "dac/notify/message.hpp"

namespace dac::cli {

namespace {

// One place a summary goes: a webhook or an SMTP server.
struct Channel {
  std::string name;      // recorded with each reminder: slack, teams, json or email
  std::string describe;  // for messages, secrets redacted
  nlohmann::json request;
  std::vector<std::string> secrets;
  notify::WebhookFormat format = notify::WebhookFormat::Slack;
  bool email = false;
  notify::Envelope envelope;
};

// The limits every delivery gets (issue: connect 10 s, total 30 s).
struct Limits {
  long connect_timeout_ms = 10'000;
  long timeout_ms = 30'000;
  int retries = 3;
  long retry_delay_ms = 1'000;
  long retry_max_delay_ms = 60'000;
};

long duration_ms(const std::string& text, const std::string& what, bool allow_zero) {
  const Duration d = parse_duration(text, what, allow_zero);
  if (d.months != 0) throw_usage("invalid " + what + " '" + text + "': use seconds, minutes or hours (10s, 2min, 1h)");
  if (d.seconds > 86'400) throw_usage(what + " '" + text + "' is too long (at most 1d)");
  return static_cast<long>(d.seconds) * 1000;
}

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
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes; ++i) {
    const auto b = static_cast<unsigned>(rd()) & 0xFFU;
    out += k_hex[b >> 4U];
    out += k_hex[b & 0xFU];
  }
  return out;
}

Channel webhook_channel(const NotifySettings& s, const Limits& limits) {
  const std::string& url = *s.webhook_url;
  // In any case, as on the command line ("Teams" in the config file too).
  std::string format_name = s.webhook_format.value_or("slack");
  std::transform(format_name.begin(), format_name.end(), format_name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  Channel c;
  if (format_name == "slack")
    c.format = notify::WebhookFormat::Slack;
  else if (format_name == "teams")
    c.format = notify::WebhookFormat::Teams;
  else if (format_name == "json")
    c.format = notify::WebhookFormat::Json;
  else
    throw_usage("unknown webhook format '" + format_name + "'", "use slack, teams or json");
  const bool https = url.rfind("https://", 0) == 0;
  if (!(https || url.rfind("http://", 0) == 0) || url.find_first_of(" \t\r\n") != std::string::npos) {
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
  c.request = {{"kind", "http"},
               {"url", url},
               {"redacted_url", redact_url(url)},
               {"content_type", "application/json"},
               {"user_agent", std::string("dac/") + DAC_VERSION},
               {"ca_file", s.webhook_ca_file ? nlohmann::json(*s.webhook_ca_file) : nlohmann::json(nullptr)},
               {"connect_timeout_ms", limits.connect_timeout_ms},
               {"timeout_ms", limits.timeout_ms},
               {"retries", limits.retries},
               {"retry_delay_ms", limits.retry_delay_ms},
               {"retry_max_delay_ms", limits.retry_max_delay_ms}};
  return c;
}

Channel smtp_channel(const NotifySettings& s, const Limits& limits) {
  const std::string& url = *s.smtp_url;
  const bool smtps = url.rfind("smtps://", 0) == 0;
  if (!(smtps || url.rfind("smtp://", 0) == 0) || url.find_first_of(" \t\r\n") != std::string::npos) {
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
  const bool insecure = s.smtp_insecure.value_or(false);
  if (s.smtp_ca_file) require_ca_file(*s.smtp_ca_file, "--smtp-ca-file");
  Channel c;
  c.name = "email";
  c.email = true;
  c.describe = "e-mail via " + redact_url(url).substr(0, redact_url(url).size() - std::string("/…").size());
  c.envelope.from = *s.smtp_from;
  c.envelope.to = s.smtp_to;
  const std::string from_addr = notify::mail_address(*s.smtp_from, "--from");
  std::vector<std::string> rcpt;
  for (const std::string& to : s.smtp_to) rcpt.push_back(notify::mail_address(to, "--to"));
  c.envelope.message_id = random_hex(16) + ".dac@" + from_addr.substr(from_addr.find('@') + 1);
  if (s.smtp_password) c.secrets.push_back(*s.smtp_password);
  if (!smtps && insecure) {
    spdlog::warn("--smtp-insecure: the e-mail{} goes in clear text", s.smtp_password ? " and the SMTP password" : "");
  }
  c.request = {{"kind", "smtp"},
               {"url", url},
               {"redacted_url", c.describe},
               {"mail_from", from_addr},
               {"rcpt_to", rcpt},
               {"username", s.smtp_username ? nlohmann::json(*s.smtp_username) : nlohmann::json(nullptr)},
               {"password", s.smtp_password ? nlohmann::json(*s.smtp_password) : nlohmann::json(nullptr)},
               {"require_tls", !insecure},
               {"ca_file", s.smtp_ca_file ? nlohmann::json(*s.smtp_ca_file) : nlohmann::json(nullptr)},
               {"connect_timeout_ms", limits.connect_timeout_ms},
               {"timeout_ms", limits.timeout_ms},
               {"retries", limits.retries},
               {"retry_delay_ms", limits.retry_delay_ms},
               {"retry_max_delay_ms", limits.retry_max_delay_ms}};
  return c;
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

void add_notify_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::optional<std::string> config;
    std::optional<std::string> webhook;
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
    std::optional<std::string> seller;
    std::optional<std::string> connect_timeout;
    std::optional<std::string> timeout;
    std::optional<int> retries;
    std::optional<std::string> retry_delay;
    std::optional<std::string> retry_max_delay;
    bool dry_run = false;
    std::optional<std::string> reason;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "notify",
      "Send reminders before access lapses, by chat or e-mail\n"
      "To Slack, Teams, any webhook, or by e-mail: one message per channel lists whose access expires at the next "
      "milestone (30, 7 and 1 days before, by "
      "default) and who was suspended. Each reminder is sent once, so run it daily from cron. The webhook URL "
      "and the SMTP password are secrets: they come from the config file or from files, never from the "
      "command line. Exit 6 when a delivery failed. See docs/notify.md.");
  cmd->footer(examples({
      {"See the message without sending anything", "dac notify --webhook-file slack-url.txt --dry-run"},
      {"Post to a Teams channel", "dac notify --webhook-file teams-url.txt --webhook-format teams"},
      {"With everything in ~/.config/dac/config.toml", "dac notify"},
  }));
  cmd->add_option("--config", opts->config,
                  "Config file (default: $XDG_CONFIG_HOME/dac/config.toml, ~/.config/dac/config.toml)");
  cmd->add_option("--webhook", opts->webhook,
                  "Refused: the webhook URL is a secret; use --webhook-file or the config file");
  cmd->add_option("--webhook-file", opts->webhook_file, "File holding the webhook URL (- for stdin)");
  cmd->add_option("--webhook-format", opts->webhook_format, "slack (default), teams or json")
      ->transform(CLI::IsMember({"slack", "teams", "json"}, CLI::ignore_case));
  cmd->add_option("--webhook-ca-file", opts->webhook_ca_file,
                  "Trust the CA certificates in this PEM file for the webhook (else the system's)");
  cmd->add_option("--smtp", opts->smtp, "SMTP server: smtp://host:587 (STARTTLS required) or smtps://host:465");
  cmd->add_option("--smtp-user", opts->smtp_user, "SMTP user name");
  cmd->add_option("--smtp-password-file", opts->smtp_password_file, "File holding the SMTP password (- for stdin)");
  cmd->add_option("--from", opts->from, "Sender address of the e-mail");
  cmd->add_option("--to", opts->to, "Recipient of the e-mail (repeatable)");
  cmd->add_option("--smtp-ca-file", opts->smtp_ca_file,
                  "Trust the CA certificates in this PEM file for SMTP (else the system's)");
  cmd->add_flag("--smtp-insecure", opts->smtp_insecure, "Allow smtp:// without STARTTLS (clear text)");
  cmd->add_option("--at", opts->at, "Milestones before expiry (default 30d,7d,1d)")->delimiter(',');
  cmd->add_option("--seller", opts->seller, "Only this seller");
  cmd->add_option("--connect-timeout", opts->connect_timeout, "Connection timeout per attempt (default 10s)");
  cmd->add_option("--timeout", opts->timeout, "Total timeout per attempt (default 30s)");
  cmd->add_option("--retries", opts->retries, "Retries after a timeout, 408, 429, 500, 502, 503, 504 (default 3)")
      ->check(CLI::Range(0, 10));
  cmd->add_option("--retry-delay", opts->retry_delay, "First wait before a retry, doubled each time (default 1s)");
  cmd->add_option("--retry-max-delay", opts->retry_max_delay,
                  "Longest wait before a retry, Retry-After included (default 60s)");
  cmd->add_flag("--dry-run", opts->dry_run, "Print the exact messages; send and record nothing");
  add_reason_option(*cmd, opts->reason);
  cmd->callback([&ctx, opts] {
    if (opts->webhook) {
      throw_usage("--webhook would put the secret webhook URL in the process list and shell history",
                  "put it in the config file ([webhook] url = ...) or in a private file and use --webhook-file FILE");
    }
    if (opts->webhook_file && opts->smtp_password_file && *opts->webhook_file == "-" &&
        *opts->smtp_password_file == "-") {
      throw_usage("only one of --webhook-file and --smtp-password-file can read stdin");
    }

    // Settings: the config file, then the command line.
    NotifySettings s;
    if (opts->config) {
      s = load_notify_config(*opts->config);
    } else if (const auto path = default_config_path(); path && std::filesystem::exists(*path)) {
      spdlog::debug("reading {}", path->string());
      s = load_notify_config(*path);
    }
    if (!opts->at.empty()) s.at = opts->at;
    if (opts->connect_timeout) s.connect_timeout = opts->connect_timeout;
    if (opts->timeout) s.timeout = opts->timeout;
    if (opts->retries) s.retries = opts->retries;
    if (opts->retry_delay) s.retry_delay = opts->retry_delay;
    if (opts->retry_max_delay) s.retry_max_delay = opts->retry_max_delay;
    if (opts->webhook_file) s.webhook_url = read_secret_file(*opts->webhook_file, "webhook URL");
    if (opts->webhook_format) s.webhook_format = opts->webhook_format;
    if (opts->webhook_ca_file) s.webhook_ca_file = opts->webhook_ca_file;
    if (opts->smtp) s.smtp_url = opts->smtp;
    if (opts->smtp_user) s.smtp_username = opts->smtp_user;
    if (opts->smtp_password_file) s.smtp_password = read_secret_file(*opts->smtp_password_file, "SMTP password");
    if (opts->from) s.smtp_from = opts->from;
    if (!opts->to.empty()) s.smtp_to = opts->to;
    if (opts->smtp_ca_file) s.smtp_ca_file = opts->smtp_ca_file;
    if (opts->smtp_insecure) s.smtp_insecure = true;

    Limits limits;
    if (s.connect_timeout) limits.connect_timeout_ms = duration_ms(*s.connect_timeout, "--connect-timeout", false);
    if (s.timeout) limits.timeout_ms = duration_ms(*s.timeout, "--timeout", false);
    if (s.retries) limits.retries = *s.retries;
    if (s.retry_delay) limits.retry_delay_ms = duration_ms(*s.retry_delay, "--retry-delay", true);
    if (s.retry_max_delay) limits.retry_max_delay_ms = duration_ms(*s.retry_max_delay, "--retry-max-delay", true);

    notify::DueQuery query;
    query.milestones = s.at ? notify::parse_milestones(*s.at) : notify::default_milestones();
    query.seller = opts->seller;

    std::vector<Channel> channels;
    if (s.webhook_url)
      channels.push_back(webhook_channel(s, limits));
    else if (s.webhook_format || s.webhook_ca_file)
      throw_usage(std::string(s.webhook_format ? "--webhook-format" : "--webhook-ca-file") +
                  " needs a webhook: --webhook-file FILE or [webhook] url in the config file");
    if (s.smtp_url)
      channels.push_back(smtp_channel(s, limits));
    else if (s.smtp_from || !s.smtp_to.empty() || s.smtp_password)
      throw_usage("e-mail settings need an SMTP server: --smtp URL");
    if (channels.empty()) {
      throw_usage("notify needs somewhere to send to",
                  "give --webhook-file FILE or --smtp URL --from ADDRESS --to ADDRESS, or set them in " +
                      default_config_path().value_or("~/.config/dac/config.toml").string() + " (see docs/notify.md)");
    }

    const Instant now = ctx.now();
    const State snapshot = ctx.store().load();
    if (query.seller && snapshot.find_seller(*query.seller) == nullptr) {
      throw Error(ErrorKind::NotFound, "no seller " + *query.seller + " in the store",
                  "see the sellers with: dac seller list");
    }

    // What each channel owes, from a snapshot: the store is not locked while
    // the network is slow. What was delivered is recorded under the lock after.
    struct Plan {
      Channel* channel;
      std::vector<notify::Due> items;
      std::string message;
    };
    std::vector<Plan> plans;
    for (Channel& c : channels) {
      query.channel = c.name;
      std::vector<notify::Due> items = notify::due(snapshot, now, query);
      spdlog::debug("{}: {} due", c.describe, plural(items.size(), "reminder", "reminders"));
      if (items.empty()) continue;
      std::string message =
          c.email ? notify::email_message(c.envelope, items, now) : notify::webhook_payload(c.format, items, now);
      plans.push_back(Plan{&c, std::move(items), std::move(message)});
    }

    if (opts->dry_run) {
      for (const Plan& p : plans) {
        std::printf("=== %s: %s\n", p.channel->describe.c_str(),
                    plural(p.items.size(), "reminder", "reminders").c_str());
        if (p.channel->email) {
          std::printf("MAIL FROM:<%s>\n", p.channel->request["mail_from"].get<std::string>().c_str());
          for (const auto& to : p.channel->request["rcpt_to"])
            std::printf("RCPT TO:<%s>\n", to.get<std::string>().c_str());
        } else {
          std::printf("POST %s\nContent-Type: application/json\n",
                      p.channel->request["redacted_url"].get<std::string>().c_str());
        }
        std::printf("\n%s\n", p.message.c_str());
      }
      ctx.notice(plans.empty() ? "dry run: nothing is due; nothing was sent or recorded"
                               : "dry run: nothing was sent or recorded");
      return;
    }
    if (plans.empty()) {
      spdlog::debug("nothing is due; nothing sent");
      return;
    }

    // A helper that dies early must not kill dac with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    std::vector<const Plan*> delivered;
    std::vector<std::string> failures;
    for (const Plan& p : plans) {
      nlohmann::json request = p.channel->request;
      request["body"] = p.message;
      spdlog::debug("{}: sending {} ({} bytes)", p.channel->describe, plural(p.items.size(), "reminder", "reminders"),
                    p.message.size());
      const SendResult r = run_sender(request, p.channel->secrets, [&](const nlohmann::json& line) {
        const std::string what = line.value("result", std::string("?"));
        if (line.value("retry", false)) {
          spdlog::debug("{}: attempt {} failed: {}; retrying in {} ms", p.channel->describe, line.value("attempt", 0),
                        what, line.value("wait_ms", 0L));
        } else {
          spdlog::debug("{}: attempt {} failed: {}", p.channel->describe, line.value("attempt", 0), what);
        }
      });
      if (r.ok) {
        spdlog::debug("{}: delivered ({}, attempt {})", p.channel->describe, r.detail, r.attempts);
        delivered.push_back(&p);
      } else {
        failures.push_back(p.channel->describe + ": " + r.detail);
      }
    }

    // Record what was delivered, under the lock, in one write.
    if (!delivered.empty()) {
      const rules::Actor actor = ctx.actor(opts->reason);
      (void)ctx.write([&](State& state, rules::Outcome& out) {
        notify::prune(state, now);
        for (const Plan* p : delivered) notify::record_sent(state, p->items, p->channel->name, now, actor, out);
      });
      for (const Plan* p : delivered) {
        ctx.notice("sent " + plural(p->items.size(), "reminder", "reminders") + " by " + p->channel->describe);
      }
    }
    if (!failures.empty()) {
      for (const std::string& f : failures) std::fprintf(stderr, "dac: delivery failed: %s\n", f.c_str());
      throw Error(ErrorKind::Delivery,
                  plural(failures.size(), "channel", "channels") + " of " + std::to_string(plans.size()) +
                      " failed; what was not delivered was not recorded",
                  "the next dac notify sends it again");
    }
  });
}

}  // namespace dac::cli
