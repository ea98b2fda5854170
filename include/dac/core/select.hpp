#pragma once

#include <optional>
#include <string>

#include "dac/core/model.hpp"
#include "dac/core/rules.hpp"

// Which authorisations a query selects at an instant (the filters of `list`,
// `confirm --all`, `check`), as pure functions of the records and the rules' view.
namespace dac {

// An authorisation together with what the rules say of it at one instant.
struct Record {
  const Authorization* auth = nullptr;
  rules::View view;
};

// Whether an authorisation seen as `view` at `at` is active and expires after
// `at` but no later than `horizon` ("expiring within D", with horizon = at + D).
[[nodiscard]] bool expires_within(const rules::View& view, Instant at, Instant horizon) noexcept;

// What a selection asks for; every field left empty selects everything but the revoked ones.
struct Query {
  std::optional<Instant> expiring_by;   // --expiring: active and expiring within, up to this horizon
  bool expired = false;                 // --expired: suspended ones
  std::optional<Status> status;         // --status (none: all but revoked, unless all_statuses)
  bool all_statuses = false;            // --status all
  std::optional<Instant> attention_by;  // --attention: suspended, or active and expiring up to this horizon
  std::optional<std::string> seller;
  std::optional<std::string> developer;  // a parsed developer ID
  bool own = false;
  bool no_own = false;
};

// Whether `query`, asked at `at`, selects the authorisation `auth` seen as `view`.
[[nodiscard]] bool matches(const Query& query, const Authorization& auth, const rules::View& view, Instant at) noexcept;

// The default order of SPEC §4: expires_at ascending (nulls last), then seller, then developer.
[[nodiscard]] bool default_less(const Record& a, const Record& b) noexcept;

}  // namespace dac
