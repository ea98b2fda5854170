#include "dac/app/apply.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace dac::app {

namespace {

// Whether the grant `e` may have come due in a period of confirmation that a
// disable has ended since: its authorisation date is before the seller's last
// disable. A format-1 store does not record that date: there, unless the
// grant is dated now or confirmation has been on since before it.
bool granted_before_a_disable(const State& state, const Event& e) {
  if (e.type != EventType::Granted || !e.developer_id || e.own.value_or(false)) return false;
  const Seller* seller = state.find_seller(e.seller_id);
  if (seller == nullptr) return false;
  if (!state.store_id.empty()) return seller->disabled_at && *seller->disabled_at > e.effective_at;
  const bool on_since = seller->confirmation_enabled && seller->enabled_at && *seller->enabled_at <= e.effective_at;
  return e.effective_at < e.recorded_at && !on_since;
}

// The on-periods that a disable has ended, of each of `sellers`, from the
// history (the only place that keeps more than the last switch), in the order
// they took effect.
std::map<std::string, std::vector<rules::OnPeriod>> closed_periods(Store& store, const State& state,
                                                                   const std::set<std::string>& sellers) {
  struct Switch {
    Instant at;
    std::uint64_t seq;
    bool on;
  };
  std::map<std::string, std::vector<Switch>> switches;
  store.read_history(state, [&](const Event& e) {
    const bool on = e.type == EventType::ConfirmationEnabled;
    if ((on || e.type == EventType::ConfirmationDisabled) && sellers.contains(e.seller_id)) {
      switches[e.seller_id].push_back({e.effective_at, e.seq, on});
    }
  });
  std::map<std::string, std::vector<rules::OnPeriod>> periods;
  for (auto& [seller, list] : switches) {
    std::sort(list.begin(), list.end(),
              [](const Switch& a, const Switch& b) { return std::tie(a.at, a.seq) < std::tie(b.at, b.seq); });
    std::optional<Instant> from;
    for (const Switch& s : list) {
      if (s.on) {
        from = s.at;
      } else if (from) {
        periods[seller].push_back({*from, s.at});
        from.reset();
      }
    }
  }
  return periods;
}

// R5 for the grants of this change recorded late (events from `first` on):
// those whose 12 months ran out while confirmation was on, before a disable
// that has happened since, are suspended at that expiry. The history is read
// only when the change holds such a grant.
void record_late_suspensions(Store& store, State& state, std::size_t first, Instant now, rules::Outcome& out) {
  std::vector<std::pair<std::string, std::string>> late;
  std::set<std::string> sellers;
  for (std::size_t i = first; i < out.events.size(); ++i) {
    const Event& e = out.events[i];
    if (!granted_before_a_disable(state, e)) continue;
    late.emplace_back(e.seller_id, *e.developer_id);
    sellers.insert(e.seller_id);
  }
  if (late.empty()) return;
  const auto periods = closed_periods(store, state, sellers);
  for (const auto& [seller_id, developer_id] : late) {
    const auto it = periods.find(seller_id);
    Authorization* auth = state.find(seller_id, developer_id);
    if (it != periods.end() && auth != nullptr) rules::record_late_suspension(*auth, it->second, now, out);
  }
}

}  // namespace

namespace {

// One attempt: lock, load, apply the rules and the change, commit.
Applied apply_once(Store& store, Instant now, const WriteOptions& options, const Scope& scope, const Change& change) {
  const auto asked = std::chrono::steady_clock::now();
  auto tx = store.begin(options.wait, scope);
  if (options.on_locked) {
    options.on_locked(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - asked));
  }
  State& state = tx->state();
  rules::require_time_forward(state, now);  // R13, before anything is recorded
  rules::Outcome out;
  rules::record_due_suspensions(state, now, out);
  const std::size_t first_of_change = out.events.size();
  change(state, out);
  record_late_suspensions(store, state, first_of_change, now, out);
  rules::record_due_suspensions(state, now, out);
  if (options.before_commit) options.before_commit(out);
  if (!options.dry_run) tx->commit(out.events, now);
  return Applied{std::move(out), std::move(state)};
}

}  // namespace

Applied apply_change(Store& store, Instant now, const WriteOptions& options, const Change& change) {
  return apply_change(store, now, options, Scope{}, change);
}

Applied apply_change(Store& store, Instant now, const WriteOptions& options, const Scope& scope, const Change& change) {
  // A conflict the store expects to clear (it wrote nothing) is tried again,
  // from a fresh load, a few times.
  constexpr int k_attempts = 3;
  for (int attempt = 1;; ++attempt) {
    try {
      return apply_once(store, now, options, scope, change);
    } catch (const TransientError&) {
      if (attempt == k_attempts) throw;
    }
  }
}

}  // namespace dac::app
