#include "dac/app/history.hpp"
#include "dac/app/verify.hpp"
#include "dac/cli/commands.hpp"
#include "dac/cli/history_options.hpp"
#include "dac/cli/output.hpp"
#include "dac/core/error.hpp"

namespace dac::cli {

namespace {

// --verify: the chain, each checkpoint, the inventory (SPEC §3, §7).
void run_verify(Context& ctx, const HistoryOptions& o) {
  app::Verified verified;
  try {
    verified = app::verify_history(ctx.store(), o.checkpoints, o.verifiers);
  } catch (const Error& e) {  // a store that cannot be read at all
    if (e.kind() == ErrorKind::Store) print_verified(ctx, {false, 0, {}, e.what()});
    throw;
  }
  print_verified(ctx, {verified.ok, verified.events, verified.head, verified.problem});
  app::require_intact(verified);
}

void run_history(Context& ctx, const HistoryOptions& o) {
  const app::HistoryQuery query = o.query(ctx.now());
  const app::History history = app::read_history(ctx.store(), query);
  if (query.after && *query.after > history.state.history.events) {
    ctx.notice("--after " + std::to_string(*query.after) + ": the history holds only " +
               plural(history.state.history.events, "event") +
               "; if it held more when you noted that seq, check it with dac history --verify --checkpoint");
  }
  print_events(ctx, history.events);
}

}  // namespace

void add_history_command(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<HistoryOptions>();
  auto* cmd = app.add_subcommand(
      "history",
      "What changed, when, and who did it\n"
      "Every grant, confirmation, suspension, restoration and revocation, in the order it was recorded, with "
      "when it took effect and when it was recorded, the nickname the developer had then, who made it (--actor) "
      "and why (--reason). Events are never edited: each is chained to the one before, and --verify checks that "
      "none was changed or removed and that the inventory is the one the history rebuilds.");
  cmd->footer(examples({
      {"Everything that happened to one developer", "dac history \"Khaos Control\""},
      {"What was recorded since your last audit, which ended at event 120", "dac history --after 120"},
      {"This year's grants and revocations, for a spreadsheet",
       "dac history --since 2026-01-01 --event granted,revoked --format csv"},
      {"Check that nobody changed the history or the inventory", "dac history --verify"},
  }));
  opts->add_to(*cmd);
  cmd->callback([&ctx, opts] {
    // Before the command --actor is the global option; history has no change to name, so it selects too.
    if (!opts->actor) opts->actor = ctx.options.actor;
    opts->check();
    if (opts->verify) {
      run_verify(ctx, *opts);
    } else {
      run_history(ctx, *opts);
    }
  });
}

}  // namespace dac::cli
