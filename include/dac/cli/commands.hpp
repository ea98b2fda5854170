#pragma once

#include <CLI/CLI.hpp>

#include "dac/cli/context.hpp"
#include "dac/cli/help.hpp"

// One function per command: each adds its subcommand to the app, reads its
// options and calls the library.
namespace dac::cli {

void add_init_command(CLI::App& app, Context& ctx);
void add_seller_command(CLI::App& app, Context& ctx);
void add_grant_command(CLI::App& app, Context& ctx);
void add_list_command(CLI::App& app, Context& ctx);
void add_show_command(CLI::App& app, Context& ctx);
void add_confirm_command(CLI::App& app, Context& ctx);
void add_revoke_command(CLI::App& app, Context& ctx);
void add_restore_command(CLI::App& app, Context& ctx);
void add_history_command(CLI::App& app, Context& ctx);
void add_enable_commands(CLI::App& app, Context& ctx);
void add_credentials_command(CLI::App& app, Context& ctx);
void add_import_command(CLI::App& app, Context& ctx);
void add_metrics_command(CLI::App& app, Context& ctx);
void add_notify_command(CLI::App& app, Context& ctx);
void add_key_command(CLI::App& app, Context& ctx);
void add_checkpoint_command(CLI::App& app, Context& ctx);
void add_store_command(CLI::App& app, Context& ctx);
// Hidden: what the shell completion scripts ask for.
void add_complete_command(CLI::App& app, Context& ctx);
// Returned so main() can report any error of a check as UNKNOWN (exit 3).
CLI::App* add_check_command(CLI::App& app, Context& ctx);

}  // namespace dac::cli
