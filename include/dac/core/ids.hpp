#pragma once

#include <string>
#include <string_view>

namespace dac {

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
