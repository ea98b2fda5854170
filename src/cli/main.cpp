// dac: audits the developers that hold access to Amazon seller accounts under
// Developer Access Confirmation. main() is the only place that turns errors
// into "dac: ..." on stderr and an exit code (SPEC §5).
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "dac/check.hpp"
#include "dac/error.hpp"
#include "dac/ids.hpp"

namespace {

using dac::cli::Context;

void add_global_options(CLI::App& app, dac::cli::GlobalOptions& o) {
  app.add_option("--store", o.store, "Store folder (default: $DAC_STORE, $XDG_DATA_HOME/dac, ~/.local/share/dac)");
  app.add_option("--format", o.format, "table, json or csv")->check(CLI::IsMember({"table", "json", "csv"}));
  app.add_option("--color", o.color, "auto, always or never (NO_COLOR is respected)")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_option("--actor", o.actor, "Who makes the change (default: $USER)");
  app.add_flag("-v,--verbose", o.verbose, "Print debug detail on stderr");
  app.add_flag("-q,--quiet", o.quiet, "Print no notices");
  app.add_option("--wait", o.wait, "How long to wait for the store lock (default 10s)");
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

// CLI11 reports an unknown command only as "A subcommand is required"; name
// the word it did not know instead.
std::string parse_error_message(const CLI::App& app, const CLI::ParseError& e) {
  const CLI::App* at = &app;
  while (!at->get_subcommands().empty()) at = at->get_subcommands().front();
  if (at->get_require_subcommand_min() > 0 && at->get_subcommands().empty()) {
    for (const std::string& word : app.remaining(true)) {
      if (!word.empty() && word.front() != '-') return "unknown command '" + word + "'";
    }
  }
  return e.what();
}

// Prints an error as "dac: ..." on stderr and returns its exit code. A
// monitoring check reports every error as one UNKNOWN line on stdout, exit 3.
int report(const std::string& message, const std::string& hint, int code, bool as_check) {
  if (as_check) {
    std::printf("%s\n", dac::unknown_check(message).line.c_str());
    code = static_cast<int>(dac::CheckState::Unknown);
  }
  std::fprintf(stderr, "dac: %s\n", message.c_str());
  if (!hint.empty()) std::fprintf(stderr, "dac: hint: %s\n", hint.c_str());
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  Context ctx;
  CLI::App app{"Audit the developers that hold access to Amazon seller accounts (Developer Access Confirmation).",
               "dac"};
  app.set_version_flag("--version", std::string("dac ") + DAC_VERSION);
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
  dac::cli::add_complete_command(app, ctx);
  CLI::App* check = dac::cli::add_check_command(app, ctx);
  check_seller_options(app);
  app.parse_complete_callback([&ctx] {
    setup_logging(ctx.options.verbose);
    // A bad --wait is a usage error even for a command that only reads.
    (void)ctx.wait();
  });

  try {
    app.parse(argc, argv);
    std::fflush(stdout);
#if !defined(__SANITIZE_ADDRESS__)
    // exit() flushes and runs the atexit handlers but does not destroy
    // main's locals: the command line and what commands kept (Context::keep)
    // go back to the OS at once. Sanitizer builds destroy them, so that the
    // leak checker sees everything freed.
    std::exit(ctx.exit_code);
#endif
    return ctx.exit_code;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::RequiredError& e) {
    // CLI11 checks what is required before what is unknown: name the unknown
    // option ("check --bogus"), not the --warn it seems to lack.
    const std::vector<std::string> unknown = app.remaining(true);
    const std::string message =
        unknown.empty() ? parse_error_message(app, e) : parse_error_message(app, CLI::ExtrasError(unknown));
    return report(message, "see: dac --help", static_cast<int>(dac::ErrorKind::Usage), check->parsed());
  } catch (const CLI::ParseError& e) {
    return report(parse_error_message(app, e), "see: dac --help", static_cast<int>(dac::ErrorKind::Usage),
                  check->parsed());
  } catch (const dac::Error& e) {
    return report(e.what(), e.hint(), e.exit_code(), check->parsed());
  } catch (const std::exception& e) {
    return report(std::string("internal error: ") + e.what(), "please report this",
                  static_cast<int>(dac::ErrorKind::Store), check->parsed());
  }
}
