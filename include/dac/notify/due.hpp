#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dac/core/model.hpp"
#include "dac/core/rules.hpp"

// Reminders before access lapses (dac notify), as pure functions of
// (state, now): which reminders are due, and recording those delivered. They
// never read a clock, touch a file or the network.
namespace dac::notify {

// The milestone name of a reminder that access was suspended.
inline constexpr std::string_view k_suspended = "suspended";

// A point before expiry at which a reminder is due: "30d" is due once
// now + 30d reaches the expiry (the `list --expiring 30d` window).
struct Milestone {
  Duration before;
  std::string name;  // as recorded: format_duration(before)
};

// The default milestones: 30d, 7d, 1d.
[[nodiscard]] std::vector<Milestone> default_milestones();

// Parses "30d,14d,7d,1d" (any order; each a positive duration, no repeats)
// into milestones, widest first. A usage error names the bad item.
[[nodiscard]] std::vector<Milestone> parse_milestones(const std::vector<std::string>& items);

// One authorisation that a reminder is due for on one channel.
struct Due {
  std::string seller_id;
  std::string developer_id;
  std::string nickname;
  Status status = Status::Active;       // active, or suspended
  Instant expires_at;                   // the expiry it is about (for suspended ones, when it was suspended)
  std::int64_t days_left = 0;           // whole days from now to expires_at (negative once past)
  std::string milestone;                // the one reported: the nearest due milestone, or "suspended"
  std::vector<std::string> milestones;  // every due milestone not yet sent: all are recorded once sent
};

// The order in which a message lists reminders: what can still be saved
// first (active ones, soonest expiry first), then the new suspensions (the
// most recent first); then by seller and developer. A chat message that
// lists only the first 40 so never drops an expiring one for an old suspension.
[[nodiscard]] bool message_order(const Due& a, const Due& b);

// What `due` looks at.
struct DueQuery {
  std::vector<Milestone> milestones;
  std::string channel;
  std::optional<std::string> seller;  // only this seller
};

// The reminders due at `now` on `query.channel`: active authorisations whose
// nearest reached milestone was not yet sent for that expiry, and suspended
// ones whose suspension was not yet reported. Own accounts and authorisations
// without an expiry are never due; revoked ones neither. In message_order.
[[nodiscard]] std::vector<Due> due(const State& state, Instant now, const DueQuery& query);

// Records the reminders delivered on `channel` at `now`: each milestone not
// already recorded (another run may have), and a `reminded` event per
// authorisation that got something new.
void record_sent(State& state, const std::vector<Due>& sent, std::string_view channel, Instant now,
                 const rules::Actor& actor, rules::Outcome& out);

// Drops reminders that can never matter again: those about an expiry that is
// no longer the authorisation's (it was confirmed, restored, revoked or
// regranted) and those of authorisations no longer in the store.
void prune(State& state, Instant now);

}  // namespace dac::notify
