#include "dac/core/replay.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace dac {

namespace {

constexpr std::uint32_t k_none = std::numeric_limits<std::uint32_t>::max();

}  // namespace

Replay::Replay(std::optional<Instant> as_of, const State* fallback)
    : m_as_of(as_of.value_or(Instant::max())), m_fallback(fallback) {}

std::uint32_t Replay::seller_slot(const std::string& seller_id) {
  if (m_last_seller != k_none && m_sellers[m_last_seller].seller_id == seller_id) return m_last_seller;
  const auto found = m_seller_index.find(std::string_view(seller_id));
  if (found != m_seller_index.end()) return m_last_seller = found->second;
  // An event of a seller whose seller_added is missing: known from here on, confirmation off.
  Seller seller;
  seller.seller_id = seller_id;
  seller.confirmation_enabled = false;
  const auto slot = static_cast<std::uint32_t>(m_sellers.size());
  m_sellers.push_back(std::move(seller));
  m_seller_named.push_back(false);
  m_closed_periods.emplace_back();
  m_seller_index.emplace(seller_id, slot);
  return m_last_seller = slot;
}

std::uint32_t Replay::auth_slot(const std::string& seller_id, const std::string& developer_id) {
  const auto key_of = [this](std::size_t position) {
    const Authorization& a = m_auths[position];
    return std::pair<std::string_view, std::string_view>(a.seller_id, a.developer_id);
  };
  if (const auto found = m_by_key.find(seller_id, developer_id, key_of)) return static_cast<std::uint32_t>(*found);
  const std::uint32_t seller = seller_slot(seller_id);
  const auto slot = static_cast<std::uint32_t>(m_auths.size());
  Authorization auth;
  auth.seller_id = m_sellers[seller].seller_id;
  auth.developer_id = developer_id;
  m_auths.push_back(std::move(auth));
  m_slots.emplace_back().seller = seller;
  m_by_key.insert(seller_id, developer_id, slot, key_of);
  return slot;
}

void Replay::apply_seller_event(const Event& event) {
  const std::uint32_t s = seller_slot(event.seller_id);
  Seller& seller = m_sellers[s];
  switch (event.type) {
    case EventType::SellerAdded:
      // Whatever its instant: a seller is known in every picture (see the header).
      if (event.seller_name) {
        seller.name = *event.seller_name;
        m_seller_named[s] = true;
      }
      break;
    case EventType::ConfirmationEnabled:
      if (!counts(event)) break;
      seller.confirmation_enabled = true;
      seller.enabled_at = event.effective_at;
      break;
    case EventType::ConfirmationDisabled:
      if (!counts(event)) break;
      if (seller.confirmation_enabled && seller.enabled_at) {
        m_closed_periods[s].push_back({*seller.enabled_at, event.effective_at});
      }
      seller.confirmation_enabled = false;
      seller.disabled_at = event.effective_at;
      break;
    default:
      break;
  }
}

void Replay::apply_grant(std::uint32_t slot, const Event& event) {
  Slot& info = m_slots[slot];
  ++info.grants_total;
  if (!counts(event)) return;
  // R2, R10: a fresh record, whatever stood before (its history is kept).
  Authorization& auth = m_auths[slot];
  std::string seller_id = std::move(auth.seller_id);
  std::string developer_id = std::move(auth.developer_id);
  auth = Authorization{};
  auth.seller_id = std::move(seller_id);
  auth.developer_id = std::move(developer_id);
  auth.authorized_at = event.effective_at;
  if (event.nickname) auth.nickname = *event.nickname;
  auth.own = event.own.value_or(false);
  // An imported date last confirmed counts from that instant on.
  if (event.last_confirmed_at && *event.last_confirmed_at > auth.authorized_at && *event.last_confirmed_at <= m_as_of) {
    auth.confirmed_at = event.last_confirmed_at;
  }
  if (!event.nickname) fill_v1_grant(auth, event);
  info.present = true;
  info.needs_fill = !event.nickname.has_value();
  info.grants_applied = info.grants_total;
  info.granted_recorded_at = event.recorded_at;
}

void Replay::fill_v1_grant(Authorization& auth, const Event& event) const {
  if (m_fallback == nullptr) return;
  const Authorization* known = m_fallback->find(auth.seller_id, auth.developer_id);
  if (known == nullptr) return;
  auth.nickname = known->nickname;
  auth.own = known->own;
  // The same grant, confirmed no later than it was recorded: an imported date
  // last confirmed (a confirmation is recorded after its grant). Set here, so
  // that a later suspension or revocation freezes it as the rules did.
  if (known->authorized_at == auth.authorized_at && known->confirmed_at && *known->confirmed_at > auth.authorized_at &&
      *known->confirmed_at <= event.recorded_at && *known->confirmed_at <= m_as_of) {
    auth.confirmed_at = known->confirmed_at;
  }
}

void Replay::apply_inventory(const Inventory& inventory) {
  // The picture as it stood at the upgrade replaces what came before it.
  for (Slot& slot : m_slots) slot.present = false;
  for (const Seller& stored : inventory.sellers) {
    const std::uint32_t s = seller_slot(stored.seller_id);
    m_sellers[s] = stored;
    m_seller_named[s] = true;
  }
  for (const Authorization& stored : inventory.authorizations) {
    const std::uint32_t slot = auth_slot(stored.seller_id, stored.developer_id);
    m_auths[slot] = stored;
    m_auths[slot].token.reset();
    Slot& info = m_slots[slot];
    info.present = true;
    info.needs_fill = false;
    info.grants_applied = info.grants_total;
  }
}

void Replay::apply_suspension(std::uint32_t seller, Authorization& auth, Instant at) const {
  const Seller& now_on = m_sellers[seller];
  const bool in_current = now_on.confirmation_enabled && now_on.enabled_at && *now_on.enabled_at <= at;
  if (!in_current && auth.status == Status::Active) {
    // Came due in a period that has ended since: its dates then (R8a), as
    // rules::record_late_suspension froze them (the first period that holds
    // the instant, as there: a disable at the instant the next enable takes
    // effect ends the earlier one first).
    for (const rules::OnPeriod& p : m_closed_periods[seller]) {
      if (p.from > at || at > p.until) continue;
      auth.frozen_last_confirmed_at = rules::last_confirmed_in_period(auth, p.from, at);
      auth.status = Status::Suspended;
      auth.ended_at = at;
      return;
    }
  }
  rules::freeze(now_on, auth, Status::Suspended, at);
}

void Replay::apply(const Event& event) {
  ++m_events;
  if (event.type == EventType::InventoryRecorded) {
    if (event.inventory) {
      m_inventory = event.inventory;
      if (counts(event)) apply_inventory(*event.inventory);
    }
    return;
  }
  if (!event.developer_id) {
    apply_seller_event(event);
    return;
  }
  if (event.type == EventType::Reminded) return;
  const std::uint32_t slot = auth_slot(event.seller_id, *event.developer_id);
  const std::uint32_t s = m_slots[slot].seller;
  if (event.type == EventType::Granted) {
    apply_grant(slot, event);
    return;
  }
  Authorization& auth = m_auths[slot];
  if (!counts(event) || !m_slots[slot].present) return;
  switch (event.type) {
    // As the rules allow them: a confirmation of an active record, a
    // restoration of a suspended one (anything else was never recorded).
    case EventType::Confirmed:
      if (auth.status == Status::Active) auth.confirmed_at = event.effective_at;
      break;
    case EventType::Restored:
      if (auth.status != Status::Suspended) break;
      auth.status = Status::Active;
      auth.confirmed_at = event.effective_at;
      auth.frozen_last_confirmed_at.reset();
      auth.ended_at.reset();
      break;
    case EventType::Suspended:
      apply_suspension(s, auth, event.effective_at);
      break;
    case EventType::Revoked:
      rules::freeze(m_sellers[s], auth, Status::Revoked, event.effective_at);
      break;
    default:
      break;
  }
}

void Replay::fill(bool tokens) {
  // The nickname and own flag of format-1 grants (and seller names) come from
  // the upgrade's inventory when there is one: the fallback may hold a later grant.
  std::optional<State> recorded;
  if (m_inventory) {
    recorded.emplace();
    recorded->sellers = m_inventory->sellers;
    recorded->authorizations = m_inventory->authorizations;
    recorded->build_indexes();
  }
  const State* source = recorded ? &*recorded : m_fallback;
  for (std::size_t s = 0; s < m_sellers.size(); ++s) {
    if (m_seller_named[s] || source == nullptr) continue;
    if (const Seller* known = source->find_seller(m_sellers[s].seller_id)) m_sellers[s].name = known->name;
  }
  for (std::size_t i = 0; i < m_auths.size(); ++i) {
    const Slot& info = m_slots[i];
    Authorization& auth = m_auths[i];
    if (!info.present) continue;
    if (info.needs_fill && recorded) {
      if (const Authorization* known = recorded->find(auth.seller_id, auth.developer_id)) {
        auth.nickname = known->nickname;
        auth.own = known->own;
      }
    }
    if (tokens && m_fallback != nullptr && info.grants_applied == info.grants_total) {
      const Authorization* now = m_fallback->find(auth.seller_id, auth.developer_id);
      if (now != nullptr && now->authorized_at == auth.authorized_at) auth.token = now->token;
    }
  }
}

State Replay::finish(bool tokens) {
  fill(tokens);
  State state;
  state.sellers = std::move(m_sellers);
  state.authorizations.reserve(m_auths.size());
  for (std::size_t i = 0; i < m_auths.size(); ++i) {
    if (m_slots[i].present) state.authorizations.push_back(std::move(m_auths[i]));
  }
  state.build_indexes();
  return state;
}

State replay(const std::vector<Event>& events, std::optional<Instant> at, const State* fallback) {
  Replay r(at, fallback);
  for (const Event& e : events) r.apply(e);
  return r.finish();
}

}  // namespace dac
