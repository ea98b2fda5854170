#include "dac/notify/request.hpp"

#include <sys/wait.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "../helpers.hpp"

using dac::notify::parse_send_request;
using dac::notify::SendKind;
using dac::notify::SendRequest;
using nlohmann::json;

namespace {

SendRequest webhook_request() {
  SendRequest r;
  r.kind = SendKind::Http;
  r.url = "https://hooks.example.com/services/T000/B000/XXXXSECRET";
  r.redacted_url = "https://hooks.example.com/…";
  r.body = R"({"text":"dac: 1 developer authorization expires soon"})";
  r.user_agent = "dac/0.1.0";
  r.ca_file = "/etc/ssl/private-ca.pem";
  r.limits.connect_timeout_ms = 2'000;
  r.limits.retries = 0;
  return r;
}

SendRequest smtp_request() {
  SendRequest r;
  r.kind = SendKind::Smtp;
  r.url = "smtps://mail.example.com:465";
  r.redacted_url = "e-mail via smtps://mail.example.com:465";
  r.body = "Subject: dac\r\n\r\nbody\r\n";
  r.mail_from = "dac@example.com";
  r.rcpt_to = {"ops@example.com", "it@example.com"};
  r.username = "dac";
  r.password = "hunter22";
  r.require_tls = false;
  r.limits.retry_max_delay_ms = 5'000;
  return r;
}

// The request read back from the text dac writes on dac-send's stdin.
SendRequest round_trip(const SendRequest& r) {
  const std::string text = json(r).dump();
  const auto parsed = parse_send_request(text);
  INFO(parsed.error);
  REQUIRE(parsed.request);
  CHECK(parsed.error.empty());
  return *parsed.request;
}

// Why parse_send_request refused `text` (it must refuse it).
std::string refusal(const std::string& text) {
  const auto parsed = parse_send_request(text);
  CHECK_FALSE(parsed.request);
  CHECK_FALSE(parsed.error.empty());
  return parsed.error;
}

json webhook_json() {
  json j = webhook_request();
  return j;
}

}  // namespace

TEST_CASE("a webhook request round-trips through a string", "[notify][request]") {
  const SendRequest r = webhook_request();
  CHECK(round_trip(r) == r);
  SendRequest plain = r;
  plain.ca_file.reset();
  CHECK(round_trip(plain) == plain);
}

TEST_CASE("an SMTP request round-trips through a string", "[notify][request]") {
  const SendRequest r = smtp_request();
  CHECK(round_trip(r) == r);
  SendRequest anonymous = r;
  anonymous.username.reset();
  anonymous.password.reset();
  anonymous.require_tls = true;
  CHECK(round_trip(anonymous) == anonymous);
}

TEST_CASE("a request carries only the fields of its kind", "[notify][request]") {
  const json http = webhook_request();
  CHECK(http.at("kind") == "http");
  CHECK(http.at("content_type") == "application/json");
  CHECK(http.at("user_agent") == "dac/0.1.0");
  CHECK_FALSE(http.contains("mail_from"));
  CHECK_FALSE(http.contains("rcpt_to"));
  CHECK_FALSE(http.contains("password"));

  const json smtp = smtp_request();
  CHECK(smtp.at("kind") == "smtp");
  CHECK(smtp.at("rcpt_to") == json::array({"ops@example.com", "it@example.com"}));
  CHECK(smtp.at("require_tls") == false);
  CHECK(smtp.at("ca_file").is_null());
  CHECK_FALSE(smtp.contains("content_type"));
  CHECK_FALSE(smtp.contains("user_agent"));
}

TEST_CASE("absent fields take their defaults; null optionals are unset", "[notify][request]") {
  const auto parsed = parse_send_request(R"({"kind":"http","url":"http://127.0.0.1:1/x","body":"{}","ca_file":null})");
  REQUIRE(parsed.request);
  const SendRequest& r = *parsed.request;
  CHECK(r.redacted_url == "(redacted)");
  CHECK(r.content_type == "application/json");
  CHECK(r.user_agent == "dac");
  CHECK_FALSE(r.ca_file);
  CHECK_FALSE(r.username);
  CHECK(r.require_tls);
  CHECK(r.limits == dac::notify::SendLimits{});
}

TEST_CASE("text that is not JSON is refused without quoting it", "[notify][request]") {
  const std::string why = refusal(R"({"kind":"http","url":"https://hooks.example.com/SECRET")");
  CHECK(why.rfind("not JSON (at byte ", 0) == 0);
  CHECK(why.find("SECRET") == std::string::npos);
  CHECK(refusal("").rfind("not JSON", 0) == 0);
  refusal(R"(["http"])");  // JSON, but not an object
}

TEST_CASE("a request of an unknown kind is refused", "[notify][request]") {
  CHECK(refusal(R"({"kind":"ftp","url":"ftp://x","body":""})") == "unknown kind");
}

TEST_CASE("a request without a field it needs is refused, naming the field", "[notify][request]") {
  for (const char* key : {"kind", "url", "body"}) {
    json j = webhook_json();
    j.erase(key);
    CHECK_THAT(refusal(j.dump()), Catch::Contains(std::string("'") + key + "'"));
  }
  json j = smtp_request();
  j.erase("mail_from");
  CHECK_THAT(refusal(j.dump()), Catch::Contains("'mail_from'"));
}

TEST_CASE("a request with a field of the wrong type is refused without quoting it", "[notify][request]") {
  json j = webhook_json();
  j["url"] = 42;
  CHECK_THAT(refusal(j.dump()), Catch::Contains("type must be string"));
  j = webhook_json();
  j["retries"] = "three";
  refusal(j.dump());
  j = smtp_request();
  j["password"] = json::array({"hunter22"});
  CHECK(refusal(j.dump()).find("hunter22") == std::string::npos);
}

TEST_CASE("an e-mail request without recipients is refused", "[notify][request]") {
  json j = smtp_request();
  j["rcpt_to"] = json::array();
  CHECK(refusal(j.dump()) == "no recipient");
}

TEST_CASE("a request with negative limits is refused", "[notify][request]") {
  for (const char* key : {"retries", "retry_delay_ms", "retry_max_delay_ms"}) {
    json j = webhook_json();
    j[key] = -1;
    CHECK(refusal(j.dump()) == "negative limits");
  }
  for (const char* key : {"connect_timeout_ms", "timeout_ms"}) {
    json j = webhook_json();
    j[key] = 0;
    CHECK(refusal(j.dump()) == "negative limits");
  }
}

namespace {

// What the dac-send program prints and exits with for `input` on its stdin.
struct Ran {
  std::string out;
  int exit_code = -1;
};

Ran run_dac_send(const std::string& input) {
  const dac::test::TempDir dir;
  const auto path = dir.path() / "request";
  std::ofstream(path, std::ios::binary) << input;
  const std::string command = std::string("'") + DAC_SEND_PATH + "' < '" + path.string() + "'";
  // NOLINTNEXTLINE(cert-env33-c): a fixed command line, the built helper and a temp file of ours
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  Ran ran;
  std::array<char, 4096> buf{};
  for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0;) ran.out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  if (WIFEXITED(status)) ran.exit_code = WEXITSTATUS(status);
  return ran;
}

}  // namespace

TEST_CASE("dac-send reports a bad request as such, exit 2, never quoting it", "[notify][request]") {
  CHECK(dac::notify::k_bad_request == "dac-send: bad request from dac");
  CHECK(dac::notify::k_exit_bad_request == 2);
  json no_recipient = smtp_request();
  no_recipient["rcpt_to"] = json::array();
  json negative = webhook_json();
  negative["retries"] = -1;
  for (const std::string& input : {std::string(R"({"kind":"http","url":"https://hooks.example.com/SECRET")"),
                                   std::string("[]"), no_recipient.dump(), negative.dump()}) {
    INFO(input);
    const Ran ran = run_dac_send(input);
    CHECK(ran.exit_code == 2);
    CHECK(ran.out == R"({"attempts":0,"done":true,"error":"dac-send: bad request from dac","ok":false})"
                     "\n");
  }
}
