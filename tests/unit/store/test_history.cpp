#include "store/history.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "../helpers.hpp"
#include "dac/core/error.hpp"

using namespace std::chrono_literals;
using dac::ErrorKind;
using dac::Event;
using dac::EventType;
using dac::HistoryHead;
using dac::test::at;
using dac::test::error_from;
namespace history = dac::history;

namespace {

// The n-th event of a small, varied history.
Event sample_event(int n) {
  Event e;
  e.type = n % 3 == 0 ? EventType::Confirmed : EventType::Granted;
  e.effective_at = at("2025-01-01T00:00:00Z") + std::chrono::hours(n);
  e.recorded_at = e.effective_at + 5min;
  e.seller_id = "A1B2C3D4E5F6G7";
  e.developer_id = "10000000000" + std::to_string(n % 10);
  e.actor = "alice";
  if (n % 2 == 0) e.reason = "reason " + std::to_string(n);
  return e;
}

// A sealed history of `count` events: the file's text, its head, and each line.
struct Chain {
  std::string text;
  HistoryHead head{0, 0, history::genesis_hash()};
  std::vector<std::string> lines;
  std::vector<Event> events;
};

Chain make_chain(int count) {
  Chain chain;
  for (int n = 1; n <= count; ++n) {
    Event e = sample_event(n);
    const std::string line = history::seal(e, chain.head);
    chain.head.events = e.seq;
    chain.head.hash = e.hash;
    chain.head.bytes += line.size();
    chain.text += line;
    chain.lines.push_back(line);
    chain.events.push_back(e);
  }
  return chain;
}

std::string join(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line;
  return text;
}

std::vector<Event> read_all(std::string_view text, const HistoryHead& head) {
  std::vector<Event> events;
  history::read(text, head, "history.jsonl", [&](const Event& e) { events.push_back(e); });
  return events;
}

bool is_hex64(const std::string& s) {
  return s.size() == 64 &&
         std::ranges::all_of(s, [](const char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

TEST_CASE("seal numbers and chains the events", "[history]") {
  const Chain chain = make_chain(4);
  REQUIRE(chain.events.size() == 4);
  CHECK(history::genesis_hash() == std::string(64, '0'));
  for (std::size_t i = 0; i < chain.events.size(); ++i) {
    CAPTURE(i);
    const Event& e = chain.events[i];
    CHECK(e.seq == i + 1);
    CHECK(is_hex64(e.hash));
    CHECK(e.prev_hash == (i == 0 ? history::genesis_hash() : chain.events[i - 1].hash));
    const std::string& line = chain.lines[i];
    CHECK(line.back() == '\n');
    CHECK(line.find('\n') == line.size() - 1);
    CHECK_THAT(line, Catch::Contains(e.hash));
  }
  CHECK(chain.head.hash == chain.events.back().hash);

  SECTION("the hash depends on the content and on the event before") {
    Event same = sample_event(2);
    (void)history::seal(same, HistoryHead{1, 0, chain.events[0].hash});
    CHECK(same.hash == chain.events[1].hash);

    Event other_actor = sample_event(2);
    other_actor.actor = "bob";
    (void)history::seal(other_actor, HistoryHead{1, 0, chain.events[0].hash});
    CHECK(other_actor.hash != chain.events[1].hash);

    Event other_prev = sample_event(2);
    (void)history::seal(other_prev, HistoryHead{1, 0, chain.events[2].hash});
    CHECK(other_prev.hash != chain.events[1].hash);
  }
}

TEST_CASE("read gives back the committed events", "[history]") {
  const Chain chain = make_chain(5);
  const std::vector<Event> events = read_all(chain.text, chain.head);
  REQUIRE(events.size() == 5);
  for (std::size_t i = 0; i < events.size(); ++i) {
    CAPTURE(i);
    const Event& a = events[i];
    const Event& b = chain.events[i];
    CHECK(a.seq == b.seq);
    CHECK(a.type == b.type);
    CHECK(a.effective_at == b.effective_at);
    CHECK(a.recorded_at == b.recorded_at);
    CHECK(a.seller_id == b.seller_id);
    CHECK(a.developer_id == b.developer_id);
    CHECK(a.actor == b.actor);
    CHECK(a.reason == b.reason);
    CHECK(a.prev_hash == b.prev_hash);
    CHECK(a.hash == b.hash);
  }

  SECTION("an uncommitted tail past the head is not read") {
    const std::string with_tail = chain.text + "{\"not\": \"committed\"}\n";
    CHECK(read_all(with_tail, chain.head).size() == 5);
  }
  SECTION("a head short of the file reads only its events") {
    HistoryHead head{3, 0, chain.events[2].hash};
    head.bytes = chain.lines[0].size() + chain.lines[1].size() + chain.lines[2].size();
    CHECK(read_all(chain.text, head).size() == 3);
  }
  SECTION("a file shorter than the head is a store error") {
    const std::string cut = chain.text.substr(0, chain.text.size() - 1);
    const dac::Error e = error_from([&] { (void)read_all(cut, chain.head); });
    CHECK(e.kind() == ErrorKind::Store);
    CHECK_THAT(e.what(), Catch::Contains("history.jsonl") && Catch::Contains("shorter"));
  }
  SECTION("a line that is not an event is a store error naming the line") {
    std::vector<std::string> lines = chain.lines;
    lines[1] = std::string(lines[1].size() - 1, 'x') + "\n";
    const dac::Error e = error_from([&] { (void)read_all(join(lines), chain.head); });
    CHECK(e.kind() == ErrorKind::Store);
    CHECK_THAT(e.what(), Catch::Contains("history.jsonl line 2"));
  }
  SECTION("an empty history reads nothing") { CHECK(read_all("", HistoryHead{0, 0, history::genesis_hash()}).empty()); }
}

TEST_CASE("verify accepts an intact chain", "[history]") {
  const Chain chain = make_chain(5);
  const dac::VerifyReport report = history::verify(chain.text, chain.head);
  CHECK(report.ok);
  CHECK(report.events_checked == 5);
  CHECK(report.first_bad_seq == 0);
  CHECK(report.problem.empty());

  SECTION("an uncommitted tail is not part of it") { CHECK(history::verify(chain.text + "garbage\n", chain.head).ok); }
  SECTION("an empty history") {
    const dac::VerifyReport empty = history::verify("", HistoryHead{0, 0, history::genesis_hash()});
    CHECK(empty.ok);
    CHECK(empty.events_checked == 0);
  }
}

TEST_CASE("verify names the first event that does not match", "[history]") {
  const Chain chain = make_chain(5);
  std::vector<std::string> lines = chain.lines;

  SECTION("a flipped byte in an event's content") {
    const std::size_t pos = lines[2].find("alice");
    REQUIRE(pos != std::string::npos);
    lines[2][pos] = 'A';
    const dac::VerifyReport report = history::verify(join(lines), chain.head);
    CHECK_FALSE(report.ok);
    CHECK(report.first_bad_seq == 3);
    CHECK(report.events_checked == 2);
    CHECK_THAT(report.problem, Catch::Contains("#3") && Catch::Contains("altered"));
  }
  SECTION("a flipped byte in an instant") {
    const std::size_t pos = lines[3].find("2025-01-01T");
    REQUIRE(pos != std::string::npos);
    lines[3][pos + 3] = '6';
    const dac::VerifyReport report = history::verify(join(lines), chain.head);
    CHECK_FALSE(report.ok);
    CHECK(report.first_bad_seq == 4);
  }
  SECTION("a flipped byte that breaks the JSON") {
    lines[1][0] = '[';
    const dac::VerifyReport report = history::verify(join(lines), chain.head);
    CHECK_FALSE(report.ok);
    CHECK(report.first_bad_seq == 2);
  }
  SECTION("a flipped byte in a stored hash") {
    const std::size_t pos = lines[0].find(chain.events[0].hash);
    REQUIRE(pos != std::string::npos);
    lines[0][pos] = lines[0][pos] == 'a' ? 'b' : 'a';
    const dac::VerifyReport report = history::verify(join(lines), chain.head);
    CHECK_FALSE(report.ok);
    CHECK(report.first_bad_seq == 1);
  }
  SECTION("a middle event deleted") {
    lines.erase(lines.begin() + 2);
    const dac::VerifyReport report = history::verify(join(lines), chain.head);
    CHECK_FALSE(report.ok);
    CHECK(report.first_bad_seq == 3);
    CHECK(report.events_checked == 2);
  }
  SECTION("the first event deleted") {
    lines.erase(lines.begin());
    const dac::VerifyReport report = history::verify(join(lines), chain.head);
    CHECK_FALSE(report.ok);
    CHECK(report.first_bad_seq == 1);
  }
  SECTION("two events swapped") {
    std::swap(lines[1], lines[2]);
    const dac::VerifyReport report = history::verify(join(lines), chain.head);
    CHECK_FALSE(report.ok);
    CHECK(report.first_bad_seq == 2);
  }
  SECTION("two events swapped and renumbered") {
    // A forger who also fixes the seq numbers is still caught by the chain.
    std::swap(lines[1], lines[2]);
    const auto renumber = [](std::string& line, int from, int to) {
      const std::string key = "\"seq\":" + std::to_string(from);
      const std::size_t pos = line.find(key);
      REQUIRE(pos != std::string::npos);
      line.replace(pos, key.size(), "\"seq\":" + std::to_string(to));
    };
    renumber(lines[1], 3, 2);
    renumber(lines[2], 2, 3);
    const dac::VerifyReport report = history::verify(join(lines), chain.head);
    CHECK_FALSE(report.ok);
    CHECK(report.first_bad_seq == 2);
  }
  SECTION("the last event cut off") {
    lines.pop_back();
    const dac::VerifyReport report = history::verify(join(lines), chain.head);
    CHECK_FALSE(report.ok);
    CHECK(report.first_bad_seq == 5);
    CHECK(report.events_checked == 4);
    CHECK_THAT(report.problem, Catch::Contains("cut"));
  }
  SECTION("the last event cut in the middle") {
    lines.back().resize(lines.back().size() / 2);
    const dac::VerifyReport report = history::verify(join(lines), chain.head);
    CHECK_FALSE(report.ok);
    CHECK(report.first_bad_seq == 5);
  }
  SECTION("an event edited and the chain after it recomputed") {
    // Without the head the store records, the forgery would pass.
    Chain forged;
    for (int n = 1; n <= 5; ++n) {
      Event e = sample_event(n);
      if (n == 3) e.actor = "mallo";  // same length as "alice"
      const std::string line = history::seal(e, forged.head);
      forged.head.events = e.seq;
      forged.head.hash = e.hash;
      forged.head.bytes += line.size();
      forged.text += line;
    }
    REQUIRE(forged.text.size() == chain.text.size());
    REQUIRE(history::verify(forged.text, forged.head).ok);
    const dac::VerifyReport report = history::verify(forged.text, chain.head);
    CHECK_FALSE(report.ok);
    CHECK(report.first_bad_seq != 0);
  }
}
