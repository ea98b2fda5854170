#include "dac/app/history.hpp"
#include "dac/app/targets.hpp"
#include "dac/cli/commands.hpp"
#include "dac/cli/output.hpp"
#include "dac/core/error.hpp"
#include "dac/core/ids.hpp"

namespace dac::cli {

namespace {

// The FIELD/VALUE table of one authorisation as of `at`.
Table field_table(const State& state, const Row& row, bool reveal, Instant at) {
  const Authorization& auth = *row.auth;
  const Seller* seller = state.find_seller(auth.seller_id);
  std::string status(to_string(row.view.status));
  if (row.view.status == Status::Active && !row.view.expires_at) {
    status += auth.own ? " (own account: never expires)" : " (confirmation is off: never expires)";
  }
  Table fields({"FIELD", "VALUE"});
  fields.add({"nickname", auth.nickname});
  fields.add({"developer_id", auth.developer_id});
  fields.add(
      {"seller_id", auth.seller_id + (seller != nullptr && !seller->name.empty() ? " (" + seller->name + ")" : "")});
  fields.add({"own", auth.own ? "yes" : "no"});
  fields.add({"status", status}, {"", status_color(row)});
  fields.add(
      {"authorized_at", format_instant(auth.authorized_at) + " (" + format_relative(auth.authorized_at, at) + ")"});
  fields.add({"last_confirmed_at", format_instant(row.view.last_confirmed_at) + " (" +
                                       format_relative(row.view.last_confirmed_at, at) + ")"});
  fields.add({"expires_at", row.view.expires_at ? format_instant(*row.view.expires_at) + " (" +
                                                      format_relative(*row.view.expires_at, at) + ")"
                                                : "—"},
             {"", row.view.expires_at ? status_color(row) : ""});
  fields.add({"days_left", row.view.days_left ? std::to_string(*row.view.days_left) : "—"});
  fields.add({"mws_auth_token", auth.token ? (reveal ? *auth.token : mask_token(*auth.token)) : "— (erased)"});
  return fields;
}

// The authorisation TARGET names in the picture at `at`; for an --as-of, not
// finding it says at which instant (it may have been granted later, or been
// known by another nickname then).
const Authorization& find_target_at(State& state, const std::string& target, const std::optional<std::string>& seller,
                                    const std::optional<std::string>& as_of, Instant at) {
  try {
    return rules::find_target(state, target, seller);
  } catch (const Error& e) {
    if (!as_of || e.kind() != ErrorKind::NotFound || std::string_view(e.what()).rfind("no authorization", 0) != 0) {
      throw;
    }
    throw Error(ErrorKind::NotFound, std::string(e.what()) + " at " + format_instant(at),
                "it was granted later, or named otherwise then; see its history with: dac history " + target);
  }
}

}  // namespace

void add_show_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::string target;
    std::optional<std::string> seller;
    std::optional<std::string> as_of;
    bool reveal = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("show",
                                 "Everything about one developer, with its history\n"
                                 "TARGET is the developer ID or the nickname (in any case). The token is shown "
                                 "masked unless you add --reveal-tokens.");
  cmd->footer(examples({
      {"One developer, by nickname", "dac show \"Khaos Control\""},
      {"By developer ID, for a script", "dac show 1234-5678-9012 --format json"},
  }));
  cmd->add_option("TARGET", opts->target, "The developer ID or nickname")->required();
  cmd->add_option("--seller", opts->seller, "The seller (narrows the target)");
  cmd->add_option("--as-of", opts->as_of, "Show it as it was or will be at TIME (2025-03-31, -30d, +1mo)");
  cmd->add_flag("--reveal-tokens", opts->reveal, "Show the token in full");
  cmd->callback([&ctx, opts] {
    const Instant at = ctx.read_instant(opts->as_of);
    // By developer ID, only its records are read (its history is read whole).
    State& state = ctx.read_state(at, app::scope_of_targets({opts->target}, opts->seller, std::nullopt));
    const Authorization& auth = find_target_at(state, opts->target, opts->seller, opts->as_of, at);
    const Row row{&auth, rules::view(state, auth, at)};
    app::HistoryQuery query;
    query.target = auth.developer_id;
    query.seller = auth.seller_id;
    // A picture at T shows the history that made it: the events that took effect by T.
    if (opts->as_of) query.until = at;
    const std::vector<Event> events = app::select_events(ctx.store(), state, query);
    if (ctx.format() == Format::Json) {
      nlohmann::ordered_json o = row_json(row, opts->reveal);
      o["history"] = nlohmann::ordered_json::array();
      for (const Event& e : events) o["history"].push_back(event_json(e));
      (void)std::fputs((o.dump(2) + "\n").c_str(), stdout);
      return;
    }
    if (ctx.format() == Format::Csv) {
      print_rows(ctx, {row}, at, opts->reveal);
      return;
    }
    const Table fields = field_table(state, row, opts->reveal, at);
    fields.print(stdout, ctx.color());
    (void)std::fputs("\n", stdout);
    print_events(ctx, events);
  });
}

}  // namespace dac::cli
