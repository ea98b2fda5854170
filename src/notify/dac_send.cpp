// dac-send: the network half of `dac notify`, kept out of `dac` so that only
// notify pays for loading libcurl (as git keeps HTTPS in git-remote-https).
//
// `dac notify` starts it and writes one JSON request on its stdin, secrets
// included (never in argv or the environment). It delivers the message by
// HTTP POST or SMTP with retries, and reports on stdout as JSON lines: one
// {"attempt": ...} per failed attempt, then one {"done": true, ...}. Its
// messages never hold the URL (only the redacted form it is given) or the
// password. Exit 0 when delivered, 6 when not, 2 when the request is bad.
#include <curl/curl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "dac/notify/request.hpp"
#include "dac/util/file.hpp"

namespace {

using dac::notify::SendKind;
using Request = dac::notify::SendRequest;
using nlohmann::json;

constexpr int k_exit_delivered = 0;
constexpr int k_exit_failed = 6;

// What one attempt gave.
struct Attempt {
  bool ok = false;
  bool retry = false;
  long code = 0;                       // HTTP status or last SMTP reply code, 0 if none
  std::optional<long> retry_after_ms;  // from an HTTP Retry-After header
  std::string what;                    // "HTTP 429 Too Many Requests", "timed out after 30000 ms"
};

void emit(const dac::notify::SendReport& report) { std::cout << json(report).dump() << '\n' << std::flush; }

// Keeps printable ASCII of a server's answer for an error message.
std::string excerpt(const std::string& text, std::size_t max = 200) {
  std::string out;
  for (char c : text) {
    if (out.size() >= max) {
      out += "...";
      break;
    }
    out += (c >= 0x20 && c < 0x7f) ? c : ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Retry-After: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
std::optional<long> parse_retry_after(std::string value) {
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.pop_back();
  while (!value.empty() && value.front() == ' ') value.erase(0, 1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (value.size() > 9) return std::nullopt;
    return std::stol(value) * 1000;
  }
  const std::time_t at = curl_getdate(value.c_str(), nullptr);
  if (at < 0) return std::nullopt;
  const std::time_t now = std::time(nullptr);
  return at > now ? static_cast<long>(at - now) * 1000 : 0L;
}

struct Exchange {
  const Request* request = nullptr;
  std::size_t sent = 0;
  std::string answer;  // the start of the response body
  std::optional<std::string> retry_after;
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* x = static_cast<Exchange*>(user);
  const std::size_t len = size * n;
  if (x->answer.size() < 1024) x->answer.append(data, std::min<std::size_t>(len, 1024 - x->answer.size()));
  return len;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* x = static_cast<Exchange*>(user);
  const std::size_t len = size * n;
  const std::string line(data, len);
  constexpr std::string_view name = "retry-after:";
  if (line.size() > name.size()) {
    std::string head = line.substr(0, name.size());
    std::transform(head.begin(), head.end(), head.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (head == name) x->retry_after = line.substr(name.size());
  }
  // A new response (after a redirect or 100 Continue) starts over.
  if (line.rfind("HTTP/", 0) == 0) x->retry_after.reset();
  return len;
}

std::size_t on_read(char* buffer, std::size_t size, std::size_t n, void* user) {
  auto* x = static_cast<Exchange*>(user);
  const std::size_t room = size * n;
  const std::size_t left = x->request->body.size() - x->sent;
  const std::size_t len = std::min(room, left);
  std::copy_n(x->request->body.data() + x->sent, len, buffer);
  x->sent += len;
  return len;
}

bool retryable_curl_error(CURLcode rc) {
  switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      return true;
    default:
      return false;
  }
}

// The option that names a private CA for this kind of request.
const char* ca_option(const Request& r) { return r.kind == SendKind::Http ? "--webhook-ca-file" : "--smtp-ca-file"; }

// What to say when no CA certificates could be loaded: a minimal system
// without Debian's ca-certificates has no bundle at the path libcurl was
// built to use, and libcurl's own words ("error setting certificate file")
// tell a user neither that nor what fixes it.
std::string no_ca_certificates(CURL* curl, const Request& r, const std::string& detail) {
  if (r.ca_file) return "cannot load the CA certificates in " + *r.ca_file + " (" + excerpt(detail) + ")";
  const char* bundle = nullptr;
  curl_easy_getinfo(curl, CURLINFO_CAINFO, &bundle);
  return std::string("no CA certificates found at ") + (bundle != nullptr ? bundle : "the system's default path") +
         ", where libcurl looks for them: install them (Debian: apt-get install ca-certificates), or trust a "
         "private CA with " +
         ca_option(r) + " PEM";
}

bool retryable_http(long code) {
  return code == 408 || code == 429 || code == 500 || code == 502 || code == 503 || code == 504;
}

std::string reason_phrase(long code) {
  switch (code) {
    case 400:
      return " Bad Request";
    case 401:
      return " Unauthorized";
    case 403:
      return " Forbidden";
    case 404:
      return " Not Found";
    case 408:
      return " Request Timeout";
    case 410:
      return " Gone";
    case 413:
      return " Content Too Large";
    case 429:
      return " Too Many Requests";
    case 500:
      return " Internal Server Error";
    case 502:
      return " Bad Gateway";
    case 503:
      return " Service Unavailable";
    case 504:
      return " Gateway Timeout";
    default:
      return "";
  }
}

// The lists an attempt hands to libcurl, freed on every path.
struct Lists {
  curl_slist* headers = nullptr;
  curl_slist* recipients = nullptr;
  Lists() = default;
  Lists(const Lists&) = delete;
  Lists& operator=(const Lists&) = delete;
  ~Lists() {
    curl_slist_free_all(headers);
    curl_slist_free_all(recipients);
  }
};

void set_common_options(CURL* curl, const Request& r, Exchange& x, char* error) {
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, r.limits.connect_timeout_ms);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, r.limits.timeout_ms);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &x);
  if (r.ca_file) curl_easy_setopt(curl, CURLOPT_CAINFO, r.ca_file->c_str());
}

void set_http_options(CURL* curl, const Request& r, Exchange& x, Lists& lists) {
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, r.body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &x);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, r.user_agent.c_str());
  lists.headers = curl_slist_append(lists.headers, ("Content-Type: " + r.content_type).c_str());
  lists.headers = curl_slist_append(lists.headers, "Expect:");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, lists.headers);
}

void set_smtp_options(CURL* curl, const Request& r, Exchange& x, Lists& lists) {
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  // STARTTLS on smtp:// is required unless the user allowed plain text.
  curl_easy_setopt(curl, CURLOPT_USE_SSL,
                   r.require_tls ? static_cast<long>(CURLUSESSL_ALL) : static_cast<long>(CURLUSESSL_NONE));
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, ("<" + r.mail_from + ">").c_str());
  for (const std::string& to : r.rcpt_to)
    lists.recipients = curl_slist_append(lists.recipients, ("<" + to + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, lists.recipients);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, on_read);
  curl_easy_setopt(curl, CURLOPT_READDATA, &x);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
  if (r.username) curl_easy_setopt(curl, CURLOPT_USERNAME, r.username->c_str());
  if (r.password) curl_easy_setopt(curl, CURLOPT_PASSWORD, r.password->c_str());
}

// What libcurl's answer `rc` (and the HTTP status `code`) means for an HTTP attempt.
Attempt judge_http(CURLcode rc, long code, const std::string& detail, const Exchange& x, const Request& r) {
  Attempt a;
  a.code = code;
  if (rc != CURLE_OK) {
    a.retry = retryable_curl_error(rc);
    a.what = rc == CURLE_OPERATION_TIMEDOUT ? "timed out (" + excerpt(detail) + ")" : excerpt(detail);
    if (rc == CURLE_PEER_FAILED_VERIFICATION)
      a.what += std::string(" (to trust a private CA, use ") + ca_option(r) + ")";
    return a;
  }
  a.what = "HTTP " + std::to_string(code) + reason_phrase(code);
  a.ok = code >= 200 && code <= 299;
  a.retry = retryable_http(code);
  if (!a.ok && !x.answer.empty()) a.what += ": " + excerpt(x.answer);
  if (x.retry_after && (code == 429 || code == 503)) a.retry_after_ms = parse_retry_after(*x.retry_after);
  return a;
}

// What libcurl's answer `rc` (and the last SMTP reply `code`) means for an SMTP attempt.
Attempt judge_smtp(CURLcode rc, long code, const std::string& detail, const Request& r) {
  Attempt a;
  a.code = code;
  if (rc == CURLE_OK) {
    a.ok = true;
    a.what = "SMTP " + std::to_string(code);
    return a;
  }
  // 4xx replies are transient by RFC 5321; 5xx are permanent.
  a.retry = retryable_curl_error(rc) || (code >= 400 && code <= 499);
  a.what = (code != 0 ? "SMTP " + std::to_string(code) + ": " : std::string{}) + excerpt(detail);
  if (rc == CURLE_USE_SSL_FAILED) a.what += " (the server does not offer STARTTLS)";
  if (rc == CURLE_PEER_FAILED_VERIFICATION) a.what += std::string(" (to trust a private CA, use ") + ca_option(r) + ")";
  return a;
}

// One attempt at delivering `r`.
Attempt attempt(const Request& r) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    Attempt a;
    a.what = "could not start libcurl";
    return a;
  }
  Exchange x;
  x.request = &r;
  std::array<char, CURL_ERROR_SIZE> error{};
  Lists lists;
  set_common_options(curl, r, x, error.data());
  if (r.kind == SendKind::Http)
    set_http_options(curl, r, x, lists);
  else
    set_smtp_options(curl, r, x, lists);

  const CURLcode rc = curl_easy_perform(curl);
  long code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
  const std::string detail = error[0] != '\0' ? std::string(error.data()) : std::string(curl_easy_strerror(rc));
  Attempt a;
  if (rc == CURLE_SSL_CACERT_BADFILE) {
    a.code = code;
    a.what = no_ca_certificates(curl, r, detail);  // not the server's answer: no code shown
  } else if (r.kind == SendKind::Http) {
    a = judge_http(rc, code, detail, x, r);
  } else {
    a = judge_smtp(rc, code, detail, r);
  }
  curl_easy_cleanup(curl);
  return a;
}

int deliver(const Request& r) {
  long delay_ms = r.limits.retry_delay_ms;
  const int attempts = r.limits.retries + 1;
  for (int n = 1;; ++n) {
    const auto started = std::chrono::steady_clock::now();
    const Attempt a = attempt(r);
    const auto took_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    if (a.ok) {
      emit({.done = true, .ok = true, .attempt = n, .code = a.code, .text = a.what, .ms = took_ms});
      return k_exit_delivered;
    }
    std::string why = a.what;
    bool again = a.retry && n < attempts;
    long wait_ms = std::min(delay_ms, r.limits.retry_max_delay_ms);
    if (again && a.retry_after_ms) {
      if (*a.retry_after_ms > r.limits.retry_max_delay_ms) {
        again = false;
        why += " (the server asked to retry after " + std::to_string(*a.retry_after_ms / 1000) +
               " s, longer than the retry limit of " + std::to_string(r.limits.retry_max_delay_ms / 1000) + " s)";
      } else {
        wait_ms = std::max(wait_ms, *a.retry_after_ms);
      }
    }
    emit({.attempt = n,
          .code = a.code,
          .text = why,
          .retry = again,
          .wait_ms = again ? std::optional<long>(wait_ms) : std::nullopt,
          .ms = took_ms});
    if (!again) {
      std::string error = why;
      if (n > 1)
        error += " (after " + std::to_string(n) + " attempts)";
      else if (!a.retry)
        error += " (not retried)";
      emit({.done = true, .attempt = n, .code = a.code, .text = error});
      return k_exit_failed;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    delay_ms = delay_ms > r.limits.retry_max_delay_ms / 2 ? r.limits.retry_max_delay_ms : delay_ms * 2;
  }
}

// The request on stdin, or nothing when it is not one.
std::optional<Request> read_request() {
  try {
    std::string input;
    if (dac::util::read_all(STDIN_FILENO, input) != 0) return std::nullopt;
    return dac::notify::parse_send_request(input).request;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

// An exception that escapes is a bug: std::terminate, and dac reports the signal.
int main() {  // NOLINT(bugprone-exception-escape)
  // Die with dac: a killed `dac notify` must not leave a sender behind.
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (::getppid() == 1) return k_exit_failed;
  (void)std::signal(SIGPIPE, SIG_IGN);

  const std::optional<Request> request = read_request();
  if (!request) {
    // The request holds secrets: say only what kind of problem it was.
    emit({.done = true, .text = std::string(dac::notify::k_bad_request)});
    return dac::notify::k_exit_bad_request;
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    emit({.done = true, .text = "could not initialise libcurl"});
    return k_exit_failed;
  }
  const int rc = deliver(*request);
  curl_global_cleanup();
  return rc;
}
