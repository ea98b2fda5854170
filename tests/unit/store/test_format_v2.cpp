// Store format 2 (issue 12): the fields R12 needs on events, the store id,
// disabled_at, the inventory_recorded event, both codecs agreeing on all of
// it, and the upgrade of a format-1 store by its first write.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../helpers.hpp"
#include "dac/app/checkpoint.hpp"
#include "dac/core/error.hpp"
#include "dac/core/rules.hpp"
#include "dac/store/store.hpp"
#include "store/codec.hpp"
#include "store/fast_codec.hpp"
#include "store/history.hpp"
#include "store/sha256.hpp"

using namespace std::chrono_literals;
using dac::Authorization;
using dac::ErrorKind;
using dac::Event;
using dac::EventType;
using dac::Instant;
using dac::Inventory;
using dac::Seller;
using dac::State;
using dac::Status;
using dac::test::at;
using dac::test::error_from;
using dac::test::full_text;
using dac::test::read_text;
using dac::test::TempDir;
namespace fs = std::filesystem;
namespace rules = dac::rules;
using nlohmann::json;

namespace {

const std::string k_seller = "A1B2C3D4E5F6G7";
const std::string k_seller2 = "Z9Y8X7W6V5U4T3";
const rules::Actor k_alice{"alice", std::nullopt};

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  REQUIRE(out);
  out << text;
  out.close();
  REQUIRE(out);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  for (std::size_t end; (end = text.find('\n', pos)) != std::string::npos; pos = end + 1) {
    lines.push_back(text.substr(pos, end - pos));
  }
  return lines;
}

// An inventory with every kind of value: two sellers (one switched off, one
// switched back on), authorisations in every status.
Inventory sample_inventory() {
  Inventory inv;
  Seller a;
  a.seller_id = k_seller;
  a.name = "Caf\xC3\xA9 \"Main\" \\ shop";
  a.enabled_at = at("2025-03-01T00:00:00Z");
  a.disabled_at = at("2025-02-01T00:00:00Z");
  Seller b;
  b.seller_id = k_seller2;
  b.confirmation_enabled = false;
  inv.sellers = {a, b};
  Authorization x;
  x.seller_id = k_seller;
  x.developer_id = "012345678901";
  x.nickname = "Zo\xC3\xAB's \"Tools\"";
  x.authorized_at = at("2025-01-01T00:00:00Z");
  x.confirmed_at = at("2025-06-01T00:00:00Z");
  Authorization y = x;
  y.developer_id = "999999999999";
  y.own = true;
  y.status = Status::Suspended;
  y.frozen_last_confirmed_at = at("2025-06-01T00:00:00Z");
  y.ended_at = at("2026-06-01T00:00:00Z");
  Authorization z = x;
  z.seller_id = k_seller2;
  z.status = Status::Revoked;
  z.frozen_last_confirmed_at = at("2025-01-01T00:00:00Z");
  z.ended_at = at("2025-02-01T00:00:00Z");
  inv.authorizations = {x, y, z};
  return inv;
}

Event base_event(EventType type) {
  Event e;
  e.seq = 7;
  e.type = type;
  e.effective_at = at("2026-01-01T00:00:00Z");
  e.recorded_at = at("2026-01-02T00:00:00Z");
  e.seller_id = k_seller;
  e.actor = "alice";
  e.prev_hash = std::string(64, 'c');
  return e;
}

// One event of each kind that carries a format-2 field.
std::vector<Event> format2_events() {
  std::vector<Event> events;
  Event granted = base_event(EventType::Granted);
  granted.developer_id = "123456789012";
  granted.nickname = "Khaos \"Control\" \\ \xE6\x9D\xB1";
  granted.own = false;
  events.push_back(granted);
  granted.own = true;
  granted.nickname = "Own";
  granted.last_confirmed_at = at("2026-01-01T00:00:01Z");
  events.push_back(granted);
  Event added = base_event(EventType::SellerAdded);
  added.seller_name = "Caf\xC3\xA9 \"Main\"";
  events.push_back(added);
  added.seller_name = "";
  events.push_back(added);
  Event inventory = base_event(EventType::InventoryRecorded);
  inventory.seller_id = "";
  inventory.actor = "dac";
  inventory.inventory = sample_inventory();
  events.push_back(inventory);
  inventory.inventory = Inventory{};
  events.push_back(inventory);
  return events;
}

// The event the codec reads from a line, or a store error.
Event codec_event(const std::string& line) { return dac::event_from_json(dac::parse_json(line, "line"), "line"); }

State v2_state() {
  State s;
  s.store_id = "0123456789abcdef0123456789abcdef";
  s.written_at = at("2026-11-26T12:00:00Z");
  s.history = {3, 900, std::string(64, 'a')};
  const auto inv = sample_inventory();
  for (const Seller& seller : inv.sellers) s.add_seller(seller);
  for (Authorization a : inv.authorizations) {
    if (a.status != Status::Revoked) a.token = "amzn.mws.4ea38b7b-f563-7709-4bae-87aeaf1e4567";
    s.add_authorization(a);
  }
  return s;
}

std::string nlohmann_text(const State& s) { return json(s).dump(1, '\t') + "\n"; }

std::string fast_text(const State& s) {
  std::string out;
  dac::fast::write_state_json(s, [&](std::string_view chunk) { out.append(chunk); });
  return out;
}

State codec_state(const std::string& text) {
  return dac::state_from_json(dac::parse_json(text, "state.json"), "state.json");
}

// `text` with `from` replaced once by `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, from.size(), to);
}

// A format-1 store as dac wrote it before format 2: state.json without id or
// disabled_at, events without the R12 fields.
void make_v1_store(const fs::path& dir) {
  State state;
  rules::Outcome out;
  const Instant t0 = at("2025-01-01T00:00:00Z");
  rules::add_seller(state, k_seller, "Main", t0, t0, k_alice, out);
  rules::GrantRequest request;
  request.seller_id = k_seller;
  request.developer_id = "123456789012";
  request.nickname = "Khaos Control";
  request.token = "amzn.mws.4ea38b7b-f563-7709-4bae-87aeaf1e4567";
  request.authorized_at = t0;
  rules::grant(state, request, t0, k_alice, out);
  request.developer_id = "222222222222";
  request.nickname = "Lapsing";
  rules::grant(state, request, t0, k_alice, out);
  rules::disable(state, state.sellers[0], t0, k_alice, out);
  rules::enable(state, state.sellers[0], t0, t0, k_alice, out);
  dac::create_json_store(dir, state, out.events, t0);
  // Take format 2 off again: what dac 6b9ff28 wrote.
  json j = json::parse(read_text(dir / "state.json"));
  j["version"] = 1;
  j.erase("id");
  for (json& seller : j["sellers"]) seller.erase("disabled_at");
  std::string history;
  dac::HistoryHead head{0, 0, dac::history::genesis_hash()};
  for (const std::string& line : lines_of(read_text(dir / "history.jsonl"))) {
    Event e = codec_event(line);
    e.nickname.reset();
    e.own.reset();
    e.last_confirmed_at.reset();
    e.seller_name.reset();
    const std::string sealed = dac::history::seal(e, head);
    history += sealed;
    head = {e.seq, head.bytes + sealed.size(), e.hash};
  }
  j["history"] = {{"events", head.events}, {"bytes", head.bytes}, {"head", head.hash}};
  write_text(dir / "history.jsonl", history);
  write_text(dir / "state.json", j.dump(1, '\t') + "\n");
}

}  // namespace

TEST_CASE("format 2 events: both writers give the same canonical line, both readers the same event", "[format2]") {
  for (Event e : format2_events()) {
    const std::string line = dac::history::seal(e, dac::HistoryHead{41, 1000, std::string(64, 'b')});
    json body = e;
    INFO(line);
    CHECK(line == body.dump() + "\n");
    body.erase("hash");
    CHECK(dac::fast::event_json(e, false) == body.dump());
    CHECK(e.hash == dac::sha256_hex(e.prev_hash + "\n" + body.dump()));

    const std::string text = line.substr(0, line.size() - 1);
    dac::fast::EventLine parsed;
    REQUIRE(dac::fast::parse_event_line(text, parsed));
    CHECK(text.substr(0, parsed.hash_begin) + text.substr(parsed.hash_end) == body.dump());
    const Event fast = dac::fast::to_event(parsed);
    const Event codec = codec_event(text);
    CHECK(json(fast) == json(e));
    CHECK(json(codec) == json(e));
    CHECK(json(codec).dump() == text);
  }
}

TEST_CASE("format 2 events: the fields are written only on the event types that have them", "[format2]") {
  const std::vector<Event> events = format2_events();
  CHECK(json(events[0]).contains("nickname"));
  CHECK(json(events[0]).contains("own"));
  CHECK_FALSE(json(events[0]).contains("last_confirmed_at"));
  CHECK(json(events[1])["last_confirmed_at"] == "2026-01-01T00:00:01Z");
  CHECK(json(events[2])["seller_name"] == "Caf\xC3\xA9 \"Main\"");
  const json inventory = json(events[4])["inventory"];
  CHECK(inventory["sellers"].size() == 2);
  CHECK(inventory["sellers"][0]["disabled_at"] == "2025-02-01T00:00:00Z");
  REQUIRE(inventory["authorizations"].size() == 3);
  for (const json& a : inventory["authorizations"]) CHECK_FALSE(a.contains("mws_auth_token"));
  // An event of format 1 keeps exactly the JSON (and hash) it had.
  Event confirmed = base_event(EventType::Confirmed);
  confirmed.developer_id = "123456789012";
  CHECK(dac::fast::event_json(confirmed, true) ==
        R"({"actor":"alice","developer_id":"123456789012","effective_at":"2026-01-01T00:00:00Z","event":"confirmed",)"
        R"("hash":"","prev_hash":")" +
            std::string(64, 'c') + R"(","reason":null,"recorded_at":"2026-01-02T00:00:00Z","seller_id":")" + k_seller +
            R"(","seq":7})");
}

TEST_CASE("format 2 events: a wrong field is refused with its place, by both readers", "[format2]") {
  Event granted = format2_events()[0];
  const std::string line = dac::fast::event_json(granted, true);
  Event inv = format2_events()[4];
  const std::string inventory_line = dac::fast::event_json(inv, true);
  const std::vector<std::pair<std::string, std::string>> bad{
      {replaced(line, R"("event":"granted")", R"("event":"confirmed")"), "line.nickname"},
      {replaced(line, R"("own":false)", R"("own":"no")"), "line.own"},
      {replaced(line, R"(,"own":false)", ""), "both nickname and own"},
      {replaced(line, R"("nickname":"Khaos)", R"("nickname":"\u0007Khaos)"), "line.nickname"},
      {replaced(line, R"("own":false)", R"("last_confirmed_at":"2025-01-01T00:00:00Z","own":false)"),
       "line.last_confirmed_at"},
      {replaced(line, R"("own":false)", R"("own":false,"seller_name":"x")"), "line.seller_name"},
      {replaced(inventory_line, R"("nickname":"Zo)",
                R"("mws_auth_token":"amzn.mws.4ea38b7b-f563-7709-4bae-87aeaf1e4567","nickname":"Zo)"),
       "line.inventory.authorizations[0]: the inventory never holds a token"},
      {replaced(inventory_line, R"("status":"active")", R"("status":"gone")"),
       "line.inventory.authorizations[0].status"},
      {replaced(inventory_line, R"("disabled_at":"2025-02-01T00:00:00Z",)", ""),
       "line.inventory.sellers[0]: missing field \"disabled_at\""},
      {replaced(inventory_line, R"("seller_id":"Z9Y8X7W6V5U4T3","status":"revoked")",
                R"("seller_id":"ZZZZZZZZZZZZZZ","status":"revoked")"),
       "unknown seller"},
      {replaced(inventory_line, R"("event":"inventory_recorded")", R"("event":"granted")"), "line.inventory"},
  };
  for (const auto& [text, where] : bad) {
    INFO(text);
    dac::fast::EventLine parsed;
    CHECK_FALSE(dac::fast::parse_event_line(text, parsed));
    const std::string& line_text = text;  // a lambda cannot capture a structured binding (clang 14)
    const dac::Error e = error_from([&] { (void)codec_event(line_text); });
    CHECK(e.kind() == ErrorKind::Store);
    CHECK_THAT(std::string(e.what()), Catch::Contains(where));
  }
  // inventory_recorded without its inventory.
  Event empty = base_event(EventType::InventoryRecorded);
  const std::string no_inventory = dac::fast::event_json(empty, true);
  dac::fast::EventLine parsed;
  CHECK_FALSE(dac::fast::parse_event_line(no_inventory, parsed));
  CHECK_THAT(error_from([&] { (void)codec_event(no_inventory); }).what(), Catch::Contains("inventory"));
}

TEST_CASE("format 2 events: the line reader takes only the canonical inventory", "[format2]") {
  Event e = format2_events()[4];
  const std::string line = dac::history::seal(e, dac::HistoryHead{0, 0, dac::history::genesis_hash()});
  const std::string text = line.substr(0, line.size() - 1);
  // Whatever the line reader accepts is exactly the canonical JSON of the
  // event the codec reads from it.
  std::size_t taken = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    for (const std::string& v : {text.substr(0, i) + text.substr(i + 1),
                                 text.substr(0, i) + static_cast<char>(text[i] ^ 0x01) + text.substr(i + 1),
                                 text.substr(0, i) + " " + text.substr(i)}) {
      dac::fast::EventLine l;
      if (!dac::fast::parse_event_line(v, l)) continue;
      ++taken;
      INFO(v);
      const Event codec = codec_event(v);
      CHECK(json(dac::fast::to_event(l)) == json(codec));
      CHECK(json(codec).dump() == v);
    }
  }
  CHECK(taken > 0);
}

TEST_CASE("format 2 state: id and disabled_at, written alike and read alike", "[format2]") {
  const State s = v2_state();
  const std::string text = nlohmann_text(s);
  CHECK(fast_text(s) == text);
  CHECK_THAT(text, Catch::Contains("\t\"id\": \"0123456789abcdef0123456789abcdef\",\n"));
  CHECK_THAT(text, Catch::Contains("\"disabled_at\": \"2025-02-01T00:00:00Z\""));
  CHECK_THAT(text, Catch::Contains("\"version\": 2"));
  const auto fast = dac::fast::state_from_json(text);
  REQUIRE(fast);
  CHECK(fast->store_id == s.store_id);
  CHECK(fast->sellers[0].disabled_at == at("2025-02-01T00:00:00Z"));
  CHECK(nlohmann_text(*fast) == text);
  CHECK(nlohmann_text(codec_state(text)) == text);
}

TEST_CASE("format 2 state: a missing or malformed id, or a missing disabled_at, is corrupt", "[format2]") {
  const std::string text = nlohmann_text(v2_state());
  const std::string id = "\"0123456789abcdef0123456789abcdef\"";
  const std::vector<std::pair<std::string, std::string>> bad{
      {replaced(text, "\t\"id\": " + id + ",\n", ""), "missing field \"id\""},
      {replaced(text, id, "\"\""), "state.json.id"},
      {replaced(text, id, "\"0123456789ABCDEF0123456789ABCDEF\""), "state.json.id"},
      {replaced(text, id, "\"0123456789abcdef0123456789abcde\""), "state.json.id"},
      {replaced(text, id, "\"dac-history 0123456789abcdef01234\""), "state.json.id"},
      {replaced(text, id, "null"), "state.json.id"},
      {replaced(text, R"("disabled_at": "2025-02-01T00:00:00Z",)", ""), R"(sellers[0]: missing field "disabled_at")"},
      {replaced(text, R"("disabled_at": "2025-02-01T00:00:00Z")", R"("disabled_at": "yesterday")"),
       "sellers[0].disabled_at"},
  };
  for (const auto& [variant, where] : bad) {
    INFO(variant);
    CHECK_FALSE(dac::fast::state_from_json(variant));
    const std::string& state_text = variant;  // a lambda cannot capture a structured binding (clang 14)
    const dac::Error e = error_from([&] { (void)codec_state(state_text); });
    CHECK(e.kind() == ErrorKind::Store);
    CHECK_THAT(std::string(e.what()), Catch::Contains(where));
  }
}

TEST_CASE("format 1 state: read as it is, no id, no disabled_at", "[format2]") {
  std::string text = nlohmann_text(v2_state());
  text = replaced(text, "\t\"id\": \"0123456789abcdef0123456789abcdef\",\n", "");
  text = replaced(text, "\"version\": 2", "\"version\": 1");
  text = replaced(text, "\t\t\t\"disabled_at\": \"2025-02-01T00:00:00Z\",\n", "");
  text = replaced(text, "\t\t\t\"disabled_at\": null,\n", "");
  const auto fast = dac::fast::state_from_json(text);
  REQUIRE(fast);
  CHECK(fast->store_id.empty());
  CHECK_FALSE(fast->sellers[0].disabled_at);
  const State slow = codec_state(text);
  CHECK(slow.store_id.empty());
  CHECK(nlohmann_text(slow) == nlohmann_text(*fast));
  // A newer version is refused, naming both.
  const std::string v3 = replaced(nlohmann_text(v2_state()), "\"version\": 2", "\"version\": 3");
  CHECK_FALSE(dac::fast::state_from_json(v3));
  CHECK_THAT(full_text(error_from([&] { (void)codec_state(v3); })),
             Catch::Contains("store format version 3 is newer than this dac understands (2)"));
}

TEST_CASE("store ids: 128 random bits in lower-case hex", "[format2]") {
  const std::string a = dac::new_store_id();
  const std::string b = dac::new_store_id();
  CHECK(dac::is_store_id(a));
  CHECK(a.size() == 32);
  CHECK(a != b);
  CHECK_FALSE(dac::is_store_id(""));
  CHECK_FALSE(dac::is_store_id(a + "0"));
  CHECK_FALSE(dac::is_store_id("0123456789abcdef0123456789abcdeg"));
  CHECK_FALSE(dac::is_store_id("0123456789ABCDEF0123456789abcdef"));
}

TEST_CASE("rules fill the fields R12 needs", "[format2][rules]") {
  State state;
  rules::Outcome out;
  const Instant t0 = at("2025-01-01T00:00:00Z");
  rules::add_seller(state, k_seller, "Main shop", std::nullopt, t0, k_alice, out);
  REQUIRE(out.events.size() == 1);  // --disabled: no confirmation_enabled event
  CHECK(out.events[0].seller_name == "Main shop");
  rules::GrantRequest request;
  request.seller_id = k_seller;
  request.developer_id = "123456789012";
  request.nickname = "Khaos";
  request.token = "amzn.mws.4ea38b7b-f563-7709-4bae-87aeaf1e4567";
  request.authorized_at = t0;
  request.own = true;
  request.last_confirmed_at = t0;  // not after the authorisation: does not count
  rules::grant(state, request, at("2025-02-01T00:00:00Z"), k_alice, out);
  CHECK(out.events.back().nickname == "Khaos");
  CHECK(out.events.back().own == true);
  CHECK_FALSE(out.events.back().last_confirmed_at);
  request.developer_id = "222222222222";
  request.own = false;
  request.last_confirmed_at = at("2025-01-15T00:00:00Z");
  rules::grant(state, request, at("2025-02-01T00:00:00Z"), k_alice, out);
  CHECK(out.events.back().own == false);
  CHECK(out.events.back().last_confirmed_at == at("2025-01-15T00:00:00Z"));
  rules::enable(state, state.sellers[0], at("2025-03-01T00:00:00Z"), at("2025-03-01T00:00:00Z"), k_alice, out);
  rules::disable(state, state.sellers[0], at("2025-04-01T00:00:00Z"), k_alice, out);
  CHECK(state.sellers[0].disabled_at == at("2025-04-01T00:00:00Z"));
  CHECK(state.sellers[0].enabled_at == at("2025-03-01T00:00:00Z"));
  for (const Event& e : out.events) {
    if (e.type != EventType::Granted) CHECK_FALSE(e.nickname);
    if (e.type != EventType::SellerAdded) CHECK_FALSE(e.seller_name);
    CHECK_FALSE(e.inventory);
  }
}

TEST_CASE("a new store is format 2 with a random id", "[format2][store]") {
  TempDir tmp;
  const fs::path dir = tmp.path() / "store";
  State state;
  rules::Outcome out;
  rules::add_seller(state, k_seller, "Main", at("2025-01-01T00:00:00Z"), at("2025-01-01T00:00:00Z"), k_alice, out);
  dac::create_json_store(dir, state, out.events, at("2025-01-01T00:00:00Z"));
  const json j = json::parse(read_text(dir / "state.json"));
  CHECK(j["version"] == 2);
  CHECK(dac::is_store_id(j["id"].get<std::string>()));
  const State loaded = dac::open_json_store(dir)->load();
  CHECK(loaded.store_id == j["id"].get<std::string>());
  CHECK(read_text(dir / "history.jsonl").find("inventory_recorded") == std::string::npos);
}

TEST_CASE("the first write upgrades a format-1 store: one inventory_recorded event before its own",
          "[format2][store]") {
  TempDir tmp;
  const fs::path dir = tmp.path() / "store";
  make_v1_store(dir);
  const std::string old_history = read_text(dir / "history.jsonl");
  auto store = dac::open_json_store(dir);
  const State before = store->load();
  REQUIRE(before.store_id.empty());
  REQUIRE(store->verify_history(before).ok);

  SECTION("a write that records nothing leaves it as it is") {
    auto tx = store->begin(1s);
    tx->commit({}, at("2026-06-01T00:00:00Z"));
    CHECK(json::parse(read_text(dir / "state.json"))["version"] == 1);
  }

  SECTION("a write upgrades it") {
    const Instant now = at("2026-06-01T00:00:00Z");  // Lapsing (and Khaos) expired on 2026-01-01
    auto tx = store->begin(1s);
    rules::Outcome out;
    rules::record_due_suspensions(tx->state(), now, out);
    REQUIRE(out.events.size() == 2);
    tx->commit(out.events, now);

    const json j = json::parse(read_text(dir / "state.json"));
    CHECK(j["version"] == 2);
    CHECK(dac::is_store_id(j["id"].get<std::string>()));
    CHECK(j["history"]["events"] == before.history.events + 3);
    const std::string history = read_text(dir / "history.jsonl");
    CHECK(history.substr(0, old_history.size()) == old_history);  // the old events are as they were
    const std::vector<std::string> lines = lines_of(history.substr(old_history.size()));
    REQUIRE(lines.size() == 3);
    const Event upgrade = codec_event(lines[0]);
    CHECK(upgrade.type == EventType::InventoryRecorded);
    CHECK(upgrade.seq == before.history.events + 1);
    CHECK(upgrade.effective_at == before.written_at);
    CHECK(upgrade.recorded_at == now);
    CHECK(upgrade.actor == "dac");
    CHECK(upgrade.seller_id.empty());
    CHECK_FALSE(upgrade.developer_id);
    REQUIRE(upgrade.inventory);
    // The inventory as loaded (before the suspensions), tokens left out.
    REQUIRE(upgrade.inventory->authorizations.size() == 2);
    for (const Authorization& a : upgrade.inventory->authorizations) {
      CHECK_FALSE(a.token);
      CHECK(a.status == Status::Active);
    }
    CHECK(upgrade.inventory->sellers[0].seller_id == k_seller);
    CHECK(lines[0].find("amzn.mws") == std::string::npos);
    CHECK(codec_event(lines[1]).type == EventType::Suspended);
    CHECK(codec_event(lines[2]).type == EventType::Suspended);

    auto reopened = dac::open_json_store(dir);
    const State after = reopened->load();
    CHECK(after.store_id == j["id"].get<std::string>());
    CHECK(reopened->verify_history(after).ok);
    std::vector<EventType> types;
    reopened->read_history(after, [&](const Event& e) { types.push_back(e.type); });
    CHECK(types.size() == after.history.events);
  }
}

TEST_CASE("an upgraded store writes no second inventory and keeps its id", "[format2][store]") {
  TempDir tmp;
  const fs::path dir = tmp.path() / "store";
  make_v1_store(dir);
  const Instant now = at("2025-06-01T00:00:00Z");
  for (int i = 0; i < 2; ++i) {
    auto store = dac::open_json_store(dir);
    auto tx = store->begin(1s);
    rules::Outcome out;
    rules::confirm(tx->state(), *tx->state().find(k_seller, "123456789012"), now, k_alice, out);
    tx->commit(out.events, now);
  }
  const std::string history = read_text(dir / "history.jsonl");
  std::size_t inventories = 0;
  for (std::size_t pos = 0; (pos = history.find("\"inventory_recorded\"", pos)) != std::string::npos; ++pos) {
    ++inventories;
  }
  CHECK(inventories == 1);
  auto store = dac::open_json_store(dir);
  const State s = store->load();
  CHECK(dac::is_store_id(s.store_id));
  CHECK(store->verify_history(s).ok);
}

TEST_CASE("a store of a newer format is refused and not rewritten", "[format2][store]") {
  TempDir tmp;
  const fs::path dir = tmp.path() / "store";
  make_v1_store(dir);
  json j = json::parse(read_text(dir / "state.json"));
  j["version"] = 3;
  const std::string text = j.dump(1, '\t') + "\n";
  write_text(dir / "state.json", text);
  const dac::Error e = error_from([&] { (void)dac::open_json_store(dir)->begin(1s); });
  CHECK(e.kind() == ErrorKind::Store);
  CHECK_THAT(std::string(e.what()), Catch::Contains("version 3 is newer"));
  CHECK(read_text(dir / "state.json") == text);
}

TEST_CASE("a checkpoint of a format-1 store is refused: it has no id to name yet", "[format2][checkpoint]") {
  TempDir tmp;
  const fs::path dir = tmp.path() / "store";
  make_v1_store(dir);
  const fs::path key = tmp.path() / "audit.key";
  (void)dac::app::generate_key("example.com/audit", key);
  auto store = dac::open_json_store(dir);
  const std::string state_before = read_text(dir / "state.json");
  const dac::Error e = error_from([&] { (void)dac::app::make_checkpoint(*store, key); });
  CHECK(e.kind() == ErrorKind::Store);
  CHECK_THAT(full_text(e), Catch::Contains("no id yet"));
  CHECK(read_text(dir / "state.json") == state_before);
}
