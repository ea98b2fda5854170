#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "cli/output.hpp"

namespace dac::cli {

// The filters of `list` (and of `confirm --all`): SPEC §3.
struct Filters {
  std::optional<std::string> expiring;
  bool expired = false;
  std::optional<std::string> status;
  std::optional<std::string> seller;
  std::optional<std::string> developer;
  bool own = false;
  bool no_own = false;

  // Adds the filter options; `--seller` is added by the caller where it also narrows targets.
  void add_to(CLI::App& command);

  // Whether any filter was given.
  [[nodiscard]] bool any() const noexcept { return expiring || expired || status || developer || own || no_own; }

  // Refuses bad values (exit 2) before the store is even opened.
  void check() const;

  // Validates the values and keeps the rows that match them at `at`.
  [[nodiscard]] std::vector<Row> apply(const State& state, std::vector<Row> rows, Instant at) const;
};

}  // namespace dac::cli
