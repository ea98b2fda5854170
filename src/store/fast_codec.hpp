#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "dac/core/model.hpp"

// The store's JSON read and written without building a JSON tree (issue 6).
//
// Readers are strict and take the common path only: what dac itself writes,
// and the harmless variations of it (other whitespace or key order). On
// anything else (a syntax error, a bad value, an unknown or repeated key, an
// escape they do not handle) they return nothing, and the caller runs the
// nlohmann-based codec, which accepts exactly what it always did and names
// the problem and its place. So whenever a fast reader gives a value, the
// codec would have given the same one.
//
// Writers give byte for byte what nlohmann's dump gives for the same value.
namespace dac::fast {

// state.json's text as State, or nothing (see above).
[[nodiscard]] std::optional<State> state_from_json(std::string_view text);

// Passes state.json's text for `state` to `sink` in pieces: what
// `nlohmann::json(state).dump(1, '\t') + "\n"` gives.
void write_state_json(const State& state, const std::function<void(std::string_view)>& sink);

// An event's canonical JSON (sorted keys, no spaces), with or without its hash.
// Without it, `hash_at` (if given) gets where the ,"hash":"…" member goes, or
// npos when the text came from nlohmann (a string that is not valid UTF-8).
[[nodiscard]] std::string event_json(const Event& event, bool with_hash, std::size_t* hash_at = nullptr);

// The inventory_recorded event's inventory in canonical form (compact, keys
// sorted, no tokens): what nlohmann's dump() gives for it.
void append_inventory_json(std::string& out, const Inventory& inventory);

// Reads an inventory (what the codec's inventory_from_json accepts, common
// path only) that starts at `pos` of `text`; on success `pos` is where it ends.
[[nodiscard]] bool read_inventory(std::string_view text, std::size_t& pos, Inventory& out);

// One history line in canonical form, read without copying: the strings as
// they appear in the line (escaped), and where its "hash" member is.
struct EventLine {
  std::uint64_t seq = 0;
  EventType type = EventType::Granted;
  Instant effective_at;
  Instant recorded_at;
  std::string_view actor, seller_id, prev_hash, hash;
  std::optional<std::string_view> developer_id, reason, channel, milestone;
  // The fields R12 needs (format 2), on the event types that have them.
  std::optional<std::string_view> nickname, seller_name;
  std::optional<bool> own;
  std::optional<Instant> last_confirmed_at;
  std::shared_ptr<const Inventory> inventory;
  // The line less [hash_begin, hash_end) is the canonical JSON that the hash covers.
  std::size_t hash_begin = 0;
  std::size_t hash_end = 0;
};

// Reads a history line that is exactly the canonical JSON of a valid event
// (what dac writes); anything else returns false, and the caller takes the
// general path.
[[nodiscard]] bool parse_event_line(std::string_view text, EventLine& e);

// The event of a line parse_event_line accepted, its strings unescaped.
[[nodiscard]] Event to_event(const EventLine& line);
// The same into `e`, every member set: a reader that reuses one event
// allocates nothing per line.
void to_event(const EventLine& line, Event& e);

}  // namespace dac::fast
