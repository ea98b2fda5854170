#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "dac/core/model.hpp"
#include "dac/store/store.hpp"

// The Authorization History as an append-only file of JSON lines, each event
// chained to the one before by SHA-256 over the previous hash and the event's
// canonical JSON (sorted keys, no spaces, without its own "hash").
namespace dac::history {

// The prev_hash of the first event.
[[nodiscard]] const std::string& genesis_hash();

// Numbers `event` after `head`, chains and hashes it; returns its line (with '\n').
[[nodiscard]] std::string seal(Event& event, const HistoryHead& head);

// The lines of the first `limit` bytes of a history: of a text in memory, or
// read from a file a block at a time, so that a long history is never held
// whole (10^6 events are 361 MB: reading them into memory first cost a
// replay a quarter of its time, in page faults).
class Lines {
 public:
  Lines(std::string_view text, std::uint64_t limit);
  // `fd` (open for reading at its start) must outlive the Lines; `where` names
  // the file in a read error, which is a store error.
  Lines(int fd, std::uint64_t limit, std::string where);
  // Bytes from `source`: it fills up to `room` bytes at `dst` and returns how
  // many, 0 at the end (another backend's history, streamed).
  using Source = std::function<std::size_t(char* dst, std::size_t room)>;
  Lines(Source source, std::uint64_t limit);

  // The next line, without its '\n' (the last may have none); false after the last.
  bool next(std::string_view& line);
  // The bytes there are (the text's or the file's size), up to `limit`.
  [[nodiscard]] std::uint64_t available() const noexcept { return m_available; }

 private:
  bool refill();

  std::string_view m_view;  // the text, or what of the file is in m_buffer
  std::size_t m_pos = 0;    // where the next line starts in m_view
  std::size_t m_scan = 0;   // m_view holds no '\n' from m_pos up to here
  std::uint64_t m_available = 0;
  Source m_source;           // none for a text
  std::uint64_t m_read = 0;  // bytes read from the source
  std::string m_buffer;
};

// Calls `visit` for each event of `lines` (the first `head.bytes` of the
// history); a line that is not a valid event is a store error naming `where`
// and the line.
void read(Lines& lines, const HistoryHead& head, const std::string& where,
          const std::function<void(const Event&)>& visit);
void read(std::string_view text, const HistoryHead& head, const std::string& where,
          const std::function<void(const Event&)>& visit);

// Checks seq numbers and the hash chain of `lines` against `head`, naming the
// first event that does not match; `visit` (if set) gets each event that
// passed, in order, as Store::verify_history says.
[[nodiscard]] VerifyReport verify(Lines& lines, const HistoryHead& head,
                                  const std::function<void(const Event&)>& visit = {});
[[nodiscard]] VerifyReport verify(std::string_view text, const HistoryHead& head,
                                  const std::function<void(const Event&)>& visit = {});

}  // namespace dac::history
