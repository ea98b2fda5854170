#include "dac/app/select.hpp"
#include "dac/cli/commands.hpp"
#include "dac/cli/filters.hpp"
#include "dac/cli/output.hpp"

namespace dac::cli {

void add_list_command(CLI::App& app, Context& ctx) {
  struct Options {
    Filters filters;
    std::optional<std::string> as_of;
    std::string sort = "expires";
    bool reveal = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "list",
      "See who holds access, and when it expires\n"
      "One row for each developer you authorised, soonest expiry first: its status (active, suspended or "
      "revoked), when it was last confirmed, and when its access expires. Revoked ones are left out unless you "
      "ask for them with --status. The filters narrow the list; --as-of shows it as it will be (or was) at "
      "another time.");
  cmd->footer(examples({
      {"Who loses access within the next 30 days", "dac list --expiring 30d"},
      {"Who is suspended already (dac restore gives access back)", "dac list --status suspended"},
      {"Everything, revoked ones too, for a spreadsheet", "dac list --status all --format csv > access.csv"},
      {"Who will be suspended by Christmas if nobody acts", "dac list --as-of 2026-12-25 --status suspended"},
  }));
  opts->filters.add_to(*cmd);
  opts->filters.add_attention_to(*cmd);
  cmd->add_option("--seller", opts->filters.seller, "Only this seller");
  cmd->add_option("--as-of", opts->as_of, "Show the list as it was or will be at TIME (2025-03-31, -30d, +1mo)");
  cmd->add_option("--sort", opts->sort,
                  "Order by expires (default), nickname, developer, seller, status, authorized or confirmed")
      ->transform(CLI::IsMember({"expires", "nickname", "developer", "seller", "status", "authorized", "confirmed"},
                                CLI::ignore_case));
  cmd->add_flag("--reveal-tokens", opts->reveal, "Show the tokens in full");
  cmd->callback([&ctx, opts] {
    const Instant at = ctx.read_instant(opts->as_of);
    opts->filters.check();
    const Query query = opts->filters.query(at);
    // With --expiring, the team store reads only what expires by its horizon (Scope::part).
    const State& state = ctx.read_state(at, query.expiring_by ? Scope::part({}, *query.expiring_by) : Scope{});
    // Filtered first, then sorted: sort_rows gives the one order whatever the
    // order it is given, and sorting only what is kept is what makes
    // `--expiring 30d` on a million records quick.
    std::vector<Row> rows = app::select(state, query, at, false);
    sort_rows(rows, opts->sort);
    print_rows(ctx, rows, at, opts->reveal);
  });
}

}  // namespace dac::cli
