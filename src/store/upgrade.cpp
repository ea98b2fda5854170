#include "upgrade.hpp"

#include <string>

#include "dac/core/rules.hpp"
#include "dac/store/store.hpp"

namespace dac::upgrade {

namespace {

// The one event that upgrades a format-1 store: the whole inventory as it
// stood at the store's last write, recorded by dac itself.
Event inventory_recorded(const Inventory& inventory, const State& state, Instant now) {
  Event e;
  e.type = EventType::InventoryRecorded;
  e.effective_at = state.written_at.value_or(now);
  e.recorded_at = now;
  e.actor = std::string(rules::k_automatic_actor);
  e.inventory = inventory;
  return e;
}

}  // namespace

std::shared_ptr<const Inventory> inventory_to_record(const State& loaded) {
  if (!loaded.store_id.empty()) return nullptr;
  auto inventory = std::make_shared<Inventory>();
  inventory->sellers = loaded.sellers;
  inventory->authorizations = loaded.authorizations;
  for (Authorization& a : inventory->authorizations) a.token.reset();
  return inventory;
}

void commit(State& state, std::shared_ptr<const Inventory>& pending, std::vector<Event> events, Instant now,
            const std::function<void(std::vector<Event>&)>& write) {
  if (events.empty() || !pending) {
    write(events);
    return;
  }
  events.insert(events.begin(), inventory_recorded(*pending, state, now));
  const std::uint64_t events_before = state.history.events;
  state.store_id = new_store_id();
  try {
    write(events);
  } catch (...) {
    if (state.history.events == events_before) state.store_id.clear();  // not committed: still format 1
    throw;
  }
  pending.reset();
}

}  // namespace dac::upgrade
