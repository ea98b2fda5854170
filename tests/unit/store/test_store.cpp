#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../helpers.hpp"
#include "dac/core/error.hpp"
#include "dac/core/rules.hpp"
#include "dac/core/time.hpp"
#include "dac/store/store.hpp"
#include "dac/util/lock_file.hpp"
#include "store/codec.hpp"
#include "store/history.hpp"

using namespace std::chrono_literals;
using dac::Authorization;
using dac::ErrorKind;
using dac::Event;
using dac::Instant;
using dac::State;
using dac::Status;
using dac::test::at;
using dac::test::error_from;
using dac::test::full_text;
using dac::test::kind_is;
using dac::test::read_text;
using dac::test::TempDir;
namespace fs = std::filesystem;
namespace rules = dac::rules;
using nlohmann::json;

namespace {

const std::string k_seller = "A1B2C3D4E5F6G7";
const std::string k_seller2 = "Z9Y8X7W6V5U4T3";
const rules::Actor k_alice{"alice", std::nullopt};

void write_text(const fs::path& path, const std::string& text, std::ios::openmode mode = std::ios::trunc) {
  std::ofstream out(path, std::ios::binary | std::ios::out | mode);
  REQUIRE(out);
  out << text;
  out.close();
  REQUIRE(out);
}

// The permission bits of a file or folder.
unsigned mode_of(const fs::path& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777U;
}

// A rich state: two sellers, and authorisations in every status.
State sample_state() {
  State state;
  rules::Outcome out;
  rules::add_seller(state, k_seller, "Main shop", at("2024-01-01T00:00:00Z"), at("2024-01-01T00:00:00Z"), k_alice, out);
  rules::add_seller(state, k_seller2, "Caf\xC3\xA9 \"Other\"", std::nullopt, at("2024-01-01T00:00:00Z"), k_alice, out);
  const auto grant = [&](const std::string& dev, const std::string& nickname, const char* when, bool own,
                         const std::string& seller) {
    rules::GrantRequest request;
    request.seller_id = seller;
    request.developer_id = dev;
    request.nickname = nickname;
    request.token = "amzn.mws.0000000" + dev.substr(11) + "-aaaa-bbbb-cccc-" + dev;
    request.authorized_at = at(when);
    request.own = own;
    rules::grant(state, request, at(when), k_alice, out);
  };
  grant("100000000001", "Active", "2024-06-01T00:00:00Z", false, k_seller);
  grant("100000000002", "Confirmed", "2024-02-01T00:00:00Z", false, k_seller);
  grant("100000000003", "Suspended", "2024-01-15T10:20:30Z", false, k_seller);
  grant("100000000004", "Revoked", "2024-03-01T00:00:00Z", false, k_seller);
  grant("100000000005", "Us", "2023-01-01T00:00:00Z", true, k_seller);
  grant("100000000006", "Multi \xE2\x82\xAC", "2020-01-01T00:00:00Z", false, k_seller2);
  rules::confirm(state, *state.find(k_seller, "100000000002"), at("2024-09-09T09:09:09Z"), k_alice, out);
  rules::record_due_suspensions(state, at("2025-02-01T00:00:00Z"), out);
  rules::revoke(state, *state.find(k_seller, "100000000004"), at("2025-02-02T00:00:00Z"), k_alice, out);
  state.history = dac::HistoryHead{42, 12345, std::string(64, 'c')};
  state.written_at = at("2025-02-02T00:00:00Z");
  state.store_id = "0123456789abcdef0123456789abcdef";  // format 2 (SPEC §7: the store's id)
  return state;
}

void check_same(const State& a, const State& b) {
  CHECK(a.store_id == b.store_id);
  CHECK(a.written_at == b.written_at);
  CHECK(a.history.events == b.history.events);
  CHECK(a.history.bytes == b.history.bytes);
  CHECK(a.history.hash == b.history.hash);
  REQUIRE(a.sellers.size() == b.sellers.size());
  for (std::size_t i = 0; i < a.sellers.size(); ++i) {
    CAPTURE(i);
    CHECK(a.sellers[i].seller_id == b.sellers[i].seller_id);
    CHECK(a.sellers[i].name == b.sellers[i].name);
    CHECK(a.sellers[i].confirmation_enabled == b.sellers[i].confirmation_enabled);
    CHECK(a.sellers[i].enabled_at == b.sellers[i].enabled_at);
    CHECK(a.sellers[i].disabled_at == b.sellers[i].disabled_at);
  }
  REQUIRE(a.authorizations.size() == b.authorizations.size());
  for (std::size_t i = 0; i < a.authorizations.size(); ++i) {
    const Authorization& x = a.authorizations[i];
    const Authorization& y = b.authorizations[i];
    CAPTURE(x.developer_id);
    CHECK(x.seller_id == y.seller_id);
    CHECK(x.developer_id == y.developer_id);
    CHECK(x.nickname == y.nickname);
    CHECK(x.own == y.own);
    CHECK(x.authorized_at == y.authorized_at);
    CHECK(x.confirmed_at == y.confirmed_at);
    CHECK(x.token == y.token);
    CHECK(x.status == y.status);
    CHECK(x.frozen_last_confirmed_at == y.frozen_last_confirmed_at);
    CHECK(x.ended_at == y.ended_at);
  }
}

// Reads a state from the text of `j`, as the store reads state.json.
State from_text(const json& j) {
  return dac::state_from_json(dac::parse_json(j.dump(1, '\t'), "state.json"), "state.json");
}

State round_trip(const State& state) { return from_text(json(state)); }

}  // namespace

// ---------------------------------------------------------------- codec

TEST_CASE("a state survives a round trip through a string", "[codec]") {
  const State state = sample_state();
  REQUIRE(state.find(k_seller, "100000000002")->confirmed_at.has_value());
  REQUIRE(state.find(k_seller, "100000000003")->status == Status::Suspended);
  REQUIRE(state.find(k_seller, "100000000004")->status == Status::Revoked);
  REQUIRE(state.find(k_seller, "100000000005")->own);

  const State back = round_trip(state);
  check_same(state, back);
  CHECK(json(back).dump() == json(state).dump());
}

TEST_CASE("an empty state survives a round trip", "[codec]") {
  State state;
  state.history = dac::HistoryHead{0, 0, dac::history::genesis_hash()};
  state.store_id = "0123456789abcdef0123456789abcdef";
  check_same(state, round_trip(state));
}

TEST_CASE("an event survives a round trip through a string", "[codec]") {
  Event e;
  e.seq = 7;
  e.type = dac::EventType::ConfirmationDisabled;
  e.effective_at = at("2025-03-01T12:00:00Z");
  e.recorded_at = at("2025-03-02T12:00:00Z");
  e.seller_id = k_seller;
  e.actor = "bob";
  e.reason = "audit \xE2\x9C\x93";
  e.prev_hash = std::string(64, 'a');
  e.hash = std::string(64, 'b');
  const Event back = dac::event_from_json(dac::parse_json(json(e).dump(), "line 1"), "line 1");
  CHECK(back.seq == e.seq);
  CHECK(back.type == e.type);
  CHECK(back.effective_at == e.effective_at);
  CHECK(back.recorded_at == e.recorded_at);
  CHECK(back.seller_id == e.seller_id);
  CHECK_FALSE(back.developer_id.has_value());
  CHECK(back.actor == e.actor);
  CHECK(back.reason == e.reason);
  CHECK(back.prev_hash == e.prev_hash);
  CHECK(back.hash == e.hash);
  CHECK_FALSE(json(e).contains("mws_auth_token"));
}

TEST_CASE("a state of a newer version is refused", "[codec]") {
  json j = sample_state();
  j["version"] = dac::k_store_version + 1;
  const dac::Error e = error_from([&] { (void)from_text(j); });
  CHECK(e.kind() == ErrorKind::Store);
  CHECK_THAT(e.what(), Catch::Contains("newer"));
  CHECK_THAT(e.hint(), Catch::Contains("upgrade"));
}

TEST_CASE("a state that is not a dac store is refused", "[codec]") {
  json j = sample_state();
  std::string expected;
  SECTION("version 0") {
    j["version"] = 0;
    expected = "unknown version 0";
  }
  SECTION("version as text") {
    j["version"] = "1";
    expected = "state.json.version: expected a positive integer";
  }
  SECTION("another format") {
    j["format"] = "something-else";
    expected = "not a dac store";
  }
  SECTION("no sellers") {
    j.erase("sellers");
    expected = "missing field \"sellers\"";
  }
  SECTION("an authorisation of an unknown seller") {
    j["authorizations"][0]["seller_id"] = "NOSUCHSELLER1";
    expected = "state.json.authorizations[0]: unknown seller NOSUCHSELLER1";
  }
  SECTION("a revoked authorisation that kept its token") {
    j["authorizations"][3]["mws_auth_token"] = "amzn.mws.00000004-aaaa-bbbb-cccc-100000000004";
    expected = "keeps no token";
  }
  SECTION("an active authorisation without a token") {
    j["authorizations"][0]["mws_auth_token"] = nullptr;
    expected = "state.json.authorizations[0].mws_auth_token: missing token";
  }
  SECTION("a bad instant") {
    j["authorizations"][0]["authorized_at"] = "2025-02-30T00:00:00Z";
    expected = "state.json.authorizations[0].authorized_at";
  }
  SECTION("a bad developer ID") {
    j["authorizations"][0]["developer_id"] = "1234-5678-9012";
    expected = "state.json.authorizations[0].developer_id";
  }
  SECTION("a seller twice") {
    j["sellers"][1] = j["sellers"][0];
    expected = "appears twice";
  }
  const dac::Error e = error_from([&] { (void)from_text(j); });
  CHECK(e.kind() == ErrorKind::Store);
  CHECK_THAT(e.what(), Catch::StartsWith("state.json") && Catch::Contains(expected));
}

// to_json writes the version as a signed number; text reads it back unsigned.
// Both must load.
TEST_CASE("a state converts back without going through text", "[codec]") {
  const State state = sample_state();
  const json j = state;
  State back;
  REQUIRE_NOTHROW(back = dac::state_from_json(j, "state"));
  check_same(state, back);
}

TEST_CASE("a bad field is named by its place in the file", "[codec]") {
  json j = sample_state();
  j["authorizations"][1]["own"] = "yes";
  const dac::Error e = error_from([&] { (void)from_text(j); });
  CHECK(e.kind() == ErrorKind::Store);
  CHECK_THAT(e.what(), Catch::Contains("state.json.authorizations[1].own") && Catch::Contains("true or false"));
}

TEST_CASE("malformed JSON is a store error naming line and column", "[codec]") {
  const std::string text = "{\n  \"format\": \"dac-store\",\n  \"version\": ,\n}\n";
  const dac::Error e = error_from([&] { (void)dac::parse_json(text, "/tmp/s/state.json"); });
  CHECK(e.kind() == ErrorKind::Store);
  CHECK_THAT(e.what(),
             Catch::Contains("/tmp/s/state.json") && Catch::Contains("line 3") && Catch::Contains("column 14"));

  SECTION("on the first line") {
    const dac::Error first = error_from([] { (void)dac::parse_json("{\"a\" 1}", "x.json"); });
    CHECK_THAT(first.what(), Catch::Contains("line 1") && Catch::Contains("column 6"));
  }
  SECTION("a secret in the bad token is not echoed") {
    // nlohmann quotes the token it could not read ("last read: '...'").
    const std::string secret =
        GENERATE(as<std::string>{}, "{\"mws_auth_token\": \"amzn.mws.9f1c2d3e-0a1b-4c5d-8e9f-a0b1c2d3e4f5",
                 "{\"mws_auth_token\": \"amzn.mws.9f1c2d3e-0a1b-4c5d-8e9f-a0b1c2d3e4f5\n\"}");
    const dac::Error cut = error_from([&] { (void)dac::parse_json(secret, "state.json"); });
    CHECK(cut.kind() == ErrorKind::Store);
    CHECK_THAT(full_text(cut), !Catch::Contains("9f1c2d3e") && !Catch::Contains("a0b1c2d3e4f5"));
  }
}

TEST_CASE("a key that appears twice in an object is refused where it appears", "[codec]") {
  // nlohmann alone keeps the last value; another tool may show the first.
  const std::string text = "{\n  \"own\": false,\n  \"nested\": {\"a\": 1, \"b\": 2},\n  \"own\": true\n}\n";
  const dac::Error e = error_from([&] { (void)dac::parse_json(text, "state.json"); });
  CHECK(e.kind() == ErrorKind::Store);
  CHECK_THAT(e.what(), Catch::Contains("state.json") && Catch::Contains("\"own\" appears twice") &&
                           Catch::Contains("line 4, column 3"));

  SECTION("also deep inside") {
    const dac::Error deep = error_from([] { (void)dac::parse_json(R"([{"a": [{"x": 1, "x": 1}]}])", "line 7"); });
    CHECK_THAT(deep.what(), Catch::Contains("\"x\" appears twice") && Catch::Contains("column 18 (byte 17)"));
  }
  SECTION("the same key in sibling objects is fine") {
    const json j = dac::parse_json(R"([{"a": 1}, {"a": 2, "b": {"a": 3}}])", "x");
    CHECK(j[1]["b"]["a"] == 3);
  }
  SECTION("a key that is not a field name is not echoed: it could be a secret") {
    const dac::Error secret = error_from([] {
      (void)dac::parse_json(
          "{\"amzn.mws.9f1c2d3e-0a1b-4c5d-8e9f-a0b1c2d3e4f5\": 1, "
          "\"amzn.mws.9f1c2d3e-0a1b-4c5d-8e9f-a0b1c2d3e4f5\": 2}",
          "x");
    });
    CHECK_THAT(full_text(secret), Catch::Contains("appears twice") && !Catch::Contains("9f1c2d3e"));
  }
}

TEST_CASE("a number too large for a double is a store error with its place", "[codec]") {
  const dac::Error e = error_from([] { (void)dac::parse_json("{\n \"version\": 1e400}", "state.json"); });
  CHECK(e.kind() == ErrorKind::Store);
  CHECK_THAT(e.what(), Catch::Contains("state.json") && Catch::Contains("line 2") && Catch::Contains("too large"));
}

TEST_CASE("100,000 nested brackets neither overflow the stack nor load", "[codec]") {
  const std::string open(100000, '[');
  const dac::Error cut = error_from([&] { (void)dac::parse_json(open, "state.json"); });
  CHECK(cut.kind() == ErrorKind::Store);
  const json deep = dac::parse_json(open + std::string(100000, ']'), "state.json");
  const dac::Error wrong = error_from([&] { (void)dac::state_from_json(deep, "state.json"); });
  CHECK_THAT(wrong.what(), Catch::Contains("expected a JSON object"));
}

// ---------------------------------------------------------------- JSON store

namespace {

// A temp folder with a fresh store: one seller, confirmation on, two events.
struct StoreFixture {
  TempDir tmp;
  fs::path dir = tmp.path() / "store";
  Instant created = at("2025-01-01T00:00:00Z");

  StoreFixture() {
    State state;
    rules::Outcome out;
    rules::add_seller(state, k_seller, "Main shop", created, created, k_alice, out);
    dac::create_json_store(dir, state, out.events, created);
  }

  [[nodiscard]] fs::path state_path() const { return dir / "state.json"; }
  [[nodiscard]] fs::path history_path() const { return dir / "history.jsonl"; }
  [[nodiscard]] fs::path lock_path() const { return dir / "lock"; }

  // Grants `dev` in one committed transaction.
  static void grant(dac::Store& store, const std::string& dev, Instant now) {
    auto tx = store.begin(1s);
    rules::GrantRequest request;
    request.seller_id = k_seller;
    request.developer_id = dev;
    request.nickname = "Dev " + dev;
    request.token = "amzn.mws.00000000-0000-0000-0000-" + dev;
    request.authorized_at = now;
    rules::Outcome out;
    rules::grant(tx->state(), request, now, k_alice, out);
    tx->commit(out.events, now);
  }
};

std::vector<Event> history_of(dac::Store& store, const State& state) {
  std::vector<Event> events;
  store.read_history(state, [&](const Event& e) { events.push_back(e); });
  return events;
}

}  // namespace

TEST_CASE_METHOD(StoreFixture, "create_json_store makes a private store", "[store]") {
  // The assertions keep their text (issue 11): 0600u is 0600U.
  // NOLINTBEGIN(readability-uppercase-literal-suffix)
  CHECK(mode_of(dir) == 0700u);
  CHECK(mode_of(state_path()) == 0600u);
  CHECK(mode_of(history_path()) == 0600u);
  CHECK(mode_of(lock_path()) == 0600u);
  // NOLINTEND(readability-uppercase-literal-suffix)

  const auto store = dac::open_json_store(dir);
  const State state = store->load();
  REQUIRE(state.sellers.size() == 1);
  CHECK(state.sellers[0].seller_id == k_seller);
  CHECK(state.sellers[0].enabled_at == created);
  CHECK(state.written_at == created);
  CHECK(state.history.events == 2);
  CHECK(state.history.bytes == fs::file_size(history_path()));

  const std::vector<Event> events = history_of(*store, state);
  REQUIRE(events.size() == 2);
  CHECK(events[0].seq == 1);
  CHECK(events[0].type == dac::EventType::SellerAdded);
  CHECK(events[1].seq == 2);
  CHECK(events[1].type == dac::EventType::ConfirmationEnabled);
  CHECK(events[1].hash == state.history.hash);
  CHECK(store->verify_history(state).ok);
  CHECK_THAT(store->describe(), Catch::Contains(dir.string()));
}

TEST_CASE_METHOD(StoreFixture, "create_json_store refuses an existing store", "[store]") {
  const std::string before = read_text(state_path());
  REQUIRE_THROWS_MATCHES(dac::create_json_store(dir, State{}, {}, created), dac::Error, kind_is(ErrorKind::Refused));
  CHECK(read_text(state_path()) == before);
}

TEST_CASE("create_json_store without events writes an empty history", "[store]") {
  TempDir tmp;
  State state;
  rules::Outcome out;
  rules::add_seller(state, k_seller, "Main shop", std::nullopt, at("2025-01-01T00:00:00Z"), k_alice, out);
  dac::create_json_store(tmp.path() / "s", state, {}, at("2025-01-01T00:00:00Z"));
  const auto store = dac::open_json_store(tmp.path() / "s");
  const State loaded = store->load();
  CHECK(loaded.sellers.size() == 1);
  CHECK(loaded.history.events == 0);
  CHECK(loaded.history.bytes == 0);
  CHECK(store->verify_history(loaded).ok);
  // NOLINTNEXTLINE(readability-uppercase-literal-suffix): the assertion keeps its text (issue 11)
  CHECK(mode_of(tmp.path() / "s" / "state.json") == 0600u);
}

TEST_CASE_METHOD(StoreFixture, "a committed transaction is loaded back", "[store]") {
  const auto store = dac::open_json_store(dir);
  const Instant now = at("2025-02-01T00:00:00Z");
  grant(*store, "123456789012", now);

  const State state = store->load();
  REQUIRE(state.authorizations.size() == 1);
  CHECK(state.authorizations[0].developer_id == "123456789012");
  CHECK(state.authorizations[0].token == "amzn.mws.00000000-0000-0000-0000-123456789012");
  CHECK(state.written_at == now);
  CHECK(state.history.events == 3);
  CHECK(state.history.bytes == fs::file_size(history_path()));
  CHECK(store->verify_history(state).ok);

  const std::vector<Event> events = history_of(*store, state);
  REQUIRE(events.size() == 3);
  CHECK(events[2].seq == 3);
  CHECK(events[2].type == dac::EventType::Granted);
  CHECK(events[2].prev_hash == events[1].hash);
  // The history carries no token.
  CHECK_THAT(read_text(history_path()), !Catch::Contains("0000-123456789012"));

  // The assertions keep their text (issue 11): 0600u is 0600U.
  // NOLINTBEGIN(readability-uppercase-literal-suffix)
  CHECK(mode_of(state_path()) == 0600u);
  CHECK(mode_of(history_path()) == 0600u);
  CHECK(mode_of(dir) == 0700u);
  // NOLINTEND(readability-uppercase-literal-suffix)
  // No temp file is left behind.
  for (const auto& entry : fs::directory_iterator(dir)) {
    CHECK_THAT(entry.path().filename().string(), !Catch::StartsWith(".tmp-"));
  }

  SECTION("a second store object sees it too") { CHECK(dac::open_json_store(dir)->load().authorizations.size() == 1); }
}

TEST_CASE_METHOD(StoreFixture, "a transaction without events or without commit writes nothing", "[store]") {
  const auto store = dac::open_json_store(dir);
  const std::string state_before = read_text(state_path());
  const std::string history_before = read_text(history_path());

  SECTION("commit without events") {
    auto tx = store->begin(1s);
    tx->state().sellers[0].name = "changed";
    tx->commit({}, at("2025-02-01T00:00:00Z"));
  }
  SECTION("dropped without commit") {
    auto tx = store->begin(1s);
    rules::Outcome out;
    rules::disable(tx->state(), tx->state().sellers[0], at("2025-02-01T00:00:00Z"), k_alice, out);
    REQUIRE(out.events.size() == 1);
  }
  CHECK(read_text(state_path()) == state_before);
  CHECK(read_text(history_path()) == history_before);
}

TEST_CASE_METHOD(StoreFixture, "a store others can read is refused with the chmod that fixes it", "[store]") {
  SECTION("group-readable state.json") {
    fs::permissions(state_path(), fs::perms(0640), fs::perm_options::replace);
    const dac::Error e = error_from([&] { (void)dac::open_json_store(dir); });
    CHECK(e.kind() == ErrorKind::Store);
    CHECK_THAT(full_text(e), Catch::Contains("chmod 600") && Catch::Contains(state_path().string()));
  }
  SECTION("world-readable history") {
    fs::permissions(history_path(), fs::perms(0604), fs::perm_options::replace);
    const dac::Error e = error_from([&] { (void)dac::open_json_store(dir); });
    CHECK(e.kind() == ErrorKind::Store);
    CHECK_THAT(full_text(e), Catch::Contains("chmod 600"));
  }
  SECTION("a folder others can enter") {
    fs::permissions(dir, fs::perms(0750), fs::perm_options::replace);
    const dac::Error e = error_from([&] { (void)dac::open_json_store(dir); });
    CHECK(e.kind() == ErrorKind::Store);
    CHECK_THAT(full_text(e), Catch::Contains("chmod 700"));
  }
}

TEST_CASE("a missing store is refused", "[store]") {
  TempDir tmp;
  SECTION("no folder") {
    const dac::Error e = error_from([&] { (void)dac::open_json_store(tmp.path() / "nope"); });
    CHECK(e.kind() == ErrorKind::Store);
    CHECK_THAT(e.what(), Catch::Contains((tmp.path() / "nope").string()));
    CHECK_THAT(e.hint(), Catch::Contains("dac init"));
  }
  SECTION("a folder without state.json, private or open to others") {
    const auto mode =
        GENERATE(fs::perms::owner_all, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                           fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(tmp.path(), mode);
    const dac::Error e = error_from([&] { (void)dac::open_json_store(tmp.path()); });
    CHECK(e.kind() == ErrorKind::Store);
    CHECK_THAT(e.what(), Catch::Contains("state.json is missing"));
    CHECK_THAT(e.hint(), Catch::Contains("dac init"));
  }
  CHECK(fs::is_empty(tmp.path()));
}

TEST_CASE_METHOD(StoreFixture, "a lock held elsewhere makes begin() busy after a short wait", "[store]") {
  const auto store = dac::open_json_store(dir);
  dac::LockFile other(lock_path());
  REQUIRE(other.acquire(0ms));

  const auto start = std::chrono::steady_clock::now();
  const dac::Error e = error_from([&] { (void)store->begin(100ms); });
  const auto waited = std::chrono::steady_clock::now() - start;
  CHECK(e.kind() == ErrorKind::Busy);
  CHECK(waited >= 100ms);
  CHECK(waited < 2s);

  SECTION("and succeeds once it is released") {
    other.release();
    auto tx = store->begin(0ms);
    CHECK(tx->state().sellers.size() == 1);
  }
  SECTION("a transaction holds the lock until it ends") {
    other.release();
    {
      auto tx = store->begin(0ms);
      dac::LockFile third(lock_path());
      CHECK_FALSE(third.acquire(0ms));
    }
    dac::LockFile fourth(lock_path());
    CHECK(fourth.acquire(0ms));
  }
}

TEST_CASE_METHOD(StoreFixture, "begin() cuts an uncommitted history tail", "[store]") {
  const auto store = dac::open_json_store(dir);
  const State state = store->load();
  const auto committed = fs::file_size(history_path());
  REQUIRE(committed == state.history.bytes);
  write_text(history_path(), "{\"seq\":3,\"event\":\"granted\"}\n", std::ios::app);
  REQUIRE(fs::file_size(history_path()) > committed);

  // Readers see only the committed part.
  CHECK(history_of(*store, state).size() == 2);
  CHECK(store->verify_history(state).ok);

  { auto tx = store->begin(1s); }
  CHECK(fs::file_size(history_path()) == committed);

  grant(*store, "123456789012", at("2025-02-01T00:00:00Z"));
  const State after = store->load();
  CHECK(after.history.events == 3);
  CHECK(store->verify_history(after).ok);
  CHECK(history_of(*store, after).size() == 3);
}

TEST_CASE_METHOD(StoreFixture, "a history shorter than the state records is refused", "[store]") {
  const auto store = dac::open_json_store(dir);
  grant(*store, "123456789012", at("2025-02-01T00:00:00Z"));
  const State state = store->load();
  const auto size = fs::file_size(history_path());
  fs::resize_file(history_path(), size - 10);

  const dac::Error e = error_from([&] { (void)store->begin(1s); });
  CHECK(e.kind() == ErrorKind::Store);
  CHECK_THAT(e.what(), Catch::Contains("shorter"));
  CHECK(fs::file_size(history_path()) == size - 10);

  REQUIRE_THROWS_MATCHES(history_of(*store, state), dac::Error, kind_is(ErrorKind::Store));
  const dac::VerifyReport report = store->verify_history(state);
  CHECK_FALSE(report.ok);
  CHECK(report.first_bad_seq == 3);
}

TEST_CASE_METHOD(StoreFixture, "a store of a newer version is refused and left as it is", "[store]") {
  json j = json::parse(read_text(state_path()));
  j["version"] = dac::k_store_version + 1;
  write_text(state_path(), j.dump(1, '\t') + "\n");
  const std::string before = read_text(state_path());

  const auto store = dac::open_json_store(dir);
  REQUIRE_THROWS_MATCHES(store->load(), dac::Error, kind_is(ErrorKind::Store));
  REQUIRE_THROWS_MATCHES(store->begin(1s), dac::Error, kind_is(ErrorKind::Store));
  CHECK(read_text(state_path()) == before);
}

TEST_CASE_METHOD(StoreFixture, "a corrupt state.json names the file and position", "[store]") {
  std::string text = read_text(state_path());
  const std::size_t pos = text.find("\"sellers\"");
  REQUIRE(pos != std::string::npos);
  text.insert(pos, ",");
  write_text(state_path(), text);

  const auto store = dac::open_json_store(dir);
  const dac::Error e = error_from([&] { (void)store->load(); });
  CHECK(e.kind() == ErrorKind::Store);
  CHECK_THAT(e.what(), Catch::Contains(state_path().string()) && Catch::Contains("line "));
  CHECK(read_text(state_path()) == text);
}

TEST_CASE("a part of the inventory is what a command names and what expires by its horizon", "[scope]") {
  const Instant horizon = at("2028-02-29T10:00:00Z");
  const dac::Scope scope = dac::Scope::part({"123456789012"}, horizon);
  CHECK_FALSE(scope.whole);
  CHECK(scope.developer_ids == std::vector<std::string>{"123456789012"});
  CHECK_FALSE(scope.seller);
  REQUIRE(scope.expiring_by);
  CHECK(*scope.expiring_by == horizon);
  CHECK(dac::Scope{}.whole);
}
