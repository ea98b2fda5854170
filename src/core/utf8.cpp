#include "dac/core/utf8.hpp"

#include <array>

namespace dac {

namespace {

// What a lead byte starts: the length of its sequence (0 for a byte that
// starts none) and the range its second byte must lie in, which is what
// refuses overlong forms, surrogates and values past U+10FFFF (RFC 3629).
struct Lead {
  std::size_t length = 0;
  unsigned second_min = 0x80;
  unsigned second_max = 0xBF;
};

Lead lead_of(unsigned c) noexcept {
  if (c >= 0xC2 && c <= 0xDF) return {2, 0x80, 0xBF};
  if (c == 0xE0) return {3, 0xA0, 0xBF};
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return {3, 0x80, 0xBF};
  if (c == 0xED) return {3, 0x80, 0x9F};
  if (c == 0xF0) return {4, 0x90, 0xBF};
  if (c >= 0xF1 && c <= 0xF3) return {4, 0x80, 0xBF};
  if (c == 0xF4) return {4, 0x80, 0x8F};
  return {};
}

}  // namespace

std::size_t utf8_sequence_length(const char* p, const char* end) noexcept {
  const Lead lead = lead_of(static_cast<unsigned char>(*p));
  if (lead.length == 0 || end - p < static_cast<std::ptrdiff_t>(lead.length)) return 0;
  const unsigned second = static_cast<unsigned char>(p[1]);
  if (second < lead.second_min || second > lead.second_max) return 0;
  for (std::size_t i = 2; i < lead.length; ++i) {
    if ((static_cast<unsigned char>(p[i]) & 0xC0U) != 0x80U) return 0;
  }
  return lead.length;
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
  static constexpr std::array<unsigned char, 5> k_lead_mask{0, 0, 0x1F, 0x0F, 0x07};
  std::uint32_t value = lead & k_lead_mask[length];
  for (std::size_t i = 1; i < length; ++i) value = (value << 6U) | (static_cast<unsigned char>(s[pos + i]) & 0x3FU);
  return {value, length};
}

}  // namespace dac
