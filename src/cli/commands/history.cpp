#include "dac/cli/commands.hpp"
#include "dac/cli/output.hpp"
#include "dac/core/error.hpp"

namespace dac::cli {

void add_history_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::optional<std::string> target;
    std::optional<std::string> seller;
    std::optional<std::string> since;
    bool verify = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "history",
      "What changed, when, and who did it\n"
      "Every grant, confirmation, suspension, restoration and revocation, in the order it was recorded, with "
      "who made it (--actor) and why (--reason). Events are never edited: each is chained to the one before, "
      "and --verify checks that none was changed or removed.");
  cmd->footer(examples({
      {"Everything that happened to one developer", "dac history \"Khaos Control\""},
      {"This year's changes, for a spreadsheet", "dac history --since 2026-01-01 --format csv"},
      {"Check that nobody tampered with the history", "dac history --verify"},
  }));
  cmd->add_option("TARGET", opts->target, "Only this developer ID or nickname");
  cmd->add_option("--seller", opts->seller, "Only this seller");
  cmd->add_option("--since", opts->since, "Only events that took effect at or after TIME");
  cmd->add_flag("--verify", opts->verify,
                "Check that no event was changed or removed: exit 0 when intact, 4 naming the first bad one");
  cmd->callback([&ctx, opts] {
    const auto since = parse_time_option(opts->since, "--since", ctx.now(), false);
    State state = ctx.store().load();
    if (opts->verify) {
      const VerifyReport report = ctx.store().verify_history(state);
      if (!report.ok) {
        throw_store("history check failed: " + report.problem,
                    "the history of " + ctx.store().describe() + " was changed outside dac; restore it from a backup");
      }
      if (ctx.format() == Format::Json) {
        std::printf("{\"ok\": true, \"events\": %llu, \"head\": \"%s\"}\n",
                    static_cast<unsigned long long>(report.events_checked), state.history.hash.c_str());
      } else {
        std::printf("history intact: %llu events verified, head %s\n",
                    static_cast<unsigned long long>(report.events_checked), state.history.hash.c_str());
      }
      return;
    }
    std::optional<std::pair<std::string, std::string>> only;
    if (opts->target) {
      const Authorization& auth = rules::find_target(state, *opts->target, opts->seller);
      only.emplace(auth.seller_id, auth.developer_id);
    } else if (opts->seller && state.find_seller(*opts->seller) == nullptr) {
      throw Error(ErrorKind::NotFound, "no seller " + *opts->seller + " in the store",
                  "see the sellers with: dac seller list");
    }
    std::vector<Event> events;
    ctx.store().read_history(state, [&](const Event& e) {
      if (only && (e.seller_id != only->first || e.developer_id != only->second)) return;
      if (opts->seller && e.seller_id != *opts->seller) return;
      if (since && e.effective_at < *since) return;
      events.push_back(e);
    });
    print_events(ctx, events, state);
  });
}

}  // namespace dac::cli
