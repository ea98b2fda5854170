#include "dac/cli/history_options.hpp"

#include <array>
#include <charconv>

#include "dac/cli/context.hpp"
#include "dac/core/error.hpp"

namespace dac::cli {

namespace {

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

}  // namespace

void HistoryOptions::add_to(CLI::App& command) {
  command.add_option("TARGET", target, "Only this developer ID or nickname");
  command.add_option("--seller", seller, "Only this seller");
  command.add_option("--since", since, "Only events that took effect at or after TIME");
  command.add_option("--until", until, "Only events that took effect at or before TIME");
  command.add_option("--after", after, "Only events recorded after event SEQ (what is new since you noted SEQ)");
  command.add_option("--event", events, "Only events of these types (repeatable, or a comma list)")->delimiter(',');
  command.add_option("--actor", actor, "Only events made by exactly this actor");
  command.add_flag("--verify", verify,
                   "Check that no event was changed or removed and that the inventory is the one the history "
                   "rebuilds: exit 0 when intact, 4 naming the first problem");
  command.add_option("--checkpoint", checkpoints, "With --verify: also check this signed checkpoint (repeatable)");
  command.add_option("--verifier", verifiers,
                     "With --verify: a verifier key, or a file holding one, that may have signed the checkpoints "
                     "(repeatable)");
}

// --verify checks the whole history: nothing may narrow it, and its own
// options need it.
void HistoryOptions::check() const {
  (void)parse_after(after);
  (void)parse_event_types(events);
  if (!verify) {
    if (!checkpoints.empty() || !verifiers.empty()) {
      throw_usage(std::string(checkpoints.empty() ? "--verifier" : "--checkpoint") + " goes with --verify",
                  "dac history --verify --checkpoint FILE --verifier KEY");
    }
    return;
  }
  const std::array<std::pair<bool, const char*>, 7> narrowing{{{target.has_value(), "a TARGET"},
                                                               {seller.has_value(), "--seller"},
                                                               {since.has_value(), "--since"},
                                                               {until.has_value(), "--until"},
                                                               {after.has_value(), "--after"},
                                                               {!events.empty(), "--event"},
                                                               {actor.has_value(), "--actor"}}};
  for (const auto& [given, what] : narrowing) {
    if (given) {
      throw_usage(std::string("--verify checks the whole history; it cannot be combined with ") + what,
                  "run dac history --verify alone");
    }
  }
  if (checkpoints.empty() != verifiers.empty()) {
    throw_usage(checkpoints.empty() ? "--verifier needs a --checkpoint FILE to check"
                                    : "--checkpoint needs the --verifier KEY that signed it",
                "dac history --verify --checkpoint FILE --verifier KEY");
  }
}

app::HistoryQuery HistoryOptions::query(Instant now) const {
  return {target,
          seller,
          parse_time_option(since, "--since", now, false),
          parse_time_option(until, "--until", now, false),
          parse_after(after),
          parse_event_types(events),
          actor};
}

}  // namespace dac::cli
