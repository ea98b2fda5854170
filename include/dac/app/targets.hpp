#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dac/core/model.hpp"
#include "dac/store/store.hpp"

namespace dac::app {

// The key of an authorisation: (seller ID, developer ID).
using AuthKey = std::pair<std::string, std::string>;

// Resolves each TARGET (ID or nickname, narrowed by `seller`); one that is
// missing or ambiguous fails the whole command. Duplicates are dropped.
[[nodiscard]] std::vector<Authorization*> resolve_targets(State& state, const std::vector<std::string>& targets,
                                                          const std::optional<std::string>& seller);

// What a command on `targets` reads (Store::begin): when every target is a
// developer ID, those authorisations (only `seller`'s when it is set) and
// the active ones that expire by `horizon`; a nickname can name any record,
// so then everything.
[[nodiscard]] Scope scope_of_targets(const std::vector<std::string>& targets, const std::optional<std::string>& seller,
                                     std::optional<Instant> horizon);

// The keys of some authorisations.
[[nodiscard]] std::vector<AuthKey> keys_of(const std::vector<Authorization*>& auths);

}  // namespace dac::app
