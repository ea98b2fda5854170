#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "dac/app/import.hpp"
#include "dac/cli/commands.hpp"
#include "dac/cli/output.hpp"
#include "dac/core/error.hpp"
#include "dac/core/import.hpp"
#include "dac/util/file.hpp"

namespace dac::cli {

namespace {

// The CSV text of `path`, or of stdin for "-".
std::string read_input(const std::string& path) {
  const bool from_stdin = path == "-";
  const util::Fd file = from_stdin ? util::Fd() : util::open_for_reading(path);
  std::string text;
  // One message for a file that cannot be opened and one that cannot be read (a folder).
  const int error = !from_stdin && !file ? errno : util::read_all(from_stdin ? STDIN_FILENO : file.get(), text);
  if (error != 0) {
    throw_usage("cannot read " + (from_stdin ? std::string("stdin") : path) + ": " + std::strerror(error),
                "check the path, or use - for stdin");
  }
  return text;
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
    app::ImportRequest request{text, where, opts->seller, opts->skip_existing, ctx.actor(opts->reason), {}, {}};
    request.report_problems = [&](const ImportPlan& plan) { print_import_problems(ctx, where, plan); };
    if (::isatty(STDERR_FILENO) == 1 && !ctx.options.quiet) request.progress = print_import_progress;
    const Instant now = ctx.now();
    const app::WriteOptions options = ctx.write_options(opts->dry_run);
    const app::Imported imported = app::import_csv(ctx.store(), now, options, request);
    Context::log_written(imported.applied, opts->dry_run);
    ctx.notice(import_summary(imported, opts->dry_run));
    if (imported.suspended > 0) {
      // Before the real import there is nothing to list yet.
      ctx.notice(opts->dry_run ? std::string("hint: once imported, see them with: dac list --expired, and give one its "
                                             "access back with: dac restore TARGET")
                               : std::string("hint: see them with: dac list --expired; give one its access back with: "
                                             "dac restore TARGET"));
    }
  });
}

}  // namespace dac::cli
