#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// What `dac notify` asks the dac-send helper to deliver: one JSON object on
// the helper's stdin, secrets included (never in argv or the environment).
// Shared by both programs so that neither spells the fields by hand. This
// header and request.cpp use nothing but nlohmann-json: dac-send links them
// without the rest of notify.
namespace dac::notify {

// How a request is delivered.
enum class SendKind { Http, Smtp };

// How hard dac-send tries (the limits: connect 10 s, total 30 s).
struct SendLimits {
  long connect_timeout_ms = 10'000;
  long timeout_ms = 30'000;
  int retries = 3;  // after the first attempt
  long retry_delay_ms = 1'000;
  long retry_max_delay_ms = 60'000;

  friend bool operator==(const SendLimits&, const SendLimits&) = default;
};

// One delivery: where, what, as whom, and the limits.
struct SendRequest {
  SendKind kind = SendKind::Http;
  std::string url;           // secret (a webhook URL holds its token)
  std::string redacted_url;  // what messages may show instead
  std::string body;
  // HTTP only.
  std::string content_type = "application/json";
  std::string user_agent = "dac";
  // SMTP only.
  std::string mail_from;             // the bare address
  std::vector<std::string> rcpt_to;  // the bare addresses, at least one
  std::optional<std::string> username;
  std::optional<std::string> password;  // secret
  bool require_tls = true;              // STARTTLS on smtp://
  // Both.
  std::optional<std::string> ca_file;
  SendLimits limits;

  friend bool operator==(const SendRequest&, const SendRequest&) = default;
};

// What dac-send reports when its input is not a request: never more than
// this, since the input holds secrets.
inline constexpr std::string_view k_bad_request = "dac-send: bad request from dac";

// dac-send's exit code for a bad request (the others: 0 delivered, 6 not).
inline constexpr int k_exit_bad_request = 2;

// The request as JSON (HTTP requests carry no SMTP fields, and the reverse).
void to_json(nlohmann::json& j, const SendRequest& r);

// Reads a request; a nlohmann::json exception, or std::invalid_argument
// naming the field (never its value), for one that is not well formed.
void from_json(const nlohmann::json& j, SendRequest& r);

// One line that dac-send writes back on its stdout: a failed attempt, or, last
// (`done`), the outcome. Shared like SendRequest: dac-send writes it, dac reads it.
struct SendReport {
  bool done = false;              // the last line: the outcome
  bool ok = false;                // done: delivered
  int attempt = 0;                // an attempt line: its number; done: how many were made
  std::optional<long> code{};     // the server's HTTP status or SMTP reply, when an attempt got one
  std::string text{};             // what the server answered ("HTTP 200"), or why it failed
  bool retry = false;             // an attempt line: another attempt follows...
  std::optional<long> wait_ms{};  // ...after this long
  std::optional<long> ms{};       // how long the attempt took

  friend bool operator==(const SendReport&, const SendReport&) = default;
};

// The report as its JSON line: an attempt line has `attempt`, `code`, `result`,
// `retry`, `ms` (and `wait_ms` before a retry); the done line has `done`, `ok`,
// `attempts`, and `result` when delivered or `error` when not.
void to_json(nlohmann::json& j, const SendReport& r);
// Reads a report line; a nlohmann::json exception for one of the wrong shape.
void from_json(const nlohmann::json& j, SendReport& r);

// A request read from text, or why not (the field at fault, never a value).
struct ParsedRequest {
  std::optional<SendRequest> request;
  std::string error;
};

// Parses the text dac-send reads on its stdin.
[[nodiscard]] ParsedRequest parse_send_request(std::string_view text);

}  // namespace dac::notify
