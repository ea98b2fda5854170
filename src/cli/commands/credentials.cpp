#include "dac/app/accounts.hpp"
#include "dac/cli/commands.hpp"
#include "dac/cli/output.hpp"

namespace dac::cli {

void add_credentials_command(CLI::App& app, Context& ctx) {
  auto seller_id = std::make_shared<std::optional<std::string>>();
  auto* cmd = app.add_subcommand(
      "credentials",
      "Show your own developer account and its full token\n"
      "Your own developer account (recorded with grant --own) never expires. This prints its MWS auth token "
      "unmasked, to set up your own tools: mind who can see your screen.");
  cmd->footer(examples({
      {"Your own account's token", "dac credentials"},
      {"For one of your sellers, for a script", "dac credentials --seller A1B2C3D4E5F6G7 --format json"},
  }));
  cmd->add_option("--seller", *seller_id, "The seller (needed when the store has several)");
  cmd->callback([&ctx, seller_id] { print_credentials(ctx, app::own_account(ctx.store(), *seller_id)); });
}

}  // namespace dac::cli
