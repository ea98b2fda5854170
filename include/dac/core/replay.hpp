#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "dac/core/model.hpp"
#include "dac/core/pair_index.hpp"
#include "dac/core/rules.hpp"

namespace dac {

// The inventory rebuilt from the Authorization History (R12, SPEC §2): the
// one fold behind `--as-of` (the picture at an instant), `history --verify`
// (the whole history, compared with the stored inventory) and the tests.
//
// Events are folded in the order they were recorded (seq). For a picture at
// T only the events that took effect at or before T count, so a grant
// recorded late with `--at` counts from the instant it took effect; the
// records come out as they stood (status as recorded, R8a dates frozen), and
// the caller applies the rules at T (rules::view: an active one whose expiry
// is at or before T shows suspended). A seller exists in every picture once
// its `seller_added` event is read (whatever its instant); its confirmation
// counts as off until its first `confirmation_enabled` that took effect by T.
// An imported date last confirmed (a grant's `last_confirmed_at`) counts
// from that instant on. An `inventory_recorded` event (the upgrade of a
// format-1 store) replaces the whole picture with the inventory it carries.
//
// Events written by a format-1 dac carry no nickname, own flag, imported
// date last confirmed or seller name: those are taken from the inventory of
// the `inventory_recorded` event that follows them, else from the `fallback`
// (the stored inventory), for the same authorisation: its nickname and own
// flag, and the date last confirmed of the same grant where it can only have
// come from an import (no later than the grant was recorded).
//
// Cost: one lookup in a PairIndex per event, no allocation per event (other
// than an authorisation's first grant); nothing is rebuilt per event.
class Replay {
 public:
  // A replay of every event (`as_of` empty), or of those that took effect by
  // `as_of`; `fallback` (may be null; outlives the replay) as above.
  explicit Replay(std::optional<Instant> as_of = std::nullopt, const State* fallback = nullptr);

  // Folds the next event of the history, in the order recorded.
  void apply(const Event& event);

  // The picture: its sellers and authorisations in a State with its indexes
  // built (no reminders, no history head). With `tokens`, an authorisation
  // takes the fallback's token when the fallback holds the same grant (no
  // grant of it recorded since) and that grant still holds a token. Call once.
  [[nodiscard]] State finish(bool tokens = false);

  // How many events were folded.
  [[nodiscard]] std::uint64_t events() const noexcept { return m_events; }

 private:
  // What the fold knows of one (seller, developer) key besides its record.
  struct Slot {
    std::uint32_t seller = 0;          // its seller's position in m_sellers
    bool present = false;              // in the picture
    bool needs_fill = false;           // granted by a format-1 event: nickname and own unknown
    std::uint32_t grants_total = 0;    // granted events read (whatever their instant)
    std::uint32_t grants_applied = 0;  // grants_total when the record was last (re)granted
    Instant granted_recorded_at;       // when the grant in the picture was recorded
  };

  std::uint32_t seller_slot(const std::string& seller_id);
  std::uint32_t auth_slot(const std::string& seller_id, const std::string& developer_id);
  void apply_seller_event(const Event& event);
  void apply_grant(std::uint32_t slot, const Event& event);
  void apply_inventory(const Inventory& inventory);
  void apply_suspension(std::uint32_t seller, Authorization& auth, Instant at) const;
  void fill_v1_grant(Authorization& auth, const Event& event) const;
  void fill(bool tokens);
  [[nodiscard]] bool counts(const Event& event) const noexcept { return event.effective_at <= m_as_of; }

  Instant m_as_of;
  const State* m_fallback;
  std::uint64_t m_events = 0;
  std::vector<Seller> m_sellers;
  std::vector<bool> m_seller_named;  // its name came from a seller_added event or an inventory
  // Parallel to m_sellers: the on-periods that a disable has ended, in order. A
  // suspension recorded late (a grant with --at before a disable) is frozen
  // with the dates of the period it came due in (rules::record_late_suspension).
  std::vector<std::vector<rules::OnPeriod>> m_closed_periods;
  std::unordered_map<std::string, std::uint32_t, KeyHash, std::equal_to<>> m_seller_index;
  std::uint32_t m_last_seller = std::numeric_limits<std::uint32_t>::max();
  std::vector<Authorization> m_auths;  // one per key ever seen, in the order first seen
  std::vector<Slot> m_slots;           // parallel to m_auths
  PairIndex m_by_key;                  // (seller ID, developer ID) → position in m_auths
  // The last inventory_recorded, whatever its instant (a copy: a store has at most one).
  std::optional<Inventory> m_inventory;
};

// The picture at `at` of `events` (all of them when `at` is empty): Replay in one call.
[[nodiscard]] State replay(const std::vector<Event>& events, std::optional<Instant> at = std::nullopt,
                           const State* fallback = nullptr);

}  // namespace dac
