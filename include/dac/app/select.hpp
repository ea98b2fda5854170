#pragma once

#include <string>
#include <vector>

#include "dac/core/select.hpp"
#include "dac/store/store.hpp"

namespace dac::app {

// The records of `state` that `query` selects at `at`: in SPEC §4 order, or
// with `sorted` false in the stored order (for a caller that sorts what it
// keeps). NotFound when the query names a seller the store does not hold.
[[nodiscard]] std::vector<Record> select(const State& state, const Query& query, Instant at, bool sorted = true);

// What `confirm --all` confirms: the active authorisations other than the
// sellers' own that `query` selects at `at`, less those `exclude` names (IDs
// or nicknames, narrowed by the query's seller), in SPEC §4 order.
[[nodiscard]] std::vector<Authorization*> select_to_confirm(State& state, const Query& query,
                                                            const std::vector<std::string>& exclude, Instant at);

// Whether something in `stored`'s history was recorded after `at`, so that
// the stored inventory is not the picture at `at` (SPEC §2). False costs
// nothing: every event took effect no later than it was recorded.
[[nodiscard]] bool recorded_after(const State& stored, Instant at) noexcept;

// The inventory as it stood at `at`, rebuilt from the history of `store`
// (whose loaded state is `stored`): sellers and authorisations as the
// events that took effect by `at` left them, each with its token only if
// that grant still holds it now. Reminders, the history head and the store
// id are `stored`'s; written_at is the last recording by `at`.
[[nodiscard]] State replay_to(Store& store, const State& stored, Instant at);

// The inventory a read shows at `at`: `stored` itself when nothing was
// recorded after `at`, else replay_to.
[[nodiscard]] State inventory_at(Store& store, State stored, Instant at);

}  // namespace dac::app
