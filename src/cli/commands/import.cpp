#include <unistd.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cli/commands/commands.hpp"
#include "dac/error.hpp"
#include "dac/import.hpp"

namespace dac::cli {

namespace {

std::string read_input(const std::string& path) {
  if (path == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_usage("cannot read " + path, "check the path, or use - for stdin");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

void add_import_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::string file;
    std::optional<std::string> seller;
    bool skip_existing = false;
    bool dry_run = false;
    std::optional<std::string> reason;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("import", "Bulk grants from CSV (all or nothing)");
  cmd->add_option("FILE", opts->file, "CSV with a header row, or - for stdin")->required();
  cmd->add_option("--seller", opts->seller, "The seller of rows without a seller_id");
  cmd->add_flag("--skip-existing", opts->skip_existing, "Leave out rows for authorizations the store already holds");
  cmd->add_flag("--dry-run", opts->dry_run, "Check the file and say what would be imported; write nothing");
  add_reason_option(*cmd, opts->reason);
  cmd->callback([&ctx, opts] {
    const std::string text = read_input(opts->file);
    const std::string where = opts->file == "-" ? "stdin" : opts->file;
    const rules::Actor actor = ctx.actor(opts->reason);
    const Instant now = ctx.now();
    ImportPlan plan;
    (void)ctx.write(
        [&](State& state, rules::Outcome& out) {
          plan = plan_import(state, text, where, opts->seller, opts->skip_existing, now);
          if (!plan.problems.empty()) {
            bool only_refusals = true;
            for (const ImportProblem& p : plan.problems) {
              std::fprintf(stderr, "dac: %s line %zu: %s\n", where.c_str(), p.line, p.message.c_str());
              only_refusals = only_refusals && p.kind == ErrorKind::Refused;
            }
            throw Error(only_refusals ? ErrorKind::Refused : ErrorKind::Usage,
                        plural(plan.problems.size(), "row") + " cannot be imported; nothing was written");
          }
          const bool progress = plan.grants.size() > 5000 && ::isatty(STDERR_FILENO) == 1 && !ctx.options.quiet;
          for (std::size_t i = 0; i < plan.grants.size(); ++i) {
            rules::grant(state, plan.grants[i], now, actor, out);
            if (progress && (i + 1) % 5000 == 0)
              std::fprintf(stderr, "\rdac: importing %zu/%zu", i + 1, plan.grants.size());
          }
          if (progress) std::fputs("\r\x1b[K", stderr);
        },
        opts->dry_run);
    std::string summary =
        (opts->dry_run ? "dry run: would import " : "imported ") + plural(plan.grants.size(), "authorization");
    if (plan.skipped > 0) summary += ", skipped " + std::to_string(plan.skipped) + " already in the store";
    if (opts->dry_run) summary += "; nothing was written";
    ctx.notice(summary);
  });
}

}  // namespace dac::cli
