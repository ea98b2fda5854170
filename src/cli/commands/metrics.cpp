#include <cstdio>

#include "dac/cli/commands.hpp"
#include "dac/core/error.hpp"
#include "dac/core/metrics.hpp"
#include "dac/util/atomic_file.hpp"

namespace dac::cli {

void add_metrics_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::optional<std::string> output;
    std::string mode = "600";
    std::optional<std::string> as_of;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "metrics",
      "Metrics for Prometheus\n"
      "For node_exporter's textfile collector: when each developer's access expires, how many are in each "
      "status, and when the store last changed. "
      "With --output the file is replaced in one step, so the collector never reads half of it.");
  cmd->footer(examples({
      {"Print the metrics", "dac metrics"},
      {"From cron, for a collector running as another user",
       "dac metrics --output /var/lib/prometheus/node-exporter/dac.prom --mode 644"},
  }));
  cmd->add_option("--output", opts->output, "Write to FILE atomically (temp file and rename) instead of stdout");
  cmd->add_option("--mode", opts->mode,
                  "Octal permissions of the --output file (default 600; 644 lets a collector "
                  "running as another user read it — it holds no secrets)");
  cmd->add_option("--as-of", opts->as_of, "The metrics as they were or will be at TIME (2025-03-31, -30d, +1mo)");
  cmd->callback([&ctx, opts] {
    unsigned mode = 0;
    const bool octal =
        !opts->mode.empty() && opts->mode.size() <= 4 && opts->mode.find_first_not_of("01234567") == std::string::npos;
    if (!octal || (mode = static_cast<unsigned>(std::stoul(opts->mode, nullptr, 8))) > 0777) {
      throw_usage("invalid --mode '" + opts->mode + "': expected octal permissions like 600 or 644");
    }
    if ((mode & 022U) != 0) {
      // Whoever may write the file may feed the monitoring false numbers.
      throw_usage("--mode " + opts->mode + " lets group or others write the metrics file",
                  "use 600, or 644 so that a collector running as another user can read it");
    }
    const Instant at = ctx.read_instant(opts->as_of);
    const std::string text = render_metrics(ctx.read_state(at), at);
    if (!opts->output) {
      (void)std::fputs(text.c_str(), stdout);
      return;
    }
    if (opts->output->empty()) throw_usage("--output needs a file name");
    std::filesystem::path path(*opts->output);
    if (path.parent_path().empty()) path = std::filesystem::path(".") / path;
    AtomicFile file(path, mode);
    file.write(text);
    file.commit();
  });
}

}  // namespace dac::cli
