#include "dac/core/model.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <stdexcept>
#include <utility>

namespace dac {

namespace {

constexpr std::array<std::pair<Status, std::string_view>, 3> k_status_names{{
    {Status::Active, "active"},
    {Status::Suspended, "suspended"},
    {Status::Revoked, "revoked"},
}};

constexpr std::array<std::pair<EventType, std::string_view>, 10> k_event_names{{
    {EventType::SellerAdded, "seller_added"},
    {EventType::Granted, "granted"},
    {EventType::Confirmed, "confirmed"},
    {EventType::Suspended, "suspended"},
    {EventType::Restored, "restored"},
    {EventType::Revoked, "revoked"},
    {EventType::ConfirmationEnabled, "confirmation_enabled"},
    {EventType::ConfirmationDisabled, "confirmation_disabled"},
    {EventType::Reminded, "reminded"},
    {EventType::InventoryRecorded, "inventory_recorded"},
}};

template <typename Table, typename Key>
auto name_of(const Table& table, Key key) {
  for (const auto& [k, name] : table) {
    if (k == key) return name;
  }
  return std::string_view{"?"};
}

template <typename Key, typename Table>
std::optional<Key> key_of(const Table& table, std::string_view name) {
  for (const auto& [k, n] : table) {
    if (n == name) return k;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Status s) noexcept { return name_of(k_status_names, s); }
std::optional<Status> status_from_string(std::string_view s) noexcept { return key_of<Status>(k_status_names, s); }
std::string_view to_string(EventType t) noexcept { return name_of(k_event_names, t); }
std::optional<EventType> event_type_from_string(std::string_view s) noexcept {
  return key_of<EventType>(k_event_names, s);
}

Seller& State::add_seller(Seller seller) {
  require_indexed();
  sellers.push_back(std::move(seller));
  index_seller(sellers.size() - 1);
  return sellers.back();
}

Authorization& State::add_authorization(Authorization authorization) {
  require_indexed();
  authorizations.push_back(std::move(authorization));
  index_authorization(authorizations.size() - 1);
  return authorizations.back();
}

void State::build_indexes() {
  m_seller_index.clear();
  m_slots.assign(std::max<std::size_t>(16, std::bit_ceil(2 * authorizations.size())), 0);
  m_by_seller.clear();
  m_sellers_indexed = 0;
  m_authorizations_indexed = 0;
  m_seller_index.reserve(sellers.size());
  for (std::size_t i = 0; i < sellers.size(); ++i) index_seller(i);
  for (std::size_t i = 0; i < authorizations.size(); ++i) index_authorization(i);
}

namespace {

std::size_t hash_of(std::string_view seller_id, std::string_view developer_id) noexcept {
  const std::size_t h = std::hash<std::string_view>{}(developer_id);
  return h ^ (std::hash<std::string_view>{}(seller_id) + 0x9e3779b97f4a7c15ULL + (h << 6U) + (h >> 2U));
}

}  // namespace

void State::index_seller(std::size_t position) {
  m_seller_index.emplace(sellers[position].seller_id, position);
  m_sellers_indexed = position + 1;
}

void State::index_authorization(std::size_t position) {
  const Authorization& a = authorizations[position];
  // At most half full, so that a probe ends soon on an empty slot.
  if (2 * (position + 1) > m_slots.size()) grow_slots();
  m_slots[slot_of(a.seller_id, a.developer_id)] = position + 1;
  const auto it = m_by_seller.find(std::string_view(a.seller_id));
  if (it == m_by_seller.end()) {
    m_by_seller.emplace(a.seller_id, std::vector<std::size_t>{position});
  } else {
    it->second.push_back(position);
  }
  m_authorizations_indexed = position + 1;
}

std::size_t State::slot_of(std::string_view seller_id, std::string_view developer_id) const noexcept {
  const std::size_t mask = m_slots.size() - 1;
  for (std::size_t slot = hash_of(seller_id, developer_id) & mask;; slot = (slot + 1) & mask) {
    const std::size_t entry = m_slots[slot];
    if (entry == 0) return slot;
    const Authorization& a = authorizations[entry - 1];
    if (a.developer_id == developer_id && a.seller_id == seller_id) return slot;
  }
}

void State::grow_slots() {
  const std::vector<std::size_t> old = std::move(m_slots);
  m_slots.assign(std::max<std::size_t>(16, 2 * old.size()), 0);
  for (const std::size_t entry : old) {
    if (entry == 0) continue;
    const Authorization& a = authorizations[entry - 1];
    m_slots[slot_of(a.seller_id, a.developer_id)] = entry;
  }
}

void State::require_indexed() const {
  if (m_sellers_indexed != sellers.size() || m_authorizations_indexed != authorizations.size()) {
    throw std::logic_error("State: records were added without add_seller or add_authorization; call build_indexes()");
  }
}

Seller* State::find_seller(std::string_view seller_id) {
  require_indexed();
  // A few sellers are found quicker by looking at each than by hashing.
  constexpr std::size_t k_scan_below = 16;
  if (sellers.size() < k_scan_below) {
    auto it = std::find_if(sellers.begin(), sellers.end(), [&](const Seller& s) { return s.seller_id == seller_id; });
    return it == sellers.end() ? nullptr : &*it;
  }
  const auto it = m_seller_index.find(seller_id);
  return it == m_seller_index.end() ? nullptr : &sellers[it->second];
}

const Seller* State::find_seller(std::string_view seller_id) const {
  return const_cast<State*>(this)->find_seller(
      seller_id);  // NOLINT(cppcoreguidelines-pro-type-const-cast): one body for both
}

Authorization* State::find(std::string_view seller_id, std::string_view developer_id) {
  require_indexed();
  if (m_slots.empty()) return nullptr;
  const std::size_t entry = m_slots[slot_of(seller_id, developer_id)];
  return entry == 0 ? nullptr : &authorizations[entry - 1];
}

const Authorization* State::find(std::string_view seller_id, std::string_view developer_id) const {
  return const_cast<State*>(this)->find(
      seller_id, developer_id);  // NOLINT(cppcoreguidelines-pro-type-const-cast): one body for both
}

const std::vector<std::size_t>& State::positions_of_seller(std::string_view seller_id) const {
  static const std::vector<std::size_t> k_none;
  require_indexed();
  const auto it = m_by_seller.find(seller_id);
  return it == m_by_seller.end() ? k_none : it->second;
}

}  // namespace dac
