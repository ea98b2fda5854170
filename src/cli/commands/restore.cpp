#include "dac/cli/commands.hpp"
#include "dac/cli/targets.hpp"

namespace dac::cli {

void add_restore_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::vector<std::string> targets;
    std::optional<std::string> seller;
    std::optional<std::string> reason;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "restore",
      "Give a suspended developer its access back\n"
      "Once you have restored the developer's access in Seller Central, record it here: it is active again and "
      "counts as confirmed now, so it lasts 12 months from today. A revoked developer cannot be restored: grant "
      "it again.");
  cmd->footer(examples({
      {"Give a suspended developer its access back", "dac restore Repricer"},
      {"Several at once, saying why", R"(dac restore Repricer "Khaos Control" --reason "still in use")"},
  }));
  cmd->add_option("TARGET", opts->targets, "Developer IDs or nicknames")->required();
  cmd->add_option("--seller", opts->seller, "The seller (narrows targets)");
  add_reason_option(*cmd, opts->reason);
  cmd->callback([&ctx, opts] {
    const rules::Actor actor = ctx.actor(opts->reason);
    std::vector<AuthKey> keys;
    // By developer ID, only those records (and the due ones, R5) are read.
    const Scope scope = app::scope_of_targets(opts->targets, opts->seller, ctx.now());
    const auto written = ctx.write(scope, [&](State& state, rules::Outcome& out) {
      const auto auths = resolve_targets(state, opts->targets, opts->seller);
      for (Authorization* a : auths) rules::restore(state, *a, ctx.now(), actor, out);
      keys = keys_of(auths);
    });
    print_affected(ctx, written.state, keys);
  });
}

}  // namespace dac::cli
