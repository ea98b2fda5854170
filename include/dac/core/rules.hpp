#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dac/core/model.hpp"

// The Developer Access Confirmation rules (SPEC §1) as pure functions of
// (state, now): they change the state in memory and return the events to
// record. They never read a clock or touch a file.
namespace dac::rules {

// How long a grant or confirmation lasts (R2, R4).
inline constexpr int k_access_months = 12;

// The actor recorded on events that no person caused (R5 suspensions).
inline constexpr std::string_view k_automatic_actor = "dac";

// What a reader sees of an authorisation at an instant (R3, R4, R8a, R9).
struct View {
  Status status = Status::Active;
  Instant last_confirmed_at;
  std::optional<Instant> expires_at;
  std::optional<std::int64_t> days_left;
};

[[nodiscard]] View view(const State& state, const Authorization& auth, Instant at);

// Who makes a change, and why (R11).
struct Actor {
  std::string name;
  std::optional<std::string> reason;
};

// What a write rule produced: events to record and notices for the user.
struct Outcome {
  std::vector<Event> events;
  std::vector<std::string> notices;
};

// R13: refuses (ErrorKind::Refused) a write at `now` before the store's last
// write, naming both instants.
void require_time_forward(const State& state, Instant now);

// R5: suspends every active authorisation whose expiry has come by `now`,
// each as an event dated at its expiry instant (in expiry order).
void record_due_suspensions(State& state, Instant now, Outcome& out);

// A span in which a seller's confirmation was on: from the instant it was
// switched on to the disable that ended it (both as they took effect).
struct OnPeriod {
  Instant from;
  Instant until;
};

// R5 for a grant recorded late (`--at` before the seller's last disable):
// `closed` are the seller's on-periods that ended after the authorisation date,
// in order. In the first one where its expiry came (at or before the disable;
// the instant counts), the active, non-own `auth` is suspended at that
// expiry, with the dates it had then (R8a), and the suspension is recorded:
// it stays suspended whatever the switch did since (R1). Nothing otherwise.
void record_late_suspension(Authorization& auth, const std::vector<OnPeriod>& closed, Instant now, Outcome& out);

// R8a: what an authorisation keeps when it stops being active (suspended or
// revoked at `ended_at`): an active one freezes its date last confirmed.
void freeze(const Seller& seller, Authorization& auth, Status status, Instant ended_at);

// R3 for an active authorisation in an on-period that began at `from`, as it
// stood at `at`: its date, the period's start, and a date last confirmed
// (imported) made before `at`. What record_late_suspension freezes, and so
// what the replay freezes for the suspension it recorded.
[[nodiscard]] Instant last_confirmed_in_period(const Authorization& auth, Instant from, Instant at);

// Adds a seller; confirmation on from `enabled_at`, or off when it is empty.
void add_seller(State& state, const std::string& seller_id, const std::string& name, std::optional<Instant> enabled_at,
                Instant now, const Actor& actor, Outcome& out);

// What `grant` is given (R2, R10).
struct GrantRequest {
  std::string seller_id;
  std::string developer_id;
  std::string nickname;
  std::string token;
  Instant authorized_at;
  bool own = false;
  std::optional<Instant> last_confirmed_at;  // from an import of another store
};

// R2, R10; R13: a re-grant's date may not be before the revocation it follows.
void grant(State& state, const GrantRequest& request, Instant now, const Actor& actor, Outcome& out);

// R6, R7, R8 on one authorisation of `state`; refusals throw ErrorKind::Refused.
void confirm(State& state, Authorization& auth, Instant now, const Actor& actor, Outcome& out);
void revoke(State& state, Authorization& auth, Instant now, const Actor& actor, Outcome& out);
void restore(State& state, Authorization& auth, Instant now, const Actor& actor, Outcome& out);

// R1: switches confirmation on (from `at`) or off for one seller. R13: `at`
// may not be before the seller's last switch (enabled_at or disabled_at).
void enable(State& state, Seller& seller, Instant at, Instant now, const Actor& actor, Outcome& out);
void disable(State& state, Seller& seller, Instant now, const Actor& actor, Outcome& out);

// What "no seller X in the store" suggests unless told otherwise.
inline constexpr std::string_view k_see_sellers_hint = "see the sellers with: dac seller list";

// The seller `seller_id` of `state`; ErrorKind::NotFound "no seller X in the
// store" with `hint` (none when empty) when there is none.
[[nodiscard]] const Seller& require_seller(const State& state, std::string_view seller_id,
                                           std::string_view hint = k_see_sellers_hint);
[[nodiscard]] Seller& require_seller(State& state, std::string_view seller_id,
                                     std::string_view hint = k_see_sellers_hint);

// The seller a command applies to: the one named, or the only one in the store.
[[nodiscard]] Seller& pick_seller(State& state, const std::optional<std::string>& seller_id);

// Resolves a TARGET (developer ID or case-insensitive nickname), narrowed by seller.
[[nodiscard]] Authorization& find_target(State& state, std::string_view target,
                                         const std::optional<std::string>& seller_id);

// A short human name for an authorisation in messages: "Khaos Control (123456789012)".
[[nodiscard]] std::string describe(const Authorization& auth);

}  // namespace dac::rules
