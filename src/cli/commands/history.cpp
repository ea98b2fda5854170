#include <array>
#include <charconv>

#include "dac/app/history.hpp"
#include "dac/cli/commands.hpp"
#include "dac/cli/output.hpp"
#include "dac/core/error.hpp"

namespace dac::cli {

namespace {

struct Options {
  std::optional<std::string> target;
  std::optional<std::string> seller;
  std::optional<std::string> since;
  std::optional<std::string> until;
  std::optional<std::string> after;
  std::vector<std::string> events;
  std::optional<std::string> actor;
  bool verify = false;
  std::vector<std::string> checkpoints;
  std::vector<std::string> verifiers;
};

constexpr auto k_event_types =
    std::to_array<EventType>({EventType::SellerAdded, EventType::Granted, EventType::Confirmed, EventType::Suspended,
                              EventType::Restored, EventType::Revoked, EventType::ConfirmationEnabled,
                              EventType::ConfirmationDisabled, EventType::Reminded, EventType::InventoryRecorded});

// --event TYPE[,TYPE...], repeatable: each one of the event names, in any case.
std::vector<EventType> parse_event_types(const std::vector<std::string>& names) {
  std::vector<EventType> types;
  for (std::string name : names) {
    for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    const std::optional<EventType> type = event_type_from_string(name);
    if (!type) {
      std::string known;
      for (const EventType t : k_event_types) known += (known.empty() ? "" : ", ") + std::string(to_string(t));
      throw_usage("--event: '" + name + "' is not an event type", "use one of: " + known);
    }
    types.push_back(*type);
  }
  return types;
}

// --after SEQ: the seq of an event, a whole number from 1.
std::optional<std::uint64_t> parse_after(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  std::uint64_t seq = 0;
  const char* end = text->data() + text->size();
  const auto [at, ec] = std::from_chars(text->data(), end, seq);
  if (text->empty() || ec != std::errc() || at != end || seq == 0) {
    throw_usage("--after needs the seq of an event (a whole number from 1), not '" + *text + "'",
                "the SEQ column of dac history; to see every event, leave --after out");
  }
  return seq;
}

// --verify checks the whole history: nothing may narrow it, and its own
// options need it.
void check_verify_options(const Options& o) {
  if (!o.verify) {
    if (!o.checkpoints.empty() || !o.verifiers.empty()) {
      throw_usage(std::string(o.checkpoints.empty() ? "--verifier" : "--checkpoint") + " goes with --verify",
                  "dac history --verify --checkpoint FILE --verifier KEY");
    }
    return;
  }
  const std::array<std::pair<bool, const char*>, 7> narrowing{{{o.target.has_value(), "a TARGET"},
                                                               {o.seller.has_value(), "--seller"},
                                                               {o.since.has_value(), "--since"},
                                                               {o.until.has_value(), "--until"},
                                                               {o.after.has_value(), "--after"},
                                                               {!o.events.empty(), "--event"},
                                                               {o.actor.has_value(), "--actor"}}};
  for (const auto& [given, what] : narrowing) {
    if (given) {
      throw_usage(std::string("--verify checks the whole history; it cannot be combined with ") + what,
                  "run dac history --verify alone");
    }
  }
  if (o.checkpoints.empty() != o.verifiers.empty()) {
    throw_usage(o.checkpoints.empty() ? "--verifier needs a --checkpoint FILE to check"
                                      : "--checkpoint needs the --verifier KEY that signed it",
                "dac history --verify --checkpoint FILE --verifier KEY");
  }
}

void run_verify(Context& ctx, const Options& o) {
  // Never report a history intact without the checks asked for.
  if (!o.checkpoints.empty()) throw_usage("--checkpoint: this build of dac cannot check checkpoints yet");
  try {
    const app::Verified verified = app::verify_history(ctx.store());
    print_verified(ctx, {true, verified.events, verified.head, {}});
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::Store) print_verified(ctx, {false, 0, {}, e.what()});
    throw;
  }
}

void run_history(Context& ctx, const Options& o) {
  app::HistoryQuery query{o.target,
                          o.seller,
                          parse_time_option(o.since, "--since", ctx.now(), false),
                          parse_time_option(o.until, "--until", ctx.now(), false),
                          parse_after(o.after),
                          parse_event_types(o.events),
                          o.actor};
  const app::History history = app::read_history(ctx.store(), query);
  if (query.after && *query.after > history.state.history.events) {
    ctx.notice("--after " + std::to_string(*query.after) + ": the history holds only " +
               plural(history.state.history.events, "event") +
               "; if it held more when you noted that seq, check it with dac history --verify --checkpoint");
  }
  print_events(ctx, history.events);
}

}  // namespace

void add_history_command(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "history",
      "What changed, when, and who did it\n"
      "Every grant, confirmation, suspension, restoration and revocation, in the order it was recorded, with "
      "when it took effect and when it was recorded, the nickname the developer had then, who made it (--actor) "
      "and why (--reason). Events are never edited: each is chained to the one before, and --verify checks that "
      "none was changed or removed and that the inventory is the one the history rebuilds.");
  cmd->footer(examples({
      {"Everything that happened to one developer", "dac history \"Khaos Control\""},
      {"What was recorded since your last audit, which ended at event 120", "dac history --after 120"},
      {"This year's grants and revocations, for a spreadsheet",
       "dac history --since 2026-01-01 --event granted,revoked --format csv"},
      {"Check that nobody changed the history or the inventory", "dac history --verify"},
  }));
  cmd->add_option("TARGET", opts->target, "Only this developer ID or nickname");
  cmd->add_option("--seller", opts->seller, "Only this seller");
  cmd->add_option("--since", opts->since, "Only events that took effect at or after TIME");
  cmd->add_option("--until", opts->until, "Only events that took effect at or before TIME");
  cmd->add_option("--after", opts->after, "Only events recorded after event SEQ (what is new since you noted SEQ)");
  cmd->add_option("--event", opts->events, "Only events of these types (repeatable, or a comma list)")->delimiter(',');
  cmd->add_option("--actor", opts->actor, "Only events made by exactly this actor");
  cmd->add_flag("--verify", opts->verify,
                "Check that no event was changed or removed and that the inventory is the one the history "
                "rebuilds: exit 0 when intact, 4 naming the first problem");
  cmd->add_option("--checkpoint", opts->checkpoints, "With --verify: also check this signed checkpoint (repeatable)");
  cmd->add_option("--verifier", opts->verifiers,
                  "With --verify: a verifier key, or a file holding one, that may have signed the checkpoints "
                  "(repeatable)");
  cmd->callback([&ctx, opts] {
    // Before the command --actor is the global option; history has no change to name, so it selects too.
    if (!opts->actor) opts->actor = ctx.options.actor;
    check_verify_options(*opts);
    if (opts->verify) {
      run_verify(ctx, *opts);
    } else {
      run_history(ctx, *opts);
    }
  });
}

}  // namespace dac::cli
