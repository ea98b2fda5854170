#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "dac/app/apply.hpp"
#include "dac/core/import.hpp"

namespace dac::app {

// What `import` is asked to import.
struct ImportRequest {
  std::string text;                   // the CSV
  std::string where;                  // its name, for messages ("stdin" or the path)
  std::optional<std::string> seller;  // of rows without a seller_id
  bool skip_existing = false;
  rules::Actor actor;
  // Told the plan when some rows cannot be imported, before the import is refused.
  std::function<void(const ImportPlan&)> report_problems;
  // Told after each row is granted: how many so far, out of how many.
  std::function<void(std::size_t, std::size_t)> progress;
};

// What an import did.
struct Imported {
  ImportPlan plan;
  std::size_t suspended = 0;  // rows already past their expiry, recorded as suspended (R5)
  Applied applied;
};

// Checks every row against the locked store and grants them all in one write,
// or none: Usage (or Refused, when every problem is a row already held)
// "N rows cannot be imported; nothing was written".
[[nodiscard]] Imported import_csv(Store& store, Instant now, const WriteOptions& options, const ImportRequest& request);

}  // namespace dac::app
