#include "cli/commands/commands.hpp"
#include "cli/filters.hpp"
#include "cli/targets.hpp"
#include "dac/error.hpp"

#include <algorithm>

namespace dac::cli {

void add_confirm_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::vector<std::string> targets;
    bool all = false;
    Filters filters;
    std::vector<std::string> exclude;
    bool dry_run = false;
    bool yes = false;
    std::optional<std::string> reason;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("confirm", "Confirm access: it then expires 12 months from now (R6)");
  cmd->add_option("TARGET", opts->targets, "Developer IDs or nicknames");
  cmd->add_flag("--all", opts->all, "Every active authorization matching the filters (own ones skipped)");
  opts->filters.add_to(*cmd);
  cmd->add_option("--seller", opts->filters.seller, "The seller (narrows targets and --all)");
  cmd->add_option("--exclude", opts->exclude, "With --all: leave out this developer ID or nickname (repeatable)");
  cmd->add_flag("--dry-run", opts->dry_run, "Print what would change and write nothing");
  cmd->add_flag("-y,--yes", opts->yes, "With --all: do not ask on a terminal");
  add_reason_option(*cmd, opts->reason);
  cmd->callback([&ctx, opts] {
    if (opts->all == !opts->targets.empty()) {
      throw_usage(opts->all ? "give either targets or --all, not both" : "confirm needs a TARGET or --all",
                  "e.g. dac confirm 123456789012, or dac confirm --all --expiring 30d");
    }
    if (!opts->all && (opts->filters.any() || !opts->exclude.empty())) {
      throw_usage("filters and --exclude select for --all; with targets, name exactly what to confirm");
    }
    opts->filters.check();
    const rules::Actor actor = ctx.actor(opts->reason);
    const Instant now = ctx.now();
    // The authorisations --all selects in `state`, less the excluded ones.
    const auto select_all = [&](State& state) {
      std::vector<Authorization*> excluded = resolve_targets(state, opts->exclude, opts->filters.seller);
      std::vector<Authorization*> auths;
      for (const Row& r : opts->filters.apply(state, rows_of(state, now), now)) {
        // The rows point into `state`, which is ours to change.
        auto* auth = const_cast<Authorization*>(r.auth);
        if (r.view.status != Status::Active || auth->own) continue;
        if (std::find(excluded.begin(), excluded.end(), auth) != excluded.end()) continue;
        auths.push_back(auth);
      }
      return auths;
    };
    if (opts->all && !opts->yes && !opts->dry_run && stdin_is_terminal()) {
      // Ask before taking the lock, so a person thinking does not block cron jobs.
      State snapshot = ctx.store().load();
      const std::size_t count = select_all(snapshot).size();
      if (count > 0 && !ask("Confirm " + plural(count, "authorization") + " for 12 more months?")) {
        throw Error(ErrorKind::Refused, "confirmation cancelled; nothing was written");
      }
    }
    std::vector<AuthKey> keys;
    const auto written = ctx.write(
        [&](State& state, rules::Outcome& out) {
          const std::vector<Authorization*> auths =
              opts->all ? select_all(state) : resolve_targets(state, opts->targets, opts->filters.seller);
          for (Authorization* a : auths) rules::confirm(state, *a, now, actor, out);
          keys = keys_of(auths);
        },
        opts->dry_run);
    if (opts->all && keys.empty()) ctx.notice("no active authorization matches; nothing to confirm");
    if (opts->dry_run)
      ctx.notice("dry run: would confirm " + plural(keys.size(), "authorization") + "; nothing was written");
    print_affected(ctx, written.state, keys);
  });
}

}  // namespace dac::cli
