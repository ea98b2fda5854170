#include "dac/cli/commands.hpp"
#include "dac/cli/targets.hpp"
#include "dac/core/error.hpp"

namespace dac::cli {

void add_revoke_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::vector<std::string> targets;
    std::optional<std::string> seller;
    bool yes = false;
    std::optional<std::string> reason;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "revoke",
      "End a developer's access for good, and erase its token\n"
      "Record it here when you remove a developer's access in Seller Central. It cannot be undone: to work "
      "with that developer again, grant it anew. On a terminal dac asks first; in a script, add --yes. Your own "
      "developer account cannot be revoked.");
  cmd->footer(examples({
      {"Revoke a developer (dac asks first)", "dac revoke Repricer"},
      {"From a script, saying why", "dac revoke 1234-5678-9012 --yes --reason \"contract ended\""},
  }));
  cmd->add_option("TARGET", opts->targets, "Developer IDs or nicknames")->required();
  cmd->add_option("--seller", opts->seller, "The seller (narrows targets)");
  cmd->add_flag("-y,--yes", opts->yes, "Do not ask (required when not run from a terminal)");
  add_reason_option(*cmd, opts->reason);
  cmd->callback([&ctx, opts] {
    const rules::Actor actor = ctx.actor(opts->reason);
    // By developer ID, only those records (and the due ones, R5) are read.
    const Scope scope = app::scope_of_targets(opts->targets, opts->seller, ctx.now());
    if (!opts->yes) {
      if (!stdin_is_terminal()) {
        throw_usage("revoke asks for confirmation, and there is no terminal to ask on",
                    "add --yes to revoke without asking");
      }
      // Ask before taking the lock, so a person thinking does not block cron jobs.
      State snapshot = ctx.store().load(scope);
      std::string names;
      for (const Authorization* a : resolve_targets(snapshot, opts->targets, opts->seller)) {
        names += (names.empty() ? "" : ", ") + rules::describe(*a) + " at seller " + a->seller_id;
      }
      ask_or_cancel("Revoke " + names + "? This ends access for good and erases the token.", "revocation");
    }
    std::vector<AuthKey> keys;
    const auto written = ctx.write(scope, [&](State& state, rules::Outcome& out) {
      const auto auths = resolve_targets(state, opts->targets, opts->seller);
      for (Authorization* a : auths) rules::revoke(state, *a, ctx.now(), actor, out);
      keys = keys_of(auths);
    });
    print_affected(ctx, written.state, keys);
  });
}

}  // namespace dac::cli
