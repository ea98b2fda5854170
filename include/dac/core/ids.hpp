#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dac/core/parsed.hpp"

// The identifiers and texts dac stores, each rule written once: a noexcept
// check_* function gives the value or a precise IdError (see parsed.hpp), and
// the throwing parse_* function the CLI calls is built on it, turning the
// error into a usage error whose message id_error_message writes.
namespace dac {

// What is wrong with an ID, a token or a text.
enum class IdProblem : std::uint8_t {
  DeveloperIdShape,  // not 12 digits (optionally grouped)
  SellerIdShape,     // not 10–20 upper-case letters and digits
  TokenShape,        // not amzn.mws.<uuid>
  NotUtf8,           // a text that is not valid UTF-8
  ControlCharacter,  // a text with a control character (Cc)
  Empty,             // an empty text
  TooLong,           // a text of more code points than allowed
  FormatCharacter,   // a nickname with an invisible format character (Cf)
  Blank,             // a nickname of white space only
  LeadingSpace,      // a nickname that starts with white space
  TrailingSpace,     // a nickname that ends with white space
  DeveloperIdLike,   // a nickname that has the shape of a developer ID
};

// An IdProblem and the numbers its message names.
struct IdError {
  IdProblem problem = IdProblem::NotUtf8;
  std::size_t count = 0;         // TooLong: the code points; FormatCharacter: which one, from 1
  std::size_t max = 0;           // TooLong: the most allowed
  std::uint32_t code_point = 0;  // FormatCharacter, LeadingSpace, TrailingSpace: the character
};

// A developer ID as stored: 12 digits, no separators.
using DeveloperIdDigits = std::array<char, 12>;

// An MWS auth token as stored: amzn.mws.<uuid>, lower-case.
using TokenText = std::array<char, 45>;

// The characters of a fixed-size ID as a string.
template <std::size_t N>
[[nodiscard]] std::string as_string(const std::array<char, N>& id) {
  return {id.data(), N};
}

// Normalises a developer ID: 12 digits, optionally grouped with '-' or ' '.
[[nodiscard]] Parsed<DeveloperIdDigits, IdError> check_developer_id(std::string_view text) noexcept;

// Whether `text` is a developer ID as a store holds it: exactly 12 digits.
[[nodiscard]] bool is_stored_developer_id(std::string_view text) noexcept;

// Checks a seller ID: 10–20 upper-case letters and digits.
[[nodiscard]] Parsed<std::string_view, IdError> check_seller_id(std::string_view text) noexcept;

// Checks free text (an actor, a reason, a name): valid UTF-8, no control
// characters, 1 to `max_chars` code points.
[[nodiscard]] Parsed<std::string_view, IdError> check_text(std::string_view text, std::size_t max_chars) noexcept;

// Checks a nickname read from a store: check_text with at most 64 code points
// (the rule a store was written under; see parse_stored_nickname).
[[nodiscard]] Parsed<std::string_view, IdError> check_stored_nickname(std::string_view text) noexcept;

// Checks a new nickname: the rule of parse_nickname.
[[nodiscard]] Parsed<std::string_view, IdError> check_nickname(std::string_view text) noexcept;

// Normalises an MWS auth token: amzn.mws.<uuid>, lower-case.
[[nodiscard]] Parsed<TokenText, IdError> check_token(std::string_view text) noexcept;

// The message of the usage error for `error` about `text` (never echoed where
// it may be a secret or hide characters); `what` names a free text ("--actor").
[[nodiscard]] std::string id_error_message(const IdError& error, std::string_view text,
                                           std::string_view what = "nickname");

// The hint that goes with id_error_message, or "" when there is none.
[[nodiscard]] std::string id_error_hint(const IdError& error, std::string_view text);

// Normalises a developer ID: 12 digits, optionally grouped with '-' or ' '.
[[nodiscard]] std::string parse_developer_id(std::string_view text);

// True when `text` has the shape of a developer ID (so a target is an ID, not a nickname).
[[nodiscard]] bool looks_like_developer_id(std::string_view text) noexcept;

// Checks a seller ID: 10–20 upper-case letters and digits.
[[nodiscard]] std::string parse_seller_id(std::string_view text);

// Checks a new nickname (SPEC §1): 1–64 code points of valid UTF-8, no control
// or format characters (Cc, Cf), not blank, no leading or trailing white
// space, not the shape of a developer ID.
[[nodiscard]] std::string parse_nickname(std::string_view text);

// Checks a nickname read from a store: the rule a store was written under
// (valid UTF-8, no control characters, 1–64 code points), so that data
// accepted before the stricter rule of parse_nickname still loads.
[[nodiscard]] std::string parse_stored_nickname(std::string_view text);

// Checks free text given by a user (an actor or a reason): valid UTF-8, no
// control characters, 1 to `max_chars` code points. `what` names it in errors.
[[nodiscard]] std::string parse_text(std::string_view text, std::string_view what, std::size_t max_chars);

// Normalises an MWS auth token: amzn.mws.<uuid>, stored lower-case.
[[nodiscard]] std::string parse_token(std::string_view text);

// The token as shown everywhere but `credentials`: amzn.mws.4ea3…4567.
[[nodiscard]] std::string mask_token(std::string_view token);

// Case-insensitive comparison of nicknames: Latin, Greek and Cyrillic letters
// fold to small letters (simple case folding); other characters compare exactly.
[[nodiscard]] bool nickname_equals(std::string_view a, std::string_view b) noexcept;

}  // namespace dac
