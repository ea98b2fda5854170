#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dac/app/apply.hpp"
#include "dac/app/targets.hpp"
#include "dac/core/select.hpp"

namespace dac::app {

// What `confirm` is asked to confirm.
struct ConfirmRequest {
  // The targets (IDs or nicknames), or, with `all`, what `query` selects less `exclude`.
  std::vector<std::string> targets;
  bool all = false;
  // With `all`, which ones; its seller narrows the targets too.
  Query query;
  std::vector<std::string> exclude;
  // When set, only these are confirmed: what a person agreed to before the lock was taken.
  std::optional<std::vector<AuthKey>> agreed;
  rules::Actor actor;
};

// What a confirmation did: the authorisations confirmed, each one's expiry
// before, and the state after.
struct Confirmed {
  std::vector<AuthKey> keys;
  std::vector<std::optional<Instant>> before;
  Applied applied;
};

// What confirming `request` at `now` reads of the store (Store::begin): the
// named targets' records (scope_of_targets); for --all with --expiring or
// --attention, the active ones that expire by its horizon and the --exclude
// ones; otherwise everything. The due ones (R5) are in each.
[[nodiscard]] Scope confirm_scope(const ConfirmRequest& request, Instant now);

// Confirms (R6) what `request` names or selects at `now`, in one write.
[[nodiscard]] Confirmed confirm(Store& store, Instant now, const WriteOptions& options, const ConfirmRequest& request);

}  // namespace dac::app
