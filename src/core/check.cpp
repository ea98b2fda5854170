#include "dac/core/check.hpp"

#include "dac/core/error.hpp"
#include "dac/core/plural.hpp"
#include "dac/core/rules.hpp"
#include "dac/core/select.hpp"

namespace dac {

namespace {

std::string_view state_name(CheckState s) {
  switch (s) {
    case CheckState::Ok:
      return "OK";
    case CheckState::Warning:
      return "WARNING";
    case CheckState::Critical:
      return "CRITICAL";
    case CheckState::Unknown:
      return "UNKNOWN";
  }
  return "UNKNOWN";
}

// "12d", or "5h" under a day, "3min" under an hour, "9s" under a minute.
std::string short_left(Instant now, Instant t) {
  const auto seconds = (t - now).count();
  if (seconds >= 86'400) return std::to_string(seconds / 86'400) + "d";
  if (seconds >= 3'600) return std::to_string(seconds / 3'600) + "h";
  if (seconds >= 60) return std::to_string(seconds / 60) + "min";
  return std::to_string(std::max<std::int64_t>(seconds, 0)) + "s";
}

// Nagios plugin output may not contain '|' outside the performance data.
std::string plain(std::string s) {
  for (char& c : s) {
    if (c == '|') c = '/';
  }
  return s;
}

}  // namespace

CheckResult run_check(const State& state, Instant now, const CheckLimits& limits) {
  const Instant warn_at = add_duration(now, limits.warn);
  const Instant crit_at = add_duration(now, limits.crit);
  if (crit_at > warn_at) throw_usage("--crit must not be longer than --warn");
  // Without a hint, as check has always said it (its errors make the UNKNOWN line).
  if (limits.seller) (void)rules::require_seller(state, *limits.seller, "");

  std::size_t active = 0;
  std::size_t expiring = 0;
  std::size_t critical = 0;
  std::vector<const Authorization*> suspended;
  const Authorization* first = nullptr;  // the active one that expires first
  Instant first_at{};
  for (const Authorization& auth : state.authorizations) {
    if (limits.seller && auth.seller_id != *limits.seller) continue;
    const rules::View v = rules::view(state, auth, now);
    if (v.status == Status::Suspended) suspended.push_back(&auth);
    if (v.status != Status::Active) continue;
    ++active;
    if (!v.expires_at) continue;
    if (first == nullptr || *v.expires_at < first_at) {
      first = &auth;
      first_at = *v.expires_at;
    }
    if (expires_within(v, now, warn_at)) ++expiring;
    if (expires_within(v, now, crit_at)) ++critical;
  }

  CheckResult result;
  std::string summary;
  const std::string warn_text = format_duration(limits.warn);
  const std::string crit_text = format_duration(limits.crit);
  if (!suspended.empty() || critical > 0)
    result.state = CheckState::Critical;
  else if (expiring > 0)
    result.state = CheckState::Warning;
  else
    result.state = CheckState::Ok;

  if (!suspended.empty()) {
    summary += plural(suspended.size(), "authorization") + " suspended (" + suspended.front()->nickname +
               (suspended.size() > 1 ? ", …" : "") + ")";
  }
  if (expiring > 0) {
    if (!summary.empty()) summary += ", ";
    const std::string within = critical > 0 ? crit_text : warn_text;
    const std::size_t count = critical > 0 ? critical : expiring;
    summary += plural(count, "authorization") + (count == 1 ? " expires" : " expire") + " within " + within +
               " (first: " + first->nickname + " in " + short_left(now, first_at) + ")";
  }
  if (summary.empty()) {
    summary = plural(active, "active authorization") + ", none expire within " + warn_text;
    if (first != nullptr) summary += " (next: " + first->nickname + " in " + short_left(now, first_at) + ")";
  }
  const std::int64_t warn_days = days_between(now, warn_at);
  const std::int64_t crit_days = days_between(now, crit_at);
  std::string perf = "expiring=" + std::to_string(expiring) + ";;;0 suspended=" + std::to_string(suspended.size()) +
                     ";;;0 active=" + std::to_string(active) + ";;;0";
  // Always there, so the set of labels is stable: "U" (unknown, in the Nagios
  // plugin guidelines) when no active authorisation expires.
  perf += " min_days_left=" + (first != nullptr ? std::to_string(days_between(now, first_at)) : std::string("U")) +
          ";" + std::to_string(warn_days) + ":;" + std::to_string(crit_days) + ":;;";
  result.line = "DAC " + std::string(state_name(result.state)) + " - " + plain(summary) + " | " + perf;
  return result;
}

CheckResult unknown_check(const std::string& why) {
  return CheckResult{CheckState::Unknown, "DAC UNKNOWN - " + plain(why)};
}

}  // namespace dac
