#include "dac/app/history.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "dac/core/error.hpp"
#include "dac/core/rules.hpp"

namespace dac::app {

namespace {

using Nicknames = std::unordered_map<std::string, std::string, KeyHash, std::equal_to<>>;

// The key of an authorisation in a table of nicknames.
std::string pair_key(std::string_view seller_id, std::string_view developer_id) {
  std::string key;
  key.reserve(seller_id.size() + 1 + developer_id.size());
  key.append(seller_id).append(1, '/').append(developer_id);
  return key;
}

// Follows the nickname of every authorisation along the history, so that each
// selected event gets the one it had at that event (SPEC §3).
class NicknameTracker {
 public:
  explicit NicknameTracker(std::vector<Event>& selected) : m_selected(selected) {}

  // Takes note of what `e` says of nicknames; called for every event in
  // scope, in recorded order, before it is selected.
  void see(const Event& e) {
    if (e.type == EventType::Granted && e.developer_id && e.nickname) {
      m_known[pair_key(e.seller_id, *e.developer_id)] = *e.nickname;
    } else if (e.type == EventType::InventoryRecorded && e.inventory) {
      take_inventory(*e.inventory);
    }
  }

  // Names the event just selected (the last of `selected`), or leaves it to
  // an inventory that may follow.
  void name_last() {
    Event& e = m_selected.back();
    e.nickname.reset();
    if (!e.developer_id) return;
    const auto it = m_known.find(pair_key(e.seller_id, *e.developer_id));
    if (it != m_known.end()) {
      e.nickname = it->second;
    } else {
      m_pending.push_back(m_selected.size() - 1);
    }
  }

  // Names what neither a grant nor a recorded inventory named, after the
  // stored inventory.
  void finish(const State& state) {
    for (const std::size_t i : m_pending) {
      Event& e = m_selected[i];
      if (const Authorization* auth = state.find(e.seller_id, *e.developer_id)) e.nickname = auth->nickname;
    }
    m_pending.clear();
  }

 private:
  // The inventory recorded by the upgrade of a format-1 store names the
  // events before it, which carry no nickname, and those after it until a
  // grant names the authorisation anew.
  void take_inventory(const Inventory& inventory) {
    Nicknames recorded;
    for (const Authorization& a : inventory.authorizations) {
      recorded.emplace(pair_key(a.seller_id, a.developer_id), a.nickname);
    }
    std::vector<std::size_t> unnamed;
    for (const std::size_t i : m_pending) {
      Event& e = m_selected[i];
      const auto it = recorded.find(pair_key(e.seller_id, *e.developer_id));
      if (it != recorded.end()) {
        e.nickname = it->second;
      } else {
        unnamed.push_back(i);
      }
    }
    m_pending = std::move(unnamed);
    for (auto& [key, nickname] : recorded) m_known.try_emplace(key, std::move(nickname));
  }

  std::vector<Event>& m_selected;
  Nicknames m_known;                   // the latest nickname of each authorisation so far
  std::vector<std::size_t> m_pending;  // positions in m_selected of events not named yet
};

// Whether `e` passes the options of `query` that do not say whose events.
bool selected(const Event& e, const HistoryQuery& query) {
  if (query.after && e.seq <= *query.after) return false;
  if (query.since && e.effective_at < *query.since) return false;
  if (query.until && e.effective_at > *query.until) return false;
  if (query.actor && e.actor != *query.actor) return false;
  if (!query.types.empty() && std::find(query.types.begin(), query.types.end(), e.type) == query.types.end()) {
    return false;
  }
  return true;
}

}  // namespace

std::vector<Event> select_events(Store& store, State& state, const HistoryQuery& query) {
  std::optional<std::pair<std::string, std::string>> only;
  if (query.target) {
    const Authorization& auth = rules::find_target(state, *query.target, query.seller);
    only.emplace(auth.seller_id, auth.developer_id);
  } else if (query.seller) {
    (void)rules::require_seller(state, *query.seller);
  }
  std::vector<Event> events;
  NicknameTracker nicknames(events);
  store.read_history(state, [&](const Event& e) {
    // An upgrade's inventory names every authorisation, whatever the scope.
    if (e.type == EventType::InventoryRecorded) nicknames.see(e);
    if (only && (e.seller_id != only->first || e.developer_id != only->second)) return;
    if (query.seller && e.seller_id != *query.seller) return;
    if (e.type == EventType::Granted) nicknames.see(e);
    if (!selected(e, query)) return;
    events.push_back(e);
    nicknames.name_last();
  });
  nicknames.finish(state);
  return events;
}

History read_history(Store& store, const HistoryQuery& query) {
  History history{store.load(), {}};
  history.events = select_events(store, history.state, query);
  return history;
}

}  // namespace dac::app
