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

// Calls `visit` for each event in the first `head.bytes` of `text`; a line that
// is not a valid event is a store error naming `where` and the line.
void read(std::string_view text, const HistoryHead& head, const std::string& where,
          const std::function<void(const Event&)>& visit);

// Checks seq numbers and the hash chain of `text` against `head`, naming the
// first event that does not match.
[[nodiscard]] VerifyReport verify(std::string_view text, const HistoryHead& head);

}  // namespace dac::history
