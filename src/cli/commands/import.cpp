#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "dac/cli/commands.hpp"
#include "dac/core/error.hpp"
#include "dac/core/import.hpp"

namespace dac::cli {

namespace {

// How many problem rows are shown on a terminal without -v.
constexpr std::size_t k_shown_problems = 20;

// "1 row", "3 rows".
std::string rows_text(std::size_t n) { return plural(n, "row"); }

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
  auto* cmd = app.add_subcommand(
      "import",
      "Record many developers at once, from a CSV file\n"
      "The first row names the columns: developer_id, nickname, authorized_at and mws_auth_token are needed; "
      "seller_id, own and last_confirmed_at may be given. Every row is checked first: if one is wrong, or is "
      "already in the store (unless --skip-existing), nothing is imported and each such row is reported with "
      "its line number. The output of dac list --format csv --reveal-tokens imports into another store.");
  cmd->footer(examples({
      {"Check the file first: nothing is written", "dac import developers.csv --dry-run"},
      {"Import it", "dac import developers.csv"},
      {"Import again after adding rows: leave out those already there", "dac import developers.csv --skip-existing"},
  }));
  cmd->add_option("FILE", opts->file, "The CSV file, with a header row (- reads stdin)")->required();
  cmd->add_option("--seller", opts->seller, "The seller of rows without a seller_id");
  cmd->add_flag("--skip-existing", opts->skip_existing, "Leave out the rows the store already holds");
  cmd->add_flag("--dry-run", opts->dry_run, "Check the file and say what would be imported; write nothing");
  add_reason_option(*cmd, opts->reason);
  cmd->callback([&ctx, opts] {
    const std::string text = read_input(opts->file);
    const std::string where = opts->file == "-" ? "stdin" : opts->file;
    const rules::Actor actor = ctx.actor(opts->reason);
    const Instant now = ctx.now();
    ImportPlan plan;
    const auto written = ctx.write(
        [&](State& state, rules::Outcome& out) {
          plan = plan_import(state, text, where, opts->seller, opts->skip_existing, now);
          if (!plan.problems.empty()) {
            // On a terminal a person reads the first ones; a log or -v gets them all.
            const bool all = ctx.options.verbose || ::isatty(STDERR_FILENO) != 1;
            const std::size_t shown = all ? plan.problems.size() : std::min(plan.problems.size(), k_shown_problems);
            bool only_refusals = true;
            for (std::size_t i = 0; i < plan.problems.size(); ++i) {
              const ImportProblem& p = plan.problems[i];
              if (i < shown) std::fprintf(stderr, "dac: %s line %zu: %s\n", where.c_str(), p.line, p.message.c_str());
              only_refusals = only_refusals && p.kind == ErrorKind::Refused;
            }
            if (shown < plan.problems.size()) {
              std::fprintf(stderr, "dac: …and %zu more; all of them with -v\n", plan.problems.size() - shown);
            }
            throw Error(only_refusals ? ErrorKind::Refused : ErrorKind::Usage,
                        rows_text(plan.problems.size()) + " cannot be imported; nothing was written");
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
    // Rows imported already past their expiry are suspended in the same write (R5).
    std::size_t suspended = 0;
    for (const rules::GrantRequest& g : plan.grants) {
      const Authorization* a = written.state.find(g.seller_id, g.developer_id);
      if (a != nullptr && rules::view(written.state, *a, now).status == Status::Suspended) ++suspended;
    }
    const std::size_t n = plan.grants.size();
    std::string summary = (opts->dry_run ? "dry run: would import " : "imported ") + plural(n, "authorization");
    if (suspended > 0) {
      summary += "; " +
                 (suspended == n ? std::string(n == 1 ? "it is" : "all of them are")
                                 : std::to_string(suspended) + " of them " + (suspended == 1 ? "is" : "are")) +
                 " already past " + (suspended == 1 ? "its" : "their") + " expiry and " +
                 (opts->dry_run ? "would be" : (suspended == 1 ? "is" : "are")) + " recorded as suspended";
    }
    if (plan.skipped > 0) {
      summary += (suspended > 0 ? "; skipped " : ", skipped ") + std::to_string(plan.skipped) + " already in the store";
    }
    if (opts->dry_run) summary += "; nothing was written";
    ctx.notice(summary);
    if (suspended > 0) {
      // Before the real import there is nothing to list yet.
      ctx.notice(opts->dry_run ? std::string("hint: once imported, see them with: dac list --expired, and give one its "
                                             "access back with: dac restore TARGET")
                               : std::string("hint: see them with: dac list --expired; give one its access back with: "
                                             "dac restore TARGET"));
    }
  });
}

}  // namespace dac::cli
