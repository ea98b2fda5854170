#include "dac/core/replay.hpp"

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "../helpers.hpp"
#include "dac/core/rules.hpp"

using dac::Authorization;
using dac::Event;
using dac::EventType;
using dac::Instant;
using dac::Inventory;
using dac::State;
using dac::Status;
using dac::test::at;
namespace rules = dac::rules;

namespace {

const std::string k_seller = "A1B2C3D4E5F6G7";
const std::string k_dev = "123456789012";
const std::string k_dev2 = "210987654321";

// A history written event by event, as the rules of format 2 record it.
class History {
 public:
  Event& add(EventType type, const char* effective, const char* recorded = nullptr,
             std::optional<std::string> developer = std::nullopt) {
    Event e;
    e.seq = m_events.size() + 1;
    e.type = type;
    e.effective_at = at(effective);
    e.recorded_at = at(recorded != nullptr ? recorded : effective);
    e.seller_id = k_seller;
    e.developer_id = std::move(developer);
    e.actor = "alice";
    m_events.push_back(e);
    return m_events.back();
  }
  Event& seller(const char* when) {
    Event& e = add(EventType::SellerAdded, when);
    e.seller_name = "Shop";
    return e;
  }
  Event& grant(const std::string& dev, const char* effective, const char* recorded = nullptr,
               const char* nickname = "Khaos Control") {
    Event& e = add(EventType::Granted, effective, recorded, dev);
    e.nickname = nickname;
    e.own = false;
    return e;
  }
  Event& on(EventType type, const std::string& dev, const char* when) { return add(type, when, when, dev); }

  [[nodiscard]] State at_instant(const char* t, const State* fallback = nullptr) const {
    return dac::replay(m_events, at(t), fallback);
  }
  [[nodiscard]] State all(const State* fallback = nullptr) const { return dac::replay(m_events, {}, fallback); }
  [[nodiscard]] const std::vector<Event>& events() const { return m_events; }

 private:
  std::vector<Event> m_events;
};

// The rules' view of one authorisation of a picture at `t`.
rules::View view_at(const State& picture, const std::string& dev, const char* t) {
  const Authorization* auth = picture.find(k_seller, dev);
  REQUIRE(auth != nullptr);
  return rules::view(picture, *auth, at(t));
}

// A seller with confirmation on since 2025-01-01 and Khaos Control granted on 2025-03-01.
History granted() {
  History h;
  h.seller("2025-01-01T00:00:00Z");
  h.add(EventType::ConfirmationEnabled, "2025-01-01T00:00:00Z");
  h.grant(k_dev, "2025-03-01T12:00:00Z");
  return h;
}

}  // namespace

TEST_CASE("replay: an authorisation exists from the instant of its grant", "[replay]") {
  const History h = granted();
  CHECK(h.at_instant("2025-03-01T11:59:59Z").find(k_seller, k_dev) == nullptr);
  const State picture = h.at_instant("2025-03-01T12:00:00Z");
  const Authorization* auth = picture.find(k_seller, k_dev);
  REQUIRE(auth != nullptr);
  CHECK(auth->nickname == "Khaos Control");
  CHECK(auth->authorized_at == at("2025-03-01T12:00:00Z"));
  CHECK_FALSE(auth->token.has_value());
  const rules::View v = view_at(picture, k_dev, "2025-03-01T12:00:00Z");
  CHECK(v.status == Status::Active);
  CHECK(v.expires_at == at("2026-03-01T12:00:00Z"));
  CHECK(picture.sellers.size() == 1);
  CHECK(picture.sellers[0].name == "Shop");
}

TEST_CASE("replay: one second before a revocation it is as it was", "[replay]") {
  History h = granted();
  h.on(EventType::Confirmed, k_dev, "2025-06-01T00:00:00Z");
  h.on(EventType::Revoked, k_dev, "2025-08-01T00:00:00Z");
  const rules::View before = view_at(h.at_instant("2025-07-31T23:59:59Z"), k_dev, "2025-07-31T23:59:59Z");
  CHECK(before.status == Status::Active);
  CHECK(before.last_confirmed_at == at("2025-06-01T00:00:00Z"));
  CHECK(before.expires_at == at("2026-06-01T00:00:00Z"));
  const State after = h.at_instant("2025-08-01T00:00:00Z");
  const Authorization& revoked = *after.find(k_seller, k_dev);
  CHECK(revoked.status == Status::Revoked);
  CHECK(revoked.frozen_last_confirmed_at == at("2025-06-01T00:00:00Z"));
  CHECK(revoked.ended_at == at("2025-08-01T00:00:00Z"));
  CHECK_FALSE(view_at(after, k_dev, "2025-08-01T00:00:00Z").expires_at.has_value());
}

TEST_CASE("replay: the instant of a suspension counts as expired", "[replay]") {
  History h = granted();
  // Recorded by a later write, dated at the expiry instant (R5).
  h.add(EventType::Suspended, "2026-03-01T12:00:00Z", "2026-05-01T00:00:00Z", k_dev);
  const rules::View before = view_at(h.at_instant("2026-03-01T11:59:59Z"), k_dev, "2026-03-01T11:59:59Z");
  CHECK(before.status == Status::Active);
  CHECK(before.days_left == 0);
  const State at_expiry = h.at_instant("2026-03-01T12:00:00Z");
  CHECK(at_expiry.find(k_seller, k_dev)->status == Status::Suspended);
  const rules::View v = view_at(at_expiry, k_dev, "2026-03-01T12:00:00Z");
  CHECK(v.status == Status::Suspended);
  CHECK(v.expires_at == at("2026-03-01T12:00:00Z"));
  CHECK(v.last_confirmed_at == at("2025-03-01T12:00:00Z"));
  // Not recorded yet: the rules at T show it suspended all the same.
  const History unrecorded = granted();
  CHECK(view_at(unrecorded.at_instant("2026-03-01T12:00:00Z"), k_dev, "2026-03-01T12:00:00Z").status ==
        Status::Suspended);
}

TEST_CASE("replay: a re-grant starts a fresh record, the revoked one is seen before it", "[replay]") {
  History h = granted();
  h.on(EventType::Confirmed, k_dev, "2025-05-01T00:00:00Z");
  h.on(EventType::Revoked, k_dev, "2025-08-01T00:00:00Z");
  h.grant(k_dev, "2025-09-01T00:00:00Z", "2025-09-01T00:00:00Z", "Totally Different Co");
  const State between = h.at_instant("2025-08-31T23:59:59Z");
  CHECK(between.find(k_seller, k_dev)->status == Status::Revoked);
  CHECK(between.find(k_seller, k_dev)->nickname == "Khaos Control");
  const State after = h.at_instant("2025-09-01T00:00:00Z");
  const Authorization& fresh = *after.find(k_seller, k_dev);
  CHECK(fresh.status == Status::Active);
  CHECK(fresh.nickname == "Totally Different Co");
  CHECK(fresh.authorized_at == at("2025-09-01T00:00:00Z"));
  CHECK_FALSE(fresh.confirmed_at.has_value());
  CHECK_FALSE(fresh.frozen_last_confirmed_at.has_value());
  CHECK_FALSE(fresh.ended_at.has_value());
  CHECK(after.authorizations.size() == 1);
}

TEST_CASE("replay: before a seller's first enable its confirmation counts as off", "[replay]") {
  History h;
  h.seller("2025-01-01T00:00:00Z");
  h.grant(k_dev, "2025-02-01T00:00:00Z");
  h.add(EventType::ConfirmationEnabled, "2025-06-01T00:00:00Z");
  const State before = h.at_instant("2025-05-31T23:59:59Z");
  CHECK_FALSE(before.sellers[0].confirmation_enabled);
  CHECK_FALSE(before.sellers[0].enabled_at.has_value());
  CHECK_FALSE(view_at(before, k_dev, "2025-05-31T23:59:59Z").expires_at.has_value());
  // Even long after its twelve months: nothing expires while confirmation is off.
  History late;
  late.seller("2025-01-01T00:00:00Z");
  late.grant(k_dev, "2025-02-01T00:00:00Z");
  late.add(EventType::ConfirmationEnabled, "2027-06-01T00:00:00Z");
  CHECK(view_at(late.at_instant("2027-05-31T00:00:00Z"), k_dev, "2027-05-31T00:00:00Z").status == Status::Active);
  const rules::View on = view_at(h.at_instant("2025-06-01T00:00:00Z"), k_dev, "2025-06-01T00:00:00Z");
  CHECK(on.last_confirmed_at == at("2025-06-01T00:00:00Z"));
  CHECK(on.expires_at == at("2026-06-01T00:00:00Z"));
}

TEST_CASE("replay: a grant recorded late counts from the instant it took effect", "[replay]") {
  History h = granted();
  h.on(EventType::Confirmed, k_dev, "2026-01-10T00:00:00Z");
  // Recorded in 2026, granted (--at) in 2025; recorded after the confirmation.
  h.grant(k_dev2, "2025-04-01T00:00:00Z", "2026-02-01T00:00:00Z", "Linnworks");
  const State picture = h.at_instant("2025-05-01T00:00:00Z");
  REQUIRE(picture.find(k_seller, k_dev2) != nullptr);
  CHECK(picture.find(k_seller, k_dev2)->nickname == "Linnworks");
  CHECK_FALSE(picture.find(k_seller, k_dev)->confirmed_at.has_value());  // confirmed later
  CHECK(h.at_instant("2025-03-31T23:59:59Z").find(k_seller, k_dev2) == nullptr);
}

TEST_CASE("replay: confirmation switched off, then on again", "[replay]") {
  History h = granted();
  h.add(EventType::ConfirmationDisabled, "2025-05-01T00:00:00Z");
  h.add(EventType::ConfirmationEnabled, "2026-09-01T00:00:00Z");
  // Off: no expiry, not suspended though its twelve months are over.
  const State off = h.at_instant("2026-04-01T00:00:00Z");
  CHECK_FALSE(off.sellers[0].confirmation_enabled);
  CHECK(off.sellers[0].disabled_at == at("2025-05-01T00:00:00Z"));
  const rules::View v_off = view_at(off, k_dev, "2026-04-01T00:00:00Z");
  CHECK(v_off.status == Status::Active);
  CHECK_FALSE(v_off.expires_at.has_value());
  // On again: twelve months from the new enabled_at (R3).
  const rules::View v_on = view_at(h.at_instant("2026-09-01T00:00:00Z"), k_dev, "2026-09-01T00:00:00Z");
  CHECK(v_on.last_confirmed_at == at("2026-09-01T00:00:00Z"));
  CHECK(v_on.expires_at == at("2027-09-01T00:00:00Z"));
  // Before the switch off: the first enabled_at.
  const rules::View v_first = view_at(h.at_instant("2025-04-01T00:00:00Z"), k_dev, "2025-04-01T00:00:00Z");
  CHECK(v_first.expires_at == at("2026-03-01T12:00:00Z"));
}

TEST_CASE("replay: an imported date last confirmed counts from that instant", "[replay]") {
  History h;
  h.seller("2025-01-01T00:00:00Z");
  h.add(EventType::ConfirmationEnabled, "2025-01-01T00:00:00Z");
  h.grant(k_dev, "2024-06-01T00:00:00Z", "2025-03-01T00:00:00Z").last_confirmed_at = at("2025-02-01T00:00:00Z");
  const rules::View before = view_at(h.at_instant("2025-01-15T00:00:00Z"), k_dev, "2025-01-15T00:00:00Z");
  CHECK(before.last_confirmed_at == at("2025-01-01T00:00:00Z"));  // enabled_at is later than the grant
  const State after = h.at_instant("2025-03-01T00:00:00Z");
  CHECK(after.find(k_seller, k_dev)->confirmed_at == at("2025-02-01T00:00:00Z"));
  CHECK(view_at(after, k_dev, "2025-03-01T00:00:00Z").expires_at == at("2026-02-01T00:00:00Z"));
}

TEST_CASE("replay: an inventory_recorded event replaces the picture and names format-1 grants", "[replay]") {
  History h;
  h.seller("2025-01-01T00:00:00Z").seller_name.reset();  // format 1: no name, no nickname
  h.add(EventType::ConfirmationEnabled, "2025-01-01T00:00:00Z");
  h.add(EventType::Granted, "2025-03-01T00:00:00Z", "2025-03-01T00:00:00Z", k_dev);
  h.add(EventType::Granted, "2025-03-02T00:00:00Z", "2025-03-02T00:00:00Z", k_dev2);
  h.on(EventType::Revoked, k_dev2, "2025-04-01T00:00:00Z");
  Inventory inventory;
  dac::Seller seller;
  seller.seller_id = k_seller;
  seller.name = "Upgraded Shop";
  seller.enabled_at = at("2025-01-01T00:00:00Z");
  inventory.sellers.push_back(seller);
  Authorization own;
  own.seller_id = k_seller;
  own.developer_id = k_dev;
  own.nickname = "Own Account";
  own.own = true;
  own.authorized_at = at("2025-03-01T00:00:00Z");
  inventory.authorizations.push_back(own);
  Authorization gone = own;
  gone.developer_id = k_dev2;
  gone.nickname = "Gone Co";
  gone.own = false;
  gone.authorized_at = at("2025-03-02T00:00:00Z");
  gone.status = Status::Revoked;
  gone.frozen_last_confirmed_at = at("2025-03-02T00:00:00Z");
  gone.ended_at = at("2025-04-01T00:00:00Z");
  inventory.authorizations.push_back(gone);
  h.add(EventType::InventoryRecorded, "2025-05-01T00:00:00Z").inventory = inventory;
  h.on(EventType::Confirmed, k_dev2, "2025-05-02T00:00:00Z");  // ignored: revoked
  h.grant("333333333333", "2025-05-03T00:00:00Z");

  // Before the upgrade: the format-1 grants take nickname and own from it.
  const State before = h.at_instant("2025-03-15T00:00:00Z");
  CHECK(before.find(k_seller, k_dev)->nickname == "Own Account");
  CHECK(before.find(k_seller, k_dev)->own);
  CHECK(before.find(k_seller, k_dev2)->nickname == "Gone Co");
  CHECK(before.find(k_seller, k_dev2)->status == Status::Active);
  CHECK(before.sellers[0].name == "Upgraded Shop");
  // From the upgrade on: the inventory it recorded, then what followed.
  const State all = h.all();
  REQUIRE(all.authorizations.size() == 3);
  CHECK(all.sellers[0].name == "Upgraded Shop");
  CHECK(all.find(k_seller, k_dev2)->status == Status::Revoked);
  CHECK_FALSE(all.find(k_seller, k_dev2)->confirmed_at.has_value());
  CHECK(all.find(k_seller, "333333333333")->nickname == "Khaos Control");
}

TEST_CASE("replay: without a recorded inventory, format-1 grants are named from the fallback", "[replay]") {
  History h;
  h.seller("2025-01-01T00:00:00Z").seller_name.reset();
  h.add(EventType::Granted, "2025-03-01T00:00:00Z", "2025-03-05T00:00:00Z", k_dev);
  State stored;
  dac::Seller seller;
  seller.seller_id = k_seller;
  seller.name = "Stored Shop";
  seller.confirmation_enabled = false;
  stored.add_seller(seller);
  Authorization auth;
  auth.seller_id = k_seller;
  auth.developer_id = k_dev;
  auth.nickname = "Stored Name";
  auth.authorized_at = at("2025-03-01T00:00:00Z");
  auth.confirmed_at = at("2025-03-04T00:00:00Z");  // imported: before the grant was recorded
  auth.token = "amzn.mws.00000000-0000-0000-0000-000000000000";
  stored.add_authorization(auth);
  const State picture = h.at_instant("2025-06-01T00:00:00Z", &stored);
  CHECK(picture.sellers[0].name == "Stored Shop");
  CHECK(picture.find(k_seller, k_dev)->nickname == "Stored Name");
  CHECK(picture.find(k_seller, k_dev)->confirmed_at == at("2025-03-04T00:00:00Z"));
  CHECK_FALSE(picture.find(k_seller, k_dev)->token.has_value());
}

TEST_CASE("replay: a past picture holds the token only while that grant still holds it", "[replay]") {
  History h = granted();
  h.on(EventType::Revoked, k_dev, "2025-08-01T00:00:00Z");
  h.grant(k_dev, "2025-09-01T00:00:00Z");
  h.grant(k_dev2, "2025-03-01T00:00:00Z");
  State stored = h.all();
  stored.find(k_seller, k_dev)->token = "amzn.mws.00000000-0000-0000-0000-000000000001";
  stored.find(k_seller, k_dev2)->token = "amzn.mws.00000000-0000-0000-0000-000000000002";
  dac::Replay before_revocation(at("2025-07-01T00:00:00Z"), &stored);
  for (const Event& e : h.events()) before_revocation.apply(e);
  const State picture = before_revocation.finish(true);
  CHECK_FALSE(picture.find(k_seller, k_dev)->token.has_value());  // that grant was revoked since
  CHECK(picture.find(k_seller, k_dev2)->token == stored.find(k_seller, k_dev2)->token);
}

TEST_CASE("replay: the fold of what the rules recorded is the inventory they left", "[replay]") {
  State state;
  std::vector<Event> events;
  const rules::Actor actor{"alice", std::nullopt};
  const auto run = [&](const auto& change, const char* now) {
    rules::Outcome out;
    rules::record_due_suspensions(state, at(now), out);
    change(out, at(now));
    for (Event& e : out.events) {
      e.seq = events.size() + 1;
      events.push_back(e);
    }
  };
  const auto grant = [&](const std::string& dev, const char* when, const char* nickname, bool own = false) {
    return [&state, &actor, dev, when, nickname, own](rules::Outcome& out, Instant now) {
      rules::GrantRequest r{k_seller, dev, nickname, "amzn.mws.00000000-0000-0000-0000-" + dev, at(when), own, {}};
      rules::grant(state, r, now, actor, out);
    };
  };
  const auto on_auth = [&](auto rule, const std::string& dev) {
    return [&state, &actor, rule, dev](rules::Outcome& out, Instant now) {
      rule(state, *state.find(k_seller, dev), now, actor, out);
    };
  };
  run([&](rules::Outcome& out, Instant now) { rules::add_seller(state, k_seller, "Shop", now, now, actor, out); },
      "2025-01-01T00:00:00Z");
  run(grant(k_dev, "2025-01-15T00:00:00Z", "Khaos Control"), "2025-02-01T00:00:00Z");
  run(grant(k_dev2, "2025-02-01T00:00:00Z", "Linnworks"), "2025-02-01T00:00:00Z");
  run(grant("555555555555", "2025-02-01T00:00:00Z", "Own", true), "2025-02-01T00:00:00Z");
  run(on_auth(rules::confirm, k_dev), "2025-06-01T00:00:00Z");
  run(on_auth(rules::revoke, k_dev), "2025-07-01T00:00:00Z");
  run(grant(k_dev, "2025-08-01T00:00:00Z", "Again Co"), "2025-08-01T00:00:00Z");
  run([](rules::Outcome&, Instant) {}, "2026-03-01T00:00:00Z");  // Linnworks suspended on 2026-02-01
  run(on_auth(rules::restore, k_dev2), "2026-03-02T00:00:00Z");
  run([&](rules::Outcome& out, Instant now) { rules::disable(state, state.sellers[0], now, actor, out); },
      "2026-04-01T00:00:00Z");
  run(on_auth(rules::revoke, k_dev2), "2026-05-01T00:00:00Z");

  // Format-1 events carry no nickname: the stored inventory names them.
  const State rebuilt = dac::replay(events, {}, &state);
  REQUIRE(rebuilt.authorizations.size() == state.authorizations.size());
  for (const Authorization& stored : state.authorizations) {
    const Authorization* r = rebuilt.find(stored.seller_id, stored.developer_id);
    REQUIRE(r != nullptr);
    CHECK(r->nickname == stored.nickname);
    CHECK(r->own == stored.own);
    CHECK(r->status == stored.status);
    CHECK(r->authorized_at == stored.authorized_at);
    CHECK(r->confirmed_at == stored.confirmed_at);
    CHECK(r->frozen_last_confirmed_at == stored.frozen_last_confirmed_at);
    CHECK(r->ended_at == stored.ended_at);
  }
  CHECK(rebuilt.sellers[0].confirmation_enabled == state.sellers[0].confirmation_enabled);
  CHECK(rebuilt.sellers[0].enabled_at == state.sellers[0].enabled_at);
  // The picture in between: Linnworks suspended on 2026-02-01, restored on 2026-03-02.
  const State mid = dac::replay(events, at("2026-02-15T00:00:00Z"), &state);
  CHECK(mid.find(k_seller, k_dev2)->status == Status::Suspended);
  CHECK(mid.find(k_seller, k_dev2)->ended_at == at("2026-02-01T00:00:00Z"));
}

TEST_CASE("record_late_suspension: a late grant that came due in an ended period of confirmation", "[rules][R5]") {
  Authorization auth;
  auth.seller_id = k_seller;
  auth.developer_id = k_dev;
  auth.authorized_at = at("2024-12-10T06:00:00Z");
  const Instant now = at("2026-06-13T00:00:00Z");
  const auto late = [&](Authorization a, const std::vector<rules::OnPeriod>& closed) {
    rules::Outcome out;
    rules::record_late_suspension(a, closed, now, out);
    return std::pair{a, out.events};
  };
  SECTION("on from after the grant: 12 months from the enable, which came before the disable") {
    const auto [a, events] = late(auth, {{at("2024-12-31T22:00:00Z"), at("2026-01-01T00:00:00Z")}});
    CHECK(a.status == Status::Suspended);
    CHECK(a.ended_at == at("2025-12-31T22:00:00Z"));
    CHECK(a.frozen_last_confirmed_at == at("2024-12-31T22:00:00Z"));
    REQUIRE(events.size() == 1);
    CHECK(events[0].type == EventType::Suspended);
    CHECK(events[0].effective_at == at("2025-12-31T22:00:00Z"));
    CHECK(events[0].recorded_at == now);
    CHECK(events[0].actor == rules::k_automatic_actor);
  }
  SECTION("the disable at the expiry instant itself: it came due (the instant counts)") {
    const auto [a, events] = late(auth, {{at("2024-12-31T22:00:00Z"), at("2025-12-31T22:00:00Z")}});
    CHECK(a.status == Status::Suspended);
    CHECK(events.size() == 1);
  }
  SECTION("switched off one second before the expiry: still active") {
    const auto [a, events] = late(auth, {{at("2024-12-31T22:00:00Z"), at("2025-12-31T21:59:59Z")}});
    CHECK(a.status == Status::Active);
    CHECK(events.empty());
  }
  SECTION("a period that ended before the grant does not count; the next one does") {
    const auto [a, events] = late(auth, {{at("2023-01-01T00:00:00Z"), at("2024-12-10T06:00:00Z")},
                                         {at("2025-01-01T00:00:00Z"), at("2026-05-01T00:00:00Z")}});
    CHECK(a.ended_at == at("2026-01-01T00:00:00Z"));
    CHECK(a.frozen_last_confirmed_at == at("2025-01-01T00:00:00Z"));
  }
  SECTION("on since before the grant: 12 months from the grant") {
    const auto [a, events] = late(auth, {{at("2024-01-01T00:00:00Z"), at("2026-01-01T00:00:00Z")}});
    CHECK(a.ended_at == at("2025-12-10T06:00:00Z"));
    CHECK(a.frozen_last_confirmed_at == auth.authorized_at);
  }
  SECTION("an imported date last confirmed before the expiry moves it") {
    Authorization confirmed = auth;
    confirmed.confirmed_at = at("2025-06-01T00:00:00Z");
    const auto [a, events] = late(confirmed, {{at("2024-01-01T00:00:00Z"), at("2026-01-01T00:00:00Z")}});
    CHECK(a.status == Status::Active);  // due 2026-06-01, after the disable
    CHECK(events.empty());
  }
  SECTION("the seller's own account is never suspended") {
    Authorization own = auth;
    own.own = true;
    const auto [a, events] = late(own, {{at("2024-01-01T00:00:00Z"), at("2026-01-01T00:00:00Z")}});
    CHECK(a.status == Status::Active);
    CHECK(events.empty());
  }
}

TEST_CASE("replay: a suspension recorded late keeps the dates of the period it came due in", "[replay]") {
  History h;
  h.seller("2024-01-01T00:00:00Z");
  h.add(EventType::ConfirmationEnabled, "2024-12-31T22:00:00Z");
  h.add(EventType::ConfirmationDisabled, "2026-01-01T00:00:00Z");
  // Recorded in June 2026 with --at in 2024, and the suspension it came due to (R5).
  h.grant(k_dev, "2024-12-10T06:00:00Z", "2026-06-13T00:00:00Z");
  h.add(EventType::Suspended, "2025-12-31T22:00:00Z", "2026-06-13T00:00:00Z", k_dev);
  for (const char* t : {"2025-12-31T22:00:00Z", "2026-01-01T00:00:00Z", "2026-06-13T00:00:00Z"}) {
    const rules::View v = view_at(h.at_instant(t), k_dev, t);
    CHECK(v.status == Status::Suspended);
    CHECK(v.last_confirmed_at == at("2024-12-31T22:00:00Z"));
    CHECK(v.expires_at == at("2025-12-31T22:00:00Z"));
  }
  const rules::View before = view_at(h.at_instant("2025-12-31T21:59:59Z"), k_dev, "2025-12-31T21:59:59Z");
  CHECK(before.status == Status::Active);
  const State all = h.all();
  const Authorization* rebuilt = all.find(k_seller, k_dev);
  REQUIRE(rebuilt != nullptr);
  CHECK(rebuilt->frozen_last_confirmed_at == at("2024-12-31T22:00:00Z"));
}
