#include "dac/app/history.hpp"
#include "dac/cli/commands.hpp"
#include "dac/cli/output.hpp"

namespace dac::cli {

void add_history_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::optional<std::string> target;
    std::optional<std::string> seller;
    std::optional<std::string> since;
    bool verify = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "history",
      "What changed, when, and who did it\n"
      "Every grant, confirmation, suspension, restoration and revocation, in the order it was recorded, with "
      "who made it (--actor) and why (--reason). Events are never edited: each is chained to the one before, "
      "and --verify checks that none was changed or removed.");
  cmd->footer(examples({
      {"Everything that happened to one developer", "dac history \"Khaos Control\""},
      {"This year's changes, for a spreadsheet", "dac history --since 2026-01-01 --format csv"},
      {"Check that nobody tampered with the history", "dac history --verify"},
  }));
  cmd->add_option("TARGET", opts->target, "Only this developer ID or nickname");
  cmd->add_option("--seller", opts->seller, "Only this seller");
  cmd->add_option("--since", opts->since, "Only events that took effect at or after TIME");
  cmd->add_flag("--verify", opts->verify,
                "Check that no event was changed or removed: exit 0 when intact, 4 naming the first bad one");
  cmd->callback([&ctx, opts] {
    const auto since = parse_time_option(opts->since, "--since", ctx.now(), false);
    if (opts->verify) {
      const app::Verified verified = app::verify_history(ctx.store());
      app::require_intact(verified);
      print_verified(ctx, verified.events, verified.head);
      return;
    }
    const app::History history = app::read_history(ctx.store(), {opts->target, opts->seller, since});
    print_events(ctx, history.events, history.state);
  });
}

}  // namespace dac::cli
