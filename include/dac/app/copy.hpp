#pragma once

#include <cstdint>
#include <string>

#include "dac/store/store.hpp"

namespace dac::app {

// What `dac store copy` made.
struct Copied {
  std::string to;  // the new store's location, as messages show it
  std::uint64_t sellers = 0;
  std::uint64_t authorizations = 0;
  std::uint64_t events = 0;
  std::string head;  // the hash of the last event, the same in both stores
};

// Copies the whole store (inventory, tokens, reminders, history) to a new
// store at `location`, of either backend, after checking the source
// (history --verify); then checks the copy the same way and that it ends at
// the same head. A source or a copy that fails its check is a store error;
// a location that holds a store already is refused.
[[nodiscard]] Copied copy_store(Store& from, const std::string& location);

}  // namespace dac::app
