// Fuzzes how dac reads history.jsonl: history --verify, history (read), and
// the fast line reader against the codec. Nothing may crash or throw anything
// but dac::Error; whatever line the fast reader accepts, the codec reads as the
// same event; and a history that verifies holds exactly the lines dac writes.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "dac/core/error.hpp"
#include "store/codec.hpp"
#include "store/fast_codec.hpp"
#include "store/history.hpp"

namespace {

[[noreturn]] void bug(const char* what) {
  (void)std::fprintf(stderr, "BUG: %s\n", what);
  std::abort();
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      lines.push_back(text.substr(pos));
      break;
    }
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

// The fast reader and the codec agree on every line the fast reader takes.
// Returns the hash of the last line the codec reads (the genesis hash if none).
std::string check_fast_reader(const std::vector<std::string_view>& lines) {
  std::string last_hash = dac::history::genesis_hash();
  for (const std::string_view line : lines) {
    dac::Event slow;
    bool slow_ok = false;
    try {
      slow = dac::event_from_json(dac::parse_json(line, "line"), "line");
      slow_ok = true;
      last_hash = slow.hash;
    } catch (const dac::Error&) {
    }
    dac::fast::EventLine fast;
    if (dac::fast::parse_event_line(line, fast)) {
      if (!slow_ok) bug("the fast reader accepted a history line that the codec refuses");
      if (dac::fast::event_json(dac::fast::to_event(fast), true) != dac::fast::event_json(slow, true)) {
        bug("the fast reader and the codec read different events");
      }
    }
  }
  return last_hash;
}

// history --verify: a history that verifies holds exactly the lines dac
// writes; one that does not names its first bad event.
void check_verify(std::string_view text, const std::vector<std::string_view>& lines, const dac::HistoryHead& head) {
  try {
    const dac::VerifyReport report = dac::history::verify(text, head);
    if (report.ok) {
      // Then every line is an event exactly as dac writes it.
      std::uint64_t seq = 0;
      for (const std::string_view line : lines) {
        const dac::Event e = dac::event_from_json(dac::parse_json(line, "line"), "line");
        if (e.seq != ++seq) bug("a verified history has a gap");
        if (dac::fast::event_json(e, true) != line) bug("a verified history holds a line dac did not write");
      }
      if (!text.empty() && text.back() != '\n') bug("a verified history ends in a partial line");
    } else if (report.first_bad_seq == 0) {
      bug("a failed verification names no event");
    }
  } catch (const dac::Error&) {
  }
}

// history (read): never more events than lines.
void check_read(std::string_view text, const std::vector<std::string_view>& lines, const dac::HistoryHead& head) {
  try {
    std::uint64_t count = 0;
    dac::history::read(text, head, "history.jsonl", [&](const dac::Event&) { ++count; });
    if (count > lines.size()) bug("read more events than lines");
  } catch (const dac::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string_view> lines = lines_of(text);
  const std::string last_hash = check_fast_reader(lines);

  // The store's record of the history: the whole text, one event per line.
  dac::HistoryHead head;
  head.bytes = size;
  head.events = lines.size();
  head.hash = last_hash;
  check_verify(text, lines, head);
  check_read(text, lines, head);
  return 0;
}
