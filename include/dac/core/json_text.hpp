#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// JSON text written directly, byte for byte as nlohmann's dump writes it
// (ensure_ascii off), for the outputs that are too large to build as a tree.
namespace dac {

// The length of the well-formed UTF-8 sequence that starts at `p` (a byte of
// 0x80 or more, before `end`), or 0 when it is not one.
[[nodiscard]] std::size_t utf8_sequence_length(const char* p, const char* end) noexcept;

// Whether `s` is well-formed UTF-8 (nlohmann refuses to write anything else).
[[nodiscard]] bool valid_utf8(std::string_view s) noexcept;

// Appends `s` (valid UTF-8) as a JSON string: quoted, with the short escapes
// and \u00xx for the other control characters.
void append_json_string(std::string& out, std::string_view s);

}  // namespace dac
