#pragma once

#include <string>
#include <vector>

#include "dac/core/select.hpp"

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

}  // namespace dac::app
