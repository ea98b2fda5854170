// dac: audits the developers that hold access to Amazon seller accounts under
// Developer Access Confirmation. main() is the only place that turns errors
// into "dac: ..." on stderr and an exit code (SPEC §5).
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "dac/cli/commands.hpp"
#include "dac/cli/context.hpp"
#include "dac/cli/help.hpp"
#include "dac/core/check.hpp"
#include "dac/core/error.hpp"
#include "dac/core/ids.hpp"

namespace {

using dac::cli::Context;

void add_global_options(CLI::App& app, dac::cli::GlobalOptions& o) {
  app.add_option("--store", o.store, "Store folder (default: $DAC_STORE, $XDG_DATA_HOME/dac, ~/.local/share/dac)");
  app.add_option("--format", o.format, "table (default), json or csv")
      ->transform(CLI::IsMember({"table", "json", "csv"}, CLI::ignore_case));
  app.add_option("--color", o.color, "auto (default: only on a terminal, unless NO_COLOR is set), always or never")
      ->transform(CLI::IsMember({"auto", "always", "never"}, CLI::ignore_case));
  app.add_option("--actor", o.actor, "Who makes the change, kept in the history (default: $USER)");
  app.add_flag("-v,--verbose", o.verbose, "Print debug detail on stderr");
  app.add_flag("-q,--quiet", o.quiet, "Print no notices");
  app.add_option("--wait", o.wait, "How long to wait for the store when another dac is writing (default 10s)");
}

// Which heading each command stands under in `dac --help`.
void group_commands(CLI::App& app) {
  static const auto k_groups = std::to_array<std::pair<const char*, const char*>>({
      {"init", "Set up"},
      {"seller", "Set up"},
      {"grant", "Set up"},
      {"import", "Set up"},
      {"enable", "Set up"},
      {"disable", "Set up"},
      {"list", "Day to day"},
      {"show", "Day to day"},
      {"confirm", "Day to day"},
      {"revoke", "Day to day"},
      {"restore", "Day to day"},
      {"history", "Day to day"},
      {"credentials", "Day to day"},
      {"notify", "Automation (cron, monitoring)"},
      {"check", "Automation (cron, monitoring)"},
      {"metrics", "Automation (cron, monitoring)"},
      {"key", "Audit"},
      {"checkpoint", "Audit"},
      {"help", "Help"},
  });
  for (CLI::App* sub : app.get_subcommands({})) {
    for (const auto& [name, group] : k_groups) {
      if (sub->get_name() == name) sub->group(group);
    }
  }
}

// Checks the form of every --seller value where it is parsed, so a malformed
// seller ID is a usage error (exit 2), not a seller that is not found (exit 3).
void check_seller_options(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands({})) {
    if (CLI::Option* seller = sub->get_option_no_throw("--seller")) {
      seller->check(CLI::Validator(
          [](std::string& value) {
            try {
              (void)dac::parse_seller_id(value);
              return std::string();
            } catch (const dac::Error& e) {
              return std::string(e.what());
            }
          },
          "SELLER_ID"));
    }
    check_seller_options(*sub);
  }
}

void setup_logging(bool verbose) {
  // spdlog's default logger writes to stdout; results own stdout, so logs go to stderr.
  auto logger = spdlog::stderr_logger_st("dac");
  logger->set_pattern("dac: %l: %v");
  logger->set_level(verbose ? spdlog::level::debug : spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

// Prints an error as "dac: ..." on stderr and returns its exit code. A
// monitoring check reports every error as one UNKNOWN line on stdout, exit 3.
int report(const std::string& message, const std::string& hint, int code, bool as_check) {
  if (as_check) {
    static_cast<void>(std::printf("%s\n", dac::unknown_check(message).line.c_str()));
    code = static_cast<int>(dac::CheckState::Unknown);
  }
  static_cast<void>(std::fprintf(stderr, "dac: %s\n", message.c_str()));
  if (!hint.empty()) static_cast<void>(std::fprintf(stderr, "dac: hint: %s\n", hint.c_str()));
  return code;
}

}  // namespace

// Only building the command tree is outside the handler, and it throws only on a
// programming error (a duplicate option), which may well end the program.
// NOLINTNEXTLINE(bugprone-exception-escape)
int main(int argc, char** argv) {
  Context ctx;
  CLI::App app{
      "dac keeps track of the developers you gave access to your Amazon seller account, and of when that access "
      "expires: under Developer Access Confirmation, Amazon suspends a developer's access 12 months after it was "
      "granted or last confirmed.",
      "dac"};
  dac::cli::use_help_formatter(app);
  app.set_version_flag("--version", std::string("dac ") + DAC_VERSION, "Print the version");
  app.require_subcommand(1);
  // Global options are accepted after the command too.
  app.fallthrough();
  add_global_options(app, ctx.options);
  dac::cli::add_init_command(app, ctx);
  dac::cli::add_seller_command(app, ctx);
  dac::cli::add_grant_command(app, ctx);
  dac::cli::add_list_command(app, ctx);
  dac::cli::add_show_command(app, ctx);
  dac::cli::add_confirm_command(app, ctx);
  dac::cli::add_revoke_command(app, ctx);
  dac::cli::add_restore_command(app, ctx);
  dac::cli::add_history_command(app, ctx);
  dac::cli::add_enable_commands(app, ctx);
  dac::cli::add_credentials_command(app, ctx);
  dac::cli::add_import_command(app, ctx);
  dac::cli::add_metrics_command(app, ctx);
  dac::cli::add_notify_command(app, ctx);
  dac::cli::add_key_command(app, ctx);
  dac::cli::add_checkpoint_command(app, ctx);
  dac::cli::add_store_command(app, ctx);
  dac::cli::add_complete_command(app, ctx);
  CLI::App* check = dac::cli::add_check_command(app, ctx);
  dac::cli::add_help_command(app);
  group_commands(app);
  app.footer(dac::cli::examples({
      {"Start: create the store with your seller ID", "dac init --seller A1B2C3D4E5F6G7 --name \"My shop\""},
      {"Record a developer you authorised in Seller Central",
       "dac grant 1234-5678-9012 --nickname \"Khaos Control\" --token-file token.txt"},
      {"Who loses access within the next 30 days", "dac list --expiring 30d"},
      {"Keep a developer: its access then lasts 12 more months", "dac confirm \"Khaos Control\""},
      {"More about a command, with examples", "dac help list"},
  }));
  check_seller_options(app);
  app.parse_complete_callback([&ctx] {
    setup_logging(ctx.options.verbose);
    // A bad --wait is a usage error even for a command that only reads.
    (void)ctx.wait();
  });

  try {
    app.parse(argc, argv);
    static_cast<void>(std::fflush(stdout));  // (unchecked, as it always was)
#if !defined(__SANITIZE_ADDRESS__)
    // exit() flushes and runs the atexit handlers but does not destroy
    // main's locals: the command line and what commands kept (Context::keep)
    // go back to the OS at once. Sanitizer builds destroy them, so that the
    // leak checker sees everything freed.
    std::exit(ctx.exit_code);
#endif
    return ctx.exit_code;
  } catch (const CLI::CallForHelp& e) {
    // "dac lsit --help" asks for the help of a command that does not exist.
    const CLI::App* at = &app;
    while (!at->get_subcommands().empty()) at = at->get_subcommands().front();
    const std::vector<std::string> rest = app.remaining(true);
    const bool unknown_command =
        at->get_require_subcommand_min() > 0 &&
        std::any_of(rest.begin(), rest.end(), [](const std::string& w) { return !w.empty() && w.front() != '-'; });
    if (unknown_command) {
      const dac::cli::UsageMessage usage = dac::cli::describe_parse_error(app, CLI::ExtrasError(rest));
      return report(usage.message, usage.hint, static_cast<int>(dac::ErrorKind::Usage), check->parsed());
    }
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const dac::cli::UsageMessage usage = dac::cli::describe_parse_error(app, e);
    return report(usage.message, usage.hint, static_cast<int>(dac::ErrorKind::Usage), check->parsed());
  } catch (const dac::Error& e) {
    return report(e.what(), e.hint(), e.exit_code(), check->parsed());
  } catch (const std::exception& e) {
    return report(std::string("internal error: ") + e.what(), "please report this",
                  static_cast<int>(dac::ErrorKind::Store), check->parsed());
  }
}
