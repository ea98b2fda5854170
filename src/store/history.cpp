#include "history.hpp"

#include <nlohmann/json.hpp>

#include "codec.hpp"
#include "dac/core/error.hpp"
#include "fast_codec.hpp"
#include "sha256.hpp"

namespace dac::history {

using nlohmann::json;

namespace {

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
  std::size_t hash_at = 0;
  std::string line = fast::event_json(event, false, &hash_at);
  event.hash = sha256_hex(event.prev_hash + "\n" + line);
  if (hash_at == std::string::npos) return fast::event_json(event, true) + "\n";
  line.insert(hash_at, R"(,"hash":")" + event.hash + "\"");  // hex: nothing to escape
  return line + "\n";
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
  fast::EventLine canonical;
  while (next_line(text, pos, line)) {
    ++line_no;
    if (fast::parse_event_line(line, canonical)) {
      visit(fast::to_event(canonical));
      continue;
    }
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
  fast::EventLine canonical;
  std::string hashed;  // what an event's hash covers: prev_hash, "\n", its JSON without "hash"
  while (next_line(committed, pos, line)) {
    const std::string at = "line " + std::to_string(expected_seq);
    std::uint64_t seq = 0;
    std::string_view prev_hash;
    std::string_view hash;
    Event event;  // the event of a line that is not in canonical form
    bool canonical_text = true;
    hashed.assign(prev).append("\n");
    if (fast::parse_event_line(line, canonical)) {
      // A line in canonical form is the JSON the hash covers, less its "hash" member.
      seq = canonical.seq;
      prev_hash = canonical.prev_hash;
      hash = canonical.hash;
      hashed.append(line.substr(0, canonical.hash_begin)).append(line.substr(canonical.hash_end));
    } else {
      json body;
      try {
        body = parse_json(line, at);  // refuses a repeated key, which could hide a value
      } catch (const Error&) {
        return fail(expected_seq, "event #" + std::to_string(expected_seq) + " (" + at + ") is not valid JSON");
      }
      try {
        event = event_from_json(body, at);
      } catch (const Error& e) {
        return fail(expected_seq, "event #" + std::to_string(expected_seq) + " is malformed: " + e.what());
      }
      seq = event.seq;
      prev_hash = event.prev_hash;
      hash = event.hash;
      // The hash covers the values; the bytes must be the ones dac wrote too
      // (no spaces, escapes or key order of someone else's making).
      canonical_text = body.dump() == line;
      body.erase("hash");
      hashed.append(body.dump());
    }
    if (seq != expected_seq) {
      return fail(expected_seq, "event #" + std::to_string(expected_seq) + " (" + at + ") has sequence number " +
                                    std::to_string(seq) + ": an event was removed, inserted or moved");
    }
    if (prev_hash != prev) {
      return fail(expected_seq, "event #" + std::to_string(expected_seq) +
                                    " does not chain to the event before it: an event was removed, inserted or moved");
    }
    if (sha256_hex(hashed) != hash) {
      return fail(expected_seq,
                  "event #" + std::to_string(expected_seq) + " was altered: its hash does not match its content");
    }
    if (!canonical_text) {
      return fail(expected_seq, "event #" + std::to_string(expected_seq) + " (" + at +
                                    ") was altered: its values hash right, but its text is not the one dac wrote");
    }
    prev.assign(hash);
    ++report.events_checked;
    ++expected_seq;
  }
  if (report.events_checked != head.events || committed.size() != head.bytes) {
    return fail(report.events_checked + 1,
                "event #" + std::to_string(report.events_checked + 1) + " is missing: the history ends after event #" +
                    std::to_string(report.events_checked) + " (" + std::to_string(committed.size()) +
                    " bytes) but the store records " + std::to_string(head.events) + " events (" +
                    std::to_string(head.bytes) + " bytes): events were cut off the end");
  }
  if (head.events > 0 && prev != head.hash) {
    return fail(head.events,
                "event #" + std::to_string(head.events) + " does not match the head hash the store records");
  }
  return report;
}

}  // namespace dac::history
