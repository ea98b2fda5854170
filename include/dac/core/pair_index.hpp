#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace dac {

// (seller ID, developer ID) → position in a vector of records that hold the
// keys: an open-addressing table, at most half full, of the key's hash and
// the position + 1 (0: empty), 8 bytes a slot. A lookup compares the hash
// first and the record's own key only on a match, so it costs about one cache
// miss, builds no key string and allocates nothing. A map of string keys cost
// `list` on 10^6 authorisations 150 MB and 0.9 s to build (bench/run), and the
// history's replay (core/replay.hpp) most of its time.
//
// `key_of(position)` gives the record's (seller ID, developer ID); records are
// never removed or re-keyed. Positions are below 2^32.
class PairIndex {
 public:
  // Empties the index, sized for `expected` keys.
  void clear(std::size_t expected) {
    m_slots.assign(std::max<std::size_t>(k_min_slots, std::bit_ceil(2 * expected)), Slot{});
    m_count = 0;
  }

  template <typename KeyOf>
  [[nodiscard]] std::optional<std::size_t> find(std::string_view seller_id, std::string_view developer_id,
                                                const KeyOf& key_of) const {
    if (m_slots.empty()) return std::nullopt;
    const Slot& s = m_slots[slot_of(hash_of(seller_id, developer_id), seller_id, developer_id, key_of)];
    if (s.position_plus_one == 0) return std::nullopt;
    return s.position_plus_one - 1;
  }

  // Adds a key that is not in the index.
  template <typename KeyOf>
  void insert(std::string_view seller_id, std::string_view developer_id, std::size_t position, const KeyOf& key_of) {
    if (2 * (m_count + 1) > m_slots.size()) grow();
    const std::uint32_t hash = hash_of(seller_id, developer_id);
    m_slots[slot_of(hash, seller_id, developer_id, key_of)] = Slot{hash, static_cast<std::uint32_t>(position + 1)};
    ++m_count;
  }

 private:
  struct Slot {
    std::uint32_t hash = 0;
    std::uint32_t position_plus_one = 0;
  };
  static constexpr std::size_t k_min_slots = 16;

  static std::uint32_t hash_of(std::string_view seller_id, std::string_view developer_id) noexcept {
    const std::size_t h = std::hash<std::string_view>{}(developer_id);
    const std::size_t mixed =
        h ^ (std::hash<std::string_view>{}(seller_id) + 0x9e3779b97f4a7c15ULL + (h << 6U) + (h >> 2U));
    return static_cast<std::uint32_t>(mixed ^ (mixed >> 32U));
  }

  // The slot that holds the key, or the empty one where it would go.
  template <typename KeyOf>
  [[nodiscard]] std::size_t slot_of(std::uint32_t hash, std::string_view seller_id, std::string_view developer_id,
                                    const KeyOf& key_of) const {
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& s = m_slots[i];
      if (s.position_plus_one == 0) return i;
      if (s.hash != hash) continue;
      const auto [seller, developer] = key_of(std::size_t{s.position_plus_one} - 1);
      if (developer == developer_id && seller == seller_id) return i;
    }
  }

  // Doubles the table: each key goes where its hash says, no record is read.
  void grow() {
    const std::vector<Slot> old = std::move(m_slots);
    m_slots.assign(std::max<std::size_t>(k_min_slots, 2 * old.size()), Slot{});
    const std::size_t mask = m_slots.size() - 1;
    for (const Slot& s : old) {
      if (s.position_plus_one == 0) continue;
      std::size_t i = s.hash & mask;
      while (m_slots[i].position_plus_one != 0) i = (i + 1) & mask;
      m_slots[i] = s;
    }
  }

  std::vector<Slot> m_slots;
  std::size_t m_count = 0;
};

}  // namespace dac
