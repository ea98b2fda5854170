#include "dac/notify/due.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "../helpers.hpp"
#include "dac/core/error.hpp"
#include "dac/notify/message.hpp"
#include "store/codec.hpp"
#include "store/history.hpp"

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
namespace rules = dac::rules;
namespace notify = dac::notify;

namespace {

const std::string k_seller = "A1B2C3D4E5F6G7";
const std::string k_seller2 = "Z9Y8X7W6V5U4T3";
const rules::Actor k_cron{"cron", std::nullopt};

State store_with(std::optional<Instant> enabled_at, const std::string& seller = k_seller) {
  State state;
  rules::Outcome out;
  rules::add_seller(state, seller, "Shop", enabled_at, enabled_at.value_or(at("2020-01-01")), k_cron, out);
  return state;
}

void grant(State& state, const std::string& developer_id, const std::string& nickname, Instant authorized_at,
           bool own = false, const std::string& seller = k_seller) {
  rules::GrantRequest request;
  request.seller_id = seller;
  request.developer_id = developer_id;
  request.nickname = nickname;
  request.token = "amzn.mws.00000000-0000-0000-0000-" + developer_id;
  request.authorized_at = authorized_at;
  request.own = own;
  rules::Outcome out;
  rules::grant(state, request, authorized_at, k_cron, out);
}

notify::DueQuery query(const std::string& channel = "slack",
                       const std::vector<std::string>& at_list = {"30d", "7d", "1d"}) {
  notify::DueQuery q;
  q.milestones = notify::parse_milestones(at_list);
  q.channel = channel;
  return q;
}

// Runs notify on `channel` at `now` as if every delivery succeeded; returns
// (developer, milestone) of what was sent.
std::vector<std::pair<std::string, std::string>> run(State& state, Instant now, const notify::DueQuery& q) {
  const auto items = notify::due(state, now, q);
  rules::Outcome out;
  rules::record_due_suspensions(state, now, out);
  notify::prune(state, now);
  notify::record_sent(state, items, q.channel, now, k_cron, out);
  std::vector<std::pair<std::string, std::string>> sent;
  sent.reserve(items.size());
  for (const auto& d : items) sent.emplace_back(d.developer_id, d.milestone);
  return sent;
}

}  // namespace

TEST_CASE("milestones parse, normalise and sort widest first", "[notify]") {
  const auto m = notify::parse_milestones({"7d", "P30D", "1mo", "24h"});
  REQUIRE(m.size() == 4);
  CHECK(m[0].name == "1mo");
  CHECK(m[1].name == "30d");
  CHECK(m[2].name == "7d");
  CHECK(m[3].name == "1d");  // 24h is a day
  CHECK(notify::default_milestones().size() == 3);
  CHECK(error_from([] { (void)notify::parse_milestones({"7d", "1w"}); }).kind() == ErrorKind::Usage);
  CHECK(error_from([] { (void)notify::parse_milestones({"0d"}); }).kind() == ErrorKind::Usage);
  CHECK(error_from([] { (void)notify::parse_milestones({"30m"}); }).kind() == ErrorKind::Usage);
  CHECK(error_from([] { (void)notify::parse_milestones({}); }).kind() == ErrorKind::Usage);
}

TEST_CASE("a milestone is due once now + milestone reaches the expiry", "[notify]") {
  State state = store_with(at("2025-01-01"));
  grant(state, "100000000001", "Alpha", at("2025-03-01T12:00:00Z"));  // expires 2026-03-01T12:00Z
  const auto q = query();
  CHECK(notify::due(state, at("2026-01-30T11:59:59Z"), q).empty());
  const auto due = notify::due(state, at("2026-01-30T12:00:00Z"), q);  // exactly 30 days before
  REQUIRE(due.size() == 1);
  CHECK(due[0].milestone == "30d");
  CHECK(due[0].milestones == std::vector<std::string>{"30d"});
  CHECK(due[0].status == Status::Active);
  CHECK(due[0].expires_at == at("2026-03-01T12:00:00Z"));
  CHECK(due[0].days_left == 30);
  CHECK(due[0].nickname == "Alpha");
}

TEST_CASE("each milestone is sent once per expiry, on its channel", "[notify]") {
  State state = store_with(at("2025-01-01"));
  grant(state, "100000000001", "Alpha", at("2025-03-01T12:00:00Z"));  // expires 2026-03-01T12:00Z
  const auto q = query();
  CHECK(run(state, at("2026-02-01T00:00:00Z"), q) ==
        std::vector<std::pair<std::string, std::string>>{{"100000000001", "30d"}});
  CHECK(run(state, at("2026-02-02T00:00:00Z"), q).empty());
  // Another channel has its own record.
  CHECK(notify::due(state, at("2026-02-02T00:00:00Z"), query("email")).size() == 1);
  CHECK(run(state, at("2026-02-23T00:00:00Z"), q) ==
        std::vector<std::pair<std::string, std::string>>{{"100000000001", "7d"}});
  CHECK(run(state, at("2026-02-28T13:00:00Z"), q) ==
        std::vector<std::pair<std::string, std::string>>{{"100000000001", "1d"}});
  CHECK(run(state, at("2026-03-01T11:00:00Z"), q).empty());
  // Suspended at its expiry: reported once.
  CHECK(run(state, at("2026-03-01T12:00:00Z"), q) ==
        std::vector<std::pair<std::string, std::string>>{{"100000000001", "suspended"}});
  CHECK(run(state, at("2026-03-02T12:00:00Z"), q).empty());
  CHECK(run(state, at("2027-03-02T12:00:00Z"), q).empty());
}

TEST_CASE("a late first run sends the nearest milestone and records the wider ones too", "[notify]") {
  State state = store_with(at("2025-01-01"));
  grant(state, "100000000001", "Alpha", at("2025-03-01T12:00:00Z"));
  const auto q = query();
  const auto due = notify::due(state, at("2026-02-25T00:00:00Z"), q);  // 4.5 days left
  REQUIRE(due.size() == 1);
  CHECK(due[0].milestone == "7d");
  CHECK(due[0].milestones == std::vector<std::string>{"30d", "7d"});
  (void)run(state, at("2026-02-25T00:00:00Z"), q);
  CHECK(state.reminders.size() == 2);
  CHECK(notify::due(state, at("2026-02-26T00:00:00Z"), q).empty());
}

TEST_CASE("a wider milestone added after a nearer one was sent is not sent late", "[notify]") {
  State state = store_with(at("2025-01-01"));
  grant(state, "100000000001", "Alpha", at("2025-03-01T12:00:00Z"));
  CHECK(run(state, at("2026-02-25"), query("slack", {"7d"})).size() == 1);
  CHECK(notify::due(state, at("2026-02-26"), query("slack", {"30d", "7d"})).empty());
  // The nearer 1d is reached later: sent, counting 30d as sent too.
  const auto due = notify::due(state, at("2026-03-01"), query("slack", {"30d", "7d", "1d"}));
  REQUIRE(due.size() == 1);
  CHECK(due[0].milestone == "1d");
  CHECK(due[0].milestones == std::vector<std::string>{"30d", "1d"});
}

TEST_CASE("confirming gives a new expiry and so new milestones; prune drops the old ones", "[notify]") {
  State state = store_with(at("2025-01-01"));
  grant(state, "100000000001", "Alpha", at("2025-03-01T12:00:00Z"));
  const auto q = query();
  (void)run(state, at("2026-02-25T00:00:00Z"), q);
  rules::Outcome out;
  rules::confirm(state, *state.find(k_seller, "100000000001"), at("2026-02-26T00:00:00Z"), k_cron, out);
  CHECK(notify::due(state, at("2026-02-27T00:00:00Z"), q).empty());
  notify::prune(state, at("2026-02-27T00:00:00Z"));
  CHECK(state.reminders.empty());
  // New expiry 2027-02-26: the 30d milestone comes round again.
  const auto due = notify::due(state, at("2027-01-27T00:00:00Z"), q);
  REQUIRE(due.size() == 1);
  CHECK(due[0].milestone == "30d");
  CHECK(due[0].expires_at == at("2027-02-26T00:00:00Z"));
}

TEST_CASE("own accounts, revoked ones and sellers without confirmation are never due", "[notify]") {
  State state = store_with(at("2025-01-01"));
  grant(state, "100000000001", "Own", at("2025-03-01"), true);
  grant(state, "100000000002", "Gone", at("2025-03-01"));
  rules::Outcome out;
  rules::revoke(state, *state.find(k_seller, "100000000002"), at("2025-04-01"), k_cron, out);
  State off = store_with(std::nullopt, k_seller2);
  grant(off, "100000000003", "Off", at("2019-03-01"), false, k_seller2);
  CHECK(notify::due(state, at("2026-02-28"), query()).empty());
  CHECK(notify::due(state, at("2030-01-01"), query()).empty());
  CHECK(notify::due(off, at("2030-01-01"), query()).empty());
}

TEST_CASE("suspended ones are reported once, whether or not a write recorded the suspension", "[notify]") {
  State state = store_with(at("2025-01-01"));
  grant(state, "100000000001", "Alpha", at("2025-03-01T12:00:00Z"));
  grant(state, "100000000002", "Beta", at("2025-04-01T12:00:00Z"));
  const auto q = query();
  // Alpha's suspension not yet written, Beta's too: both reported as suspended,
  // the most recent first (issue 13 item 12: this order changed).
  const auto due = notify::due(state, at("2026-06-01"), q);
  REQUIRE(due.size() == 2);
  CHECK(due[1].developer_id == "100000000001");
  CHECK(due[1].status == Status::Suspended);
  CHECK(due[0].developer_id == "100000000002");
  CHECK(due[0].status == Status::Suspended);
  CHECK(due[0].milestone == "suspended");
  CHECK(due[0].days_left < 0);
  (void)run(state, at("2026-06-01"), q);
  CHECK(state.find(k_seller, "100000000001")->status == Status::Suspended);
  CHECK(notify::due(state, at("2026-06-02"), q).empty());
  // Restored, and suspended again a year later: a new report.
  rules::Outcome out;
  rules::restore(state, *state.find(k_seller, "100000000001"), at("2026-06-03"), k_cron, out);
  notify::prune(state, at("2026-06-03"));
  CHECK(state.reminders.size() == 1);  // Beta's
  const auto again =
      notify::due(state, at("2027-06-04"), notify::DueQuery{notify::parse_milestones({"1d"}), "slack", std::nullopt});
  REQUIRE(again.size() == 1);
  CHECK(again[0].developer_id == "100000000001");
  CHECK(again[0].milestone == "suspended");
}

TEST_CASE("a seller filter narrows what is due; items are sorted by expiry", "[notify]") {
  State state = store_with(at("2025-01-01"));
  rules::Outcome out;
  rules::add_seller(state, k_seller2, "Other", at("2025-01-01"), at("2025-01-01"), k_cron, out);
  grant(state, "100000000002", "Late", at("2025-03-05"));
  grant(state, "100000000001", "Early", at("2025-03-02"));
  grant(state, "100000000003", "Other", at("2025-03-03"), false, k_seller2);
  auto q = query();
  auto due = notify::due(state, at("2026-02-20"), q);
  REQUIRE(due.size() == 3);
  CHECK(due[0].developer_id == "100000000001");
  CHECK(due[1].developer_id == "100000000003");
  CHECK(due[2].developer_id == "100000000002");
  q.seller = k_seller2;
  due = notify::due(state, at("2026-02-20"), q);
  REQUIRE(due.size() == 1);
  CHECK(due[0].seller_id == k_seller2);
}

TEST_CASE("record_sent adds one reminded event per authorisation, and nothing twice", "[notify]") {
  State state = store_with(at("2025-01-01"));
  grant(state, "100000000001", "Alpha", at("2025-03-01T12:00:00Z"));
  const auto items = notify::due(state, at("2026-02-25"), query());
  rules::Outcome out;
  notify::record_sent(state, items, "email", at("2026-02-25"), rules::Actor{"ops", std::string("daily")}, out);
  REQUIRE(out.events.size() == 1);
  const Event& e = out.events[0];
  CHECK(e.type == EventType::Reminded);
  CHECK(e.channel == std::optional<std::string>("email"));
  CHECK(e.milestone == std::optional<std::string>("7d"));
  CHECK(e.developer_id == std::optional<std::string>("100000000001"));
  CHECK(e.actor == "ops");
  CHECK(e.reason == std::optional<std::string>("daily"));
  CHECK(e.effective_at == at("2026-02-25"));
  // A concurrent run that sent the same: recorded once only.
  rules::Outcome again;
  notify::record_sent(state, items, "email", at("2026-02-25"), k_cron, again);
  CHECK(again.events.empty());
  CHECK(state.reminders.size() == 2);
}

TEST_CASE("reminders and reminded events round-trip through JSON; old events keep their hashes", "[notify]") {
  State state = store_with(at("2025-01-01"));
  grant(state, "100000000001", "Alpha", at("2025-03-01T12:00:00Z"));
  (void)run(state, at("2026-02-25"), query());
  state.store_id = "0123456789abcdef0123456789abcdef";  // store format 2 requires the store's id
  const nlohmann::json j = state;
  CHECK(j.at("reminders").size() == 2);
  const State back = dac::state_from_json(nlohmann::json::parse(j.dump()), "state");
  CHECK(back.reminders == state.reminders);

  // A store written before notify existed has no "reminders".
  nlohmann::json old = j;
  old.erase("reminders");
  CHECK(dac::state_from_json(old, "state").reminders.empty());

  Event plain;
  plain.type = EventType::Confirmed;
  plain.effective_at = plain.recorded_at = at("2026-01-01");
  plain.seller_id = k_seller;
  plain.developer_id = "100000000001";
  plain.actor = "alice";
  const nlohmann::json pj = plain;
  CHECK_FALSE(pj.contains("channel"));
  CHECK_FALSE(pj.contains("milestone"));

  Event reminded = plain;
  reminded.type = EventType::Reminded;
  reminded.channel = "slack";
  reminded.milestone = "30d";
  const std::string line = dac::history::seal(reminded, dac::HistoryHead{});
  const Event parsed = dac::event_from_json(nlohmann::json::parse(line), "line 1");
  CHECK(parsed.type == EventType::Reminded);
  CHECK(parsed.channel == std::optional<std::string>("slack"));
  CHECK(parsed.milestone == std::optional<std::string>("30d"));
  const dac::HistoryHead head{1, line.size(), reminded.hash};
  CHECK(dac::history::verify(line, head).ok);
}

TEST_CASE("messages carry what the user needs, never a token", "[notify]") {
  State state = store_with(at("2025-01-01"));
  grant(state, "100000000001", "Khaos <&> Control", at("2025-03-01T12:00:00Z"));
  grant(state, "100000000002", "Beta", at("2025-01-10T12:00:00Z"));
  const Instant now = at("2026-02-25T12:00:00Z");
  const auto items = notify::due(state, now, query());
  REQUIRE(items.size() == 2);
  CHECK(notify::subject(items) == "dac: 1 developer authorization expires soon, 1 was suspended");
  // What can still be saved first (issue 13 item 12: this order changed).
  CHECK(notify::fix_command(items[0]) == "dac confirm 100000000001 --seller " + k_seller);
  CHECK(notify::fix_command(items[1]) == "dac restore 100000000002 --seller " + k_seller);

  const std::string text = notify::plain_text(items, now);
  CHECK(text.find("Khaos <&> Control (developer 100000000001, seller A1B2C3D4E5F6G7)") != std::string::npos);
  CHECK(text.find("expires 2026-03-01 12:00 UTC, in 4 days (7d reminder)") != std::string::npos);
  CHECK(text.find("fix: dac confirm 100000000001 --seller A1B2C3D4E5F6G7") != std::string::npos);
  CHECK(text.find("suspended 2026-01-10 12:00 UTC") != std::string::npos);

  const auto slack = nlohmann::json::parse(notify::webhook_payload(notify::WebhookFormat::Slack, items, now));
  CHECK(slack["text"] == notify::subject(items));
  CHECK(slack["blocks"][0]["type"] == "header");
  // The nickname is a rich_text element, shown literally (issue 13 item 2: no
  // longer &-escaped mrkdwn).
  CHECK(slack["blocks"][1]["type"] == "rich_text");
  CHECK(slack["blocks"][1]["elements"][0]["elements"][0] ==
        nlohmann::json({{"type", "text"}, {"text", "Khaos <&> Control"}, {"style", {{"bold", true}}}}));

  const auto teams = nlohmann::json::parse(notify::webhook_payload(notify::WebhookFormat::Teams, items, now));
  CHECK(teams["type"] == "message");
  CHECK(teams["attachments"][0]["contentType"] == "application/vnd.microsoft.card.adaptive");
  CHECK(teams["attachments"][0]["content"]["type"] == "AdaptiveCard");

  const auto json = nlohmann::json::parse(notify::webhook_payload(notify::WebhookFormat::Json, items, now));
  CHECK(json["schema"] == "dac-notify/1");
  CHECK(json["reminders"].size() == 2);
  CHECK(json["reminders"][0]["days_left"] == 4);
  CHECK(json["reminders"][0]["milestone"] == "7d");
  CHECK(json["reminders"][1]["milestone"] == "suspended");

  const notify::Envelope envelope{"dac <dac@example.com>", {"ops@example.com", "b@example.org"}, "abc.dac@example.com"};
  const std::string mail = notify::email_message(envelope, items, now);
  CHECK(mail.rfind("Date: Wed, 25 Feb 2026 12:00:00 +0000\r\n", 0) == 0);
  CHECK(mail.find("\r\nTo: ops@example.com, b@example.org\r\n") != std::string::npos);
  CHECK(mail.find("\r\nMessage-ID: <abc.dac@example.com>\r\n") != std::string::npos);
  CHECK(mail.find("\r\n\r\n") != std::string::npos);
  // Every line ends in CRLF: no bare LF.
  for (std::size_t i = 0; i < mail.size(); ++i) {
    if (mail[i] == '\n') REQUIRE((i > 0 && mail[i - 1] == '\r'));
  }
  for (const std::string& payload : {text, slack.dump(), teams.dump(), json.dump(), mail}) {
    CHECK(payload.find("amzn.mws") == std::string::npos);
  }
}

TEST_CASE("e-mail addresses are checked; no header injection", "[notify]") {
  CHECK(notify::mail_address("dac <dac@example.com>", "--from") == "dac@example.com");
  CHECK(notify::mail_address("ops@example.com", "--to") == "ops@example.com");
  CHECK(error_from([] { (void)notify::mail_address("nobody", "--to"); }).kind() == ErrorKind::Usage);
  CHECK(error_from([] { (void)notify::mail_address("a@b\r\nBcc: x@y", "--to"); }).kind() == ErrorKind::Usage);
  CHECK(notify::rfc5322_date(at("2024-02-29T01:02:03Z")) == "Thu, 29 Feb 2024 01:02:03 +0000");
}

TEST_CASE("a message lists what can still be saved first, then new suspensions, then a count", "[notify]") {
  State state = store_with(at("2025-01-01"));
  // 60 suspended, from 122 days ago to 63 days ago, and 3 that expire soon.
  for (int i = 0; i < 60; ++i) {
    grant(state, std::to_string(500000000000 + i), "Old " + std::to_string(i),
          at("2025-07-27T12:00:00Z") + std::chrono::days(i));
  }
  grant(state, "600000000003", "Soon 3", at("2025-12-20T12:00:00Z"));
  grant(state, "600000000001", "Soon 1", at("2025-11-28T12:00:00Z"));
  grant(state, "600000000002", "Soon 2", at("2025-12-05T12:00:00Z"));
  const Instant now = at("2026-11-26T12:00:00Z");
  const auto items = notify::due(state, now, query());
  REQUIRE(items.size() == 63);
  CHECK(items[0].developer_id == "600000000001");
  CHECK(items[1].developer_id == "600000000002");
  CHECK(items[2].developer_id == "600000000003");
  CHECK(items[3].developer_id == "500000000059");  // the most recent suspension
  CHECK(items[62].developer_id == "500000000000");
  CHECK(std::is_sorted(items.begin(), items.end(), notify::message_order));

  const auto slack = nlohmann::json::parse(notify::webhook_payload(notify::WebhookFormat::Slack, items, now));
  const auto& blocks = slack["blocks"];
  REQUIRE(blocks.size() == 1 + notify::k_chat_item_limit + 2);
  CHECK(blocks[1]["elements"][0]["elements"][0]["text"] == "Soon 1");
  CHECK(blocks[3]["elements"][0]["elements"][0]["text"] == "Soon 3");
  CHECK(blocks[4]["elements"][0]["elements"][0]["text"] == "Old 59");
  CHECK(blocks[41]["type"] == "section");
  CHECK(blocks[41]["text"]["text"].get<std::string>().rfind("…and 23 more (23 suspended): ", 0) == 0);

  const auto teams = nlohmann::json::parse(notify::webhook_payload(notify::WebhookFormat::Teams, items, now));
  const auto& body = teams["attachments"][0]["content"]["body"];
  CHECK(body[1]["items"][0]["text"] == "Soon 1 (developer 600000000001, seller A1B2C3D4E5F6G7)");
  CHECK(body[4]["items"][0]["text"] == "Old 59 (developer 500000000059, seller A1B2C3D4E5F6G7)");
  CHECK(body[41]["text"].get<std::string>().rfind("…and 23 more (23 suspended): ", 0) == 0);

  const auto json = nlohmann::json::parse(notify::webhook_payload(notify::WebhookFormat::Json, items, now));
  REQUIRE(json["reminders"].size() == 63);
  CHECK(json["reminders"][0]["developer_id"] == "600000000001");
  CHECK(json["reminders"][3]["developer_id"] == "500000000059");

  const std::string text = notify::plain_text(items, now);
  CHECK(text.find("Expiring soon") < text.find("Suspended:"));
  CHECK(text.find("Soon 3") < text.find("Old 59 "));
  CHECK(text.find("Old 59 ") < text.find("Old 58 "));
}

TEST_CASE("Markdown specials in a nickname are backslash-escaped for Teams", "[notify]") {
  CHECK(notify::markdown_escape("[Teams link](https://evil.example) **bold**") ==
        R"(\[Teams link\]\(https\:\/\/evil\.example\) \*\*bold\*\*)");
  CHECK(notify::markdown_escape("Café Ünï 42") == "Café Ünï 42");
  CHECK(notify::markdown_escape(R"(\`_~<>&#!|)") == R"(\\\`\_\~\<\>\&\#\!\|)");

  State state = store_with(at("2025-01-01"));
  grant(state, "100000000001", "[Teams link](https://evil.example) **bold**", at("2025-12-01T12:00:00Z"));
  const auto items = notify::due(state, at("2026-11-26T12:00:00Z"), query());
  const auto teams =
      nlohmann::json::parse(notify::webhook_payload(notify::WebhookFormat::Teams, items, at("2026-11-26T12:00:00Z")));
  CHECK(teams["attachments"][0]["content"]["body"][1]["items"][0]["text"] ==
        R"(\[Teams link\]\(https\:\/\/evil\.example\) \*\*bold\*\* (developer 100000000001, seller A1B2C3D4E5F6G7))");
}

TEST_CASE("Slack gets the nickname only as literal rich text, never in mrkdwn", "[notify]") {
  State state = store_with(at("2025-01-01"));
  const std::string nick = "*b* _i_ ~s~ `c` <!here> &amp; [x](y)";
  grant(state, "100000000001", nick, at("2025-12-01T12:00:00Z"));
  const Instant now = at("2026-11-26T12:00:00Z");
  const auto slack = nlohmann::json::parse(
      notify::webhook_payload(notify::WebhookFormat::Slack, notify::due(state, now, query()), now));
  const auto& section = slack["blocks"][1]["elements"][0];
  CHECK(section["type"] == "rich_text_section");
  CHECK(section["elements"][0]["text"] == nick);
  std::string all_rich;
  for (const auto& e : section["elements"]) {
    CHECK(e["type"] == "text");
    all_rich += e["text"].get<std::string>();
  }
  CHECK(all_rich == nick +
                        " (developer 100000000001, seller A1B2C3D4E5F6G7)\nexpires 2026-12-01 12:00 UTC, in 5 days (7d "
                        "reminder)\ndac confirm 100000000001 --seller A1B2C3D4E5F6G7");
  for (const auto& b : slack["blocks"]) {
    if (b.contains("text")) CHECK(b["text"]["text"].get<std::string>().find("<!here>") == std::string::npos);
  }
  CHECK(slack["text"].get<std::string>().find("here") == std::string::npos);
}

namespace {

// Decodes quoted-printable (RFC 2045 6.7) strictly: fails on a line over 76
// characters, a bare LF, a space before CRLF, or a bad =XX.
std::string qp_decode(const std::string& qp) {
  std::string out;
  std::size_t start = 0;
  while (start < qp.size()) {
    const auto end = qp.find("\r\n", start);
    REQUIRE(end != std::string::npos);
    const std::string line = qp.substr(start, end - start);
    REQUIRE(line.size() <= 76);
    REQUIRE(line.find('\n') == std::string::npos);
    if (!line.empty()) REQUIRE((line.back() != ' ' && line.back() != '\t'));
    bool soft = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const auto c = static_cast<unsigned char>(line[i]);
      REQUIRE(c < 0x80);
      if (c != '=') {
        out += static_cast<char>(c);
        continue;
      }
      if (i + 1 == line.size()) {
        soft = true;
        break;
      }
      REQUIRE(i + 2 < line.size());
      const std::string hex = line.substr(i + 1, 2);
      REQUIRE(hex.find_first_not_of("0123456789ABCDEF") == std::string::npos);
      out += static_cast<char>(std::stoi(hex, nullptr, 16));
      i += 2;
    }
    if (!soft) out += "\n";
    start = end + 2;
  }
  return out;
}

}  // namespace

TEST_CASE("the e-mail body is quoted-printable: 7-bit, lines of at most 76, decodes to the text", "[notify]") {
  CHECK(notify::quoted_printable("a=b\n") == "a=3Db\r\n");
  CHECK(notify::quoted_printable("trailing space \n") == "trailing space=20\r\n");
  CHECK(notify::quoted_printable("Bêta\n") == "B=C3=AAta\r\n");
  const std::string long_line = std::string(70, 'x') + " Ünïcödé " + std::string(100, 'y') + " =\n";
  const std::string text = "first\n\n" + long_line + "last\n";
  const std::string qp = notify::quoted_printable(text);
  CHECK(qp_decode(qp) == text);
  CHECK(qp.find("=\r\n") != std::string::npos);  // soft breaks were needed

  State state = store_with(at("2025-01-01"));
  grant(state, "100000000001", "Bêta Ünïcode = \"quoted\"", at("2025-12-01T12:00:00Z"));
  const Instant now = at("2026-11-26T12:00:00Z");
  const auto items = notify::due(state, now, query());
  const notify::Envelope envelope{"dac Ünï <dac@example.com>", {"Ops Tëam <ops@example.com>"}, "x.dac@example.com"};
  const std::string mail = notify::email_message(envelope, items, now);
  CHECK(std::all_of(mail.begin(), mail.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }));
  const auto split = mail.find("\r\n\r\n");
  REQUIRE(split != std::string::npos);
  CHECK(mail.substr(0, split).find("\r\nContent-Transfer-Encoding: quoted-printable") != std::string::npos);
  CHECK(qp_decode(mail.substr(split + 4)) == notify::plain_text(items, now));
}

TEST_CASE("non-ASCII header text becomes RFC 2047 encoded-words, folded", "[notify]") {
  // Plain words stay atoms; the others become encoded-words.
  CHECK(notify::address_header("From", {"dac Ünï <dac@example.com>"}, "--from") ==
        "From: dac =?UTF-8?B?w5xuw68=?= <dac@example.com>\r\n");
  CHECK(notify::address_header("To", {"Ops Tëam <ops@example.com>", "b@example.org"}, "--to") ==
        "To: Ops =?UTF-8?B?VMOrYW0=?= <ops@example.com>, b@example.org\r\n");
  // Adjacent ones are one run (the space inside the encoding); a special in
  // a word with non-ASCII goes into the encoding too.
  CHECK(notify::address_header("To", {"Café Zürich, Ops <ops@example.com>"}, "--to") ==
        "To: =?UTF-8?B?Q2Fmw6kgWsO8cmljaCw=?= Ops <ops@example.com>\r\n");
  // ASCII stays readable; specials make a quoted-string; a quoted one is kept.
  CHECK(notify::address_header("From", {"dac <dac@example.com>"}, "--from") == "From: dac <dac@example.com>\r\n");
  CHECK(notify::address_header("From", {"Ops, Team <o@example.com>"}, "--from") ==
        "From: \"Ops, Team\" <o@example.com>\r\n");
  CHECK(notify::address_header("From", {"\"J. \\\"Q\\\" Doe\" <o@example.com>"}, "--from") ==
        "From: \"J. \\\"Q\\\" Doe\" <o@example.com>\r\n");
  // ASCII that looks like an encoded-word is quoted, so that nobody decodes it.
  CHECK(notify::address_header("From", {"=?UTF-8?B?QsOqdGE=?= <o@example.com>"}, "--from") ==
        "From: \"=?UTF-8?B?QsOqdGE=?=\" <o@example.com>\r\n");
  CHECK(notify::unstructured_header("Subject", "dac: 2 expire soon") == "Subject: dac: 2 expire soon\r\n");
  CHECK(notify::unstructured_header("Subject", "Bêta") == "Subject: =?UTF-8?B?QsOqdGE=?=\r\n");
  CHECK(error_from([] { (void)notify::address_header("From", {"\xC3( <a@example.com>"}, "--from"); }).kind() ==
        ErrorKind::Usage);

  // A long name: several encoded-words of whole code points, each at most 75
  // characters, on lines of at most 78.
  std::string name;
  for (int i = 0; i < 12; ++i) name += "Ünïcödé ";
  name += "日本語🚀";
  const std::string h = notify::address_header("To", {name + " <ops@example.com>", "b@example.org"}, "--to");
  CHECK(h.rfind("To: =?UTF-8?B?", 0) == 0);
  // NOLINTNEXTLINE(bugprone-implicit-widening-of-multiplication-result): 156 fits an int
  CHECK(h.size() > 2 * 78);
  std::size_t start = 0;
  int lines = 0;
  while (start < h.size()) {
    const auto end = h.find("\r\n", start);
    REQUIRE(end != std::string::npos);
    const std::string line = h.substr(start, end - start);
    CHECK(line.size() <= 78);
    if (lines > 0) CHECK(line.front() == ' ');
    std::size_t w = 0;
    while ((w = line.find("=?", w)) != std::string::npos) {
      const auto close = line.find("?=", w + 10);
      REQUIRE(close != std::string::npos);
      CHECK(close + 2 - w <= 75);
      w = close + 2;
    }
    ++lines;
    start = end + 2;
  }
  CHECK(lines >= 3);
  CHECK(h.find("<ops@example.com>, b@example.org\r\n") != std::string::npos);
}
