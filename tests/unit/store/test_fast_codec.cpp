// The fast store path (issue 6) against the nlohmann codec it stands in for:
// the writers give the same bytes, and the readers, whenever they accept a
// text, give what the codec gives (anything they refuse goes to the codec).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "../helpers.hpp"
#include "dac/core/error.hpp"
#include "store/codec.hpp"
#include "store/fast_codec.hpp"
#include "store/history.hpp"
#include "store/sha256.hpp"

using dac::Authorization;
using dac::Event;
using dac::EventType;
using dac::Instant;
using dac::Reminder;
using dac::Seller;
using dac::State;
using dac::Status;
using dac::test::at;

namespace {

// Every kind of value; with `controls`, strings that need \u00xx escapes,
// which the fast reader leaves to the codec.
State tricky_state(bool controls = true) {
  State s;
  s.store_id = "00112233445566778899aabbccddeeff";
  s.written_at = at("2026-11-26T12:00:00Z");
  s.history = {123456789012ULL, 98765432109876ULL, std::string(64, 'a')};
  Seller a;
  a.seller_id = "A1B2C3D4E5F6G7";
  a.name = controls ? "Quote \" backslash \\ tab \t newline \n bell \x07 del \x7f é 東京 😀"
                    : "Quote \" backslash \\ tab \t newline \n del \x7f é 東京 😀";
  a.enabled_at = at("2024-02-29T23:59:59Z");
  a.disabled_at = at("2024-01-31T00:00:00Z");
  Seller b;
  b.seller_id = "Z9Y8X7W6V5U4T3S2R1Q0";
  b.name = "";
  b.confirmation_enabled = false;
  s.sellers = {a, b};
  Authorization x;
  x.seller_id = a.seller_id;
  x.developer_id = "012345678901";
  x.nickname = "Smith, \"Fast\" Shipping";
  x.authorized_at = at("0001-01-01T00:00:00Z");
  x.confirmed_at = at("9999-12-31T23:59:59Z");
  x.token = "amzn.mws.4ea38b7b-f563-7709-4bae-87aeaf1e4567";
  Authorization y = x;
  y.developer_id = "999999999999";
  y.nickname = "Zoë's Tools — 東京倉庫";
  y.own = true;
  y.status = Status::Suspended;
  y.confirmed_at.reset();
  y.frozen_last_confirmed_at = at("2025-01-01T00:00:00Z");
  y.ended_at = at("2026-01-01T00:00:00Z");
  Authorization z = x;
  z.seller_id = b.seller_id;
  z.status = Status::Revoked;
  z.token.reset();
  z.frozen_last_confirmed_at = at("2025-01-01T00:00:00Z");
  z.ended_at = at("2025-06-01T00:00:00Z");
  s.authorizations = {x, y, z};
  s.reminders = {
      Reminder{a.seller_id, x.developer_id, at("2027-01-01T00:00:00Z"), "30d", "slack", at("2026-12-02T00:00:00Z")}};
  return s;
}

std::string nlohmann_text(const State& s) { return nlohmann::json(s).dump(1, '\t') + "\n"; }

std::string fast_text(const State& s) {
  std::string out;
  dac::fast::write_state_json(s, [&](std::string_view chunk) { out.append(chunk); });
  return out;
}

// What the codec makes of `text`, or nothing when it refuses it.
std::optional<std::string> codec_reading(const std::string& text) {
  try {
    return nlohmann_text(dac::state_from_json(dac::parse_json(text, "state.json"), "state.json"));
  } catch (const dac::Error&) {
    return std::nullopt;
  }
}

Event tricky_event() {
  Event e;
  e.seq = 42;
  e.type = EventType::Reminded;
  e.effective_at = at("2026-11-26T12:00:00Z");
  e.recorded_at = at("2026-11-26T12:00:01Z");
  e.seller_id = "A1B2C3D4E5F6G7";
  e.developer_id = "012345678901";
  e.actor = "Renée \"ops\" \\ \x01";
  e.reason = "ticket #4521,\n\"urgent\"";
  e.channel = "slack";
  e.milestone = "30d";
  return e;
}

}  // namespace

TEST_CASE("the state writer gives nlohmann's bytes", "[fast]") {
  const State s = tricky_state();
  CHECK(fast_text(s) == nlohmann_text(s));
  State empty;
  empty.store_id = "00112233445566778899aabbccddeeff";
  empty.history.hash = std::string(64, '0');
  CHECK(fast_text(empty) == nlohmann_text(empty));
}

TEST_CASE("the state reader gives what the codec gives", "[fast]") {
  CHECK_FALSE(dac::fast::state_from_json(nlohmann_text(tricky_state())));  // \u0007: the codec's
  const std::string text = nlohmann_text(tricky_state(false));
  const auto fast = dac::fast::state_from_json(text);
  REQUIRE(fast);
  CHECK(nlohmann_text(*fast) == text);
  // Other whitespace and key order are still the common path.
  const std::string compact = nlohmann::json(tricky_state(false)).dump();
  const auto again = dac::fast::state_from_json(compact);
  REQUIRE(again);
  CHECK(nlohmann_text(*again) == text);
}

TEST_CASE("the state reader never accepts what the codec refuses, nor reads it differently", "[fast]") {
  const std::string text = nlohmann_text(tricky_state(false));
  std::vector<std::string> variants;
  for (std::size_t i = 0; i < text.size(); ++i) {
    variants.push_back(text.substr(0, i) + text.substr(i + 1));  // one byte less
    std::string flipped = text;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x01);  // one bit changed
    variants.push_back(flipped);
  }
  const auto replace = [&](const std::string& from, const std::string& to) {
    std::string v = text;
    const auto at_ = v.find(from);
    REQUIRE(at_ != std::string::npos);
    v.replace(at_, from.size(), to);
    variants.push_back(v);
  };
  replace("\"own\": false", "\"own\": false,\n\t\t\t\"own\": true");  // a repeated key
  replace("\"own\": false", "\"own\": false,\n\t\t\t\"extra\": 1");   // an unknown key
  replace("\"version\": 2", "\"version\": 2.0");
  replace("\"version\": 2", "\"version\": 3");
  replace("\"version\": 2", "\"version\": 1");  // format 1 has no id nor disabled_at
  replace("\"version\": 2", "\"version\": -1");
  replace(R"("id": "00112233)", R"("id": "0011223X)");
  replace(R"("id": "00112233)", R"("id": "\u00301122)");
  replace(R"("disabled_at": "2024-01-31T00:00:00Z")", R"("disabled_at": "2024-01-31")");
  replace("\"bytes\": 98765432109876", "\"bytes\": 98765432109876000000000");
  replace(R"("nickname": "Smith)", R"("nickname": "\u0053mith)");
  replace("amzn.mws.4ea3", "AMZN.mws.4ea3");
  replace("amzn.mws.4ea38b7b", "amzn.mws.4EA38B7B");
  replace(R"("authorized_at": "0001-01-01T00:00:00Z")", R"("authorized_at": "0001-01-01T02:00:00+02:00")");
  replace(R"("status": "active")", R"("status": "Active")");
  variants.push_back("\xEF\xBB\xBF" + text);
  variants.push_back(text + "x");
  variants.push_back(text + "{}");
  std::size_t taken = 0;
  for (const std::string& v : variants) {
    const auto fast = dac::fast::state_from_json(v);
    if (!fast) continue;
    ++taken;
    const auto codec = codec_reading(v);
    INFO(v);
    REQUIRE(codec);
    CHECK(nlohmann_text(*fast) == *codec);
  }
  CHECK(taken > 0);  // some variants (inside strings, in whitespace) are still valid
}

TEST_CASE("event lines: written as nlohmann writes them, read back as the codec reads them", "[fast]") {
  Event e = tricky_event();
  const std::string line = dac::history::seal(e, dac::HistoryHead{41, 1000, std::string(64, 'b')});
  nlohmann::json body = e;
  CHECK(line == body.dump() + "\n");
  body.erase("hash");
  CHECK(dac::fast::event_json(e, false) == body.dump());
  CHECK(e.hash == dac::sha256_hex(e.prev_hash + "\n" + body.dump()));

  const std::string text = line.substr(0, line.size() - 1);
  dac::fast::EventLine parsed;
  REQUIRE(dac::fast::parse_event_line(text, parsed));
  CHECK(nlohmann::json(dac::fast::to_event(parsed)) == nlohmann::json(e));
  CHECK(text.substr(0, parsed.hash_begin) + text.substr(parsed.hash_end) == body.dump());

  // Whatever the line reader accepts is exactly the canonical JSON of the
  // event the codec reads from it.
  std::size_t taken = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    for (const std::string& v : {text.substr(0, i) + text.substr(i + 1),
                                 text.substr(0, i) + static_cast<char>(text[i] ^ 0x01) + text.substr(i + 1)}) {
      dac::fast::EventLine l;
      if (!dac::fast::parse_event_line(v, l)) continue;
      ++taken;
      INFO(v);
      const Event codec = dac::event_from_json(dac::parse_json(v, "line"), "line");
      CHECK(nlohmann::json(dac::fast::to_event(l)) == nlohmann::json(codec));
      CHECK(nlohmann::json(codec).dump() == v);
    }
  }
  CHECK(taken > 0);
}

TEST_CASE("both readers give a state whose indexes find every record", "[fast][model]") {
  State s;
  for (int i = 0; i < 20; ++i) {  // past the few sellers that are scanned rather than hashed
    Seller seller;
    seller.seller_id = "SELLER" + std::to_string(1000 + i);
    seller.confirmation_enabled = false;
    s.add_seller(seller);
    Authorization a;
    a.seller_id = seller.seller_id;
    a.developer_id = "1000000000" + std::to_string(10 + i);
    a.nickname = "dev " + std::to_string(i);
    a.authorized_at = at("2025-01-01T00:00:00Z");
    a.token = "amzn.mws.4ea38b7b-f563-7709-4bae-87aeaf1e4567";
    s.add_authorization(a);
  }
  s.history.hash = std::string(64, '0');
  s.store_id = "00112233445566778899aabbccddeeff";
  const std::string text = fast_text(s);
  const std::optional<State> fast = dac::fast::state_from_json(text);
  REQUIRE(fast);
  const State slow = dac::state_from_json(dac::parse_json(text, "state.json"), "state.json");
  for (const State* loaded : {&*fast, &slow}) {
    REQUIRE(loaded->find_seller("SELLER1019") == &loaded->sellers[19]);
    REQUIRE(loaded->find("SELLER1007", "100000000017") == &loaded->authorizations[7]);
    CHECK(loaded->positions_of_seller("SELLER1003") == std::vector<std::size_t>{3});
    CHECK(loaded->find_seller("SELLER2000") == nullptr);
    CHECK(loaded->find("SELLER1007", "100000000018") == nullptr);
  }
}
