#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dac/app/verify.hpp"  // verify_history, what `history --verify` runs
#include "dac/store/store.hpp"

namespace dac::app {

// Which events `history` shows: each field given narrows the selection.
struct HistoryQuery {
  std::optional<std::string> target;  // a developer ID or nickname
  std::optional<std::string> seller;
  std::optional<Instant> since;        // effective at or after
  std::optional<Instant> until;        // effective at or before
  std::optional<std::uint64_t> after;  // recorded after the event with this seq
  std::vector<EventType> types;        // of one of these types (empty: any)
  std::optional<std::string> actor;    // made by exactly this actor
};

// A snapshot of the store and the events of its history that a query selects.
struct History {
  State state;
  std::vector<Event> events;
};

// Loads the store and reads the committed events `query` selects, in order,
// each with the nickname its authorisation had at that event (see select_events).
[[nodiscard]] History read_history(Store& store, const HistoryQuery& query);

// The committed events of the snapshot `state` that `query` selects, in the
// order they were recorded. Each event's `nickname` is set to the nickname its
// authorisation had at that event: the one of the latest `granted` event of
// the same seller and developer recorded at or before it; for an event before
// any grant that carries one (a store written by format 1), the nickname of
// the `inventory_recorded` event's inventory, else of the stored inventory.
// Seller-wide events have none.
[[nodiscard]] std::vector<Event> select_events(Store& store, State& state, const HistoryQuery& query);

}  // namespace dac::app
