#include "store/history.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "../helpers.hpp"
#include "dac/core/error.hpp"
#include "store/fast_codec.hpp"

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

namespace {

// The lines Lines gives, each with what follows it restored ("\n" but after a last line without one).
std::vector<std::string> all_lines(history::Lines& lines) {
  std::vector<std::string> out;
  std::string_view line;
  while (lines.next(line)) out.emplace_back(line);
  return out;
}

// Each event's canonical JSON with its hash: equal texts, equal events.
std::vector<std::string> texts(const std::vector<Event>& events) {
  std::vector<std::string> out;
  out.reserve(events.size());
  for (const Event& e : events) out.push_back(dac::fast::event_json(e, true));
  return out;
}

// `text` written to a file, opened for reading.
struct FileOf {
  dac::test::TempDir dir;
  std::FILE* file = nullptr;
  explicit FileOf(const std::string& text) {
    const auto path = dir.path() / "history.jsonl";
    std::FILE* out = std::fopen(path.c_str(), "wb");
    REQUIRE(out != nullptr);
    REQUIRE(std::fwrite(text.data(), 1, text.size(), out) == text.size());
    REQUIRE(std::fclose(out) == 0);
    file = std::fopen(path.c_str(), "rb");
    REQUIRE(file != nullptr);
  }
  ~FileOf() { static_cast<void>(std::fclose(file)); }
  FileOf(const FileOf&) = delete;
  FileOf& operator=(const FileOf&) = delete;
  [[nodiscard]] int fd() const { return ::fileno(file); }
};

}  // namespace

TEST_CASE("Lines reads a file a block at a time and gives the same lines as its text", "[history]") {
  // Lines of every size around the 1 MiB block, one longer than two blocks
  // (an inventory_recorded event of a large store), and a last line without '\n'.
  const std::size_t block = std::size_t{1} << 20;
  std::vector<std::string> expected;
  for (const std::size_t n :
       {std::size_t{0}, std::size_t{1}, block - 1, block, block + 1, 2 * block + 7, std::size_t{5}}) {
    std::string line(n, 'x');
    if (n > 0) line.back() = static_cast<char>('a' + expected.size());
    expected.push_back(line);
  }
  std::string text;
  for (const std::string& line : expected) text += line + "\n";
  text += "tail";
  expected.emplace_back("tail");

  SECTION("the whole file") {
    const FileOf file(text);
    history::Lines lines(file.fd(), text.size(), "history.jsonl");
    CHECK(lines.available() == text.size());
    CHECK(all_lines(lines) == expected);
    history::Lines from_text(text, text.size());
    CHECK(all_lines(from_text) == expected);
  }
  SECTION("up to a limit in the middle of a line: the part before it") {
    const std::size_t limit = expected[0].size() + expected[1].size() + expected[2].size() + 3 + 10;
    const FileOf file(text);
    history::Lines lines(file.fd(), limit, "history.jsonl");
    CHECK(lines.available() == limit);
    const std::vector<std::string> got = all_lines(lines);
    REQUIRE(got.size() == 4);
    CHECK(got[2] == expected[2]);
    CHECK(got[3] == expected[3].substr(0, 10));
    history::Lines from_text(text, limit);
    CHECK(all_lines(from_text) == got);
  }
  SECTION("a file shorter than the limit: what it has, and its size") {
    const FileOf file("one\ntwo\n");
    history::Lines lines(file.fd(), 1000, "history.jsonl");
    CHECK(lines.available() == 8);
    CHECK(all_lines(lines) == std::vector<std::string>{"one", "two"});
  }
  SECTION("an empty file") {
    const FileOf file("");
    history::Lines lines(file.fd(), 0, "history.jsonl");
    CHECK(all_lines(lines).empty());
  }
}

TEST_CASE("read and verify of a history file give what they give of its text", "[history]") {
  const Chain chain = make_chain(40);
  const FileOf file(chain.text + "uncommitted tail\n");
  history::Lines lines(file.fd(), chain.head.bytes, "history.jsonl");
  std::vector<Event> events;
  history::read(lines, chain.head, "history.jsonl", [&](const Event& e) { events.push_back(e); });
  // A reused event keeps nothing of the one before (every other event has a reason).
  CHECK(texts(events) == texts(chain.events));

  const FileOf again(chain.text);
  history::Lines to_verify(again.fd(), chain.head.bytes, "history.jsonl");
  std::vector<Event> visited;
  const dac::VerifyReport report =
      history::verify(to_verify, chain.head, [&](const Event& e) { visited.push_back(e); });
  CHECK(report.ok);
  CHECK(report.events_checked == 40);
  CHECK(texts(visited) == texts(chain.events));
}

TEST_CASE("verify visits each event that passed, and none from the first that fails", "[history]") {
  const Chain chain = make_chain(6);
  std::vector<std::string> lines = chain.lines;
  lines[3].replace(lines[3].find("alice"), 5, "mallo");  // event #4 altered
  std::vector<std::uint64_t> visited;
  const dac::VerifyReport report =
      history::verify(join(lines), chain.head, [&](const Event& e) { visited.push_back(e.seq); });
  CHECK_FALSE(report.ok);
  CHECK(report.first_bad_seq == 4);
  CHECK(visited == std::vector<std::uint64_t>{1, 2, 3});

  SECTION("a line that is not in dac's canonical form is visited as read once it passes") {
    // The general path: spaces after the colons hash to the same values, but
    // the text is not the one dac wrote, so it fails after its hash checks.
    std::vector<std::string> spaced = chain.lines;
    std::string& line = spaced[1];
    line.replace(line.find("\"actor\":"), 8, "\"actor\": ");
    visited.clear();
    const dac::VerifyReport spaced_report =
        history::verify(join(spaced), chain.head, [&](const Event& e) { visited.push_back(e.seq); });
    CHECK_FALSE(spaced_report.ok);
    CHECK(spaced_report.first_bad_seq == 2);
    CHECK(visited == std::vector<std::uint64_t>{1});
  }
}
