#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "dac/app/history.hpp"

namespace dac::cli {

// The options of `history` (SPEC §3): what selects events, and --verify with
// its checkpoints.
struct HistoryOptions {
  std::optional<std::string> target;
  std::optional<std::string> seller;
  std::optional<std::string> since;
  std::optional<std::string> until;
  std::optional<std::string> after;
  std::vector<std::string> events;
  std::optional<std::string> actor;
  bool verify = false;
  std::vector<std::string> checkpoints;
  std::vector<std::string> verifiers;

  // Adds TARGET and the options to `command`.
  void add_to(CLI::App& command);

  // Refuses, with exit 2 before the store is opened, --verify narrowed by
  // TARGET or a selecting option (it always checks the whole history),
  // --checkpoint or --verifier without --verify or without each other, and a
  // malformed --after or --event.
  void check() const;

  // The selection these options ask for; times are read at `now`.
  [[nodiscard]] app::HistoryQuery query(Instant now) const;
};

}  // namespace dac::cli
