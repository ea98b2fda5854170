#include "dac/core/ids.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>

#include "dac/core/error.hpp"
#include "dac/core/utf8.hpp"

namespace dac {

namespace {

constexpr std::size_t k_nickname_max = 64;
constexpr std::string_view k_token_prefix = "amzn.mws.";

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_hex(char c) noexcept { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
char to_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

IdError problem(IdProblem p) noexcept { return IdError{p, 0, 0, 0}; }

// "U+202E" for a code point.
std::string code_point_name(std::uint32_t cp) {
  std::array<char, 16> buf{};
  (void)std::snprintf(buf.data(), buf.size(), "U+%04X", static_cast<unsigned>(cp));
  return buf.data();
}

// Unicode White_Space: the space separators (Zs), the line and paragraph
// separators (Zl, Zp), and the controls TAB..CR and NEL (already refused).
bool is_white_space(std::uint32_t cp) noexcept {
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
      return true;
    default:
      return (cp >= 0x09 && cp <= 0x0D) || cp == 0x85;
  }
}

bool is_format_character(std::uint32_t cp) noexcept {
  return utf8proc_category(static_cast<utf8proc_int32_t>(cp)) == UTF8PROC_CATEGORY_CF;
}

// The rules of a new nickname beyond check_text, over its code points: no
// format character (the first is named), not blank, no white space at either end.
Parsed<std::string_view, IdError> check_nickname_characters(std::string_view text) noexcept {
  std::size_t index = 0;
  bool blank = true;
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const Utf8CodePoint cp = decode_utf8(text, pos);  // valid: checked by check_text
    pos += cp.length;
    ++index;
    if (is_format_character(cp.value)) return IdError{IdProblem::FormatCharacter, index, 0, cp.value};
    if (index == 1) first = cp.value;
    last = cp.value;
    blank = blank && is_white_space(cp.value);
  }
  if (blank) return problem(IdProblem::Blank);
  if (is_white_space(first)) return IdError{IdProblem::LeadingSpace, 0, 0, first};
  if (is_white_space(last)) return IdError{IdProblem::TrailingSpace, 0, 0, last};
  return text;
}

}  // namespace

Parsed<DeveloperIdDigits, IdError> check_developer_id(std::string_view text) noexcept {
  DeveloperIdDigits digits{};
  std::size_t n = 0;
  if (text.empty() || !is_digit(text.front()) || !is_digit(text.back())) return problem(IdProblem::DeveloperIdShape);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (is_digit(c)) {
      if (n == digits.size()) return problem(IdProblem::DeveloperIdShape);
      digits[n++] = c;
    } else if ((c != '-' && c != ' ') || !is_digit(text[i - 1])) {
      // a separator between digit groups is fine; doubled separators are refused
      return problem(IdProblem::DeveloperIdShape);
    }
  }
  if (n != digits.size()) return problem(IdProblem::DeveloperIdShape);
  return digits;
}

bool is_stored_developer_id(std::string_view text) noexcept {
  return text.size() == DeveloperIdDigits{}.size() && std::all_of(text.begin(), text.end(), is_digit);
}

Parsed<std::string_view, IdError> check_seller_id(std::string_view text) noexcept {
  if (text.size() < 10 || text.size() > 20) return problem(IdProblem::SellerIdShape);
  for (const char c : text) {
    if (!is_digit(c) && !(c >= 'A' && c <= 'Z')) return problem(IdProblem::SellerIdShape);
  }
  return text;
}

Parsed<std::string_view, IdError> check_text(std::string_view text, std::size_t max_chars) noexcept {
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < text.size(); ++count) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte >= 0x20 && byte < 0x7F) {  // printable ASCII, the common case
      ++pos;
      continue;
    }
    const Utf8CodePoint cp = decode_utf8(text, pos);
    if (cp.length == 0) return problem(IdProblem::NotUtf8);
    if (cp.value < 0x20 || cp.value == 0x7F || (cp.value >= 0x80 && cp.value < 0xA0)) {
      return problem(IdProblem::ControlCharacter);
    }
    pos += cp.length;
  }
  if (count == 0) return problem(IdProblem::Empty);
  if (count > max_chars) return IdError{IdProblem::TooLong, count, max_chars, 0};
  return text;
}

Parsed<std::string_view, IdError> check_stored_nickname(std::string_view text) noexcept {
  return check_text(text, k_nickname_max);
}

Parsed<std::string_view, IdError> check_nickname(std::string_view text) noexcept {
  if (auto stored = check_stored_nickname(text); !stored) return stored;
  if (auto characters = check_nickname_characters(text); !characters) return characters;
  if (looks_like_developer_id(text)) return problem(IdProblem::DeveloperIdLike);
  return text;
}

Parsed<TokenText, IdError> check_token(std::string_view text) noexcept {
  TokenText out{};
  if (text.size() != out.size() || text.substr(0, k_token_prefix.size()) != k_token_prefix) {
    return problem(IdProblem::TokenShape);
  }
  const std::string_view uuid = text.substr(k_token_prefix.size());
  auto* next = std::copy(k_token_prefix.begin(), k_token_prefix.end(), out.begin());
  for (std::size_t i = 0; i < uuid.size(); ++i) {
    const char c = uuid[i];
    const bool dash_here = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_here ? c != '-' : !is_hex(c)) return problem(IdProblem::TokenShape);
    *next++ = to_lower(c);
  }
  return out;
}

std::string id_error_message(const IdError& error, std::string_view text, std::string_view what) {
  const std::string name(what);
  switch (error.problem) {
    case IdProblem::DeveloperIdShape:
      return "invalid developer ID '" + std::string(text) + "': expected 12 digits";
    case IdProblem::SellerIdShape:
      return "invalid seller ID '" + std::string(text) + "': expected 10 to 20 upper-case letters and digits";
    case IdProblem::TokenShape:
      // Never echo the value: it is a secret, and a near-miss is still one.
      return "invalid MWS auth token: expected amzn.mws. followed by a UUID";
    case IdProblem::NotUtf8:
      return "invalid " + name + ": not valid UTF-8";
    case IdProblem::ControlCharacter:
      return "invalid " + name + ": control characters are not allowed";
    case IdProblem::Empty:
      return "invalid " + name + ": must not be empty";
    case IdProblem::TooLong:
      return "invalid " + name + ": " + std::to_string(error.count) + " characters, at most " +
             std::to_string(error.max) + " allowed";
    case IdProblem::FormatCharacter:
      // Never echo the name: the character may reorder or hide what a terminal shows.
      return "invalid nickname: character " + std::to_string(error.count) + " is " + code_point_name(error.code_point) +
             ", an invisible format character (such as a bidi override or a zero-width space)";
    case IdProblem::Blank:
      return "invalid nickname: it is blank";
    case IdProblem::LeadingSpace:
    case IdProblem::TrailingSpace:
      return "invalid nickname: it " + std::string(error.problem == IdProblem::LeadingSpace ? "starts" : "ends") +
             " with white space (" + code_point_name(error.code_point) + ")";
    case IdProblem::DeveloperIdLike:
      return "invalid nickname '" + std::string(text) +
             "': it has the shape of a developer ID, and a TARGET of that shape is looked up as an ID";
  }
  return "invalid " + name;
}

std::string id_error_hint(const IdError& error, std::string_view text) {
  switch (error.problem) {
    case IdProblem::DeveloperIdShape:
      return "write it as 123456789012 or 1234-5678-9012";
    case IdProblem::SellerIdShape:
      return "e.g. A1B2C3D4E5F6G7";
    case IdProblem::TokenShape:
      return "a UUID is 8-4-4-4-12 hex digits, e.g. amzn.mws.4ea38b7b-f563-7709-4bae-87aeaf1e4567";
    case IdProblem::FormatCharacter:
      return "type the name again without it";
    case IdProblem::Blank:
      return "give the developer's name, e.g. --nickname \"Khaos Control\"";
    case IdProblem::LeadingSpace:
    case IdProblem::TrailingSpace:
      return "remove the leading and trailing spaces";
    case IdProblem::DeveloperIdLike:
      return "choose a name with letters in it, e.g. 'Repricer " + std::string(text) + "'";
    default:
      return {};
  }
}

namespace {

// The value of a check, or its error thrown as a usage error.
template <typename T>
const T& value_or_throw(const Parsed<T, IdError>& parsed, std::string_view text, std::string_view what = "nickname") {
  if (!parsed) throw_usage(id_error_message(parsed.error(), text, what), id_error_hint(parsed.error(), text));
  return parsed.value();
}

}  // namespace

std::string parse_developer_id(std::string_view text) {
  return as_string(value_or_throw(check_developer_id(text), text));
}

bool looks_like_developer_id(std::string_view text) noexcept { return check_developer_id(text).ok(); }

std::string parse_seller_id(std::string_view text) { return std::string(value_or_throw(check_seller_id(text), text)); }

std::string parse_text(std::string_view text, std::string_view what, std::size_t max_chars) {
  return std::string(value_or_throw(check_text(text, max_chars), text, what));
}

std::string parse_stored_nickname(std::string_view text) {
  return std::string(value_or_throw(check_stored_nickname(text), text));
}

std::string parse_nickname(std::string_view text) { return std::string(value_or_throw(check_nickname(text), text)); }

std::string parse_token(std::string_view text) { return as_string(value_or_throw(check_token(text), text)); }

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
    const Utf8CodePoint ca = decode_utf8(a, i);
    const Utf8CodePoint cb = decode_utf8(b, j);
    // Stored nicknames are valid UTF-8; a target that is not simply differs.
    if (ca.length == 0 || cb.length == 0) return a == b;
    if (fold_case(ca.value) != fold_case(cb.value)) return false;
    i += ca.length;
    j += cb.length;
  }
  return i == a.size() && j == b.size();
}

}  // namespace dac
