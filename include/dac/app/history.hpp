#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dac/app/verify.hpp"  // verify_history, what `history --verify` runs
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

}  // namespace dac::app
