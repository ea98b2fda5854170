#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "dac/core/model.hpp"

// The upgrade of a format-1 store (it has no store id) by its first write,
// the same on every backend: one `inventory_recorded` event, recording the
// inventory as it was loaded, tokens left out, before the write's own events
// (R12, docs/store-format.md).
namespace dac::upgrade {

// The inventory a write to `loaded` must record first, or null when `loaded`
// is format 2 already.
[[nodiscard]] std::shared_ptr<const Inventory> inventory_to_record(const State& loaded);

// Commits `events` to `state` through `write` (which appends them and writes
// the state, all or nothing, or throws): when `pending` holds an inventory
// (and there are events), with the upgrade's event first and a new store id,
// after which `pending` is cleared. On a failure the state is format 1 again.
void commit(State& state, std::shared_ptr<const Inventory>& pending, std::vector<Event> events, Instant now,
            const std::function<void(std::vector<Event>&)>& write);

}  // namespace dac::upgrade
