#include "dac/cli/commands.hpp"
#include "dac/cli/seller_options.hpp"
#include "dac/core/ids.hpp"

namespace dac::cli {

void NewSellerOptions::add_to(CLI::App& command, bool seller_as_argument) {
  const char* help = "Seller ID: 10-20 upper-case letters and digits, e.g. A1B2C3D4E5F6G7";
  if (seller_as_argument)
    command.add_option("SELLER", seller_id, help)->required();
  else
    command.add_option("--seller", seller_id, help)->required();
  command.add_option("--name", name, "A name for the seller account, shown in tables");
  auto* at = command.add_option("--enabled-at", enabled_at, "When confirmation was switched on (default: now)");
  auto* off = command.add_flag("--disabled", disabled, "Confirmation is not switched on yet for this seller");
  at->excludes(off);
  add_reason_option(command, reason);
}

void NewSellerOptions::apply(Context& ctx, State& state, rules::Outcome& out) const {
  const Instant now = ctx.now();
  const std::string id = parse_seller_id(seller_id);
  if (!name.empty()) (void)parse_text(name, "--name", 128);
  std::optional<Instant> enabled;
  if (!disabled) enabled = parse_time_option(enabled_at, "--enabled-at", now, true).value_or(now);
  rules::add_seller(state, id, name, enabled, now, ctx.actor(reason), out);
}

void add_init_command(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "init",
      "Create the store, with your seller account\n"
      "Run this once, with the seller ID Amazon gave your account (Seller Central, Settings, Account Info). "
      "The store is a private folder (see --store) that keeps the developers you record and the history of "
      "every change.\n"
      "Confirmation counts as switched on from now, so every developer you record gets 12 months from today. "
      "If Amazon switched it on for your account earlier, give that date with --enabled-at; if it is not on "
      "yet, use --disabled (and dac enable later).");
  cmd->footer(examples({
      {"Create the store for your seller account", "dac init --seller A1B2C3D4E5F6G7 --name \"My shop\""},
      {"Confirmation was switched on for you on 1 March 2026",
       "dac init --seller A1B2C3D4E5F6G7 --enabled-at 2026-03-01"},
      {"A store in another folder (then give --store to every command)",
       "dac --store ~/dac-shop init --seller A1B2C3D4E5F6G7"},
  }));
  auto opts = std::make_shared<NewSellerOptions>();
  opts->add_to(*cmd, false);
  cmd->callback([&ctx, opts] {
    const std::string location = ctx.store_location();
    State state;
    rules::Outcome out;
    opts->apply(ctx, state, out);
    create_store(location, std::move(state), std::move(out.events), ctx.now());
    ctx.notice("created store " + shown_location(location) + " for seller " + opts->seller_id);
  });
}

}  // namespace dac::cli
