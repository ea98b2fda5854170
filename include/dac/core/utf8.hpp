#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

// UTF-8 as RFC 3629 defines it (no overlong forms, surrogates or values past
// U+10FFFF: what nlohmann's lexer and utf8proc accept), read in one place.
namespace dac {

// The length of the well-formed UTF-8 sequence that starts at `p` (a byte of
// 0x80 or more, before `end`), or 0 when it is not one.
[[nodiscard]] std::size_t utf8_sequence_length(const char* p, const char* end) noexcept;

// Whether `s` is well-formed UTF-8 (nlohmann refuses to write anything else).
[[nodiscard]] bool valid_utf8(std::string_view s) noexcept;

// One code point read from UTF-8 text: its value and how many bytes it took
// (0 when the bytes there are not well-formed UTF-8; `value` is then 0).
struct Utf8CodePoint {
  std::uint32_t value = 0;
  std::size_t length = 0;
};

// Decodes the code point that starts at byte `pos` of `s` (pos < s.size()).
[[nodiscard]] Utf8CodePoint decode_utf8(std::string_view s, std::size_t pos) noexcept;

}  // namespace dac
