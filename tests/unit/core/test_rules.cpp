#include "dac/core/rules.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "../helpers.hpp"
#include "dac/core/error.hpp"

using namespace std::chrono_literals;
using dac::Authorization;
using dac::ErrorKind;
using dac::Event;
using dac::EventType;
using dac::Instant;
using dac::State;
using dac::Status;
using dac::test::at;
using dac::test::error_from;
using dac::test::kind_is;
namespace rules = dac::rules;

namespace {

const std::string k_seller = "A1B2C3D4E5F6G7";
const std::string k_seller2 = "Z9Y8X7W6V5U4T3";
const rules::Actor k_alice{"alice", std::string("quarterly review")};

// A distinct, valid token per developer ID.
std::string token_for(const std::string& developer_id) { return "amzn.mws.00000000-0000-0000-0000-" + developer_id; }

// Adds a seller whose confirmation is on since `enabled_at`, or off when it is empty.
void add_seller(State& state, const std::string& seller_id, std::optional<Instant> enabled_at) {
  rules::Outcome out;
  rules::add_seller(state, seller_id, "Shop " + seller_id, enabled_at, enabled_at.value_or(at("2020-01-01")), k_alice,
                    out);
}

// A store with one seller, confirmation on since `enabled_at` (off when empty).
State store_with(std::optional<Instant> enabled_at) {
  State state;
  add_seller(state, k_seller, enabled_at);
  return state;
}

// Grants `developer_id` as of its authorisation date and returns the grant's events.
std::vector<Event> grant(State& state, const std::string& developer_id, const std::string& nickname,
                         Instant authorized_at, bool own = false, const std::string& seller_id = k_seller) {
  rules::GrantRequest request;
  request.seller_id = seller_id;
  request.developer_id = developer_id;
  request.nickname = nickname;
  request.token = token_for(developer_id);
  request.authorized_at = authorized_at;
  request.own = own;
  rules::Outcome out;
  rules::grant(state, request, authorized_at, k_alice, out);
  return out.events;
}

// The authorisation of `developer_id` at `seller_id`, which must exist.
Authorization& auth_of(State& state, const std::string& developer_id, const std::string& seller_id = k_seller) {
  Authorization* auth = state.find(seller_id, developer_id);
  REQUIRE(auth != nullptr);
  return *auth;
}

// The events of R5 at `now`.
std::vector<Event> due_suspensions(State& state, Instant now) {
  rules::Outcome out;
  rules::record_due_suspensions(state, now, out);
  CHECK(out.notices.empty());
  return out.events;
}

rules::Outcome confirm(State& state, const std::string& developer_id, Instant now) {
  rules::Outcome out;
  rules::confirm(state, auth_of(state, developer_id), now, k_alice, out);
  return out;
}

rules::Outcome revoke(State& state, const std::string& developer_id, Instant now) {
  rules::Outcome out;
  rules::revoke(state, auth_of(state, developer_id), now, k_alice, out);
  return out;
}

rules::Outcome restore(State& state, const std::string& developer_id, Instant now) {
  rules::Outcome out;
  rules::restore(state, auth_of(state, developer_id), now, k_alice, out);
  return out;
}

rules::View view_of(State& state, const std::string& developer_id, Instant as_of) {
  return rules::view(state, auth_of(state, developer_id), as_of);
}

// A grant on 2024-02-29T10:00Z expires on 2025-02-28T10:00Z (R4's clamp).
const std::string k_dev = "123456789012";
const Instant k_granted = at("2024-02-29T10:00:00Z");
const Instant k_expiry = at("2025-02-28T10:00:00Z");

// One seller, confirmation on since before the grant, and k_dev granted at k_granted.
State one_grant() {
  State state = store_with(at("2024-01-01T00:00:00Z"));
  REQUIRE(grant(state, k_dev, "Khaos Control", k_granted).size() == 1);
  return state;
}

}  // namespace

// ---------------------------------------------------------------- R2, R3, R4

TEST_CASE("R2 a grant gives 12 months from the authorisation date", "[rules][R2]") {
  State state = store_with(at("2024-01-01T00:00:00Z"));
  const Instant now = at("2025-03-05T08:00:00Z");
  rules::GrantRequest request;
  request.seller_id = k_seller;
  request.developer_id = k_dev;
  request.nickname = "Khaos Control";
  request.token = token_for(k_dev);
  request.authorized_at = at("2025-03-01T12:00:00Z");
  rules::Outcome out;
  rules::grant(state, request, now, k_alice, out);

  const Authorization& auth = auth_of(state, k_dev);
  CHECK(auth.status == Status::Active);
  CHECK(auth.token == token_for(k_dev));
  CHECK(auth.nickname == "Khaos Control");
  CHECK_FALSE(auth.own);

  const rules::View v = rules::view(state, auth, now);
  CHECK(v.status == Status::Active);
  CHECK(v.last_confirmed_at == at("2025-03-01T12:00:00Z"));
  CHECK(v.expires_at == at("2026-03-01T12:00:00Z"));
  CHECK(v.days_left == 361);

  REQUIRE(out.events.size() == 1);
  const Event& e = out.events[0];
  CHECK(e.type == EventType::Granted);
  CHECK(e.effective_at == at("2025-03-01T12:00:00Z"));
  CHECK(e.recorded_at == now);
  CHECK(e.seller_id == k_seller);
  CHECK(e.developer_id == k_dev);
  CHECK(e.actor == "alice");
  CHECK(e.reason == "quarterly review");
}

TEST_CASE("grant refuses an unknown seller, a future date and a second own account", "[rules][R2]") {
  State state = store_with(at("2024-01-01T00:00:00Z"));
  const Instant now = at("2025-03-01T12:00:00Z");
  rules::GrantRequest request;
  request.seller_id = k_seller;
  request.developer_id = k_dev;
  request.nickname = "Khaos Control";
  request.token = token_for(k_dev);
  request.authorized_at = now;
  rules::Outcome out;

  SECTION("unknown seller") {
    request.seller_id = k_seller2;
    REQUIRE_THROWS_MATCHES(rules::grant(state, request, now, k_alice, out), dac::Error, kind_is(ErrorKind::NotFound));
  }
  SECTION("authorised one second in the future") {
    request.authorized_at = now + 1s;
    REQUIRE_THROWS_MATCHES(rules::grant(state, request, now, k_alice, out), dac::Error, kind_is(ErrorKind::Usage));
  }
  SECTION("a last confirmation outside [authorised, now]") {
    request.authorized_at = now - 24h;
    request.last_confirmed_at = now + 1s;
    REQUIRE_THROWS_MATCHES(rules::grant(state, request, now, k_alice, out), dac::Error, kind_is(ErrorKind::Usage));
    request.last_confirmed_at = now - 24h - 1s;
    REQUIRE_THROWS_MATCHES(rules::grant(state, request, now, k_alice, out), dac::Error, kind_is(ErrorKind::Usage));
  }
  SECTION("a second own account for the same seller") {
    REQUIRE(grant(state, "000000000001", "Us", now - 24h, true).size() == 1);
    request.own = true;
    REQUIRE_THROWS_MATCHES(rules::grant(state, request, now, k_alice, out), dac::Error, kind_is(ErrorKind::Refused));
  }
  CHECK(out.events.empty());
  CHECK(state.find(k_seller, k_dev) == nullptr);
}

TEST_CASE("grant takes a last confirmation from an import", "[rules][R3]") {
  State state = store_with(at("2024-01-01T00:00:00Z"));
  rules::GrantRequest request;
  request.seller_id = k_seller;
  request.developer_id = k_dev;
  request.nickname = "Khaos Control";
  request.token = token_for(k_dev);
  request.authorized_at = at("2024-06-01T00:00:00Z");
  request.last_confirmed_at = at("2025-01-10T00:00:00Z");
  rules::Outcome out;
  rules::grant(state, request, at("2025-03-01T00:00:00Z"), k_alice, out);
  const rules::View v = view_of(state, k_dev, at("2025-03-01T00:00:00Z"));
  CHECK(v.last_confirmed_at == at("2025-01-10T00:00:00Z"));
  CHECK(v.expires_at == at("2026-01-10T00:00:00Z"));
}

TEST_CASE("R3 date last confirmed is the latest of its three sources", "[rules][R3]") {
  SECTION("an authorisation younger than enabled_at shows its own date") {
    State state = store_with(at("2025-01-01T00:00:00Z"));
    grant(state, k_dev, "Khaos Control", at("2025-03-01T12:00:00Z"));
    const rules::View v = view_of(state, k_dev, at("2025-04-01T00:00:00Z"));
    CHECK(v.last_confirmed_at == at("2025-03-01T12:00:00Z"));
    CHECK(v.expires_at == at("2026-03-01T12:00:00Z"));
  }
  SECTION("switching the feature on gives an older one 12 months from enabled_at") {
    State state = store_with(std::nullopt);
    grant(state, k_dev, "Khaos Control", at("2023-06-01T00:00:00Z"));
    rules::Outcome out;
    rules::enable(state, state.sellers[0], at("2025-01-15T09:30:00Z"), at("2025-02-01T00:00:00Z"), k_alice, out);
    const rules::View v = view_of(state, k_dev, at("2025-02-01T00:00:00Z"));
    CHECK(v.last_confirmed_at == at("2025-01-15T09:30:00Z"));
    CHECK(v.expires_at == at("2026-01-15T09:30:00Z"));
  }
  SECTION("an explicit confirmation after both wins") {
    State state = store_with(at("2025-01-01T00:00:00Z"));
    grant(state, k_dev, "Khaos Control", at("2024-06-01T00:00:00Z"));
    confirm(state, k_dev, at("2025-05-20T17:45:00Z"));
    const rules::View v = view_of(state, k_dev, at("2025-06-01T00:00:00Z"));
    CHECK(v.last_confirmed_at == at("2025-05-20T17:45:00Z"));
    CHECK(v.expires_at == at("2026-05-20T17:45:00Z"));
  }
  SECTION("a later enabled_at wins over an older confirmation") {
    State state = store_with(at("2024-01-01T00:00:00Z"));
    grant(state, k_dev, "Khaos Control", at("2024-02-01T00:00:00Z"));
    confirm(state, k_dev, at("2024-06-01T00:00:00Z"));
    rules::Outcome out;
    rules::disable(state, state.sellers[0], at("2024-07-01T00:00:00Z"), k_alice, out);
    rules::enable(state, state.sellers[0], at("2025-01-01T00:00:00Z"), at("2025-01-01T00:00:00Z"), k_alice, out);
    const rules::View v = view_of(state, k_dev, at("2025-02-01T00:00:00Z"));
    CHECK(v.last_confirmed_at == at("2025-01-01T00:00:00Z"));
    CHECK(v.expires_at == at("2026-01-01T00:00:00Z"));
  }
  SECTION("enabled_at counts only while confirmation is on") {
    State state = store_with(at("2025-01-01T00:00:00Z"));
    grant(state, k_dev, "Khaos Control", at("2024-06-01T00:00:00Z"));
    rules::Outcome out;
    rules::disable(state, state.sellers[0], at("2025-02-01T00:00:00Z"), k_alice, out);
    REQUIRE(state.sellers[0].enabled_at == at("2025-01-01T00:00:00Z"));
    const rules::View v = view_of(state, k_dev, at("2025-03-01T00:00:00Z"));
    CHECK(v.last_confirmed_at == at("2024-06-01T00:00:00Z"));
    CHECK_FALSE(v.expires_at.has_value());
  }
}

TEST_CASE("R4 expiry is 12 calendar months later, same time of day, clamped", "[rules][R4]") {
  State state = store_with(at("2020-01-01T00:00:00Z"));
  grant(state, "100000000001", "Leap", at("2024-02-29T10:00:00Z"));
  grant(state, "100000000002", "August", at("2025-08-31T00:00:00Z"));
  grant(state, "100000000003", "Late", at("2025-08-31T23:59:59Z"));
  grant(state, "100000000004", "January", at("2025-01-31T06:00:00Z"));
  const Instant now = at("2025-09-01T00:00:00Z");
  CHECK(view_of(state, "100000000002", now).expires_at == at("2026-08-31T00:00:00Z"));
  CHECK(view_of(state, "100000000003", now).expires_at == at("2026-08-31T23:59:59Z"));
  CHECK(view_of(state, "100000000004", now).expires_at == at("2026-01-31T06:00:00Z"));
  // The leap-day grant expired on 2025-02-28T10:00Z; R5 shows it suspended then.
  const rules::View leap = view_of(state, "100000000001", now);
  CHECK(leap.expires_at == at("2025-02-28T10:00:00Z"));
  CHECK(leap.status == Status::Suspended);
}

// ---------------------------------------------------------------- R5

TEST_CASE("R5 the expiry instant itself counts as expired", "[rules][R5]") {
  State state = one_grant();

  SECTION("one second before") {
    const Instant now = k_expiry - 1s;
    const rules::View before = view_of(state, k_dev, now);
    CHECK(before.status == Status::Active);
    CHECK(before.expires_at == k_expiry);
    CHECK(before.days_left == 0);
    CHECK(due_suspensions(state, now).empty());
    CHECK(auth_of(state, k_dev).status == Status::Active);
  }
  SECTION("at the expiry instant") {
    CHECK(view_of(state, k_dev, k_expiry).status == Status::Suspended);
    CHECK(view_of(state, k_dev, k_expiry).days_left == 0);
    const std::vector<Event> events = due_suspensions(state, k_expiry);
    REQUIRE(events.size() == 1);
    CHECK(events[0].type == EventType::Suspended);
    CHECK(events[0].effective_at == k_expiry);
    CHECK(events[0].recorded_at == k_expiry);
    CHECK(auth_of(state, k_dev).status == Status::Suspended);
  }
  SECTION("one second after") {
    const Instant now = k_expiry + 1s;
    const rules::View after = view_of(state, k_dev, now);
    CHECK(after.status == Status::Suspended);
    CHECK(after.expires_at == k_expiry);
    CHECK(after.days_left == -1);
    const std::vector<Event> events = due_suspensions(state, now);
    REQUIRE(events.size() == 1);
    CHECK(events[0].effective_at == k_expiry);
    CHECK(events[0].recorded_at == now);
  }
}

TEST_CASE("R5 a suspension event says who, what and when", "[rules][R5]") {
  State state = one_grant();
  const Instant now = at("2025-06-01T00:00:00Z");
  const std::vector<Event> events = due_suspensions(state, now);
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.type == EventType::Suspended);
  CHECK(e.effective_at == k_expiry);
  CHECK(e.recorded_at == now);
  CHECK(e.seller_id == k_seller);
  CHECK(e.developer_id == k_dev);
  CHECK(e.actor == rules::k_automatic_actor);
  CHECK_FALSE(e.reason.has_value());

  SECTION("and is recorded once") {
    CHECK(due_suspensions(state, now).empty());
    CHECK(due_suspensions(state, now + 24h * 400).empty());
  }
}

TEST_CASE("R5 suspensions come in expiry order", "[rules][R5]") {
  State state = store_with(at("2024-01-01T00:00:00Z"));
  add_seller(state, k_seller2, at("2024-01-01T00:00:00Z"));
  grant(state, "300000000000", "Third", at("2024-07-31T23:59:59Z"));
  grant(state, "100000000000", "First", at("2024-02-29T10:00:00Z"));
  grant(state, "200000000000", "Second", at("2024-03-10T08:00:00Z"));
  // Same expiry: ordered by seller, then developer ID.
  grant(state, "500000000000", "Tie B", at("2024-05-05T05:05:05Z"), false, k_seller2);
  grant(state, "400000000000", "Tie A", at("2024-05-05T05:05:05Z"), false, k_seller2);
  grant(state, "600000000000", "Tie C", at("2024-05-05T05:05:05Z"));

  const Instant now = at("2025-12-01T00:00:00Z");
  const std::vector<Event> events = due_suspensions(state, now);
  std::vector<std::tuple<std::string, std::string, std::string>> got;
  for (const Event& e : events) {
    CHECK(e.type == EventType::Suspended);
    CHECK(e.recorded_at == now);
    got.emplace_back(dac::format_instant(e.effective_at), e.seller_id, e.developer_id.value_or("?"));
  }
  const std::vector<std::tuple<std::string, std::string, std::string>> expected{
      {"2025-02-28T10:00:00Z", k_seller, "100000000000"},  {"2025-03-10T08:00:00Z", k_seller, "200000000000"},
      {"2025-05-05T05:05:05Z", k_seller, "600000000000"},  {"2025-05-05T05:05:05Z", k_seller2, "400000000000"},
      {"2025-05-05T05:05:05Z", k_seller2, "500000000000"}, {"2025-07-31T23:59:59Z", k_seller, "300000000000"},
  };
  CHECK(got == expected);
}

namespace {

// A seller with several authorisations expiring in 2025, one that expires in
// 2026, an own account, and a second seller with confirmation off.
State year_of_expiries() {
  State state = store_with(at("2024-01-01T00:00:00Z"));
  add_seller(state, k_seller2, std::nullopt);
  grant(state, "100000000001", "March", at("2024-03-10T08:00:00Z"));
  grant(state, "100000000002", "Leap", at("2024-02-29T10:00:00Z"));
  grant(state, "100000000003", "July", at("2024-07-31T23:59:59Z"));
  grant(state, "100000000004", "Own", at("2023-01-01T00:00:00Z"), true);
  grant(state, "100000000005", "Next year", at("2024-12-31T12:00:00Z"));  // expires 12h after the year
  grant(state, "100000000006", "Off", at("2020-01-01T00:00:00Z"), false, k_seller2);
  return state;
}

}  // namespace

TEST_CASE("R5 the history is the same whether written daily or once a year", "[rules][R5]") {
  const Instant start = at("2025-01-01T00:00:00Z");
  const Instant end = start + 24h * 364;

  State daily = year_of_expiries();
  std::vector<Event> daily_events;
  for (Instant now = start; now <= end; now += 24h) {
    for (Event& e : due_suspensions(daily, now)) daily_events.push_back(e);
  }
  State yearly = year_of_expiries();
  const std::vector<Event> yearly_events = due_suspensions(yearly, end);

  const auto summary = [](const std::vector<Event>& events) {
    std::vector<std::tuple<EventType, std::string, std::string, std::string>> out;
    out.reserve(events.size());
    for (const Event& e : events) {
      out.emplace_back(e.type, dac::format_instant(e.effective_at), e.seller_id, e.developer_id.value_or("?"));
    }
    return out;
  };
  REQUIRE(yearly_events.size() == 3);
  CHECK(summary(daily_events) == summary(yearly_events));
  CHECK(dac::format_instant(yearly_events[0].effective_at) == "2025-02-28T10:00:00Z");
  CHECK(dac::format_instant(yearly_events[1].effective_at) == "2025-03-10T08:00:00Z");
  CHECK(dac::format_instant(yearly_events[2].effective_at) == "2025-07-31T23:59:59Z");
  // Only the recording instant tells them apart.
  CHECK(daily_events[0].recorded_at == at("2025-03-01T00:00:00Z"));
  for (const Event& e : yearly_events) CHECK(e.recorded_at == end);

  for (const char* dev : {"100000000001", "100000000002", "100000000003", "100000000004", "100000000005"}) {
    CAPTURE(dev);
    const Authorization& a = auth_of(daily, dev);
    const Authorization& b = auth_of(yearly, dev);
    CHECK(a.status == b.status);
    CHECK(a.frozen_last_confirmed_at == b.frozen_last_confirmed_at);
    CHECK(a.ended_at == b.ended_at);
    const rules::View va = rules::view(daily, a, end);
    const rules::View vb = rules::view(yearly, b, end);
    CHECK(va.status == vb.status);
    CHECK(va.last_confirmed_at == vb.last_confirmed_at);
    CHECK(va.expires_at == vb.expires_at);
  }
  CHECK(auth_of(yearly, "100000000004").status == Status::Active);
  CHECK(auth_of(yearly, "100000000005").status == Status::Active);
  CHECK(auth_of(yearly, "100000000006", k_seller2).status == Status::Active);
}

// ---------------------------------------------------------------- R6

TEST_CASE("R6 confirming an active authorisation gives 12 months from now", "[rules][R6]") {
  State state = one_grant();

  SECTION("one second before expiry") {
    const Instant now = k_expiry - 1s;
    REQUIRE(due_suspensions(state, now).empty());
    const rules::Outcome out = confirm(state, k_dev, now);
    REQUIRE(out.events.size() == 1);
    CHECK(out.events[0].type == EventType::Confirmed);
    CHECK(out.events[0].effective_at == now);
    CHECK(out.events[0].recorded_at == now);
    CHECK(out.events[0].developer_id == k_dev);
    CHECK(out.events[0].actor == "alice");
    CHECK(out.events[0].reason == "quarterly review");
    CHECK(out.notices.empty());
    const rules::View v = view_of(state, k_dev, now);
    CHECK(v.status == Status::Active);
    CHECK(v.last_confirmed_at == now);
    CHECK(v.expires_at == at("2026-02-28T09:59:59Z"));
    CHECK(due_suspensions(state, k_expiry + 1s).empty());
  }
  SECTION("at the expiry instant it is already suspended") {
    REQUIRE(due_suspensions(state, k_expiry).size() == 1);
    const dac::Error e = error_from([&] { confirm(state, k_dev, k_expiry); });
    CHECK(e.kind() == ErrorKind::Refused);
    CHECK_THAT(e.hint(), Catch::Contains("restore"));
  }
  SECTION("confirming again moves the date again") {
    confirm(state, k_dev, at("2024-06-01T00:00:00Z"));
    confirm(state, k_dev, at("2024-09-01T00:00:00Z"));
    CHECK(view_of(state, k_dev, at("2024-09-01T00:00:00Z")).expires_at == at("2025-09-01T00:00:00Z"));
  }
}

TEST_CASE("R6 confirming a suspended or revoked authorisation is refused", "[rules][R6]") {
  State state = one_grant();
  const Instant now = k_expiry + 24h;
  REQUIRE(due_suspensions(state, now).size() == 1);

  SECTION("suspended") {
    const dac::Error e = error_from([&] { confirm(state, k_dev, now); });
    CHECK(e.kind() == ErrorKind::Refused);
    CHECK_THAT(e.hint(), Catch::Contains("restore"));
    CHECK(auth_of(state, k_dev).status == Status::Suspended);
    CHECK_FALSE(auth_of(state, k_dev).confirmed_at.has_value());
  }
  SECTION("revoked") {
    REQUIRE(revoke(state, k_dev, now).events.size() == 1);
    const dac::Error e = error_from([&] { confirm(state, k_dev, now + 1s); });
    CHECK(e.kind() == ErrorKind::Refused);
    CHECK_THAT(e.hint(), Catch::Contains("grant"));
    CHECK(auth_of(state, k_dev).status == Status::Revoked);
  }
}

TEST_CASE("R6 R9 confirming the own account is a notice and no event", "[rules][R6][R9]") {
  State state = store_with(at("2024-01-01T00:00:00Z"));
  grant(state, k_dev, "Us", at("2024-02-01T00:00:00Z"), true);
  const rules::Outcome out = confirm(state, k_dev, at("2025-06-01T00:00:00Z"));
  CHECK(out.events.empty());
  REQUIRE(out.notices.size() == 1);
  CHECK_THAT(out.notices[0], Catch::Contains("own"));
  CHECK_FALSE(auth_of(state, k_dev).confirmed_at.has_value());
}

// ---------------------------------------------------------------- R7

TEST_CASE("R7 revoking ends access for good and erases the token", "[rules][R7]") {
  State state = one_grant();

  SECTION("an active one") {
    const Instant now = at("2024-12-01T00:00:00Z");
    const rules::Outcome out = revoke(state, k_dev, now);
    REQUIRE(out.events.size() == 1);
    CHECK(out.events[0].type == EventType::Revoked);
    CHECK(out.events[0].effective_at == now);
    CHECK(out.events[0].recorded_at == now);
    CHECK(out.events[0].developer_id == k_dev);
    const Authorization& auth = auth_of(state, k_dev);
    CHECK(auth.status == Status::Revoked);
    CHECK_FALSE(auth.token.has_value());
    // R8a: the date last confirmed it had, no expiration.
    const rules::View v = view_of(state, k_dev, now + 24h * 800);
    CHECK(v.status == Status::Revoked);
    CHECK(v.last_confirmed_at == k_granted);
    CHECK_FALSE(v.expires_at.has_value());
    CHECK_FALSE(v.days_left.has_value());
    // A revoked one is never suspended.
    CHECK(due_suspensions(state, now + 24h * 800).empty());
  }
  SECTION("a suspended one") {
    const Instant now = k_expiry + 24h * 10;
    REQUIRE(due_suspensions(state, now).size() == 1);
    REQUIRE(revoke(state, k_dev, now).events.size() == 1);
    const Authorization& auth = auth_of(state, k_dev);
    CHECK(auth.status == Status::Revoked);
    CHECK_FALSE(auth.token.has_value());
    const rules::View v = view_of(state, k_dev, now);
    CHECK(v.last_confirmed_at == k_granted);
    CHECK_FALSE(v.expires_at.has_value());
  }
  SECTION("an already revoked one: a notice and no event") {
    REQUIRE(revoke(state, k_dev, at("2024-12-01T00:00:00Z")).events.size() == 1);
    const rules::Outcome again = revoke(state, k_dev, at("2024-12-02T00:00:00Z"));
    CHECK(again.events.empty());
    REQUIRE(again.notices.size() == 1);
    CHECK_THAT(again.notices[0], Catch::Contains("already revoked"));
    CHECK(auth_of(state, k_dev).ended_at == at("2024-12-01T00:00:00Z"));
  }
}

TEST_CASE("R7 the own account can never be revoked", "[rules][R7][R9]") {
  State state = store_with(at("2024-01-01T00:00:00Z"));
  grant(state, k_dev, "Us", at("2024-02-01T00:00:00Z"), true);
  const dac::Error e = error_from([&] { revoke(state, k_dev, at("2025-06-01T00:00:00Z")); });
  CHECK(e.kind() == ErrorKind::Refused);
  const Authorization& auth = auth_of(state, k_dev);
  CHECK(auth.status == Status::Active);
  CHECK(auth.token == token_for(k_dev));
}

// ---------------------------------------------------------------- R8, R8a

TEST_CASE("R8 restoring a suspended authorisation counts as confirmed now", "[rules][R8]") {
  State state = one_grant();
  const Instant suspended_check = k_expiry + 24h * 5;
  REQUIRE(due_suspensions(state, suspended_check).size() == 1);

  const Instant now = k_expiry + 24h * 30;
  const rules::Outcome out = restore(state, k_dev, now);
  REQUIRE(out.events.size() == 1);
  CHECK(out.events[0].type == EventType::Restored);
  CHECK(out.events[0].effective_at == now);
  CHECK(out.events[0].recorded_at == now);
  CHECK(out.notices.empty());

  const Authorization& auth = auth_of(state, k_dev);
  CHECK(auth.status == Status::Active);
  CHECK(auth.token == token_for(k_dev));
  const rules::View v = view_of(state, k_dev, now);
  CHECK(v.status == Status::Active);
  CHECK(v.last_confirmed_at == now);
  CHECK(v.expires_at == dac::add_months(now, 12));
  CHECK(due_suspensions(state, now).empty());
  CHECK(due_suspensions(state, dac::add_months(now, 12) - 1s).empty());
  CHECK(due_suspensions(state, dac::add_months(now, 12)).size() == 1);
}

TEST_CASE("R8 restoring an active one is a notice and a revoked one is refused", "[rules][R8]") {
  State state = one_grant();
  SECTION("active") {
    const rules::Outcome out = restore(state, k_dev, at("2024-06-01T00:00:00Z"));
    CHECK(out.events.empty());
    REQUIRE(out.notices.size() == 1);
    CHECK_THAT(out.notices[0], Catch::Contains("already active"));
    CHECK_FALSE(auth_of(state, k_dev).confirmed_at.has_value());
    CHECK(view_of(state, k_dev, at("2024-06-01T00:00:00Z")).expires_at == k_expiry);
  }
  SECTION("revoked") {
    REQUIRE(revoke(state, k_dev, at("2024-06-01T00:00:00Z")).events.size() == 1);
    const dac::Error e = error_from([&] { restore(state, k_dev, at("2024-06-02T00:00:00Z")); });
    CHECK(e.kind() == ErrorKind::Refused);
    CHECK_THAT(e.hint(), Catch::Contains("grant"));
    CHECK(auth_of(state, k_dev).status == Status::Revoked);
  }
}

TEST_CASE("R8a a suspended authorisation keeps the dates it had", "[rules][R8a]") {
  State state = store_with(at("2024-01-01T00:00:00Z"));
  grant(state, k_dev, "Khaos Control", at("2024-02-01T00:00:00Z"));
  confirm(state, k_dev, at("2024-05-05T05:00:00Z"));
  const Instant suspended_at = at("2025-05-05T05:00:00Z");
  REQUIRE(due_suspensions(state, at("2025-09-01T00:00:00Z")).size() == 1);

  const Authorization& auth = auth_of(state, k_dev);
  CHECK(auth.frozen_last_confirmed_at == at("2024-05-05T05:00:00Z"));
  CHECK(auth.ended_at == suspended_at);
  for (const Instant as_of : {at("2025-09-01T00:00:00Z"), at("2030-01-01T00:00:00Z")}) {
    const rules::View v = view_of(state, k_dev, as_of);
    CHECK(v.status == Status::Suspended);
    CHECK(v.last_confirmed_at == at("2024-05-05T05:00:00Z"));
    CHECK(v.expires_at == suspended_at);
    CHECK(v.days_left == dac::days_between(as_of, suspended_at));
  }

  SECTION("switching confirmation off and on again does not move them") {
    rules::Outcome out;
    rules::disable(state, state.sellers[0], at("2025-10-01T00:00:00Z"), k_alice, out);
    rules::enable(state, state.sellers[0], at("2025-11-01T00:00:00Z"), at("2025-11-01T00:00:00Z"), k_alice, out);
    const rules::View v = view_of(state, k_dev, at("2025-11-02T00:00:00Z"));
    CHECK(v.status == Status::Suspended);
    CHECK(v.last_confirmed_at == at("2024-05-05T05:00:00Z"));
    CHECK(v.expires_at == suspended_at);

    // Revoking it later keeps the date it had when it was suspended.
    REQUIRE(revoke(state, k_dev, at("2025-12-01T00:00:00Z")).events.size() == 1);
    const rules::View revoked = view_of(state, k_dev, at("2025-12-02T00:00:00Z"));
    CHECK(revoked.status == Status::Revoked);
    CHECK(revoked.last_confirmed_at == at("2024-05-05T05:00:00Z"));
    CHECK_FALSE(revoked.expires_at.has_value());
  }
}

TEST_CASE("R8a a revoked authorisation keeps its date last confirmed and has no expiry", "[rules][R8a]") {
  State state = store_with(at("2024-01-01T00:00:00Z"));
  grant(state, k_dev, "Khaos Control", at("2024-02-01T00:00:00Z"));
  confirm(state, k_dev, at("2024-08-08T08:00:00Z"));
  REQUIRE(revoke(state, k_dev, at("2024-10-01T00:00:00Z")).events.size() == 1);
  const rules::View v = view_of(state, k_dev, at("2026-01-01T00:00:00Z"));
  CHECK(v.status == Status::Revoked);
  CHECK(v.last_confirmed_at == at("2024-08-08T08:00:00Z"));
  CHECK_FALSE(v.expires_at.has_value());
  CHECK_FALSE(v.days_left.has_value());
}

// ---------------------------------------------------------------- R9

TEST_CASE("R9 the own account never expires", "[rules][R9]") {
  State state = store_with(at("2020-01-01T00:00:00Z"));
  grant(state, k_dev, "Us", at("2020-02-01T00:00:00Z"), true);
  const Instant much_later = at("2035-01-01T00:00:00Z");
  const rules::View v = view_of(state, k_dev, much_later);
  CHECK(v.status == Status::Active);
  CHECK(v.last_confirmed_at == at("2020-02-01T00:00:00Z"));
  CHECK_FALSE(v.expires_at.has_value());
  CHECK_FALSE(v.days_left.has_value());
  CHECK(due_suspensions(state, much_later).empty());
  CHECK(auth_of(state, k_dev).status == Status::Active);
}

// ---------------------------------------------------------------- R10

TEST_CASE("R10 granting a revoked authorisation again starts it afresh", "[rules][R10]") {
  State state = store_with(at("2024-01-01T00:00:00Z"));
  grant(state, k_dev, "Old name", at("2024-02-01T00:00:00Z"));
  confirm(state, k_dev, at("2024-03-01T00:00:00Z"));
  REQUIRE(revoke(state, k_dev, at("2024-04-01T00:00:00Z")).events.size() == 1);

  rules::GrantRequest request;
  request.seller_id = k_seller;
  request.developer_id = k_dev;
  request.nickname = "New name";
  request.token = "amzn.mws.ffffffff-eeee-dddd-cccc-bbbbbbbbbbbb";
  request.authorized_at = at("2025-01-10T00:00:00Z");
  rules::Outcome out;
  rules::grant(state, request, at("2025-01-11T00:00:00Z"), k_alice, out);

  REQUIRE(out.events.size() == 1);
  CHECK(out.events[0].type == EventType::Granted);
  CHECK(state.authorizations.size() == 1);
  const Authorization& auth = auth_of(state, k_dev);
  CHECK(auth.status == Status::Active);
  CHECK(auth.nickname == "New name");
  CHECK(auth.token == "amzn.mws.ffffffff-eeee-dddd-cccc-bbbbbbbbbbbb");
  CHECK(auth.authorized_at == at("2025-01-10T00:00:00Z"));
  CHECK_FALSE(auth.confirmed_at.has_value());
  CHECK_FALSE(auth.frozen_last_confirmed_at.has_value());
  CHECK_FALSE(auth.ended_at.has_value());
  const rules::View v = view_of(state, k_dev, at("2025-01-11T00:00:00Z"));
  CHECK(v.last_confirmed_at == at("2025-01-10T00:00:00Z"));
  CHECK(v.expires_at == at("2026-01-10T00:00:00Z"));
}

TEST_CASE("R10 granting an active or suspended authorisation is refused with a hint", "[rules][R10]") {
  State state = one_grant();
  rules::GrantRequest request;
  request.seller_id = k_seller;
  request.developer_id = k_dev;
  request.nickname = "Again";
  request.token = "amzn.mws.ffffffff-eeee-dddd-cccc-bbbbbbbbbbbb";
  rules::Outcome out;

  SECTION("active") {
    request.authorized_at = at("2024-06-01T00:00:00Z");
    const dac::Error e = error_from([&] { rules::grant(state, request, request.authorized_at, k_alice, out); });
    CHECK(e.kind() == ErrorKind::Refused);
    CHECK_THAT(e.hint(), Catch::Contains("confirm"));
  }
  SECTION("suspended") {
    REQUIRE(due_suspensions(state, k_expiry).size() == 1);
    request.authorized_at = k_expiry + 1s;
    const dac::Error e = error_from([&] { rules::grant(state, request, request.authorized_at, k_alice, out); });
    CHECK(e.kind() == ErrorKind::Refused);
    CHECK_THAT(e.hint(), Catch::Contains("restore"));
  }
  CHECK(out.events.empty());
  const Authorization& auth = auth_of(state, k_dev);
  CHECK(auth.nickname == "Khaos Control");
  CHECK(auth.token == token_for(k_dev));
  CHECK(auth.authorized_at == k_granted);
}

// ---------------------------------------------------------------- R1

TEST_CASE("R1 a new seller has confirmation on from enabled_at, or off", "[rules][R1]") {
  State state;
  rules::Outcome out;
  const Instant now = at("2025-03-01T00:00:00Z");
  rules::add_seller(state, k_seller, "Shop", at("2025-02-01T00:00:00Z"), now, k_alice, out);
  rules::add_seller(state, k_seller2, "Other", std::nullopt, now, k_alice, out);
  REQUIRE(state.sellers.size() == 2);
  CHECK(state.sellers[0].confirmation_enabled);
  CHECK(state.sellers[0].enabled_at == at("2025-02-01T00:00:00Z"));
  CHECK_FALSE(state.sellers[1].confirmation_enabled);
  CHECK_FALSE(state.sellers[1].enabled_at.has_value());

  REQUIRE(out.events.size() == 3);
  CHECK(out.events[0].type == EventType::SellerAdded);
  CHECK(out.events[1].type == EventType::ConfirmationEnabled);
  CHECK(out.events[1].effective_at == at("2025-02-01T00:00:00Z"));
  CHECK(out.events[1].recorded_at == now);
  CHECK_FALSE(out.events[1].developer_id.has_value());
  CHECK(out.events[2].type == EventType::SellerAdded);
  CHECK(out.events[2].seller_id == k_seller2);

  SECTION("a seller is added once") {
    REQUIRE_THROWS_MATCHES(rules::add_seller(state, k_seller, "Again", std::nullopt, now, k_alice, out), dac::Error,
                           kind_is(ErrorKind::Refused));
  }
  SECTION("not enabled in the future") {
    REQUIRE_THROWS_MATCHES(rules::add_seller(state, "NEWSELLER123", "Later", now + 1s, now, k_alice, out), dac::Error,
                           kind_is(ErrorKind::Usage));
  }
}

TEST_CASE("R1 while confirmation is off nothing expires", "[rules][R1]") {
  State state = store_with(std::nullopt);
  grant(state, k_dev, "Khaos Control", at("2020-01-01T00:00:00Z"));
  const Instant much_later = at("2030-01-01T00:00:00Z");
  const rules::View v = view_of(state, k_dev, much_later);
  CHECK(v.status == Status::Active);
  CHECK(v.last_confirmed_at == at("2020-01-01T00:00:00Z"));
  CHECK_FALSE(v.expires_at.has_value());
  CHECK_FALSE(v.days_left.has_value());
  CHECK(due_suspensions(state, much_later).empty());
}

TEST_CASE("R1 disable stops expiries but suspended stays suspended", "[rules][R1]") {
  State state = store_with(at("2024-01-01T00:00:00Z"));
  grant(state, "100000000001", "Suspended soon", at("2024-01-15T00:00:00Z"));
  grant(state, "100000000002", "Active", at("2024-06-01T00:00:00Z"));
  REQUIRE(due_suspensions(state, at("2025-02-01T00:00:00Z")).size() == 1);

  const Instant now = at("2025-03-01T00:00:00Z");
  rules::Outcome out;
  rules::disable(state, state.sellers[0], now, k_alice, out);
  REQUIRE(out.events.size() == 1);
  CHECK(out.events[0].type == EventType::ConfirmationDisabled);
  CHECK(out.events[0].effective_at == now);
  CHECK(out.events[0].seller_id == k_seller);
  CHECK_FALSE(out.events[0].developer_id.has_value());
  CHECK_FALSE(state.sellers[0].confirmation_enabled);

  const Instant later = at("2027-01-01T00:00:00Z");
  CHECK(due_suspensions(state, later).empty());
  CHECK(view_of(state, "100000000002", later).status == Status::Active);
  CHECK_FALSE(view_of(state, "100000000002", later).expires_at.has_value());
  CHECK(auth_of(state, "100000000001").status == Status::Suspended);
  CHECK(view_of(state, "100000000001", later).status == Status::Suspended);
  CHECK(view_of(state, "100000000001", later).expires_at == at("2025-01-15T00:00:00Z"));

  SECTION("disabling again is a notice") {
    rules::Outcome again;
    rules::disable(state, state.sellers[0], later, k_alice, again);
    CHECK(again.events.empty());
    CHECK(again.notices.size() == 1);
  }
}

TEST_CASE("R1 re-enabling gives 12 months from enabled_at", "[rules][R1]") {
  State state = store_with(at("2023-01-01T00:00:00Z"));
  grant(state, "100000000001", "Old", at("2023-02-01T00:00:00Z"));
  grant(state, "100000000002", "Granted while off", at("2024-03-01T00:00:00Z"));
  rules::Outcome out;
  rules::disable(state, state.sellers[0], at("2023-06-01T00:00:00Z"), k_alice, out);
  // Years pass with confirmation off: nothing is suspended.
  REQUIRE(due_suspensions(state, at("2024-05-01T00:00:00Z")).empty());

  const Instant enabled_at = at("2024-04-01T09:00:00Z");
  const Instant now = at("2024-05-01T00:00:00Z");
  rules::Outcome enabled;
  rules::enable(state, state.sellers[0], enabled_at, now, k_alice, enabled);
  REQUIRE(enabled.events.size() == 1);
  CHECK(enabled.events[0].type == EventType::ConfirmationEnabled);
  CHECK(enabled.events[0].effective_at == enabled_at);
  CHECK(enabled.events[0].recorded_at == now);
  CHECK_FALSE(enabled.events[0].developer_id.has_value());
  CHECK(state.sellers[0].confirmation_enabled);
  CHECK(state.sellers[0].enabled_at == enabled_at);

  CHECK(view_of(state, "100000000001", now).last_confirmed_at == enabled_at);
  CHECK(view_of(state, "100000000001", now).expires_at == at("2025-04-01T09:00:00Z"));
  CHECK(view_of(state, "100000000002", now).last_confirmed_at == enabled_at);
  CHECK(due_suspensions(state, at("2025-04-01T08:59:59Z")).empty());
  const std::vector<Event> events = due_suspensions(state, at("2025-04-01T09:00:00Z"));
  REQUIRE(events.size() == 2);
  CHECK(events[0].effective_at == at("2025-04-01T09:00:00Z"));

  SECTION("enabling again is a notice and keeps enabled_at") {
    rules::Outcome again;
    rules::enable(state, state.sellers[0], at("2025-05-01T00:00:00Z"), at("2025-05-01T00:00:00Z"), k_alice, again);
    CHECK(again.events.empty());
    CHECK(again.notices.size() == 1);
    CHECK(state.sellers[0].enabled_at == enabled_at);
  }
}

TEST_CASE("R1 enabling in the future is a usage error", "[rules][R1]") {
  State state = store_with(std::nullopt);
  rules::Outcome out;
  const Instant now = at("2025-03-01T00:00:00Z");
  REQUIRE_THROWS_MATCHES(rules::enable(state, state.sellers[0], now + 1s, now, k_alice, out), dac::Error,
                         kind_is(ErrorKind::Usage));
  CHECK_FALSE(state.sellers[0].confirmation_enabled);
  CHECK(out.events.empty());
}

TEST_CASE("R1 a back-dated enable suspends at the expiry, dated in the past", "[rules][R1][R5]") {
  State state = store_with(std::nullopt);
  grant(state, k_dev, "Khaos Control", at("2022-01-01T00:00:00Z"));
  rules::Outcome out;
  const Instant now = at("2025-03-01T00:00:00Z");
  rules::enable(state, state.sellers[0], at("2024-01-10T00:00:00Z"), now, k_alice, out);
  const std::vector<Event> events = due_suspensions(state, now);
  REQUIRE(events.size() == 1);
  CHECK(events[0].effective_at == at("2025-01-10T00:00:00Z"));
  CHECK(events[0].recorded_at == now);
}

// ---------------------------------------------------------------- targets

TEST_CASE("find_target resolves a developer ID or a nickname", "[rules][targets]") {
  State state = store_with(at("2024-01-01T00:00:00Z"));
  add_seller(state, k_seller2, at("2024-01-01T00:00:00Z"));
  grant(state, "123456789012", "Khaos Control", at("2024-02-01T00:00:00Z"));
  grant(state, "000011112222", "Linnworks", at("2024-02-01T00:00:00Z"));
  grant(state, "000011112222", "Linnworks EU", at("2024-02-01T00:00:00Z"), false, k_seller2);
  grant(state, "333344445555", "Twin", at("2024-02-01T00:00:00Z"));
  grant(state, "666677778888", "twin", at("2024-02-01T00:00:00Z"));
  const std::optional<std::string> any;

  SECTION("by ID") { CHECK(&rules::find_target(state, "123456789012", any) == &auth_of(state, "123456789012")); }
  SECTION("by grouped ID") {
    CHECK(&rules::find_target(state, "1234-5678-9012", any) == &auth_of(state, "123456789012"));
    CHECK(&rules::find_target(state, "1234 5678 9012", any) == &auth_of(state, "123456789012"));
  }
  SECTION("by nickname, any ASCII case") {
    CHECK(&rules::find_target(state, "khaos control", any) == &auth_of(state, "123456789012"));
    CHECK(&rules::find_target(state, "KHAOS CONTROL", any) == &auth_of(state, "123456789012"));
    CHECK(&rules::find_target(state, "Linnworks", any) == &auth_of(state, "000011112222"));
  }
  SECTION("a nickname must match whole") {
    REQUIRE_THROWS_MATCHES(rules::find_target(state, "Khaos", any), dac::Error, kind_is(ErrorKind::NotFound));
  }
  SECTION("ambiguous nickname lists the candidates") {
    const dac::Error e = error_from([&] { (void)rules::find_target(state, "TWIN", any); });
    CHECK(e.kind() == ErrorKind::Usage);
    CHECK_THAT(e.what(),
               Catch::Contains("ambiguous") && Catch::Contains("333344445555") && Catch::Contains("666677778888"));
  }
  SECTION("the same developer at two sellers is ambiguous until narrowed") {
    const dac::Error e = error_from([&] { (void)rules::find_target(state, "0000-1111-2222", any); });
    CHECK(e.kind() == ErrorKind::Usage);
    CHECK_THAT(e.what(), Catch::Contains(k_seller) && Catch::Contains(k_seller2));
    CHECK_THAT(e.hint(), Catch::Contains("--seller"));
    CHECK(&rules::find_target(state, "000011112222", k_seller2) == &auth_of(state, "000011112222", k_seller2));
    CHECK(&rules::find_target(state, "000011112222", k_seller) == &auth_of(state, "000011112222", k_seller));
  }
  SECTION("--seller narrows a nickname") {
    CHECK(&rules::find_target(state, "linnworks eu", k_seller2) == &auth_of(state, "000011112222", k_seller2));
    REQUIRE_THROWS_MATCHES(rules::find_target(state, "Khaos Control", k_seller2), dac::Error,
                           kind_is(ErrorKind::NotFound));
  }
  SECTION("nothing matches") {
    const dac::Error e = error_from([&] { (void)rules::find_target(state, "999999999999", any); });
    CHECK(e.kind() == ErrorKind::NotFound);
    CHECK_THAT(e.what(), Catch::Contains("999999999999"));
    REQUIRE_THROWS_MATCHES(rules::find_target(state, "Nobody", any), dac::Error, kind_is(ErrorKind::NotFound));
  }
  SECTION("an unknown seller") {
    REQUIRE_THROWS_MATCHES(rules::find_target(state, "123456789012", std::string("NOSUCHSELLER")), dac::Error,
                           kind_is(ErrorKind::NotFound));
  }
}

TEST_CASE("pick_seller takes the only seller, or the one named", "[rules][targets]") {
  State state;
  SECTION("no seller at all") {
    REQUIRE_THROWS_MATCHES(rules::pick_seller(state, std::nullopt), dac::Error, kind_is(ErrorKind::Store));
  }
  SECTION("one seller needs no name") {
    add_seller(state, k_seller, std::nullopt);
    CHECK(rules::pick_seller(state, std::nullopt).seller_id == k_seller);
    CHECK(rules::pick_seller(state, k_seller).seller_id == k_seller);
    REQUIRE_THROWS_MATCHES(rules::pick_seller(state, k_seller2), dac::Error, kind_is(ErrorKind::NotFound));
  }
  SECTION("several sellers need --seller") {
    add_seller(state, k_seller, std::nullopt);
    add_seller(state, k_seller2, std::nullopt);
    const dac::Error e = error_from([&] { (void)rules::pick_seller(state, std::nullopt); });
    CHECK(e.kind() == ErrorKind::Usage);
    CHECK_THAT(e.what(), Catch::Contains(k_seller) && Catch::Contains(k_seller2) && Catch::Contains("--seller"));
    CHECK(&rules::pick_seller(state, k_seller2) == &state.sellers[1]);
  }
}

TEST_CASE("describe names an authorisation for messages", "[rules]") {
  State state = one_grant();
  CHECK(rules::describe(auth_of(state, k_dev)) == "Khaos Control (123456789012)");
}

TEST_CASE("require_seller: one message for a seller the store does not hold", "[rules]") {
  State state;
  rules::Outcome out;
  rules::add_seller(state, "A1B2C3D4E5F6G7", "Main shop", std::nullopt, at("2025-01-01T00:00:00Z"),
                    rules::Actor{"alice", std::nullopt}, out);
  const State& view = state;
  CHECK(&rules::require_seller(view, "A1B2C3D4E5F6G7") == &state.sellers.front());
  CHECK(&rules::require_seller(state, "A1B2C3D4E5F6G7") == &state.sellers.front());
  const dac::Error e = error_from([&] { (void)rules::require_seller(view, "Z9Y8X7W6V5U4T3"); });
  CHECK(e.kind() == ErrorKind::NotFound);
  CHECK(std::string(e.what()) == "no seller Z9Y8X7W6V5U4T3 in the store");
  CHECK(e.hint() == "see the sellers with: dac seller list");
  // Another hint, or none.
  CHECK(error_from([&] { (void)rules::require_seller(state, "Z9Y8X7W6V5U4T3", "add it"); }).hint() == "add it");
  CHECK(error_from([&] { (void)rules::require_seller(state, "Z9Y8X7W6V5U4T3", ""); }).hint().empty());
}
