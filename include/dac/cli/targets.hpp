#pragma once

#include <string>
#include <utility>
#include <vector>

#include "dac/cli/context.hpp"

namespace dac::cli {

// The key of an authorisation: (seller ID, developer ID).
using AuthKey = std::pair<std::string, std::string>;

// Resolves each TARGET (ID or nickname, narrowed by --seller); one that is
// missing or ambiguous fails the whole command. Duplicates are dropped.
[[nodiscard]] std::vector<Authorization*> resolve_targets(State& state, const std::vector<std::string>& targets,
                                                          const std::optional<std::string>& seller);

// Prints the given authorisations of `state` as `list` would, as of now.
void print_affected(Context& ctx, const State& state, const std::vector<AuthKey>& keys);

// Prints what a dry run would change: each authorisation of `after` with its
// expiry before (`before`, one per key) and after. A table shows both side by
// side; JSON and CSV give the rows as `list` would after the change, each with
// `previous_expires_at`.
void print_expiry_changes(Context& ctx, const State& after, const std::vector<AuthKey>& keys,
                          const std::vector<std::optional<Instant>>& before);

// The keys of some authorisations.
[[nodiscard]] std::vector<AuthKey> keys_of(const std::vector<Authorization*>& auths);

}  // namespace dac::cli
