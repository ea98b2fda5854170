#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dac/store/store.hpp"

namespace dac::app {

// Which events `history` shows.
struct HistoryQuery {
  std::optional<std::string> target;  // a developer ID or nickname
  std::optional<std::string> seller;
  std::optional<Instant> since;  // effective at or after
};

// A snapshot of the store and the events of its history that a query selects.
struct History {
  State state;
  std::vector<Event> events;
};

// Loads the store and reads the committed events `query` selects, in order.
[[nodiscard]] History read_history(Store& store, const HistoryQuery& query);

// What a verified history holds.
struct Verified {
  std::uint64_t events = 0;
  std::string head;  // the hash of its last event
};

// Checks the hash chain of the store's history; ErrorKind::Store naming the
// first problem when it was changed outside dac.
[[nodiscard]] Verified verify_history(Store& store);

}  // namespace dac::app
