#include "dac/core/select.hpp"

#include <tuple>

namespace dac {

bool expires_within(const rules::View& view, Instant at, Instant horizon) noexcept {
  return view.status == Status::Active && view.expires_at && at < *view.expires_at && *view.expires_at <= horizon;
}

namespace {

// Whether the status of `view` is one `query` asks for.
bool status_matches(const Query& query, Status s) noexcept {
  if (query.status) return s == *query.status;
  return query.all_statuses || s != Status::Revoked;
}

// Whether `auth` is one of the seller, developer and own account `query` asks for.
bool owner_matches(const Query& query, const Authorization& auth) noexcept {
  if (query.seller && auth.seller_id != *query.seller) return false;
  if (query.developer && auth.developer_id != *query.developer) return false;
  if (query.own && !auth.own) return false;
  return !(query.no_own && auth.own);
}

}  // namespace

bool matches(const Query& query, const Authorization& auth, const rules::View& view, Instant at) noexcept {
  if (!status_matches(query, view.status)) return false;
  if (query.expired && view.status != Status::Suspended) return false;
  if (query.expiring_by && !expires_within(view, at, *query.expiring_by)) return false;
  if (query.attention_by && view.status != Status::Suspended && !expires_within(view, at, *query.attention_by)) {
    return false;
  }
  return owner_matches(query, auth);
}

bool default_less(const Record& a, const Record& b) noexcept {
  const bool a_none = !a.view.expires_at;
  const bool b_none = !b.view.expires_at;
  if (a_none != b_none) return b_none;
  if (!a_none && *a.view.expires_at != *b.view.expires_at) return *a.view.expires_at < *b.view.expires_at;
  return std::tie(a.auth->seller_id, a.auth->developer_id) < std::tie(b.auth->seller_id, b.auth->developer_id);
}

}  // namespace dac
