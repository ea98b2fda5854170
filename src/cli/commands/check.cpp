#include "dac/core/check.hpp"
#include "dac/cli/commands.hpp"
#include "dac/core/error.hpp"

namespace dac::cli {

CLI::App* add_check_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::string warn;
    std::string crit;
    std::optional<std::string> seller;
    std::optional<std::string> as_of;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "check",
      "A monitoring check, for Nagios or Icinga\n"
      "Prints one status line with performance data and exits 0 OK, 1 WARNING (someone's access expires within "
      "--warn), 2 CRITICAL (someone is suspended, or expires within --crit) or 3 UNKNOWN (any error).");
  cmd->footer(examples({
      {"Warn 30 days ahead, critical 7 days ahead", "dac check --warn 30d --crit 7d"},
      {"Only one of your sellers", "dac check --warn 30d --crit 7d --seller A1B2C3D4E5F6G7"},
  }));
  cmd->add_option("--warn", opts->warn, "WARNING when something expires within DURATION (e.g. 30d)")->required();
  cmd->add_option("--crit", opts->crit, "CRITICAL when something expires within DURATION (e.g. 7d)")->required();
  cmd->add_option("--seller", opts->seller, "Only this seller");
  cmd->add_option("--as-of", opts->as_of, "Check as it was or will be at TIME (2025-03-31, -30d, +1mo)");
  cmd->callback([&ctx, opts] {
    CheckLimits limits;
    limits.warn = parse_duration(opts->warn, "--warn");
    limits.crit = parse_duration(opts->crit, "--crit");
    limits.seller = opts->seller;
    const Instant at = ctx.read_instant(opts->as_of);
    const CheckResult result = run_check(ctx.read_state(at), at, limits);
    std::printf("%s\n", result.line.c_str());
    ctx.exit_code = static_cast<int>(result.state);
  });
  return cmd;
}

}  // namespace dac::cli
