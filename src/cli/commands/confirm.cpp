#include "cli/commands/commands.hpp"
#include "cli/filters.hpp"
#include "cli/targets.hpp"
#include "dac/error.hpp"

namespace dac::cli {

void add_confirm_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::vector<std::string> targets;
    bool all = false;
    Filters filters;
    bool dry_run = false;
    std::optional<std::string> reason;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("confirm", "Confirm access: it then expires 12 months from now (R6)");
  cmd->add_option("TARGET", opts->targets, "Developer IDs or nicknames");
  cmd->add_flag("--all", opts->all, "Every active authorization matching the filters (own ones skipped)");
  opts->filters.add_to(*cmd);
  cmd->add_option("--seller", opts->filters.seller, "The seller (narrows targets and --all)");
  cmd->add_flag("--dry-run", opts->dry_run, "Print what would change and write nothing");
  add_reason_option(*cmd, opts->reason);
  cmd->callback([&ctx, opts] {
    if (opts->all == !opts->targets.empty()) {
      throw_usage(opts->all ? "give either targets or --all, not both" : "confirm needs a TARGET or --all",
                  "e.g. dac confirm 123456789012, or dac confirm --all --expiring 30d");
    }
    const rules::Actor actor = ctx.actor(opts->reason);
    const Instant now = ctx.now();
    std::vector<AuthKey> keys;
    const auto written = ctx.write(
        [&](State& state, rules::Outcome& out) {
          std::vector<Authorization*> auths;
          if (opts->all) {
            for (const Row& r : opts->filters.apply(state, rows_of(state, now), now)) {
              // The rows point into `state`, which is ours to change.
              if (r.view.status == Status::Active && !r.auth->own) auths.push_back(const_cast<Authorization*>(r.auth));
            }
          } else {
            auths = resolve_targets(state, opts->targets, opts->filters.seller);
          }
          for (Authorization* a : auths) rules::confirm(state, *a, now, actor, out);
          keys = keys_of(auths);
        },
        opts->dry_run);
    if (opts->dry_run) ctx.notice("dry run: would confirm " + std::to_string(keys.size()) + " authorization(s); nothing was written");
    print_affected(ctx, written.state, keys);
  });
}

}  // namespace dac::cli
