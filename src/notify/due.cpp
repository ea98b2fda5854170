#include "dac/notify/due.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_set>

#include "dac/core/error.hpp"
#include "dac/core/select.hpp"

namespace dac::notify {

namespace {

// A rough length for ordering milestones widest first (months of 30.44 days).
std::int64_t approximate_seconds(const Duration& d) { return d.months * 2'629'746 + d.seconds; }

std::string key_of(std::string_view seller_id, std::string_view developer_id, Instant expires_at,
                   std::string_view milestone) {
  std::string key;
  key.reserve(seller_id.size() + developer_id.size() + milestone.size() + 24);
  key.append(seller_id).append("/").append(developer_id).append("/");
  key.append(std::to_string(expires_at.time_since_epoch().count())).append("/").append(milestone);
  return key;
}

// The reminders already sent on `channel`, as keys.
std::unordered_set<std::string> sent_on(const State& state, std::string_view channel) {
  std::unordered_set<std::string> keys;
  for (const Reminder& r : state.reminders) {
    if (r.channel == channel) keys.insert(key_of(r.seller_id, r.developer_id, r.expires_at, r.milestone));
  }
  return keys;
}

}  // namespace

bool message_order(const Due& a, const Due& b) {
  const bool a_suspended = a.status == Status::Suspended;
  const bool b_suspended = b.status == Status::Suspended;
  if (a_suspended != b_suspended) return b_suspended;  // what can still be saved first
  if (a.expires_at != b.expires_at) return a_suspended ? a.expires_at > b.expires_at : a.expires_at < b.expires_at;
  return std::tie(a.seller_id, a.developer_id) < std::tie(b.seller_id, b.developer_id);
}

std::vector<Milestone> default_milestones() { return parse_milestones({"30d", "7d", "1d"}); }

std::vector<Milestone> parse_milestones(const std::vector<std::string>& items) {
  std::vector<Milestone> out;
  for (const std::string& item : items) {
    Milestone m;
    m.before = parse_duration(item, "--at milestone");
    m.name = format_duration(m.before);
    for (const Milestone& other : out) {
      if (other.name == m.name) throw_usage("--at names the milestone " + m.name + " twice");
    }
    out.push_back(std::move(m));
  }
  if (out.empty()) throw_usage("--at needs at least one milestone", "e.g. --at 30d,7d,1d");
  std::stable_sort(out.begin(), out.end(), [](const Milestone& a, const Milestone& b) {
    return approximate_seconds(a.before) > approximate_seconds(b.before);
  });
  return out;
}

namespace {

// The reminders already sent on one channel, and the asking for one of them.
class Sent {
 public:
  Sent(const State& state, std::string_view channel) : m_keys(sent_on(state, channel)) {}
  [[nodiscard]] bool contains(const Authorization& auth, Instant expires_at, std::string_view milestone) const {
    return m_keys.contains(key_of(auth.seller_id, auth.developer_id, expires_at, milestone));
  }

 private:
  std::unordered_set<std::string> m_keys;
};

// A suspension is due once: when it was not yet reported.
bool suspended_due(const Authorization& auth, const Sent& sent, Due& d) {
  if (sent.contains(auth, d.expires_at, k_suspended)) return false;
  d.milestone = k_suspended;
  d.milestones.emplace_back(k_suspended);
  return true;
}

// An active authorisation is due at the nearest milestone reached, unless that
// one was sent; then every reached milestone not yet sent is recorded with it.
bool active_due(const Authorization& auth, const rules::View& v, Instant now, const DueQuery& query, const Sent& sent,
                Due& d) {
  // Widest first, so the last one reached is the nearest to the expiry.
  for (const Milestone& m : query.milestones) {
    if (expires_within(v, now, add_duration(now, m.before))) d.milestone = m.name;
  }
  // Nothing reached, or the nearest one already sent (a wider milestone
  // added to --at later is moot then): nothing to say.
  if (d.milestone.empty() || sent.contains(auth, d.expires_at, d.milestone)) return false;
  for (const Milestone& m : query.milestones) {
    if (!expires_within(v, now, add_duration(now, m.before))) continue;
    if (sent.contains(auth, d.expires_at, m.name)) continue;
    d.milestones.push_back(m.name);
  }
  return true;
}

// The reminder due for `auth`, if any.
std::optional<Due> due_for(const State& state, const Authorization& auth, Instant now, const DueQuery& query,
                           const Sent& sent) {
  if (auth.own || auth.status == Status::Revoked) return std::nullopt;
  if (query.seller && auth.seller_id != *query.seller) return std::nullopt;
  const rules::View v = rules::view(state, auth, now);
  if (!v.expires_at) return std::nullopt;
  Due d;
  d.status = v.status;
  d.expires_at = *v.expires_at;
  d.days_left = v.days_left.value_or(0);
  bool is_due = false;
  if (v.status == Status::Suspended)
    is_due = suspended_due(auth, sent, d);
  else if (v.status == Status::Active)
    is_due = active_due(auth, v, now, query, sent, d);
  if (!is_due) return std::nullopt;
  d.seller_id = auth.seller_id;
  d.developer_id = auth.developer_id;
  d.nickname = auth.nickname;
  return d;
}

}  // namespace

std::vector<Due> due(const State& state, Instant now, const DueQuery& query) {
  const Sent sent(state, query.channel);
  std::vector<Due> out;
  for (const Authorization& auth : state.authorizations) {
    if (auto d = due_for(state, auth, now, query, sent)) out.push_back(std::move(*d));
  }
  std::sort(out.begin(), out.end(), message_order);
  return out;
}

void record_sent(State& state, const std::vector<Due>& sent, std::string_view channel, Instant now,
                 const rules::Actor& actor, rules::Outcome& out) {
  std::unordered_set<std::string> recorded = sent_on(state, channel);
  for (const Due& d : sent) {
    bool added = false;
    for (const std::string& milestone : d.milestones) {
      if (!recorded.insert(key_of(d.seller_id, d.developer_id, d.expires_at, milestone)).second) continue;
      state.reminders.push_back(
          Reminder{d.seller_id, d.developer_id, d.expires_at, milestone, std::string(channel), now});
      added = true;
    }
    if (!added) continue;
    Event e;
    e.type = EventType::Reminded;
    e.effective_at = now;
    e.recorded_at = now;
    e.seller_id = d.seller_id;
    e.developer_id = d.developer_id;
    e.actor = actor.name;
    e.reason = actor.reason;
    e.channel = std::string(channel);
    e.milestone = d.milestone;
    out.events.push_back(std::move(e));
  }
}

void prune(State& state, Instant now) {
  std::erase_if(state.reminders, [&](const Reminder& r) {
    const Authorization* auth = state.find(r.seller_id, r.developer_id);
    if (auth == nullptr || auth->status == Status::Revoked) return true;
    const rules::View v = rules::view(state, *auth, now);
    return !v.expires_at || *v.expires_at != r.expires_at;
  });
}

}  // namespace dac::notify
