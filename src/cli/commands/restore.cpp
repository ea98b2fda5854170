#include "cli/commands/commands.hpp"
#include "cli/targets.hpp"

namespace dac::cli {

void add_restore_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::vector<std::string> targets;
    std::optional<std::string> seller;
    std::optional<std::string> reason;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("restore", "Give a suspended authorization its access back (R8)");
  cmd->add_option("TARGET", opts->targets, "Developer IDs or nicknames")->required();
  cmd->add_option("--seller", opts->seller, "The seller (narrows targets)");
  add_reason_option(*cmd, opts->reason);
  cmd->callback([&ctx, opts] {
    const rules::Actor actor = ctx.actor(opts->reason);
    std::vector<AuthKey> keys;
    const auto written = ctx.write([&](State& state, rules::Outcome& out) {
      const auto auths = resolve_targets(state, opts->targets, opts->seller);
      for (Authorization* a : auths) rules::restore(state, *a, ctx.now(), actor, out);
      keys = keys_of(auths);
    });
    print_affected(ctx, written.state, keys);
  });
}

}  // namespace dac::cli
