// Which part of the inventory a command reads (Store::begin and Store::load).
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "dac/core/rules.hpp"
#include "dac/store/store.hpp"

namespace dac {

// 12 calendar months are never shorter than 365 days (a 29 February moves to
// the 28th, exactly 365 days on): an authorisation whose 12 months end by
// `horizon` was confirmed 365 days before it or earlier, whatever R3 adds to
// that confirmation (a seller's enabling only moves it later).
static_assert(rules::k_access_months == 12, "Scope::part's bound is for 12 months");
inline constexpr std::chrono::days k_shortest_access{365};

Scope Scope::part(std::vector<std::string> developer_ids, Instant horizon) {
  Scope scope;
  scope.whole = false;
  scope.developer_ids = std::move(developer_ids);
  scope.active_confirmed_by = horizon - k_shortest_access;
  return scope;
}

}  // namespace dac
