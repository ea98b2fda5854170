#pragma once

#include <chrono>
#include <functional>

#include "dac/core/rules.hpp"
#include "dac/store/store.hpp"

// The use cases every command calls (docs/architecture.md): each takes the
// store and "now", applies the rules and commits; the CLI only reads options
// and prints.
namespace dac::app {

// A change to make to the locked state, adding its events and notices to the outcome.
using Change = std::function<void(State&, rules::Outcome&)>;

// How a write is made.
struct WriteOptions {
  // How long to wait for the store lock (ErrorKind::Busy after).
  std::chrono::milliseconds wait{std::chrono::seconds(10)};
  // Apply the change in memory and write nothing.
  bool dry_run = false;
  // Told, once the lock is held, how long taking it took.
  std::function<void(std::chrono::milliseconds)> on_locked;
  // Told what the change produced, before anything is written (to show its notices).
  std::function<void(const rules::Outcome&)> before_commit;
};

// What a write did, and the state it left.
struct Applied {
  rules::Outcome outcome;
  State state;
};

// Under the store lock: refuses a `now` before the store's last write (R13),
// records the suspensions due at `now` (R5), applies `change`, records those
// it brought due (among them a late grant's that came due in a period of
// confirmation ended since: rules::record_late_suspension), and commits all
// the events in one write (none with `dry_run`).
[[nodiscard]] Applied apply_change(Store& store, Instant now, const WriteOptions& options, const Change& change);

// The same on `scope` of the inventory (Store::begin): for a change that reads
// and touches only authorisations in it, R5's due ones at `now` being in every
// Scope::part(…, now).
[[nodiscard]] Applied apply_change(Store& store, Instant now, const WriteOptions& options, const Scope& scope,
                                   const Change& change);

}  // namespace dac::app
