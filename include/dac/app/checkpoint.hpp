#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dac/store/store.hpp"

// Checkpoints (SPEC §7): signed notes "the history held N events ending in
// hash H", made with a signer key kept away from the store, checked later
// against the history with the verifier key. docs/checkpoints.md.
namespace dac::app {

// What `dac key generate` made: where the signer key went, and the verifier key to hand out.
struct GeneratedKey {
  std::filesystem::path signer_file;
  std::string verifier;  // `<name>+<hash>+<base64>`
};

// Writes a new Ed25519 signer key named `name` to `file`, owner-only (0600),
// refusing an existing file (ErrorKind::Usage for a bad name or an existing
// file, ErrorKind::Store when it cannot be written).
[[nodiscard]] GeneratedKey generate_key(const std::string& name, const std::filesystem::path& file);

// The text of the checkpoint of `state`'s head:
// `dac-history <store id>\n<N>\n<hash of event N, 64 zeros when N is 0>\n`.
// ErrorKind::Store when the store has no id yet (format 1: any write upgrades it).
[[nodiscard]] std::string checkpoint_text(const State& state);

// The signed checkpoint of `store`'s head, signed with the signer key in
// `key_file` (which must be owner-only, as the store). Reads state.json only,
// never the history, and writes nothing to the store.
[[nodiscard]] std::string make_checkpoint(Store& store, const std::filesystem::path& key_file);

// What checking checkpoints against a history found.
struct CheckpointCheck {
  bool ok = true;
  std::string problem;  // the checkpoint file and what failed; empty when ok
};

// Checks each checkpoint file against the history of `state` (a snapshot of
// `store`): a signed note, signed by one of `verifiers` (each a verifier key,
// or a file holding one), for this store's id, and event N of the history
// still has hash H (read up to N through Store::read_history). A checkpoint
// that does not hold, whatever the reason (malformed or cut note, edited
// text, another store, no given key, a history rewritten or cut below N),
// gives ok=false naming the first such file. Arguments that cannot be used
// throw dac::Error (ErrorKind::Usage): a checkpoint file or verifier that
// cannot be read, a malformed verifier key, checkpoints without verifiers.
[[nodiscard]] CheckpointCheck check_checkpoints(Store& store, const State& state,
                                                const std::vector<std::string>& checkpoint_files,
                                                const std::vector<std::string>& verifiers);

}  // namespace dac::app
