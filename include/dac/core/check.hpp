#pragma once

#include <optional>
#include <string>

#include "dac/core/model.hpp"

namespace dac {

// Nagios plugin states and their exit codes.
enum class CheckState : int { Ok = 0, Warning = 1, Critical = 2, Unknown = 3 };

// The thresholds of `dac check`.
struct CheckLimits {
  Duration warn;
  Duration crit;
  std::optional<std::string> seller;  // only this seller
};

// The one line `dac check` prints, and its state.
struct CheckResult {
  CheckState state = CheckState::Unknown;
  std::string line;
};

// Evaluates the store at `now`: CRITICAL when anything is suspended or expires
// within `crit`, WARNING within `warn`, else OK; with Nagios performance data
// (expiring, suspended, active, and min_days_left, "U" when nothing expires).
[[nodiscard]] CheckResult run_check(const State& state, Instant now, const CheckLimits& limits);

// The UNKNOWN line for an error that stopped the check.
[[nodiscard]] CheckResult unknown_check(const std::string& why);

}  // namespace dac
