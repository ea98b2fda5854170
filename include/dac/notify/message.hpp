#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dac/notify/due.hpp"

// The text of a reminder summary in each channel's format: Slack, Microsoft
// Teams (Workflows, Adaptive Card), our own JSON, and an RFC 5322 e-mail.
// Pure: the instant and the Message-ID come in as parameters.
namespace dac::notify {

// The webhook payload formats.
enum class WebhookFormat { Slack, Teams, Json };

// The name of a format, as on the command line: "slack", "teams" or "json".
[[nodiscard]] std::string_view to_string(WebhookFormat f) noexcept;

// The schema name in the JSON webhook payload.
inline constexpr std::string_view k_json_schema = "dac-notify/1";

// How many authorisations a chat message lists before "…and N more".
inline constexpr std::size_t k_chat_item_limit = 40;

// The `dac` command that fixes a due reminder: confirm, or restore.
[[nodiscard]] std::string fix_command(const Due& d);

// One line for the subject or a chat headline, ASCII only:
// "dac: 2 developer authorizations expire soon, 1 was suspended".
[[nodiscard]] std::string subject(const std::vector<Due>& items);

// The plain-text summary (LF line endings): every item with its expiry, days
// left, status and fix command.
[[nodiscard]] std::string plain_text(const std::vector<Due>& items, Instant now);

// The webhook body (JSON) in `format`.
[[nodiscard]] std::string webhook_payload(WebhookFormat format, const std::vector<Due>& items, Instant now);

// The header values of a reminder e-mail.
struct Envelope {
  std::string from;             // as given: "dac <dac@example.com>" or "dac@example.com"
  std::vector<std::string> to;  // as given
  std::string message_id;       // without angle brackets: "1a2b3c@example.com"
};

// The address part of "Name <a@b>" or "a@b"; a usage error names `what` when
// it is not a plausible address (or holds line breaks).
[[nodiscard]] std::string mail_address(std::string_view text, std::string_view what);

// RFC 5322 date: "Thu, 26 Nov 2026 12:00:00 +0000".
[[nodiscard]] std::string rfc5322_date(Instant t);

// `text` with every ASCII punctuation character backslash-escaped (CommonMark
// 0.30, section 2.4), so that a Markdown renderer (a Teams TextBlock) shows it
// as it is: no link, emphasis, list, heading or entity.
[[nodiscard]] std::string markdown_escape(std::string_view text);

// One header field, "Name: value" with its CRLF, folded at white space into
// lines of at most 78 characters where it can be. Non-ASCII text becomes
// RFC 2047 encoded-words (UTF-8, B encoding, each at most 75 characters).
[[nodiscard]] std::string unstructured_header(std::string_view name, std::string_view value);

// An address header ("From", "To") of mailboxes given as "Name <a@b>" or
// "a@b": a display name with non-ASCII becomes encoded-words, one with
// RFC 5322 specials (",", ".", quotes...) a quoted-string; folded like
// unstructured_header. A usage error names `what` for text that is not UTF-8.
[[nodiscard]] std::string address_header(std::string_view name, const std::vector<std::string>& mailboxes,
                                         std::string_view what);

// `text` (LF or CRLF line endings) as a quoted-printable body (RFC 2045
// section 6.7): CRLF line endings, lines of at most 76 characters.
[[nodiscard]] std::string quoted_printable(std::string_view text);

// The whole e-mail, RFC 5322 headers (RFC 2047 for non-ASCII) and a
// plain-text UTF-8 body in quoted-printable, CRLF line endings: 7-bit clean,
// so any SMTP server takes it without 8BITMIME.
[[nodiscard]] std::string email_message(const Envelope& envelope, const std::vector<Due>& items, Instant now);

}  // namespace dac::notify
