#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dac/core/model.hpp"
#include "dac/core/rules.hpp"
#include "dac/notify/channel.hpp"
#include "dac/notify/config.hpp"
#include "dac/notify/due.hpp"

// One run of `dac notify`, short of the store and the network: from the
// options to what each channel owes, and recording what was delivered.
namespace dac::notify {

// What a run needs before it looks at the store.
struct Run {
  std::vector<Channel> channels;
  DueQuery query;  // milestones and seller; the channel is set per channel
};

// The run the options ask for: the settings (config file, then command
// line), the limits, the milestones and the channels, checked in that order.
[[nodiscard]] Run prepare_run(const NotifyOptions& options, std::optional<std::string> seller);

// What one channel owes: the reminders due on it and the message that carries them.
struct Plan {
  Channel channel;
  std::vector<Due> items;
  std::string message;
};

// What each channel of `run` owes at `now`, from a snapshot (the store is not
// locked while the network is slow). Channels with nothing due are left out.
[[nodiscard]] std::vector<Plan> plan_reminders(const State& snapshot, Instant now, const Run& run);

// What --dry-run prints: per plan a headline, the envelope or request line,
// and the exact message.
[[nodiscard]] std::string dry_run_text(const std::vector<Plan>& plans);

// Records the delivered plans in `state` (the change of the one write after
// sending): prunes stale reminders, then records each plan's on its channel.
void record_delivered(State& state, const std::vector<const Plan*>& delivered, Instant now, const rules::Actor& actor,
                      rules::Outcome& out);

}  // namespace dac::notify
