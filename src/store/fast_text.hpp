#pragma once

#include <cstdint>

// Small pieces shared by the fast readers of state.json (fast_reader.cpp) and
// of history lines (history_line.cpp).
namespace dac::fast {

// An ASCII digit.
[[nodiscard]] constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// What the short JSON escape `\e` stands for ('"', '\\', '/', b, f, n, r, t),
// or '\0' when `e` does not make one.
[[nodiscard]] constexpr char short_escape(char e) noexcept {
  switch (e) {
    case '"':
    case '\\':
    case '/':
      return e;
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    default:
      return '\0';
  }
}

// Reads the digits of a non-negative integer at `p` as JSON writes it (no
// leading zero) that fits 64 bits; false when there is none or it does not.
[[nodiscard]] constexpr bool read_count(const char*& p, const char* end, std::uint64_t& v) noexcept {
  const char* start = p;
  v = 0;
  while (p < end && is_digit(*p)) {
    const auto digit = static_cast<std::uint64_t>(*p - '0');
    if (v > (UINT64_MAX - digit) / 10) return false;
    v = v * 10 + digit;
    ++p;
  }
  return p != start && !(p - start > 1 && *start == '0');
}

}  // namespace dac::fast
