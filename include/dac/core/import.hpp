#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dac/core/error.hpp"
#include "dac/core/rules.hpp"

namespace dac {

// A row of an import that cannot be applied, and why.
struct ImportProblem {
  std::size_t line = 0;
  ErrorKind kind = ErrorKind::Usage;  // Usage: bad value; Refused: already held
  std::string message;
};

// What an import would do: every grant, or every problem that stops it.
struct ImportPlan {
  std::vector<rules::GrantRequest> grants;
  std::vector<ImportProblem> problems;
  std::size_t skipped = 0;  // rows for authorisations already held (--skip-existing)
};

// Validates every row of a CSV import (SPEC §3 `dac import`) against `state`
// at `now`, without changing anything. Rows without a seller_id go to
// `default_seller`, or to the store's only seller.
[[nodiscard]] ImportPlan plan_import(const State& state, std::string_view csv, const std::string& where,
                                     const std::optional<std::string>& default_seller, bool skip_existing, Instant now);

}  // namespace dac
