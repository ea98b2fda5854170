#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dac/app/confirm.hpp"
#include "dac/app/targets.hpp"
#include "dac/cli/context.hpp"

namespace dac::cli {

using app::AuthKey;
using app::keys_of;
using app::resolve_targets;

// Prints the given authorisations of `state` as `list` would, as of now.
void print_affected(Context& ctx, const State& state, const std::vector<AuthKey>& keys);

// Prints what a dry run would change: each authorisation of `after` with its
// expiry before (`before`, one per key) and after. A table shows both side by
// side; JSON and CSV give the rows as `list` would after the change, each with
// `previous_expires_at`.
void print_expiry_changes(Context& ctx, const State& after, const std::vector<AuthKey>& keys,
                          const std::vector<std::optional<Instant>>& before);

// Says what `confirm` did, or with `dry_run` would do: the rows, or the
// expiry changes, and a notice when `--all` selected none.
void print_confirmed(Context& ctx, const app::Confirmed& done, bool all, bool dry_run);

}  // namespace dac::cli
