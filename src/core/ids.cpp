#include "dac/core/ids.hpp"

#include <utf8proc.h>

#include <cstdint>
#include <cstdio>

#include "dac/core/error.hpp"

namespace dac {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Decodes one UTF-8 code point at `pos`; returns false on invalid encoding.
bool decode_utf8(std::string_view s, std::size_t& pos, std::uint32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  std::size_t len = 0;
  if (b0 < 0x80) {
    cp = b0;
    len = 1;
  } else if ((b0 & 0xE0) == 0xC0) {
    cp = b0 & 0x1Fu;
    len = 2;
  } else if ((b0 & 0xF0) == 0xE0) {
    cp = b0 & 0x0Fu;
    len = 3;
  } else if ((b0 & 0xF8) == 0xF0) {
    cp = b0 & 0x07u;
    len = 4;
  } else {
    return false;
  }
  if (pos + len > s.size()) return false;
  for (std::size_t i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[pos + i]);
    if ((b & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  // Overlong forms, surrogates and values beyond U+10FFFF are invalid.
  static constexpr std::uint32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
  pos += len;
  return true;
}

}  // namespace

std::string parse_developer_id(std::string_view text) {
  std::string digits;
  bool ok = !text.empty() && is_digit(text.front()) && is_digit(text.back());
  for (std::size_t i = 0; ok && i < text.size(); ++i) {
    const char c = text[i];
    if (is_digit(c)) {
      digits += c;
    } else if ((c == '-' || c == ' ') && is_digit(text[i - 1])) {
      // a separator between digit groups; doubled separators are refused
    } else {
      ok = false;
    }
  }
  if (!ok || digits.size() != 12) {
    throw_usage("invalid developer ID '" + std::string(text) + "': expected 12 digits",
                "write it as 123456789012 or 1234-5678-9012");
  }
  return digits;
}

bool looks_like_developer_id(std::string_view text) noexcept {
  try {
    (void)parse_developer_id(text);
    return true;
  } catch (const Error&) {
    return false;
  }
}

std::string parse_seller_id(std::string_view text) {
  bool ok = text.size() >= 10 && text.size() <= 20;
  for (const char c : text) ok = ok && (is_digit(c) || (c >= 'A' && c <= 'Z'));
  if (!ok) {
    throw_usage("invalid seller ID '" + std::string(text) + "': expected 10 to 20 upper-case letters and digits",
                "e.g. A1B2C3D4E5F6G7");
  }
  return std::string(text);
}

std::string parse_text(std::string_view text, std::string_view what, std::size_t max_chars) {
  const std::string name(what);
  std::size_t pos = 0;
  std::size_t count = 0;
  while (pos < text.size()) {
    std::uint32_t cp = 0;
    if (!decode_utf8(text, pos, cp)) throw_usage("invalid " + name + ": not valid UTF-8");
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
      throw_usage("invalid " + name + ": control characters are not allowed");
    }
    ++count;
  }
  if (count == 0) throw_usage("invalid " + name + ": must not be empty");
  if (count > max_chars) {
    throw_usage("invalid " + name + ": " + std::to_string(count) + " characters, at most " + std::to_string(max_chars) +
                " allowed");
  }
  return std::string(text);
}

std::string parse_stored_nickname(std::string_view text) { return parse_text(text, "nickname", 64); }

namespace {

// "U+202E" for a code point.
std::string code_point_name(std::uint32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

// Unicode White_Space: the space separators (Zs), the line and paragraph
// separators (Zl, Zp), and the controls TAB..CR and NEL (already refused).
bool is_white_space(std::uint32_t cp) {
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
      return true;
    default:
      return (cp >= 0x09 && cp <= 0x0D) || cp == 0x85;
  }
}

}  // namespace

std::string parse_nickname(std::string_view text) {
  (void)parse_text(text, "nickname", 64);  // valid UTF-8, no control characters, 1 to 64 code points
  std::size_t pos = 0;
  std::size_t index = 0;
  bool blank = true;
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  while (pos < text.size()) {
    std::uint32_t cp = 0;
    (void)decode_utf8(text, pos, cp);  // checked above
    ++index;
    if (utf8proc_category(static_cast<utf8proc_int32_t>(cp)) == UTF8PROC_CATEGORY_CF) {
      // Never echo the name: the character may reorder or hide what a terminal shows.
      throw_usage("invalid nickname: character " + std::to_string(index) + " is " + code_point_name(cp) +
                      ", an invisible format character (such as a bidi override or a zero-width space)",
                  "type the name again without it");
    }
    if (index == 1) first = cp;
    last = cp;
    blank = blank && is_white_space(cp);
  }
  if (blank)
    throw_usage("invalid nickname: it is blank", "give the developer's name, e.g. --nickname \"Khaos Control\"");
  if (is_white_space(first) || is_white_space(last)) {
    throw_usage("invalid nickname: it " + std::string(is_white_space(first) ? "starts" : "ends") +
                    " with white space (" + code_point_name(is_white_space(first) ? first : last) + ")",
                "remove the leading and trailing spaces");
  }
  if (looks_like_developer_id(text)) {
    throw_usage("invalid nickname '" + std::string(text) +
                    "': it has the shape of a developer ID, and a TARGET of that shape is looked up as an ID",
                "choose a name with letters in it, e.g. 'Repricer " + std::string(text) + "'");
  }
  return std::string(text);
}

std::string parse_token(std::string_view text) {
  static constexpr std::string_view prefix = "amzn.mws.";
  // Never echo the value: it is a secret, and a near-miss is still one.
  const auto fail = [] {
    throw_usage("invalid MWS auth token: expected amzn.mws. followed by a UUID",
                "a UUID is 8-4-4-4-12 hex digits, e.g. amzn.mws.4ea38b7b-f563-7709-4bae-87aeaf1e4567");
  };
  if (text.size() != prefix.size() + 36 || text.substr(0, prefix.size()) != prefix) fail();
  std::string out(prefix);
  for (std::size_t i = 0; i < 36; ++i) {
    const char c = text[prefix.size() + i];
    const bool dash_here = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_here ? c != '-' : !is_hex(c)) fail();
    out += to_lower(c);
  }
  return out;
}

std::string mask_token(std::string_view token) {
  static constexpr std::size_t prefix = 9;  // "amzn.mws."
  if (token.size() < prefix + 8) return "amzn.mws.…";
  return std::string(token.substr(0, prefix + 4)) + "…" + std::string(token.substr(token.size() - 4));
}

namespace {

// Simple case folding of one code point: ASCII, Latin-1, Latin Extended-A,
// Greek and Cyrillic capitals to their small letters; others unchanged.
std::uint32_t fold_case(std::uint32_t cp) noexcept {
  if (cp >= 'A' && cp <= 'Z') return cp + 0x20;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;
  if (cp >= 0x100 && cp <= 0x137 && cp % 2 == 0) return cp + 1;
  if (cp >= 0x139 && cp <= 0x148 && cp % 2 == 1) return cp + 1;
  if (cp >= 0x14A && cp <= 0x177 && cp % 2 == 0) return cp + 1;
  if (cp == 0x178) return 0xFF;
  if ((cp == 0x179 || cp == 0x17B || cp == 0x17D)) return cp + 1;
  if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 0x20;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
  return cp;
}

}  // namespace

bool nickname_equals(std::string_view a, std::string_view b) noexcept {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    std::uint32_t ca = 0;
    std::uint32_t cb = 0;
    // Stored nicknames are valid UTF-8; a target that is not simply differs.
    if (!decode_utf8(a, i, ca) || !decode_utf8(b, j, cb)) return a == b;
    if (fold_case(ca) != fold_case(cb)) return false;
  }
  return i == a.size() && j == b.size();
}

}  // namespace dac
