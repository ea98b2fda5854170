#include <algorithm>
#include <array>
#include <chrono>
#include <nlohmann/json.hpp>

#include "dac/error.hpp"
#include "dac/notify_message.hpp"

namespace dac::notify {

using nlohmann::ordered_json;

namespace {

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

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

// Slack mrkdwn treats &, < and > as control characters.
std::string slack_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

std::string more_line(std::size_t more) {
  return "…and " + std::to_string(more) + " more: see them with `dac list --expiring 30d` and `dac list --expired`";
}

std::string slack_payload(const std::vector<Due>& items, Instant now) {
  ordered_json blocks = ordered_json::array();
  blocks.push_back({{"type", "header"}, {"text", {{"type", "plain_text"}, {"text", subject(items)}}}});
  const std::size_t shown = std::min(items.size(), k_chat_item_limit);
  for (std::size_t i = 0; i < shown; ++i) {
    const Due& d = items[i];
    const std::string text = "*" + slack_escape(d.nickname) + "* (developer `" + d.developer_id + "`, seller `" +
                             d.seller_id + "`)\n" + slack_escape(when(d, now)) + slack_escape(milestone_note(d)) +
                             "\n`" + fix_command(d) + "`";
    blocks.push_back({{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", text}}}});
  }
  if (items.size() > shown) {
    blocks.push_back({{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", more_line(items.size() - shown)}}}});
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
    ordered_json head = text_block(d.nickname + " (developer " + d.developer_id + ", seller " + d.seller_id + ")");
    head["weight"] = "Bolder";
    ordered_json container = {
        {"type", "Container"},
        {"separator", true},
        {"items", ordered_json::array({head, text_block(when(d, now) + milestone_note(d)), command})}};
    if (d.status == Status::Suspended) container["style"] = "attention";
    body.push_back(container);
  }
  if (items.size() > shown) body.push_back(text_block(more_line(items.size() - shown)));
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
    s += plural(expiring, "developer authorization expires soon", "developer authorizations expire soon");
  if (expiring > 0 && suspended > 0)
    s += ", " + std::to_string(suspended) + (suspended == 1 ? " was" : " were") + " suspended";
  if (expiring == 0)
    s += plural(suspended, "developer authorization was suspended", "developer authorizations were suspended");
  return s;
}

std::string plain_text(const std::vector<Due>& items, Instant now) {
  std::string out =
      "Developer Access Confirmation: " + plural(items.size(), "authorization needs", "authorizations need") +
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
  section(Status::Suspended, "Suspended: restore them if the developer still needs access.");
  section(Status::Active, "Expiring soon: confirm them to keep access for another 12 months.");
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

std::string email_message(const Envelope& envelope, const std::vector<Due>& items, Instant now) {
  refuse_line_breaks(envelope.from, "--from");
  std::string to;
  for (const std::string& t : envelope.to) {
    refuse_line_breaks(t, "--to");
    to += (to.empty() ? "" : ", ") + t;
  }
  std::string m;
  m += "Date: " + rfc5322_date(now) + "\r\n";
  m += "From: " + envelope.from + "\r\n";
  m += "To: " + to + "\r\n";
  m += "Subject: " + subject(items) + "\r\n";
  m += "Message-ID: <" + envelope.message_id + ">\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=utf-8\r\n";
  m += "Content-Transfer-Encoding: 8bit\r\n";
  m += "Auto-Submitted: auto-generated\r\n";
  m += "\r\n";
  const std::string body = plain_text(items, now);
  for (char c : body) {
    if (c == '\n')
      m += "\r\n";
    else
      m += c;
  }
  return m;
}

}  // namespace dac::notify
