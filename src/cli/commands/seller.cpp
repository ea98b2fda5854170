#include "dac/cli/commands.hpp"
#include "dac/cli/output.hpp"
#include "dac/cli/seller_options.hpp"

namespace dac::cli {

void add_seller_command(CLI::App& app, Context& ctx) {
  auto* seller = app.add_subcommand("seller",
                                    "Add another seller account, or list them\n"
                                    "One store can follow several seller accounts (an integrator follows each "
                                    "customer's). With more than one, a command that acts on one seller needs "
                                    "--seller.");
  seller->require_subcommand(1);

  auto* add = seller->add_subcommand("add",
                                     "Add another seller account to the store\n"
                                     "Like init, confirmation counts as switched on from now unless you give "
                                     "--enabled-at or --disabled.");
  add->footer(examples({
      {"Follow a second seller account", "dac seller add Z9Y8X7W6V5U4T3 --name \"Second shop\""},
      {"Its confirmation was switched on on 1 March 2026", "dac seller add Z9Y8X7W6V5U4T3 --enabled-at 2026-03-01"},
  }));
  auto opts = std::make_shared<NewSellerOptions>();
  opts->add_to(*add, true);
  add->callback([&ctx, opts] {
    ctx.write([&](State& state, rules::Outcome& out) { opts->apply(ctx, state, out); });
    ctx.notice("added seller " + opts->seller_id);
  });

  auto* list = seller->add_subcommand("list",
                                      "The seller accounts, and whether confirmation is on\n"
                                      "Each seller with its name, since when confirmation is on, and how many "
                                      "developers it has authorised.");
  list->footer(examples({
      {"The seller accounts of the store", "dac seller list"},
      {"The same, for a script", "dac seller list --format json"},
  }));
  seller->footer(examples({
      {"Follow a second seller account", "dac seller add Z9Y8X7W6V5U4T3 --name \"Second shop\""},
      {"The seller accounts of the store", "dac seller list"},
  }));
  list->callback([&ctx] { print_sellers(ctx, ctx.store().load()); });
}

}  // namespace dac::cli
