#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "dac/core/select.hpp"

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
  // `list --attention [DUR]`: what needs attention, i.e. active and expiring
  // within DUR, or suspended.
  std::optional<std::string> attention;

  // Adds the filter options; `--seller` is added by the caller where it also narrows targets.
  void add_to(CLI::App& command);

  // Adds `--attention [DUR]` (list only: confirm cannot act on suspended ones).
  void add_attention_to(CLI::App& command);

  // Whether any filter was given.
  [[nodiscard]] bool any() const noexcept {
    return expiring || expired || status || developer || own || no_own || attention;
  }

  // Refuses bad values and filters that contradict each other (no row could
  // match them all) with exit 2, before the store is even opened.
  void check() const;

  // Refuses, for `confirm --all`, filters that select what it never confirms
  // (suspended, revoked, the own account).
  void check_for_confirm() const;

  // The query these filters ask for at `at` (for app::select).
  [[nodiscard]] Query query(Instant at) const;
};

}  // namespace dac::cli
