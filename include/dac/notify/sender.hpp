#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

// Starting the dac-send helper, which holds all the network code (libcurl),
// so that only `dac notify` loads it. The request, secrets included, goes on
// the helper's stdin; its progress comes back as JSON lines on its stdout.
namespace dac::cli {

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
[[nodiscard]] SendResult run_sender(const nlohmann::json& request, const std::vector<std::string>& secrets,
                                    const std::function<void(const nlohmann::json&)>& progress);

// "https://hooks.slack.com/…": scheme and host of a secret URL, the rest elided.
[[nodiscard]] std::string redact_url(std::string_view url);

// Replaces every occurrence of each secret in `text` with "…".
[[nodiscard]] std::string scrub(std::string text, const std::vector<std::string>& secrets);

}  // namespace dac::cli
