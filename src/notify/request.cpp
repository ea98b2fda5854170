#include "dac/notify/request.hpp"

#include <stdexcept>

namespace dac::notify {

namespace {

using nlohmann::json;

json optional_text(const std::optional<std::string>& value) { return value ? json(*value) : json(nullptr); }

// An optional string field: absent and null are both "not given".
std::optional<std::string> read_optional(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<std::string>();
}

SendKind read_kind(const json& j) {
  const auto kind = j.at("kind").get<std::string>();
  if (kind == "http") return SendKind::Http;
  if (kind == "smtp") return SendKind::Smtp;
  throw std::invalid_argument("unknown kind");
}

SendLimits read_limits(const json& j) {
  SendLimits l;
  l.connect_timeout_ms = j.value("connect_timeout_ms", l.connect_timeout_ms);
  l.timeout_ms = j.value("timeout_ms", l.timeout_ms);
  l.retries = j.value("retries", l.retries);
  l.retry_delay_ms = j.value("retry_delay_ms", l.retry_delay_ms);
  l.retry_max_delay_ms = j.value("retry_max_delay_ms", l.retry_max_delay_ms);
  if (l.retries < 0 || l.connect_timeout_ms <= 0 || l.timeout_ms <= 0 || l.retry_delay_ms < 0 ||
      l.retry_max_delay_ms < 0) {
    throw std::invalid_argument("negative limits");
  }
  return l;
}

}  // namespace

void to_json(nlohmann::json& j, const SendRequest& r) {
  j = json{{"kind", r.kind == SendKind::Http ? "http" : "smtp"},
           {"url", r.url},
           {"redacted_url", r.redacted_url},
           {"body", r.body},
           {"ca_file", optional_text(r.ca_file)},
           {"connect_timeout_ms", r.limits.connect_timeout_ms},
           {"timeout_ms", r.limits.timeout_ms},
           {"retries", r.limits.retries},
           {"retry_delay_ms", r.limits.retry_delay_ms},
           {"retry_max_delay_ms", r.limits.retry_max_delay_ms}};
  if (r.kind == SendKind::Http) {
    j["content_type"] = r.content_type;
    j["user_agent"] = r.user_agent;
  } else {
    j["mail_from"] = r.mail_from;
    j["rcpt_to"] = r.rcpt_to;
    j["username"] = optional_text(r.username);
    j["password"] = optional_text(r.password);
    j["require_tls"] = r.require_tls;
  }
}

void from_json(const nlohmann::json& j, SendRequest& r) {
  SendRequest out;
  out.kind = read_kind(j);
  out.url = j.at("url").get<std::string>();
  out.redacted_url = j.value("redacted_url", std::string("(redacted)"));
  out.body = j.at("body").get<std::string>();
  out.content_type = j.value("content_type", out.content_type);
  out.user_agent = j.value("user_agent", out.user_agent);
  if (out.kind == SendKind::Smtp) {
    out.mail_from = j.at("mail_from").get<std::string>();
    out.rcpt_to = j.at("rcpt_to").get<std::vector<std::string>>();
    if (out.rcpt_to.empty()) throw std::invalid_argument("no recipient");
  }
  out.username = read_optional(j, "username");
  out.password = read_optional(j, "password");
  out.ca_file = read_optional(j, "ca_file");
  out.require_tls = j.value("require_tls", true);
  out.limits = read_limits(j);
  r = std::move(out);
}

ParsedRequest parse_send_request(std::string_view text) {
  ParsedRequest parsed;
  try {
    parsed.request = json::parse(text).get<SendRequest>();
  } catch (const json::parse_error& e) {
    // Not e.what(): it quotes the text last read, which may be a secret.
    parsed.error = "not JSON (at byte " + std::to_string(e.byte) + ")";
  } catch (const json::exception& e) {
    // A missing key or a value of the wrong type: nlohmann names the key, never a value.
    parsed.error = e.what();
  } catch (const std::invalid_argument& e) {
    parsed.error = e.what();
  }
  return parsed;
}

void to_json(nlohmann::json& j, const SendReport& r) {
  if (r.done) {
    j = json{{"done", true}, {"ok", r.ok}, {"attempts", r.attempt}, {r.ok ? "result" : "error", r.text}};
  } else {
    j = json{{"attempt", r.attempt}, {"result", r.text}, {"retry", r.retry}};
  }
  if (r.code) j["code"] = *r.code;
  if (r.ms) j["ms"] = *r.ms;
  if (r.wait_ms) j["wait_ms"] = *r.wait_ms;
}

void from_json(const nlohmann::json& j, SendReport& r) {
  SendReport out;
  out.done = j.value("done", false);
  out.ok = j.value("ok", false);
  out.attempt = j.value(out.done ? "attempts" : "attempt", 0);
  out.text = j.value(out.done && !out.ok ? "error" : "result", std::string("?"));
  out.retry = j.value("retry", false);
  for (auto [key, field] : {std::pair{"code", &out.code}, {"ms", &out.ms}, {"wait_ms", &out.wait_ms}}) {
    if (j.contains(key)) *field = j.at(key).get<long>();
  }
  r = std::move(out);
}

}  // namespace dac::notify
