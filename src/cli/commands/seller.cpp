#include <nlohmann/json.hpp>

#include "dac/cli/commands.hpp"
#include "dac/cli/output.hpp"
#include "dac/cli/seller_options.hpp"

namespace dac::cli {

namespace {

void print_sellers(Context& ctx, const State& state) {
  std::vector<nlohmann::ordered_json> objects;
  for (const Seller& s : state.sellers) {
    const auto count = std::count_if(state.authorizations.begin(), state.authorizations.end(),
                                     [&](const Authorization& a) { return a.seller_id == s.seller_id; });
    nlohmann::ordered_json o;
    o["seller_id"] = s.seller_id;
    o["name"] = s.name;
    o["confirmation_enabled"] = s.confirmation_enabled;
    o["enabled_at"] = s.confirmation_enabled && s.enabled_at ? nlohmann::ordered_json(format_instant(*s.enabled_at))
                                                             : nlohmann::ordered_json(nullptr);
    o["authorizations"] = count;
    objects.push_back(std::move(o));
  }
  switch (ctx.format()) {
    case Format::Json:
      std::fputs((nlohmann::ordered_json(objects).dump(2) + "\n").c_str(), stdout);
      return;
    case Format::Csv: {
      std::string out = "seller_id,name,confirmation_enabled,enabled_at,authorizations\r\n";
      for (const auto& o : objects) {
        out += csv_field(o["seller_id"].get<std::string>()) + "," + csv_field(o["name"].get<std::string>()) + "," +
               o["confirmation_enabled"].dump() + "," +
               (o["enabled_at"].is_null() ? "" : o["enabled_at"].get<std::string>()) + "," +
               o["authorizations"].dump() + "\r\n";
      }
      std::fputs(out.c_str(), stdout);
      return;
    }
    case Format::Table:
      break;
  }
  Table table({"SELLER", "NAME", "CONFIRMATION", "AUTHORIZATIONS"});
  table.shrinkable({"NAME"});
  for (const Seller& s : state.sellers) {
    const auto count = std::count_if(state.authorizations.begin(), state.authorizations.end(),
                                     [&](const Authorization& a) { return a.seller_id == s.seller_id; });
    const std::string confirmation = s.confirmation_enabled && s.enabled_at
                                         ? "enabled since " + format_date(*s.enabled_at)
                                         : std::string("disabled");
    table.add({s.seller_id, s.name.empty() ? "—" : s.name, confirmation, std::to_string(count)});
  }
  table.print(stdout, ctx.color());
}

}  // namespace

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
