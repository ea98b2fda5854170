// R13 (time runs forward): a write before the store's last write, an enable
// before the seller's last switch, a re-grant before the revocation it follows
// are all refused (exit 1), naming both instants.
#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "../app/fixture.hpp"
#include "../helpers.hpp"
#include "dac/app/apply.hpp"
#include "dac/core/error.hpp"
#include "dac/core/rules.hpp"

using dac::ErrorKind;
using dac::Instant;
using dac::State;
using dac::Status;
using dac::test::at;
using dac::test::error_from;
using dac::test::full_text;
namespace app = dac::app;
namespace rules = dac::rules;

namespace {

const std::string k_seller = "A1B2C3D4E5F6G7";
const rules::Actor k_alice{"alice", std::nullopt};

State one_seller(Instant enabled_at) {
  State state;
  rules::Outcome out;
  rules::add_seller(state, k_seller, "Main", enabled_at, enabled_at, k_alice, out);
  return state;
}

rules::GrantRequest request_at(Instant when) {
  rules::GrantRequest r;
  r.seller_id = k_seller;
  r.developer_id = "123456789012";
  r.nickname = "Khaos Control";
  r.token = "amzn.mws.4ea38b7b-f563-7709-4bae-87aeaf1e4567";
  r.authorized_at = when;
  return r;
}

}  // namespace

TEST_CASE("R13: a write before the store's last write is refused, naming both instants", "[rules][r13]") {
  State state = one_seller(at("2025-01-01T00:00:00Z"));
  state.written_at = at("2026-10-01T00:00:00Z");
  const dac::Error e = error_from([&] { rules::require_time_forward(state, at("2026-01-01T00:00:00Z")); });
  CHECK(e.kind() == ErrorKind::Refused);
  CHECK(
      std::string(e.what()) ==
      "the clock (2026-01-01T00:00:00Z) is behind the store's last write (2026-10-01T00:00:00Z); nothing was written");
  CHECK_THAT(e.hint(), Catch::Contains("DAC_NOW"));
  // At the instant itself, after it, or in a store never written: allowed.
  CHECK_NOTHROW(rules::require_time_forward(state, at("2026-10-01T00:00:00Z")));
  CHECK_NOTHROW(rules::require_time_forward(state, at("2026-10-01T00:00:01Z")));
  state.written_at.reset();
  CHECK_NOTHROW(rules::require_time_forward(state, at("2000-01-01T00:00:00Z")));
}

TEST_CASE("R13: enable --at before the seller's last switch is refused", "[rules][r13]") {
  State state = one_seller(at("2024-01-01T00:00:00Z"));
  rules::Outcome out;
  rules::disable(state, state.sellers[0], at("2025-03-01T00:00:00Z"), k_alice, out);
  REQUIRE(state.sellers[0].disabled_at == at("2025-03-01T00:00:00Z"));
  const Instant now = at("2025-06-01T00:00:00Z");
  SECTION("before the disable") {
    const dac::Error e =
        error_from([&] { rules::enable(state, state.sellers[0], at("2024-02-01T00:00:00Z"), now, k_alice, out); });
    CHECK(e.kind() == ErrorKind::Refused);
    CHECK_THAT(full_text(e),
               Catch::Contains("2024-02-01T00:00:00Z") && Catch::Contains("disabled at 2025-03-01T00:00:00Z"));
    CHECK_FALSE(state.sellers[0].confirmation_enabled);
  }
  SECTION("one second before the disable") {
    CHECK_THROWS_MATCHES(rules::enable(state, state.sellers[0], at("2025-02-28T23:59:59Z"), now, k_alice, out),
                         dac::Error, dac::test::kind_is(ErrorKind::Refused));
  }
  SECTION("at the disable itself") {
    rules::enable(state, state.sellers[0], at("2025-03-01T00:00:00Z"), now, k_alice, out);
    CHECK(state.sellers[0].confirmation_enabled);
    CHECK(state.sellers[0].enabled_at == at("2025-03-01T00:00:00Z"));
  }
  SECTION("before the last enable, when no disable was recorded (a format-1 store)") {
    state.sellers[0].disabled_at.reset();
    CHECK_THROWS_MATCHES(rules::enable(state, state.sellers[0], at("2023-12-31T00:00:00Z"), now, k_alice, out),
                         dac::Error, dac::test::kind_is(ErrorKind::Refused));
    rules::enable(state, state.sellers[0], at("2024-01-01T00:00:00Z"), now, k_alice, out);
    CHECK(state.sellers[0].confirmation_enabled);
  }
}

TEST_CASE("R13: a re-grant dated before the revocation it follows is refused", "[rules][r13]") {
  State state = one_seller(at("2024-01-01T00:00:00Z"));
  rules::Outcome out;
  rules::grant(state, request_at(at("2024-02-01T00:00:00Z")), at("2024-02-01T00:00:00Z"), k_alice, out);
  rules::revoke(state, *state.find(k_seller, "123456789012"), at("2025-07-01T00:00:00Z"), k_alice, out);
  const Instant now = at("2025-08-01T00:00:00Z");
  const dac::Error e =
      error_from([&] { rules::grant(state, request_at(at("2025-06-30T23:59:59Z")), now, k_alice, out); });
  CHECK(e.kind() == ErrorKind::Refused);
  CHECK_THAT(full_text(e), Catch::Contains("2025-06-30T23:59:59Z") && Catch::Contains("2025-07-01T00:00:00Z"));
  CHECK(state.find(k_seller, "123456789012")->status == Status::Revoked);
  // At the revocation's instant, or after: a new grant.
  rules::grant(state, request_at(at("2025-07-01T00:00:00Z")), now, k_alice, out);
  CHECK(state.find(k_seller, "123456789012")->status == Status::Active);
  // A first grant may be dated as far back as it was.
  rules::GrantRequest other = request_at(at("2020-01-01T00:00:00Z"));
  other.developer_id = "222222222222";
  CHECK_NOTHROW(rules::grant(state, other, now, k_alice, out));
}

TEST_CASE_METHOD(dac::test::AppStore, "R13: apply_change refuses a clock behind the last write and writes nothing",
                 "[app][r13]") {
  grant("111122223333", at("2026-10-01T00:00:00Z"));
  const std::string state_before = file("state.json");
  const std::string history_before = file("history.jsonl");
  bool changed = false;
  const dac::Error e = error_from([&] {
    (void)app::apply_change(*store, at("2026-01-01T00:00:00Z"), {}, [&](State&, rules::Outcome&) { changed = true; });
  });
  CHECK(e.kind() == ErrorKind::Refused);
  CHECK_THAT(std::string(e.what()), Catch::Contains("2026-01-01T00:00:00Z") && Catch::Contains("2026-10-01T00:00:00Z"));
  CHECK_FALSE(changed);
  CHECK(file("state.json") == state_before);
  CHECK(file("history.jsonl") == history_before);
  // The same instant as the last write is not behind it.
  CHECK_NOTHROW(app::apply_change(*store, at("2026-10-01T00:00:00Z"), {}, [](State&, rules::Outcome&) {}));
}
