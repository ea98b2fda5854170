#include <cstdio>

#include "dac/cli/commands.hpp"
#include "dac/core/error.hpp"
#include "dac/core/plural.hpp"
#include "dac/core/rules.hpp"
#include "dac/notify/plan.hpp"
#include "dac/notify/sender.hpp"

namespace dac::cli {

namespace {

// What `dac notify` is asked: the settings, then what this run covers.
struct Options {
  notify::NotifyOptions settings;
  std::optional<std::string> seller;
  bool dry_run = false;
  std::optional<std::string> reason;
};

// The notify subcommand and its options, read into `o`.
CLI::App* add_options(CLI::App& app, Options& o) {
  CLI::App* cmd = app.add_subcommand(
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
  cmd->add_option("--config", o.settings.config,
                  "Config file (default: $XDG_CONFIG_HOME/dac/config.toml, ~/.config/dac/config.toml)");
  cmd->add_option("--webhook", o.settings.webhook,
                  "Refused: the webhook URL is a secret; use --webhook-file or the config file");
  cmd->add_option("--webhook-file", o.settings.webhook_file, "File holding the webhook URL (- for stdin)");
  cmd->add_option("--webhook-format", o.settings.webhook_format, "slack (default), teams or json")
      ->transform(CLI::IsMember({"slack", "teams", "json"}, CLI::ignore_case));
  cmd->add_option("--webhook-ca-file", o.settings.webhook_ca_file,
                  "Trust the CA certificates in this PEM file for the webhook (else the system's)");
  cmd->add_option("--smtp", o.settings.smtp, "SMTP server: smtp://host:587 (STARTTLS required) or smtps://host:465");
  cmd->add_option("--smtp-user", o.settings.smtp_user, "SMTP user name");
  cmd->add_option("--smtp-password-file", o.settings.smtp_password_file,
                  "File holding the SMTP password (- for stdin)");
  cmd->add_option("--from", o.settings.from, "Sender address of the e-mail");
  cmd->add_option("--to", o.settings.to, "Recipient of the e-mail (repeatable)");
  cmd->add_option("--smtp-ca-file", o.settings.smtp_ca_file,
                  "Trust the CA certificates in this PEM file for SMTP (else the system's)");
  cmd->add_flag("--smtp-insecure", o.settings.smtp_insecure, "Allow smtp:// without STARTTLS (clear text)");
  cmd->add_option("--at", o.settings.at, "Milestones before expiry (default 30d,7d,1d)")->delimiter(',');
  cmd->add_option("--seller", o.seller, "Only this seller");
  cmd->add_option("--connect-timeout", o.settings.connect_timeout, "Connection timeout per attempt (default 10s)");
  cmd->add_option("--timeout", o.settings.timeout, "Total timeout per attempt (default 30s)");
  cmd->add_option("--retries", o.settings.retries, "Retries after a timeout, 408, 429, 500, 502, 503, 504 (default 3)")
      ->check(CLI::Range(0, 10));
  cmd->add_option("--retry-delay", o.settings.retry_delay, "First wait before a retry, doubled each time (default 1s)");
  cmd->add_option("--retry-max-delay", o.settings.retry_max_delay,
                  "Longest wait before a retry, Retry-After included (default 60s)");
  cmd->add_flag("--dry-run", o.dry_run, "Print the exact messages; send and record nothing");
  add_reason_option(*cmd, o.reason);
  return cmd;
}

// Records what was delivered, under the lock, in one write; then says so.
void record(Context& ctx, const notify::Deliveries& d, Instant now, const std::optional<std::string>& reason) {
  if (d.delivered.empty()) return;
  const rules::Actor actor = ctx.actor(reason);
  (void)ctx.write(
      [&](State& state, rules::Outcome& out) { notify::record_delivered(state, d.delivered, now, actor, out); });
  for (const notify::Plan* p : d.delivered) {
    ctx.notice("sent " + plural(static_cast<std::int64_t>(p->items.size()), "reminder") + " by " + p->channel.describe);
  }
}

// One run: what is due, sent, recorded; exit 6 when a channel failed.
void run(Context& ctx, const Options& o) {
  const notify::Run prepared = notify::prepare_run(o.settings, o.seller);
  const Instant now = ctx.now();
  const State snapshot = ctx.store().load();
  if (o.seller) (void)rules::require_seller(snapshot, *o.seller);
  const std::vector<notify::Plan> plans = notify::plan_reminders(snapshot, now, prepared);
  if (o.dry_run) {
    const std::string text = notify::dry_run_text(plans);
    (void)std::fwrite(text.data(), 1, text.size(), stdout);
    ctx.notice(plans.empty() ? "dry run: nothing is due; nothing was sent or recorded"
                             : "dry run: nothing was sent or recorded");
    return;
  }
  const notify::Deliveries d = notify::deliver(plans);
  record(ctx, d, now, o.reason);
  if (d.failures.empty()) return;
  for (const std::string& f : d.failures) (void)std::fprintf(stderr, "dac: delivery failed: %s\n", f.c_str());
  throw notify::delivery_failed(d);
}

}  // namespace

void add_notify_command(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  add_options(app, *opts)->callback([&ctx, opts] { run(ctx, *opts); });
}

}  // namespace dac::cli
