#include "cli/commands/commands.hpp"
#include "cli/seller_options.hpp"
#include "dac/ids.hpp"

namespace dac::cli {

void NewSellerOptions::add_to(CLI::App& command, bool seller_as_argument) {
  const char* help = "Seller ID (10-20 upper-case letters and digits)";
  if (seller_as_argument)
    command.add_option("SELLER", seller_id, help)->required();
  else
    command.add_option("--seller", seller_id, help)->required();
  command.add_option("--name", name, "A name for the seller account");
  auto* at = command.add_option("--enabled-at", enabled_at, "When confirmation was switched on (default: now)");
  auto* off = command.add_flag("--disabled", disabled, "Start with confirmation switched off");
  at->excludes(off);
  add_reason_option(command, reason);
}

void NewSellerOptions::apply(Context& ctx, State& state, rules::Outcome& out) {
  const Instant now = ctx.now();
  const std::string id = parse_seller_id(seller_id);
  if (!name.empty()) (void)parse_text(name, "--name", 128);
  std::optional<Instant> enabled;
  if (!disabled) enabled = parse_time_option(enabled_at, "--enabled-at", now, true).value_or(now);
  rules::add_seller(state, id, name, enabled, now, ctx.actor(reason), out);
}

void add_init_command(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("init", "Create the store with its first seller");
  auto opts = std::make_shared<NewSellerOptions>();
  opts->add_to(*cmd, false);
  cmd->callback([&ctx, opts] {
    const auto path = ctx.store_path();
    State state;
    rules::Outcome out;
    opts->apply(ctx, state, out);
    create_json_store(path, std::move(state), std::move(out.events), ctx.now());
    ctx.notice("created store " + path.string() + " for seller " + opts->seller_id);
  });
}

}  // namespace dac::cli
