#include "store/history.hpp"

#include <nlohmann/json.hpp>

#include "dac/error.hpp"
#include "store/codec.hpp"
#include "store/sha256.hpp"

namespace dac::history {

using nlohmann::json;

namespace {

std::string hash_of(const std::string& prev_hash, const json& body) {
  return sha256_hex(prev_hash + "\n" + body.dump());
}

// Splits off the next line of `text` at `pos`; false at the end.
bool next_line(std::string_view text, std::size_t& pos, std::string_view& line) {
  if (pos >= text.size()) return false;
  const std::size_t end = text.find('\n', pos);
  if (end == std::string_view::npos) {
    line = text.substr(pos);
    pos = text.size();
  } else {
    line = text.substr(pos, end - pos);
    pos = end + 1;
  }
  return true;
}

}  // namespace

const std::string& genesis_hash() {
  static const std::string zeros(64, '0');
  return zeros;
}

std::string seal(Event& event, const HistoryHead& head) {
  event.seq = head.events + 1;
  event.prev_hash = head.events == 0 ? genesis_hash() : head.hash;
  json body = event;
  body.erase("hash");
  event.hash = hash_of(event.prev_hash, body);
  body["hash"] = event.hash;
  return body.dump() + "\n";
}

void read(std::string_view text, const HistoryHead& head, const std::string& where,
          const std::function<void(const Event&)>& visit) {
  if (text.size() < head.bytes) {
    throw_store(where + " is shorter than the store records (" + std::to_string(text.size()) + " of " +
                    std::to_string(head.bytes) + " bytes): the history was cut",
                "check it with: dac history --verify");
  }
  text = text.substr(0, head.bytes);
  std::size_t pos = 0;
  std::string_view line;
  std::uint64_t line_no = 0;
  while (next_line(text, pos, line)) {
    ++line_no;
    const std::string at = where + " line " + std::to_string(line_no);
    visit(event_from_json(parse_json(line, at), at));
  }
}

VerifyReport verify(std::string_view text, const HistoryHead& head) {
  VerifyReport report;
  const auto fail = [&](std::uint64_t seq, std::string problem) {
    report.ok = false;
    report.first_bad_seq = seq;
    report.problem = std::move(problem);
    return report;
  };
  const std::string_view committed = text.substr(0, std::min<std::size_t>(text.size(), head.bytes));
  std::size_t pos = 0;
  std::string_view line;
  std::string prev = genesis_hash();
  std::uint64_t expected_seq = 1;
  while (next_line(committed, pos, line)) {
    const std::string at = "line " + std::to_string(expected_seq);
    json body;
    try {
      body = json::parse(line);
    } catch (const json::parse_error&) {
      return fail(expected_seq, "event #" + std::to_string(expected_seq) + " (" + at + ") is not valid JSON");
    }
    Event event;
    try {
      event = event_from_json(body, at);
    } catch (const Error& e) {
      return fail(expected_seq, "event #" + std::to_string(expected_seq) + " is malformed: " + e.what());
    }
    if (event.seq != expected_seq) {
      return fail(expected_seq, "event #" + std::to_string(expected_seq) + " (" + at + ") has sequence number " +
                                    std::to_string(event.seq) + ": an event was removed, inserted or moved");
    }
    if (event.prev_hash != prev) {
      return fail(expected_seq, "event #" + std::to_string(expected_seq) +
                                    " does not chain to the event before it: an event was removed, inserted or moved");
    }
    body.erase("hash");
    if (hash_of(prev, body) != event.hash) {
      return fail(expected_seq, "event #" + std::to_string(expected_seq) + " was altered: its hash does not match its content");
    }
    prev = event.hash;
    ++report.events_checked;
    ++expected_seq;
  }
  if (report.events_checked != head.events || committed.size() != head.bytes) {
    return fail(report.events_checked + 1, "the history ends after event #" + std::to_string(report.events_checked) +
                                               " but the store records " + std::to_string(head.events) +
                                               " events: events were cut off the end");
  }
  if (head.events > 0 && prev != head.hash) {
    return fail(head.events, "event #" + std::to_string(head.events) +
                                 " does not match the head hash the store records");
  }
  return report;
}

}  // namespace dac::history
