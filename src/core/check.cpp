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

namespace {

// What check counts among the active and suspended authorisations at `now`.
struct Tally {
  std::size_t active = 0;
  std::size_t expiring = 0;  // within --warn
  std::size_t critical = 0;  // within --crit
  std::vector<const Authorization*> suspended;
  const Authorization* first = nullptr;  // the active one that expires first
  Instant first_at{};
};

Tally count(const State& state, Instant now, const CheckLimits& limits, Instant warn_at, Instant crit_at) {
  Tally t;
  for (const Authorization& auth : state.authorizations) {
    if (limits.seller && auth.seller_id != *limits.seller) continue;
    const rules::View v = rules::view(state, auth, now);
    if (v.status == Status::Suspended) t.suspended.push_back(&auth);
    if (v.status != Status::Active) continue;
    ++t.active;
    if (!v.expires_at) continue;
    if (t.first == nullptr || *v.expires_at < t.first_at) {
      t.first = &auth;
      t.first_at = *v.expires_at;
    }
    if (expires_within(v, now, warn_at)) ++t.expiring;
    if (expires_within(v, now, crit_at)) ++t.critical;
  }
  return t;
}

CheckState state_of(const Tally& t) {
  if (!t.suspended.empty() || t.critical > 0) return CheckState::Critical;
  if (t.expiring > 0) return CheckState::Warning;
  return CheckState::Ok;
}

// The human half of the line: what is suspended, what expires within which limit.
std::string summary_of(const Tally& t, Instant now, const CheckLimits& limits) {
  std::string summary;
  const std::string warn_text = format_duration(limits.warn);
  const std::string crit_text = format_duration(limits.crit);
  if (!t.suspended.empty()) {
    summary += plural(t.suspended.size(), "authorization") + " suspended (" + t.suspended.front()->nickname +
               (t.suspended.size() > 1 ? ", …" : "") + ")";
  }
  if (t.expiring > 0) {
    if (!summary.empty()) summary += ", ";
    const std::string within = t.critical > 0 ? crit_text : warn_text;
    const std::size_t n = t.critical > 0 ? t.critical : t.expiring;
    summary += plural(n, "authorization") + (n == 1 ? " expires" : " expire") + " within " + within +
               " (first: " + t.first->nickname + " in " + short_left(now, t.first_at) + ")";
  }
  if (summary.empty()) {
    summary = plural(t.active, "active authorization") + ", none expire within " + warn_text;
    if (t.first != nullptr) summary += " (next: " + t.first->nickname + " in " + short_left(now, t.first_at) + ")";
  }
  return summary;
}

// The performance data after the "|", for graphs.
std::string perf_data_of(const Tally& t, Instant now, Instant warn_at, Instant crit_at) {
  const std::int64_t warn_days = days_between(now, warn_at);
  const std::int64_t crit_days = days_between(now, crit_at);
  std::string perf = "expiring=" + std::to_string(t.expiring) + ";;;0 suspended=" + std::to_string(t.suspended.size()) +
                     ";;;0 active=" + std::to_string(t.active) + ";;;0";
  // Always there, so the set of labels is stable: "U" (unknown, in the Nagios
  // plugin guidelines) when no active authorisation expires.
  perf += " min_days_left=" + (t.first != nullptr ? std::to_string(days_between(now, t.first_at)) : std::string("U")) +
          ";" + std::to_string(warn_days) + ":;" + std::to_string(crit_days) + ":;;";
  return perf;
}

}  // namespace

CheckResult run_check(const State& state, Instant now, const CheckLimits& limits) {
  const Instant warn_at = add_duration(now, limits.warn);
  const Instant crit_at = add_duration(now, limits.crit);
  if (crit_at > warn_at) throw_usage("--crit must not be longer than --warn");
  // Without a hint, as check has always said it (its errors make the UNKNOWN line).
  if (limits.seller) (void)rules::require_seller(state, *limits.seller, "");
  const Tally t = count(state, now, limits, warn_at, crit_at);
  CheckResult result;
  result.state = state_of(t);
  result.line = "DAC " + std::string(state_name(result.state)) + " - " + plain(summary_of(t, now, limits)) + " | " +
                perf_data_of(t, now, warn_at, crit_at);
  return result;
}

CheckResult unknown_check(const std::string& why) {
  return CheckResult{CheckState::Unknown, "DAC UNKNOWN - " + plain(why)};
}

}  // namespace dac
