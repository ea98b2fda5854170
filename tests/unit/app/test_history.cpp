// app::select_events: which events `history` selects, and the nickname each
// shows, the one its authorisation had at that event (SPEC §3).
#include <catch2/catch.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../helpers.hpp"
#include "dac/app/history.hpp"

using dac::Authorization;
using dac::Event;
using dac::EventType;
using dac::Instant;
using dac::State;
using dac::test::at;
namespace app = dac::app;

namespace {

constexpr const char* k_seller = "A1B2C3D4E5F6G7";
constexpr const char* k_dev = "123456789012";
constexpr const char* k_other = "210987654321";

// A store that only holds a history, in memory: what select_events reads.
class HistoryOnly : public dac::Store {
 public:
  std::vector<Event> events;

  std::unique_ptr<dac::Transaction> begin(std::chrono::milliseconds /*wait*/, const dac::Scope& /*scope*/) override {
    return nullptr;
  }
  State load(const dac::Scope& /*scope*/) override { return {}; }
  void read_history(const State& /*state*/, const std::function<void(const Event&)>& visit) override {
    for (const Event& e : events) visit(e);
  }
  void read_history_lines(const State& /*state*/, const std::function<void(std::string_view)>& /*visit*/) override {}
  dac::VerifyReport verify_history(const State& /*state*/,
                                   const std::function<void(const Event&)>& /*visit*/) override {
    return {};
  }
  [[nodiscard]] std::string describe() const override { return "memory"; }

  // Appends an event of `type`, effective and recorded at `when`.
  Event& add(EventType type, std::optional<std::string> dev, const char* when, std::string actor = "alice") {
    Event e;
    e.seq = events.size() + 1;
    e.type = type;
    e.effective_at = e.recorded_at = at(when);
    e.seller_id = k_seller;
    e.developer_id = std::move(dev);
    e.actor = std::move(actor);
    return events.emplace_back(std::move(e));
  }
};

// A stored inventory holding the developers with these nicknames.
State inventory(const std::vector<std::pair<std::string, std::string>>& nicknames) {
  State state;
  dac::Seller seller;
  seller.seller_id = k_seller;
  state.sellers.push_back(seller);
  for (const auto& [dev, nickname] : nicknames) {
    Authorization a;
    a.seller_id = k_seller;
    a.developer_id = dev;
    a.nickname = nickname;
    state.authorizations.push_back(a);
  }
  state.build_indexes();
  return state;
}

std::vector<std::optional<std::string>> nicknames(const std::vector<Event>& events) {
  std::vector<std::optional<std::string>> out;
  out.reserve(events.size());
  for (const Event& e : events) out.push_back(e.nickname);
  return out;
}

std::vector<std::uint64_t> seqs(const std::vector<Event>& events) {
  std::vector<std::uint64_t> out;
  out.reserve(events.size());
  for (const Event& e : events) out.push_back(e.seq);
  return out;
}

using Names = std::vector<std::optional<std::string>>;

}  // namespace

TEST_CASE("each event shows the nickname of the latest grant at or before it", "[app][history]") {
  HistoryOnly store;
  store.add(EventType::SellerAdded, std::nullopt, "2026-01-01T00:00:00Z");
  store.add(EventType::Granted, k_dev, "2026-01-02T00:00:00Z").nickname = "Khaos Control";
  store.add(EventType::Confirmed, k_dev, "2026-02-01T00:00:00Z");
  store.add(EventType::Revoked, k_dev, "2026-03-01T00:00:00Z");
  store.add(EventType::Granted, k_dev, "2026-04-01T00:00:00Z").nickname = "Totally Different Co";
  store.add(EventType::Confirmed, k_dev, "2026-05-01T00:00:00Z");
  State state = inventory({{k_dev, "Totally Different Co"}});

  SECTION("the whole history; a seller-wide event has none") {
    const auto events = app::select_events(store, state, {});
    CHECK(nicknames(events) == Names{std::nullopt, "Khaos Control", "Khaos Control", "Khaos Control",
                                     "Totally Different Co", "Totally Different Co"});
  }
  SECTION("selecting only revocations still names them after the grant before") {
    app::HistoryQuery q;
    q.types = {EventType::Revoked};
    const auto events = app::select_events(store, state, q);
    CHECK(seqs(events) == std::vector<std::uint64_t>{4});
    CHECK(nicknames(events) == Names{"Khaos Control"});
  }
  SECTION("by TARGET, found by its current nickname") {
    app::HistoryQuery q;
    q.target = "totally different co";
    const auto events = app::select_events(store, state, q);
    CHECK(seqs(events) == std::vector<std::uint64_t>{2, 3, 4, 5, 6});
    CHECK(nicknames(events).front() == "Khaos Control");
  }
  SECTION("--after: what was recorded after a seq, named all the same") {
    app::HistoryQuery q;
    q.after = 3;
    const auto events = app::select_events(store, state, q);
    CHECK(seqs(events) == std::vector<std::uint64_t>{4, 5, 6});
    CHECK(nicknames(events).front() == "Khaos Control");
    q.after = 6;
    CHECK(app::select_events(store, state, q).empty());
    q.after = 1000;
    CHECK(app::select_events(store, state, q).empty());
  }
}

TEST_CASE("a store written by format 1 names its events after the recorded inventory", "[app][history]") {
  HistoryOnly store;
  store.add(EventType::SellerAdded, std::nullopt, "2026-01-01T00:00:00Z");
  store.add(EventType::Granted, k_dev, "2026-01-02T00:00:00Z");    // no nickname: format 1
  store.add(EventType::Granted, k_other, "2026-01-03T00:00:00Z");  // no nickname: format 1
  store.add(EventType::Revoked, k_dev, "2026-01-04T00:00:00Z");

  SECTION("no upgrade yet: the stored inventory's nicknames") {
    State state = inventory({{k_dev, "Now"}, {k_other, "Other"}});
    CHECK(nicknames(app::select_events(store, state, {})) == Names{std::nullopt, "Now", "Other", "Now"});
  }
  SECTION("upgraded: the inventory recorded then, until a grant names it anew") {
    dac::Inventory recorded;
    for (const auto& [dev, nickname] : {std::pair{k_dev, "Then"}, std::pair{k_other, "Other then"}}) {
      Authorization a;
      a.seller_id = k_seller;
      a.developer_id = dev;
      a.nickname = nickname;
      recorded.authorizations.push_back(a);
    }
    store.add(EventType::InventoryRecorded, std::nullopt, "2026-02-01T00:00:00Z").inventory = recorded;
    store.add(EventType::Confirmed, k_other, "2026-02-02T00:00:00Z");
    store.add(EventType::Granted, k_dev, "2026-03-01T00:00:00Z").nickname = "Now";
    store.add(EventType::Confirmed, k_dev, "2026-03-02T00:00:00Z");
    State state = inventory({{k_dev, "Now"}, {k_other, "Other now"}});
    CHECK(nicknames(app::select_events(store, state, {})) ==
          Names{std::nullopt, "Then", "Other then", "Then", std::nullopt, "Other then", "Now", "Now"});
    app::HistoryQuery q;
    q.target = k_dev;
    CHECK(nicknames(app::select_events(store, state, q)) == Names{"Then", "Then", "Now", "Now"});
  }
}

TEST_CASE("history selects by effective instant, both ends inclusive, and by actor exactly", "[app][history]") {
  HistoryOnly store;
  store.add(EventType::SellerAdded, std::nullopt, "2026-01-01T00:00:00Z", "root");
  store.add(EventType::Granted, k_dev, "2026-02-01T00:00:00Z").nickname = "A";
  // Recorded late: effective in January, recorded in March.
  Event& late = store.add(EventType::Granted, k_other, "2026-03-01T00:00:00Z", "Bob");
  late.nickname = "B";
  late.effective_at = at("2026-01-15T00:00:00Z");
  store.add(EventType::Confirmed, k_dev, "2026-04-01T00:00:00Z", "bob");
  State state = inventory({{k_dev, "A"}, {k_other, "B"}});

  app::HistoryQuery q;
  q.since = at("2026-01-15T00:00:00Z");
  q.until = at("2026-02-01T00:00:00Z");
  CHECK(seqs(app::select_events(store, state, q)) == std::vector<std::uint64_t>{2, 3});
  q.since = at("2026-01-15T00:00:01Z");
  CHECK(seqs(app::select_events(store, state, q)) == std::vector<std::uint64_t>{2});
  q = {};
  q.after = 2;  // the late grant was recorded after event 2: --after finds it, --since would not
  CHECK(seqs(app::select_events(store, state, q)) == std::vector<std::uint64_t>{3, 4});
  q = {};
  q.actor = "bob";
  CHECK(seqs(app::select_events(store, state, q)) == std::vector<std::uint64_t>{4});
  q.types = {EventType::Granted};
  CHECK(app::select_events(store, state, q).empty());
}
