#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "dac/core/error.hpp"
#include "dac/notify/plan.hpp"
#include "dac/notify/request.hpp"

// Starting the dac-send helper, which holds all the network code (libcurl),
// so that only `dac notify` loads it. The request, secrets included, goes on
// the helper's stdin; its progress comes back as JSON lines on its stdout.
namespace dac::notify {

// What the helper reported in the end.
struct SendResult {
  bool ok = false;
  int attempts = 0;
  std::string detail;  // the last answer ("HTTP 200") or why it failed, secrets scrubbed
};

// The helper: next to the running dac (/proc/self/exe), then ../libexec/dac
// beside it, then the install libexec folder. A delivery error when none is found.
[[nodiscard]] std::filesystem::path find_sender();

// Runs the helper on `request`, calling `progress` for each attempt line it
// reports (scrubbed of `secrets`); waits for it to exit.
[[nodiscard]] SendResult run_sender(const SendRequest& request, const std::vector<std::string>& secrets,
                                    const std::function<void(const SendReport&)>& progress);

// What a run delivered, and what not.
struct Deliveries {
  std::vector<const Plan*> delivered;  // into the plans given to deliver
  std::vector<std::string> failures;   // "<channel>: <why>", secrets scrubbed
  std::size_t planned = 0;             // how many channels were tried
};

// Sends each plan's message on its channel, one after the other (SIGPIPE
// ignored first: a helper that dies early must not kill dac).
[[nodiscard]] Deliveries deliver(const std::vector<Plan>& plans);

// The error (exit 6) of a run in which some deliveries failed.
[[nodiscard]] Error delivery_failed(const Deliveries& d);

// "https://hooks.slack.com/…": scheme and host of a secret URL, the rest elided.
[[nodiscard]] std::string redact_url(std::string_view url);

// Replaces every occurrence of each secret in `text` with "…".
[[nodiscard]] std::string scrub(std::string text, const std::vector<std::string>& secrets);

}  // namespace dac::notify
