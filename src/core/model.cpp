#include "dac/core/model.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

namespace dac {

namespace {

constexpr std::array<std::pair<Status, std::string_view>, 3> k_status_names{{
    {Status::Active, "active"},
    {Status::Suspended, "suspended"},
    {Status::Revoked, "revoked"},
}};

constexpr std::array<std::pair<EventType, std::string_view>, 9> k_event_names{{
    {EventType::SellerAdded, "seller_added"},
    {EventType::Granted, "granted"},
    {EventType::Confirmed, "confirmed"},
    {EventType::Suspended, "suspended"},
    {EventType::Restored, "restored"},
    {EventType::Revoked, "revoked"},
    {EventType::ConfirmationEnabled, "confirmation_enabled"},
    {EventType::ConfirmationDisabled, "confirmation_disabled"},
    {EventType::Reminded, "reminded"},
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

Seller* State::find_seller(std::string_view seller_id) {
  const auto scan = [&]() -> Seller* {
    auto it = std::find_if(sellers.begin(), sellers.end(), [&](const Seller& s) { return s.seller_id == seller_id; });
    return it == sellers.end() ? nullptr : &*it;
  };
  // A few sellers are found quicker by looking at each than by hashing.
  constexpr std::size_t k_scan_below = 16;
  if (sellers.size() < k_scan_below) return scan();
  if (m_sellers_indexed > sellers.size()) {  // the vector was replaced: start again
    m_seller_index.clear();
    m_sellers_indexed = 0;
  }
  for (; m_sellers_indexed < sellers.size(); ++m_sellers_indexed) {
    m_seller_index.emplace(sellers[m_sellers_indexed].seller_id, m_sellers_indexed);
  }
  const auto it = m_seller_index.find(seller_id);
  if (it == m_seller_index.end()) return nullptr;
  Seller& seller = sellers[it->second];
  if (seller.seller_id == seller_id) return &seller;
  // The records were replaced behind the index: scan, and rebuild it next time.
  m_seller_index.clear();
  m_sellers_indexed = 0;
  return scan();
}

const Seller* State::find_seller(std::string_view seller_id) const {
  return const_cast<State*>(this)->find_seller(seller_id);
}

namespace {

std::string key_of(std::string_view seller_id, std::string_view developer_id) {
  std::string key;
  key.reserve(seller_id.size() + 1 + developer_id.size());
  key.append(seller_id).append("/").append(developer_id);
  return key;
}

}  // namespace

Authorization* State::find(std::string_view seller_id, std::string_view developer_id) {
  if (m_indexed > authorizations.size()) {  // the vector was replaced: start again
    m_index.clear();
    m_indexed = 0;
  }
  for (; m_indexed < authorizations.size(); ++m_indexed) {
    const Authorization& a = authorizations[m_indexed];
    m_index.emplace(key_of(a.seller_id, a.developer_id), m_indexed);
  }
  // The key in a buffer on the stack (IDs are at most 20 and 12 characters).
  char buffer[64];
  std::string_view key;
  if (seller_id.size() + 1 + developer_id.size() <= sizeof buffer) {
    std::memcpy(buffer, seller_id.data(), seller_id.size());
    buffer[seller_id.size()] = '/';
    std::memcpy(buffer + seller_id.size() + 1, developer_id.data(), developer_id.size());
    key = std::string_view(buffer, seller_id.size() + 1 + developer_id.size());
  }
  const auto it = key.empty() ? m_index.find(key_of(seller_id, developer_id)) : m_index.find(key);
  if (it == m_index.end()) return nullptr;
  Authorization& auth = authorizations[it->second];
  if (auth.seller_id == seller_id && auth.developer_id == developer_id) return &auth;
  // The records were replaced behind the index: scan, and rebuild it next time.
  m_index.clear();
  m_indexed = 0;
  for (Authorization& a : authorizations) {
    if (a.seller_id == seller_id && a.developer_id == developer_id) return &a;
  }
  return nullptr;
}

const Authorization* State::find(std::string_view seller_id, std::string_view developer_id) const {
  return const_cast<State*>(this)->find(seller_id, developer_id);
}

const std::vector<std::size_t>& State::positions_of_seller(std::string_view seller_id) const {
  const auto index = [&] {
    for (; m_by_seller_indexed < authorizations.size(); ++m_by_seller_indexed) {
      m_by_seller[authorizations[m_by_seller_indexed].seller_id].push_back(m_by_seller_indexed);
    }
  };
  if (m_by_seller_indexed > authorizations.size()) {  // the vector was replaced: start again
    m_by_seller.clear();
    m_by_seller_indexed = 0;
  }
  index();
  std::vector<std::size_t>& positions = m_by_seller[std::string(seller_id)];
  for (const std::size_t i : positions) {
    if (authorizations[i].seller_id != seller_id) {  // replaced behind the index: rebuild it
      m_by_seller.clear();
      m_by_seller_indexed = 0;
      index();
      return m_by_seller[std::string(seller_id)];
    }
  }
  return positions;
}

}  // namespace dac
