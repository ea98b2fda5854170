#include "dac/app/confirm.hpp"
#include "dac/app/select.hpp"
#include "dac/cli/commands.hpp"
#include "dac/cli/filters.hpp"
#include "dac/cli/output.hpp"
#include "dac/cli/targets.hpp"
#include "dac/core/error.hpp"

namespace dac::cli {

namespace {

// What `dac confirm` was given.
struct Options {
  std::vector<std::string> targets;
  bool all = false;
  Filters filters;
  std::vector<std::string> exclude;
  bool dry_run = false;
  bool yes = false;
  std::optional<std::string> reason;
};

// Like revoke: a change across every seller is not made unasked, and a
// cron job never waits on a stdin nobody types into.
bool asks_first(const Options& opts) { return opts.all && !opts.yes && !opts.dry_run; }

// The usage errors: targets or --all, filters only with --all, a terminal to ask on.
void check_usage(Options& opts) {
  if (opts.all == !opts.targets.empty()) {
    throw_usage(opts.all ? "give either targets or --all, not both" : "confirm needs a TARGET or --all",
                "e.g. dac confirm 123456789012, or dac confirm --all --expiring 30d");
  }
  if (!opts.all && (opts.filters.any() || !opts.exclude.empty())) {
    throw_usage("filters and --exclude select for --all; with targets, name exactly what to confirm");
  }
  opts.filters.check();
  if (opts.all) opts.filters.check_for_confirm();
  if (asks_first(opts) && !stdin_is_terminal()) {
    throw_usage("confirm --all asks before confirming, and there is no terminal to ask on",
                "add --yes to confirm without asking, or --dry-run to see what it would confirm");
  }
}

// Asks before taking the lock, so a person thinking does not block cron jobs;
// what the person agreed to goes into `request`: the write confirms these and no others.
void ask_to_confirm(Context& ctx, const Options& opts, app::ConfirmRequest& request, Instant now) {
  State snapshot = ctx.store().load(app::confirm_scope(request, now));
  const std::vector<Authorization*> auths = app::select_to_confirm(snapshot, request.query, opts.exclude, now);
  if (!auths.empty()) {
    print_confirm_prompt(snapshot, auths, now);
    ask_or_cancel("Confirm " + plural(auths.size(), "authorization") + " for 12 more months?", "confirmation");
  }
  request.agreed = keys_of(auths);
}

void run_confirm(Context& ctx, Options& opts) {
  check_usage(opts);
  rules::Actor actor = ctx.actor(opts.reason);
  const Instant now = ctx.now();
  app::ConfirmRequest request{opts.targets, opts.all,     opts.filters.query(now),
                              opts.exclude, std::nullopt, std::move(actor)};
  if (asks_first(opts)) ask_to_confirm(ctx, opts, request, now);
  const app::WriteOptions options = ctx.write_options(opts.dry_run);
  const app::Confirmed done = app::confirm(ctx.store(), now, options, request);
  Context::log_written(done.applied, opts.dry_run);
  print_confirmed(ctx, done, opts.all, opts.dry_run);
}

}  // namespace

void add_confirm_command(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "confirm",
      "Keep a developer's access for 12 more months\n"
      "Amazon suspends a developer's access 12 months after it was granted or last confirmed. Confirm the "
      "developers you still work with before then (and in Seller Central): each then expires 12 months from now. "
      "A suspended one cannot be confirmed: restore it.\n"
      "With --all, every active developer that the filters select is confirmed at once (your own account is "
      "skipped). On a terminal dac asks first; in a script, add --yes. --dry-run shows what would change.");
  cmd->footer(examples({
      {"Confirm one developer", "dac confirm \"Khaos Control\""},
      {"See what confirming everyone who expires within 30 days would do",
       "dac confirm --all --expiring 30d --dry-run"},
      {"Confirm them all but one, from a script",
       "dac confirm --all --expiring 30d --exclude Repricer --yes --reason \"review\""},
  }));
  cmd->add_option("TARGET", opts->targets, "Developer IDs or nicknames");
  cmd->add_flag("--all", opts->all, "Every active developer the filters select (your own account is skipped)");
  opts->filters.add_to(*cmd);
  // Accepted (to say why it cannot apply) but not offered: --all confirms no suspended one.
  cmd->get_option("--expired")->group("");
  cmd->add_option("--seller", opts->filters.seller, "The seller (narrows targets and --all)");
  cmd->add_option("--exclude", opts->exclude, "With --all: leave out this developer ID or nickname (repeatable)");
  cmd->add_flag("--dry-run", opts->dry_run, "Print what would change and write nothing");
  cmd->add_flag("-y,--yes", opts->yes, "With --all: do not ask (needed when not run from a terminal)");
  add_reason_option(*cmd, opts->reason);
  cmd->callback([&ctx, opts] { run_confirm(ctx, *opts); });
}

}  // namespace dac::cli
