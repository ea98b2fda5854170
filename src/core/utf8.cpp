#include "dac/core/utf8.hpp"

namespace dac {

// RFC 3629: no overlong forms, surrogates or values past U+10FFFF, as nlohmann's lexer.
std::size_t utf8_sequence_length(const char* p, const char* end) noexcept {
  const auto b = [&](std::ptrdiff_t i) { return p + i < end ? static_cast<unsigned char>(p[i]) : 0U; };
  const auto cont = [&](std::ptrdiff_t i) { return (b(i) & 0xC0U) == 0x80U; };
  const unsigned c = b(0);
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return b(1) >= 0xA0 && b(1) <= 0xBF && cont(2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xED) return b(1) >= 0x80 && b(1) <= 0x9F && cont(2) ? 3 : 0;
  if (c == 0xF0) return b(1) >= 0x90 && b(1) <= 0xBF && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return b(1) >= 0x80 && b(1) <= 0x8F && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

bool valid_utf8(std::string_view s) noexcept {
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    if (static_cast<unsigned char>(*p) < 0x80) {
      ++p;
      continue;
    }
    const std::size_t n = utf8_sequence_length(p, end);
    if (n == 0) return false;
    p += n;
  }
  return true;
}

Utf8CodePoint decode_utf8(std::string_view s, std::size_t pos) noexcept {
  const auto lead = static_cast<unsigned char>(s[pos]);
  if (lead < 0x80) return {lead, 1};
  const std::size_t length = utf8_sequence_length(s.data() + pos, s.data() + s.size());
  if (length == 0) return {};
  // The payload bits of the lead byte, then six of each continuation byte.
  static constexpr unsigned char k_lead_mask[] = {0, 0, 0x1F, 0x0F, 0x07};
  std::uint32_t value = lead & k_lead_mask[length];
  for (std::size_t i = 1; i < length; ++i) value = (value << 6U) | (static_cast<unsigned char>(s[pos + i]) & 0x3FU);
  return {value, length};
}

}  // namespace dac
