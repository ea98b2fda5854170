#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "dac/app/confirm.hpp"
#include "dac/app/select.hpp"
#include "fixture.hpp"

using dac::ErrorKind;
using dac::Instant;
using dac::Query;
using dac::Record;
using dac::State;
using dac::Status;
using dac::test::at;
using dac::test::error_from;
using dac::test::k_app_actor;
using dac::test::k_app_seller;
namespace app = dac::app;
namespace rules = dac::rules;

namespace {

// Granted 2025-02-01: expires 2026-02-01T00:00:00Z.
const Instant k_expiry = at("2026-02-01T00:00:00Z");

std::vector<std::string> developers(const std::vector<Record>& records) {
  std::vector<std::string> out;
  out.reserve(records.size());
  for (const Record& r : records) out.push_back(r.auth->developer_id);
  return out;
}

std::vector<std::string> developers(const std::vector<dac::Authorization*>& auths) {
  std::vector<std::string> out;
  out.reserve(auths.size());
  for (const dac::Authorization* a : auths) out.push_back(a->developer_id);
  return out;
}

}  // namespace

TEST_CASE_METHOD(dac::test::AppStore, "expires_within at its boundaries", "[app][select]") {
  grant("111122223333", at("2025-02-01T00:00:00Z"));
  const State state = store->load();
  const dac::Authorization& auth = state.authorizations.front();
  const Instant now = at("2026-01-01T00:00:00Z");
  const rules::View view = rules::view(state, auth, now);
  REQUIRE(view.expires_at == k_expiry);

  // Exactly at the horizon: within.
  CHECK(dac::expires_within(view, now, k_expiry));
  // The horizon one second before the expiry: not within.
  CHECK_FALSE(dac::expires_within(view, now, k_expiry - std::chrono::seconds(1)));
  // One second before the expiry, it is still active and within any later horizon.
  const Instant last_second = k_expiry - std::chrono::seconds(1);
  CHECK(dac::expires_within(rules::view(state, auth, last_second), last_second, k_expiry));
  // At the expiry instant it is expired (R5), so never "expiring".
  CHECK_FALSE(dac::expires_within(rules::view(state, auth, k_expiry), k_expiry, at("2027-01-01T00:00:00Z")));
}

TEST_CASE_METHOD(dac::test::AppStore, "select at an instant, through the query's horizon", "[app][select]") {
  grant("111122223333", at("2025-02-01T00:00:00Z"));                // expires 2026-02-01
  grant("444455556666", at("2025-02-01T00:00:01Z"));                // one second later
  grant("777788889999", at("2025-03-01T00:00:00Z"));                // expires 2026-03-01
  grant("999900001111", at("2025-02-01T00:00:00Z"), /*own=*/true);  // never expires
  const State state = store->load();
  const Instant now = at("2026-01-01T00:00:00Z");
  Query q;
  q.expiring_by = k_expiry;
  CHECK(developers(app::select(state, q, now)) == std::vector<std::string>{"111122223333"});
  q.expiring_by = k_expiry + std::chrono::seconds(1);
  CHECK(developers(app::select(state, q, now)) == std::vector<std::string>{"111122223333", "444455556666"});

  // At the first expiry, that one is suspended: --expired selects it, --expiring no longer does.
  Query expired;
  expired.expired = true;
  CHECK(developers(app::select(state, expired, k_expiry)) == std::vector<std::string>{"111122223333"});
  q.expiring_by = at("2026-02-15T00:00:00Z");
  CHECK(developers(app::select(state, q, k_expiry)) == std::vector<std::string>{"444455556666"});

  // No filter: everything but the revoked, in SPEC order (the own account, which never expires, last).
  CHECK(developers(app::select(state, Query{}, now)) ==
        std::vector<std::string>{"111122223333", "444455556666", "777788889999", "999900001111"});

  Query unknown;
  unknown.seller = "Z9Y8X7W6V5U4T3";
  const dac::Error e = error_from([&] { (void)app::select(state, unknown, now); });
  CHECK(e.kind() == ErrorKind::NotFound);
  CHECK(std::string(e.what()) == "no seller Z9Y8X7W6V5U4T3 in the store");
  CHECK(e.hint() == "see the sellers with: dac seller list");
}

TEST_CASE_METHOD(dac::test::AppStore, "confirm --all selects the active ones, less own and excluded", "[app][select]") {
  grant("777788889999", at("2025-03-01T00:00:00Z"));                // active, expires 2026-03-01
  grant("111122223333", at("2025-02-01T00:00:00Z"));                // active, expires 2026-02-01
  grant("444455556666", at("2024-12-01T00:00:00Z"));                // suspended since 2026-01-01 (enabled 2025-01-01)
  grant("999900001111", at("2025-02-01T00:00:00Z"), /*own=*/true);  // own: never confirmed
  grant("222233334444", at("2025-02-15T00:00:00Z"));                // excluded below
  const Instant now = at("2026-01-15T00:00:00Z");
  State state = store->load();
  Query q;
  q.expiring_by = at("2026-03-01T00:00:00Z");
  const std::vector<dac::Authorization*> chosen = app::select_to_confirm(state, q, {"Dev 222233334444"}, now);
  // In SPEC order, pointing into `state` itself.
  CHECK(developers(chosen) == std::vector<std::string>{"111122223333", "777788889999"});
  for (const dac::Authorization* a : chosen) CHECK(a == state.find(a->seller_id, a->developer_id));
  // Without a filter the own account is still left out, and so is the suspended one.
  CHECK(developers(app::select_to_confirm(state, Query{}, {}, now)) ==
        std::vector<std::string>{"111122223333", "222233334444", "777788889999"});

  // The write confirms only what was agreed to, even if more is selected by then.
  app::ConfirmRequest request;
  request.all = true;
  request.query = q;
  request.agreed = std::vector<app::AuthKey>{{k_app_seller, "777788889999"}};
  request.actor = k_app_actor;
  const app::Confirmed done = app::confirm(*store, now, {}, request);
  CHECK(done.keys == std::vector<app::AuthKey>{{k_app_seller, "777788889999"}});
  REQUIRE(done.before.size() == 1);
  CHECK(done.before[0] == at("2026-03-01T00:00:00Z"));
  const State after = store->load();
  CHECK(after.find(k_app_seller, "777788889999")->confirmed_at == now);
  CHECK_FALSE(after.find(k_app_seller, "111122223333")->confirmed_at.has_value());
  CHECK(after.find(k_app_seller, "444455556666")->status == Status::Suspended);
}

TEST_CASE("a command on developer IDs reads theirs; a nickname or an unbounded --all reads everything", "[scope]") {
  const Instant now = at("2026-01-15T00:00:00Z");
  // IDs in any accepted spelling, narrowed by --seller, with the due ones (R5) at the horizon.
  const dac::Scope ids = app::scope_of_targets({"1111-2222-3333", "444455556666"}, k_app_seller, now);
  CHECK_FALSE(ids.whole);
  CHECK(ids.developer_ids == std::vector<std::string>{"111122223333", "444455556666"});
  CHECK(ids.seller == k_app_seller);
  CHECK(ids.expiring_by == now);
  // A read of one: no horizon.
  const dac::Scope shown = app::scope_of_targets({"111122223333"}, std::nullopt, std::nullopt);
  CHECK_FALSE(shown.whole);
  CHECK_FALSE(shown.seller);
  CHECK_FALSE(shown.expiring_by);
  // One nickname among them: any record may be it.
  CHECK(app::scope_of_targets({"111122223333", "Repricer"}, std::nullopt, now).whole);

  app::ConfirmRequest request;
  request.targets = {"111122223333"};
  CHECK(app::confirm_scope(request, now).developer_ids == std::vector<std::string>{"111122223333"});
  request = {};
  request.all = true;
  CHECK(app::confirm_scope(request, now).whole);  // --all without a horizon may choose any record
  request.query.expiring_by = at("2026-03-01T00:00:00Z");
  request.query.attention_by = at("2026-02-14T00:00:00Z");
  request.exclude = {"777788889999"};
  const dac::Scope bounded = app::confirm_scope(request, now);
  CHECK_FALSE(bounded.whole);
  CHECK(bounded.expiring_by == at("2026-02-14T00:00:00Z"));  // the nearer horizon: both filters must match
  CHECK(bounded.developer_ids == std::vector<std::string>{"777788889999"});
  request.exclude = {"Repricer"};
  CHECK(app::confirm_scope(request, now).whole);
}
