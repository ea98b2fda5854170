#include "dac/core/model.hpp"

#include <algorithm>
#include <array>
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
  m_by_key.clear(authorizations.size());
  m_by_seller.clear();
  m_sellers_indexed = 0;
  m_authorizations_indexed = 0;
  m_seller_index.reserve(sellers.size());
  for (std::size_t i = 0; i < sellers.size(); ++i) index_seller(i);
  for (std::size_t i = 0; i < authorizations.size(); ++i) index_authorization(i);
}

void State::index_seller(std::size_t position) {
  m_seller_index.emplace(sellers[position].seller_id, position);
  m_sellers_indexed = position + 1;
}

void State::index_authorization(std::size_t position) {
  const Authorization& a = authorizations[position];
  m_by_key.insert(a.seller_id, a.developer_id, position, key_at());
  const auto it = m_by_seller.find(std::string_view(a.seller_id));
  if (it == m_by_seller.end()) {
    m_by_seller.emplace(a.seller_id, std::vector<std::size_t>{position});
  } else {
    it->second.push_back(position);
  }
  m_authorizations_indexed = position + 1;
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
  const auto position = m_by_key.find(seller_id, developer_id, key_at());
  return position ? &authorizations[*position] : nullptr;
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
