#include "cli/commands/commands.hpp"
#include "cli/filters.hpp"
#include "cli/output.hpp"

namespace dac::cli {

void add_list_command(CLI::App& app, Context& ctx) {
  struct Options {
    Filters filters;
    std::optional<std::string> as_of;
    std::string sort = "expires";
    bool reveal = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("list", "Show the authorizations, one row each");
  opts->filters.add_to(*cmd);
  opts->filters.add_attention_to(*cmd);
  cmd->add_option("--seller", opts->filters.seller, "Only this seller");
  cmd->add_option("--as-of", opts->as_of, "Show the picture at another instant");
  cmd->add_option("--sort", opts->sort,
                  "Order by expires (default), nickname, developer, seller, status, authorized or confirmed")
      ->check(CLI::IsMember({"expires", "nickname", "developer", "seller", "status", "authorized", "confirmed"}));
  cmd->add_flag("--reveal-tokens", opts->reveal, "Show tokens unmasked");
  cmd->callback([&ctx, opts] {
    const Instant at = parse_time_option(opts->as_of, "--as-of", ctx.now(), false).value_or(ctx.now());
    opts->filters.check();
    const State& state = ctx.keep(ctx.store().load());
    warn_if_before_last_write(ctx, state, at);
    // Filtered first, then sorted: sort_rows gives the one order whatever the
    // order it is given, and sorting only what is kept is what makes
    // `--expiring 30d` on a million records quick.
    std::vector<Row> rows = opts->filters.apply(state, rows_of(state, at, false), at);
    sort_rows(rows, opts->sort);
    print_rows(ctx, rows, at, opts->reveal);
  });
}

}  // namespace dac::cli
