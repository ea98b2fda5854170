#include "dac/notify/plan.hpp"

#include <spdlog/spdlog.h>

#include <utility>

#include "dac/core/plural.hpp"
#include "dac/notify/message.hpp"

namespace dac::notify {

namespace {

std::string reminders(std::size_t n) { return plural(static_cast<std::int64_t>(n), "reminder"); }

}  // namespace

Run prepare_run(const NotifyOptions& options, std::optional<std::string> seller) {
  const NotifySettings s = resolve_settings(options);
  const SendLimits limits = send_limits(s);
  Run run;
  run.query.milestones = s.at ? parse_milestones(*s.at) : default_milestones();
  run.query.seller = std::move(seller);
  run.channels = channels(s, limits);
  return run;
}

std::vector<Plan> plan_reminders(const State& snapshot, Instant now, const Run& run) {
  std::vector<Plan> plans;
  DueQuery query = run.query;
  for (const Channel& c : run.channels) {
    query.channel = c.name;
    std::vector<Due> items = due(snapshot, now, query);
    spdlog::debug("{}: {} due", c.describe, reminders(items.size()));
    if (items.empty()) continue;
    std::string message = c.email ? email_message(c.envelope, items, now) : webhook_payload(c.format, items, now);
    plans.push_back(Plan{c, std::move(items), std::move(message)});
  }
  return plans;
}

std::string dry_run_text(const std::vector<Plan>& plans) {
  std::string out;
  for (const Plan& p : plans) {
    out += "=== " + p.channel.describe + ": " + reminders(p.items.size()) + "\n";
    if (p.channel.email) {
      out += "MAIL FROM:<" + p.channel.request.mail_from + ">\n";
      for (const std::string& to : p.channel.request.rcpt_to) out += "RCPT TO:<" + to + ">\n";
    } else {
      out += "POST " + p.channel.request.redacted_url + "\nContent-Type: application/json\n";
    }
    out += "\n" + p.message + "\n";
  }
  return out;
}

void record_delivered(State& state, const std::vector<const Plan*>& delivered, Instant now, const rules::Actor& actor,
                      rules::Outcome& out) {
  prune(state, now);
  for (const Plan* p : delivered) record_sent(state, p->items, p->channel.name, now, actor, out);
}

}  // namespace dac::notify
