#include "history.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "codec.hpp"
#include "dac/core/error.hpp"
#include "fast_codec.hpp"
#include "sha256.hpp"

namespace dac::history {

using nlohmann::json;

namespace {

constexpr std::size_t k_block = std::size_t{1} << 20;  // what a file read asks for

// Verify's general path, for a line that is not in dac's canonical form: its
// event, the text its hash covers (appended to `hashed`), and whether its
// bytes are the ones dac wrote; or what is wrong with it, for event #`seq`.
std::optional<std::string> read_general_line(std::string_view line, std::uint64_t seq, const std::string& at,
                                             Event& event, std::string& hashed, bool& canonical_text) {
  json body;
  try {
    body = parse_json(line, at);  // refuses a repeated key, which could hide a value
  } catch (const Error&) {
    return "event #" + std::to_string(seq) + " (" + at + ") is not valid JSON";
  }
  try {
    event = event_from_json(body, at);
  } catch (const Error& e) {
    return "event #" + std::to_string(seq) + " is malformed: " + e.what();
  }
  // The hash covers the values; the bytes must be the ones dac wrote too
  // (no spaces, escapes or key order of someone else's making).
  canonical_text = body.dump() == line;
  body.erase("hash");
  hashed.append(body.dump());
  return std::nullopt;
}

}  // namespace

Lines::Lines(std::string_view text, std::uint64_t limit)
    : m_view(text.substr(0, std::min<std::uint64_t>(text.size(), limit))), m_available(m_view.size()) {}

Lines::Lines(int fd, std::uint64_t limit, std::string where) : m_available(limit) {
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    m_available = std::min<std::uint64_t>(limit, static_cast<std::uint64_t>(st.st_size));
  }
  m_source = [fd, where = std::move(where)](char* dst, std::size_t room) {
    ssize_t n = 0;
    do {
      n = ::read(fd, dst, room);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      const int err = errno;
      throw_store("cannot read " + where + ": " + std::strerror(err));
    }
    return static_cast<std::size_t>(n);
  };
}

Lines::Lines(Source source, std::uint64_t limit) : m_available(limit), m_source(std::move(source)) {}

bool Lines::next(std::string_view& line) {
  for (;;) {
    const std::size_t end = m_view.find('\n', std::max(m_pos, m_scan));
    if (end != std::string_view::npos) {
      line = m_view.substr(m_pos, end - m_pos);
      m_pos = end + 1;
      return true;
    }
    m_scan = m_view.size();
    if (!refill()) break;
  }
  if (m_pos >= m_view.size()) return false;
  line = m_view.substr(m_pos);
  m_pos = m_view.size();
  return true;
}

bool Lines::refill() {
  if (!m_source || m_read >= m_available) return false;
  // Keep the unfinished line, then read the next block after it.
  m_buffer.erase(0, m_pos);
  m_scan -= m_pos;
  m_pos = 0;
  const std::size_t kept = m_buffer.size();
  const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(k_block, m_available - m_read));
  m_buffer.resize(kept + want);
  const std::size_t n = m_source(m_buffer.data() + kept, want);
  m_buffer.resize(kept + n);
  m_view = m_buffer;
  m_read += n;
  if (n == 0) m_available = m_read;  // the source ended before the limit
  return n > 0;
}

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

void read(Lines& lines, const HistoryHead& head, const std::string& where,
          const std::function<void(const Event&)>& visit) {
  if (lines.available() < head.bytes) {
    throw_store(where + " is shorter than the store records (" + std::to_string(lines.available()) + " of " +
                    std::to_string(head.bytes) + " bytes): the history was cut",
                "check it with: dac history --verify");
  }
  std::string_view line;
  std::uint64_t line_no = 0;
  fast::EventLine canonical;
  Event event;  // reused: its strings keep their capacity from line to line
  while (lines.next(line)) {
    ++line_no;
    if (fast::parse_event_line(line, canonical)) {
      fast::to_event(canonical, event);
      visit(event);
      continue;
    }
    const std::string at = where + " line " + std::to_string(line_no);
    visit(event_from_json(parse_json(line, at), at));
  }
}

void read(std::string_view text, const HistoryHead& head, const std::string& where,
          const std::function<void(const Event&)>& visit) {
  Lines lines(text, head.bytes);
  read(lines, head, where, visit);
}

VerifyReport verify(Lines& lines, const HistoryHead& head, const std::function<void(const Event&)>& visit) {
  VerifyReport report;
  const auto fail = [&](std::uint64_t seq, std::string problem) {
    report.ok = false;
    report.first_bad_seq = seq;
    report.problem = std::move(problem);
    return report;
  };
  std::string_view line;
  std::string prev = genesis_hash();
  std::uint64_t expected_seq = 1;
  fast::EventLine canonical;
  std::string hashed;  // what an event's hash covers: prev_hash, "\n", its JSON without "hash"
  Event event;         // the event of the line, when it is visited or not in canonical form
  while (lines.next(line)) {
    const std::string at = "line " + std::to_string(expected_seq);
    std::uint64_t seq = 0;
    std::string_view prev_hash;
    std::string_view hash;
    bool canonical_text = true;
    hashed.assign(prev).append("\n");
    const bool fast_path = fast::parse_event_line(line, canonical);
    if (fast_path) {
      // A line in canonical form is the JSON the hash covers, less its "hash" member.
      seq = canonical.seq;
      prev_hash = canonical.prev_hash;
      hash = canonical.hash;
      hashed.append(line.substr(0, canonical.hash_begin)).append(line.substr(canonical.hash_end));
    } else {
      if (auto problem = read_general_line(line, expected_seq, at, event, hashed, canonical_text)) {
        return fail(expected_seq, std::move(*problem));
      }
      seq = event.seq;
      prev_hash = event.prev_hash;
      hash = event.hash;
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
    if (visit) {
      if (fast_path) fast::to_event(canonical, event);
      visit(event);
    }
    prev.assign(hash);
    ++report.events_checked;
    ++expected_seq;
  }
  const std::uint64_t committed = lines.available();
  if (report.events_checked != head.events || committed != head.bytes) {
    return fail(report.events_checked + 1,
                "event #" + std::to_string(report.events_checked + 1) + " is missing: the history ends after event #" +
                    std::to_string(report.events_checked) + " (" + std::to_string(committed) +
                    " bytes) but the store records " + std::to_string(head.events) + " events (" +
                    std::to_string(head.bytes) + " bytes): events were cut off the end");
  }
  if (head.events > 0 && prev != head.hash) {
    return fail(head.events,
                "event #" + std::to_string(head.events) + " does not match the head hash the store records");
  }
  return report;
}

VerifyReport verify(std::string_view text, const HistoryHead& head, const std::function<void(const Event&)>& visit) {
  Lines lines(text, head.bytes);
  return verify(lines, head, visit);
}

}  // namespace dac::history
