#pragma once

#include <string>
#include <vector>

#include "dac/notify/config.hpp"
#include "dac/notify/message.hpp"
#include "dac/notify/request.hpp"

// The places a reminder summary goes, checked and made ready from the
// settings: a webhook, an SMTP server, or both.
namespace dac::notify {

// One place a summary goes, with everything dac-send needs but the body.
struct Channel {
  std::string name;                  // recorded with each reminder: slack, teams, json or email
  std::string describe;              // for messages, secrets redacted
  SendRequest request;               // the body is the message of each run
  std::vector<std::string> secrets;  // scrubbed from whatever dac-send reports
  WebhookFormat format = WebhookFormat::Slack;
  bool email = false;
  Envelope envelope;  // e-mail only
};

// The channels of the settings (webhook first, then e-mail), each request
// with `limits`. A usage error for a bad or incomplete setting, or for
// settings that name no channel at all; warnings (spdlog) for clear text.
[[nodiscard]] std::vector<Channel> channels(const NotifySettings& settings, const SendLimits& limits);

}  // namespace dac::notify
