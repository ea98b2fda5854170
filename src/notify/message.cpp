#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "dac/core/error.hpp"
#include "dac/core/json_text.hpp"
#include "dac/core/plural.hpp"
#include "dac/core/utf8.hpp"
#include "dac/notify/message.hpp"

namespace dac::notify {

using nlohmann::ordered_json;

namespace {

// "2026-12-26 12:00 UTC"
std::string human_instant(Instant t) {
  std::string s = format_instant(t);  // 2026-12-26T12:00:00Z
  return s.substr(0, 10) + " " + s.substr(11, 5) + " UTC";
}

std::string milestone_note(const Due& d) {
  return d.status == Status::Suspended ? std::string{} : " (" + d.milestone + " reminder)";
}

// "expires 2026-12-26 12:00 UTC, in 30 days" or "suspended 2026-11-20 12:00 UTC, 6 days ago".
std::string when(const Due& d, Instant now) {
  return std::string(d.status == Status::Suspended ? "suspended " : "expires ") + human_instant(d.expires_at) + ", " +
         format_relative(d.expires_at, now);
}

std::string who(const Due& d) { return d.nickname + " (developer " + d.developer_id + ", seller " + d.seller_id + ")"; }

std::size_t count_status(const std::vector<Due>& items, Status s) {
  return static_cast<std::size_t>(
      std::count_if(items.begin(), items.end(), [s](const Due& d) { return d.status == s; }));
}

// "…and 12 more (2 expiring, 10 suspended): see them with …", for the items a chat message leaves out.
std::string more_line(const std::vector<Due>& items, std::size_t shown) {
  std::size_t expiring = 0;
  std::size_t suspended = 0;
  for (std::size_t i = shown; i < items.size(); ++i) ++(items[i].status == Status::Suspended ? suspended : expiring);
  std::string parts;
  if (expiring > 0) parts += std::to_string(expiring) + " expiring";
  if (expiring > 0 && suspended > 0) parts += ", ";
  if (suspended > 0) parts += std::to_string(suspended) + " suspended";
  return "…and " + std::to_string(items.size() - shown) + " more (" + parts +
         "): see them with `dac list --expiring 30d` and `dac list --expired`";
}

// A piece of Slack rich text: shown exactly as it is, styled by fields, never parsed.
ordered_json rich_text(std::string text, std::string_view style = {}) {
  ordered_json element = {{"type", "text"}, {"text", std::move(text)}};
  if (!style.empty()) element["style"] = {{std::string(style), true}};
  return element;
}

// Each item is a rich_text block: Slack documents it for user-defined text,
// and its text elements are displayed literally (no mrkdwn, no <links>, no
// &entities), so a nickname cannot turn into a link, a mention or emphasis.
std::string slack_payload(const std::vector<Due>& items, Instant now) {
  ordered_json blocks = ordered_json::array();
  blocks.push_back({{"type", "header"}, {"text", {{"type", "plain_text"}, {"text", subject(items)}}}});
  const std::size_t shown = std::min(items.size(), k_chat_item_limit);
  for (std::size_t i = 0; i < shown; ++i) {
    const Due& d = items[i];
    ordered_json elements = ordered_json::array();
    elements.push_back(rich_text(d.nickname, "bold"));
    elements.push_back(rich_text(" (developer "));
    elements.push_back(rich_text(d.developer_id, "code"));
    elements.push_back(rich_text(", seller "));
    elements.push_back(rich_text(d.seller_id, "code"));
    elements.push_back(rich_text(")\n" + when(d, now) + milestone_note(d) + "\n"));
    elements.push_back(rich_text(fix_command(d), "code"));
    blocks.push_back(
        {{"type", "rich_text"},
         {"elements", ordered_json::array({{{"type", "rich_text_section"}, {"elements", std::move(elements)}}})}});
  }
  if (items.size() > shown) {
    blocks.push_back({{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", more_line(items, shown)}}}});
  }
  blocks.push_back({{"type", "context"},
                    {"elements", ordered_json::array({{{"type", "mrkdwn"},
                                                       {"text", "Sent by dac notify at " + human_instant(now)}}})}});
  ordered_json j;
  // `text` is what notifications and clients without blocks show.
  j["text"] = subject(items);
  j["blocks"] = std::move(blocks);
  return j.dump();
}

ordered_json text_block(const std::string& text) { return {{"type", "TextBlock"}, {"text", text}, {"wrap", true}}; }

std::string teams_payload(const std::vector<Due>& items, Instant now) {
  ordered_json body = ordered_json::array();
  ordered_json title = text_block(subject(items));
  title["size"] = "Medium";
  title["weight"] = "Bolder";
  body.push_back(title);
  const std::size_t shown = std::min(items.size(), k_chat_item_limit);
  for (std::size_t i = 0; i < shown; ++i) {
    const Due& d = items[i];
    ordered_json command = text_block(fix_command(d));
    command["fontType"] = "Monospace";
    // TextBlock text is Markdown: the nickname is escaped so it shows as typed.
    ordered_json head =
        text_block(markdown_escape(d.nickname) + " (developer " + d.developer_id + ", seller " + d.seller_id + ")");
    head["weight"] = "Bolder";
    ordered_json container = {
        {"type", "Container"},
        {"separator", true},
        {"items", ordered_json::array({head, text_block(when(d, now) + milestone_note(d)), command})}};
    if (d.status == Status::Suspended) container["style"] = "attention";
    body.push_back(container);
  }
  if (items.size() > shown) body.push_back(text_block(more_line(items, shown)));
  ordered_json footer = text_block("Sent by dac notify at " + human_instant(now));
  footer["isSubtle"] = true;
  footer["size"] = "Small";
  body.push_back(footer);

  ordered_json card;
  card["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json";
  card["type"] = "AdaptiveCard";
  card["version"] = "1.4";
  card["body"] = std::move(body);
  ordered_json j;
  j["type"] = "message";
  j["attachments"] = ordered_json::array(
      {{{"contentType", "application/vnd.microsoft.card.adaptive"}, {"contentUrl", nullptr}, {"content", card}}});
  return j.dump();
}

std::string json_payload(const std::vector<Due>& items, Instant now) {
  ordered_json list = ordered_json::array();
  for (const Due& d : items) {
    ordered_json o;
    o["seller_id"] = d.seller_id;
    o["developer_id"] = d.developer_id;
    o["nickname"] = d.nickname;
    o["status"] = std::string(to_string(d.status));
    o["expires_at"] = format_instant(d.expires_at);
    o["days_left"] = d.days_left;
    o["milestone"] = d.milestone;
    o["command"] = fix_command(d);
    list.push_back(std::move(o));
  }
  ordered_json j;
  j["schema"] = k_json_schema;
  j["generated_at"] = format_instant(now);
  j["subject"] = subject(items);
  j["text"] = plain_text(items, now);
  j["reminders"] = std::move(list);
  return j.dump();
}

void refuse_line_breaks(std::string_view text, std::string_view what) {
  if (text.find_first_of("\r\n") != std::string_view::npos)
    throw_usage(std::string(what) + " must not contain line breaks");
}

// The longest line of a header field we aim for (RFC 5322 2.1.1), CRLF excluded.
constexpr std::size_t k_header_line = 78;
// UTF-8 bytes per encoded-word: "=?UTF-8?B?" + 60 base64 characters + "?=" is 72, under 75.
constexpr std::size_t k_encoded_word_bytes = 45;

bool plain_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
}

std::string base64(std::string_view bytes) {
  static constexpr std::string_view k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 3; ++k) {
      v = (v << 8U) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0U);
    }
    for (std::size_t k = 0; k < 4; ++k) {
      out += k <= n ? k_alphabet[(v >> (18 - 6 * k)) & 0x3FU] : '=';
    }
  }
  return out;
}

// RFC 2047 encoded-words for `text` (valid UTF-8), each whole code points.
std::vector<std::string> encoded_words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = start;
    while (end < text.size()) {
      std::size_t len = 1;
      if (static_cast<unsigned char>(text[end]) >= 0x80)
        len = utf8_sequence_length(&text[end], text.data() + text.size());
      if (len == 0) len = 1;  // not reached: the text was checked
      if (end + len - start > k_encoded_word_bytes) break;
      end += len;
    }
    words.push_back("=?UTF-8?B?" + base64(text.substr(start, end - start)) + "?=");
    start = end;
  }
  return words;
}

// Words split at single spaces (the spaces folding may turn into CRLF SP).
std::vector<std::string> split_spaces(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto sp = text.find(' ', start);
    out.emplace_back(text.substr(start, sp == std::string_view::npos ? std::string_view::npos : sp - start));
    if (sp == std::string_view::npos) break;
    start = sp + 1;
  }
  return out;
}

// "Name: tok tok tok\r\n", folded before a token that would pass the line length.
std::string fold(std::string_view name, const std::vector<std::string>& tokens) {
  std::string out(name);
  out += ":";
  std::size_t line = out.size();
  bool first = true;
  for (const std::string& t : tokens) {
    if (!first && line + 1 + t.size() > k_header_line) {
      out += "\r\n";
      line = 0;
    }
    out += " " + t;
    line += 1 + t.size();
    first = false;
  }
  return out + "\r\n";
}

// RFC 5322 specials: a display name holding one is not a run of atoms.
constexpr const char* k_specials = "()<>[]:;@\\,.\"";

// A display name with non-ASCII as words of a phrase: plain words stay atoms,
// each run of the others becomes encoded-words. Readable, and decoded alike
// by RFC 2047 parsers (which drop the white space between two encoded-words)
// and by Python's email (which keeps it in a phrase): the two only meet where
// a run is longer than one encoded-word.
std::vector<std::string> phrase_words(std::string_view display) {
  const std::vector<std::string> words = split_spaces(display);
  const auto atom = [](const std::string& w) {
    return !w.empty() && plain_ascii(w) && w.find_first_of(k_specials) == std::string::npos &&
           w.find("=?") == std::string::npos;
  };
  if (std::any_of(words.begin(), words.end(), [](const std::string& w) { return w.empty(); })) {
    return encoded_words(display);  // runs of spaces: kept, inside the encoding
  }
  std::vector<std::string> out;
  std::string run;
  const auto flush = [&] {
    if (run.empty()) return;
    for (std::string& w : encoded_words(run)) out.push_back(std::move(w));
    run.clear();
  };
  for (const std::string& w : words) {
    if (atom(w)) {
      flush();
      out.push_back(w);
    } else {
      run += (run.empty() ? "" : " ") + w;
    }
  }
  flush();
  return out;
}

void require_utf8(std::string_view text, std::string_view what) {
  if (!valid_utf8(text)) throw_usage(std::string(what) + " holds text that is not UTF-8");
}

// The display name of a mailbox ("Name <a@b>"), blanks trimmed and a
// quoted-string given as one unquoted; empty when there is none.
std::string display_name(std::string_view mailbox, std::size_t open) {
  std::string_view name = mailbox.substr(0, open);
  while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
  if (name.size() < 2 || name.front() != '"' || name.back() != '"') return std::string(name);
  // Given as a quoted-string already: its text.
  std::string display;
  for (std::size_t i = 1; i + 1 < name.size(); ++i) {
    if (name[i] == '\\' && i + 2 < name.size()) ++i;
    display += name[i];
  }
  return display;
}

// `text` as one RFC 5322 quoted-string.
std::string quoted_string(std::string_view text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '\\' || c == '"') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

// The tokens of a display name: encoded-words for non-ASCII, a quoted-string
// for one with specials, else its words.
std::vector<std::string> display_tokens(const std::string& display) {
  if (!plain_ascii(display)) return phrase_words(display);
  if (display.find_first_of(k_specials) != std::string::npos || display.find("=?") != std::string::npos)
    return {quoted_string(display)};
  std::vector<std::string> tokens;
  for (std::string& w : split_spaces(display)) {
    if (!w.empty()) tokens.push_back(std::move(w));
  }
  return tokens;
}

// The tokens of one mailbox: its display name (atoms, a quoted-string or
// encoded-words) and "<address>", or the bare address.
std::vector<std::string> mailbox_tokens(std::string_view mailbox, std::string_view what) {
  const std::string addr = mail_address(mailbox, what);
  const auto open = mailbox.rfind('<');
  if (open == std::string_view::npos) return {addr};
  const std::string display = display_name(mailbox, open);
  if (display.empty()) return {addr};
  require_utf8(display, what);
  std::vector<std::string> tokens = display_tokens(display);
  tokens.push_back("<" + addr + ">");
  return tokens;
}

}  // namespace

std::string_view to_string(WebhookFormat f) noexcept {
  switch (f) {
    case WebhookFormat::Slack:
      return "slack";
    case WebhookFormat::Teams:
      return "teams";
    case WebhookFormat::Json:
      return "json";
  }
  return "?";
}

std::string fix_command(const Due& d) {
  return std::string(d.status == Status::Suspended ? "dac restore " : "dac confirm ") + d.developer_id + " --seller " +
         d.seller_id;
}

std::string subject(const std::vector<Due>& items) {
  const std::size_t expiring = count_status(items, Status::Active);
  const std::size_t suspended = count_status(items, Status::Suspended);
  std::string s = "dac: ";
  if (expiring > 0)
    s += plural(static_cast<std::int64_t>(expiring), "developer authorization expires soon",
                "developer authorizations expire soon");
  if (expiring > 0 && suspended > 0)
    s += ", " + std::to_string(suspended) + (suspended == 1 ? " was" : " were") + " suspended";
  if (expiring == 0)
    s += plural(static_cast<std::int64_t>(suspended), "developer authorization was suspended",
                "developer authorizations were suspended");
  return s;
}

std::string plain_text(const std::vector<Due>& items, Instant now) {
  std::string out = "Developer Access Confirmation: " +
                    plural(static_cast<std::int64_t>(items.size()), "authorization needs", "authorizations need") +
                    " attention (as of " + human_instant(now) + ").\n";
  const auto section = [&](Status status, std::string_view heading) {
    bool first = true;
    for (const Due& d : items) {
      if (d.status != status) continue;
      if (first) out += "\n" + std::string(heading) + "\n";
      first = false;
      out += "- " + who(d) + "\n";
      out += "  " + when(d, now) + milestone_note(d) + "\n";
      out += "  fix: " + fix_command(d) + "\n";
    }
  };
  // What can still be saved first, as in the chat messages.
  section(Status::Active, "Expiring soon: confirm them to keep access for another 12 months.");
  section(Status::Suspended, "Suspended: restore them if the developer still needs access.");
  out += "\nSent by dac notify.\n";
  return out;
}

std::string webhook_payload(WebhookFormat format, const std::vector<Due>& items, Instant now) {
  switch (format) {
    case WebhookFormat::Slack:
      return slack_payload(items, now);
    case WebhookFormat::Teams:
      return teams_payload(items, now);
    case WebhookFormat::Json:
      return json_payload(items, now);
  }
  return {};
}

std::string mail_address(std::string_view text, std::string_view what) {
  refuse_line_breaks(text, what);
  std::string_view addr = text;
  const auto open = text.rfind('<');
  if (open != std::string_view::npos) {
    const auto close = text.find('>', open);
    if (close == std::string_view::npos || close != text.size() - 1) {
      throw_usage(std::string(what) + " '" + std::string(text) + "' is not an e-mail address",
                  "use name@example.com or \"Name <name@example.com>\"");
    }
    addr = text.substr(open + 1, close - open - 1);
  }
  const auto at = addr.find('@');
  const bool plausible = at != std::string_view::npos && at > 0 && at + 1 < addr.size() &&
                         addr.find('@', at + 1) == std::string_view::npos &&
                         addr.find_first_of(" \t<>,;\"()[]\\") == std::string_view::npos;
  if (!plausible) {
    throw_usage(std::string(what) + " '" + std::string(text) + "' is not an e-mail address",
                "use name@example.com or \"Name <name@example.com>\"");
  }
  return std::string(addr);
}

std::string rfc5322_date(Instant t) {
  static constexpr std::array<const char*, 7> k_days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> k_months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::weekday wd{day};
  const std::string iso = format_instant(t);  // 2026-11-26T12:00:00Z
  return std::string(k_days[wd.c_encoding()]) + ", " + std::to_string(static_cast<unsigned>(ymd.day())) + " " +
         k_months[static_cast<unsigned>(ymd.month()) - 1] + " " + iso.substr(0, 4) + " " + iso.substr(11, 8) + " +0000";
}

std::string markdown_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  for (char c : text) {
    if (c >= 0x21 && c <= 0x7E && std::isalnum(static_cast<unsigned char>(c)) == 0) out += '\\';
    out += c;
  }
  return out;
}

std::string unstructured_header(std::string_view name, std::string_view value) {
  require_utf8(value, name);
  return fold(name, plain_ascii(value) ? split_spaces(value) : encoded_words(value));
}

std::string address_header(std::string_view name, const std::vector<std::string>& mailboxes, std::string_view what) {
  std::vector<std::string> tokens;
  for (std::size_t i = 0; i < mailboxes.size(); ++i) {
    refuse_line_breaks(mailboxes[i], what);
    std::vector<std::string> mine = mailbox_tokens(mailboxes[i], what);
    if (i + 1 < mailboxes.size()) mine.back() += ",";
    tokens.insert(tokens.end(), std::make_move_iterator(mine.begin()), std::make_move_iterator(mine.end()));
  }
  return fold(name, tokens);
}

namespace {

// One byte of a quoted-printable line: itself, or "=XX". Blanks are
// themselves except at the end of a line, where they would be lost.
std::string qp_piece(unsigned char c, bool at_end) {
  static constexpr std::string_view k_hex = "0123456789ABCDEF";
  const bool blank = c == ' ' || c == '\t';
  const bool printable = c >= 33 && c <= 126 && c != '=';
  if ((blank && !at_end) || printable) return {static_cast<char>(c)};
  return {'=', k_hex[c >> 4U], k_hex[c & 0xFU]};
}

// One line (without its line break) quoted-printable, with soft line breaks.
void qp_line(std::string_view line, std::string& out) {
  std::size_t column = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const bool at_end = i + 1 == line.size();
    const std::string piece = qp_piece(static_cast<unsigned char>(line[i]), at_end);
    // A soft line break ("=" at the end) keeps every line within 76 characters.
    if (column + piece.size() > (at_end ? 76U : 75U)) {
      out += "=\r\n";
      column = 0;
    }
    out += piece;
    column += piece.size();
  }
}

}  // namespace

std::string quoted_printable(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    const bool last_line = end == std::string_view::npos;
    if (last_line) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    qp_line(line, out);
    if (last_line) {
      if (!line.empty()) out += "\r\n";  // text without a final line break
      break;
    }
    out += "\r\n";
    start = end + 1;
  }
  return out;
}

std::string email_message(const Envelope& envelope, const std::vector<Due>& items, Instant now) {
  std::string m;
  m += "Date: " + rfc5322_date(now) + "\r\n";
  m += address_header("From", {envelope.from}, "--from");
  m += address_header("To", envelope.to, "--to");
  m += unstructured_header("Subject", subject(items));
  m += "Message-ID: <" + envelope.message_id + ">\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=utf-8\r\n";
  m += "Content-Transfer-Encoding: quoted-printable\r\n";
  m += "Auto-Submitted: auto-generated\r\n";
  m += "\r\n";
  m += quoted_printable(plain_text(items, now));
  return m;
}

}  // namespace dac::notify
