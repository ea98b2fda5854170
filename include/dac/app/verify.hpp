#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dac/store/store.hpp"

namespace dac::app {

// What `history --verify` found (R11, R12).
struct Verified {
  bool ok = true;
  std::uint64_t events = 0;  // events whose chain was checked
  std::string head;          // the hash of the history's last event, as the store records it
  std::string problem;       // the first thing that does not match; empty when ok
  std::string hint;          // what to do about it; empty when ok
};

// Checks the hash chain of the store's history, then each checkpoint in
// `checkpoint_files` against `verifiers` (check_checkpoints), then rebuilds
// the inventory from the history (Replay) and compares it with the stored
// one, naming the first event, checkpoint, authorisation or seller that does
// not match. The checkpoints come before the inventory: a history cut or
// rewritten below a checkpoint also rebuilds another inventory, and the cut is
// the cause. A failed check is a report with `ok` false, not an exception;
// a store that cannot be read at all throws, and so do unusable checkpoint
// arguments (ErrorKind::Usage).
[[nodiscard]] Verified verify_history(Store& store, const std::vector<std::string>& checkpoint_files = {},
                                      const std::vector<std::string>& verifiers = {});

// Throws the store error (exit 4) for a failed check; nothing when `verified.ok`.
void require_intact(const Verified& verified);

// The first difference between the inventory rebuilt from the history and
// the stored one (sellers in stored order, then authorisations), as a
// sentence naming the seller and developer, the field and both values; a
// token only as "present" or "absent". Nothing when they are the same.
// Format 1 (`stored.store_id` empty) records no seller's disabled_at.
[[nodiscard]] std::optional<std::string> inventory_difference(const State& rebuilt, const State& stored);

}  // namespace dac::app
