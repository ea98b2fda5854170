#include "dac/app/copy.hpp"
#include "dac/cli/commands.hpp"
#include "dac/core/error.hpp"

namespace dac::cli {

void add_store_command(CLI::App& app, Context& ctx) {
  auto* store = app.add_subcommand("store",
                                   "Move the store to another place or backend\n"
                                   "A store is a private folder, or a team store in PostgreSQL (a postgresql:// "
                                   "location, docs/team.md).");
  store->require_subcommand(1);
  const std::string copy_examples = examples({
      {"Move a local store into the team's PostgreSQL database",
       "dac store copy --to 'postgresql://dac@db.example/dac?sslmode=verify-full'"},
      {"Keep a copy of the store in another folder", "dac store copy --to ~/dac-backup"},
  });
  store->footer(copy_examples);
  auto to = std::make_shared<std::string>();
  auto* copy = store->add_subcommand(
      "copy",
      "Copy the whole store to a new store\n"
      "Copies the inventory, the tokens, the reminders and the history, verbatim, to a new store at LOCATION (a "
      "folder, or a postgresql:// location), then checks that the copy's history verifies with the same head "
      "hash. The store itself is left as it is.");
  copy->footer(copy_examples);
  copy->add_option("--to", *to, "Where the new store goes: a folder, or a postgresql:// location")->required();
  copy->callback([&ctx, to] {
    if (to->empty()) throw_usage("--to needs a location");
    const app::Copied copied = app::copy_store(ctx.store(), *to);
    ctx.notice("copied " + plural(static_cast<std::int64_t>(copied.sellers), "seller") + ", " +
               plural(static_cast<std::int64_t>(copied.authorizations), "authorisation") + " and " +
               plural(static_cast<std::int64_t>(copied.events), "event") + " to " + copied.to +
               "; its history verifies with the same head " + copied.head);
  });
}

}  // namespace dac::cli
