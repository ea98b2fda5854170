#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dac/core/pair_index.hpp"
#include "dac/core/time.hpp"

namespace dac {

// One seller account and its Developer Access Confirmation switch (R1).
struct Seller {
  std::string seller_id;
  std::string name;
  bool confirmation_enabled = true;
  std::optional<Instant> enabled_at;  // when confirmation was last switched on
  // When confirmation was last switched off (store format 2; R13 refuses an
  // `enable --at` before the last switch). Absent in a store that never did.
  std::optional<Instant> disabled_at;

  friend bool operator==(const Seller&, const Seller&) = default;
};

// The stored state of an authorisation; what is shown is derived by the rules.
enum class Status { Active, Suspended, Revoked };

[[nodiscard]] std::string_view to_string(Status s) noexcept;
[[nodiscard]] std::optional<Status> status_from_string(std::string_view s) noexcept;

// One developer's access to one seller account, keyed by (seller_id, developer_id).
struct Authorization {
  std::string seller_id;
  std::string developer_id;
  std::string nickname;
  bool own = false;
  Instant authorized_at;
  std::optional<Instant> confirmed_at;  // latest explicit confirmation or restoration
  std::optional<std::string> token;     // erased on revocation
  Status status = Status::Active;
  // When not active (R8a): the date last confirmed it had when it stopped, and
  // when it stopped (for a suspension, its expiration instant).
  std::optional<Instant> frozen_last_confirmed_at;
  std::optional<Instant> ended_at;

  friend bool operator==(const Authorization&, const Authorization&) = default;
};

// The kinds of Authorization History event (R11).
enum class EventType {
  SellerAdded,
  Granted,
  Confirmed,
  Suspended,
  Restored,
  Revoked,
  ConfirmationEnabled,
  ConfirmationDisabled,
  Reminded,  // a reminder was delivered (dac notify)
  // The upgrade of a format-1 store: the whole inventory as it stood (R12).
  InventoryRecorded,
};

[[nodiscard]] std::string_view to_string(EventType t) noexcept;
[[nodiscard]] std::optional<EventType> event_type_from_string(std::string_view s) noexcept;

// The sellers and authorisations (tokens left out) as they stood when a
// format-1 store was upgraded: carried by its one `inventory_recorded` event.
struct Inventory {
  std::vector<Seller> sellers;
  std::vector<Authorization> authorizations;  // token always empty
};

// One entry of the Authorization History. seq, prev_hash and hash are set by
// the store when the event is committed.
struct Event {
  std::uint64_t seq = 0;
  EventType type = EventType::Granted;
  Instant effective_at;
  Instant recorded_at;
  std::string seller_id;
  std::optional<std::string> developer_id;  // none for seller-wide events
  std::string actor;
  std::optional<std::string> reason;
  // Only on `reminded` events: where the reminder went and which milestone it
  // was ("30d", "suspended"). Absent from the JSON of every other event.
  std::optional<std::string> channel;
  std::optional<std::string> milestone;
  // What R12 needs to rebuild the inventory (store format 2; absent from the
  // events of a format-1 store and from every other event type):
  // on `granted`: the nickname, own, and an imported date last confirmed;
  std::optional<std::string> nickname;
  std::optional<bool> own;
  std::optional<Instant> last_confirmed_at;
  // on `seller_added`: the seller's name;
  std::optional<std::string> seller_name;
  // on `inventory_recorded`: the whole inventory. (Not a shared_ptr: <memory>
  // brings <unistd.h> into the core, which scripts/check-layers.sh forbids.)
  std::optional<Inventory> inventory;
  std::string prev_hash;
  std::string hash;
};

// Where the committed history ends: lets a reader stop there and detect cuts.
struct HistoryHead {
  std::uint64_t events = 0;
  std::uint64_t bytes = 0;
  std::string hash;  // hash of the last event, or the genesis hash when empty
};

// A reminder that was delivered (dac notify): one per authorisation, expiry
// instant, milestone and channel, so each is sent once per expiry cycle.
struct Reminder {
  std::string seller_id;
  std::string developer_id;
  Instant expires_at;     // the expiry the reminder was about
  std::string milestone;  // "30d", "7d", ... or "suspended"
  std::string channel;    // "slack", "teams", "json" or "email"
  Instant sent_at;

  friend bool operator==(const Reminder&, const Reminder&) = default;
};

// Hashes a string key so that a lookup can be made with a string_view, with
// no std::string built (and allocated) for every lookup.
struct KeyHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// Everything the store holds apart from the history itself.
//
// Sellers and authorisations are found through indexes that the State keeps
// explicitly: the store builds them once when it loads the records
// (build_indexes), and add_seller / add_authorization append a record and
// index it. Records are never removed or re-keyed, so nothing else changes
// them. Code that sets the vectors by hand calls build_indexes() before a
// lookup; a lookup on records that are not all indexed is a logic error.
struct State {
  std::vector<Seller> sellers;                // append with add_seller
  std::vector<Authorization> authorizations;  // append with add_authorization
  std::vector<Reminder> reminders;            // what dac notify has delivered
  HistoryHead history;
  std::optional<Instant> written_at;
  // The store's random id (store format 2), the ORIGIN of its checkpoints
  // (SPEC §7); empty in a format-1 store until its first write upgrades it.
  std::string store_id;

  // Appends a seller (its ID not yet in the state) and indexes it.
  Seller& add_seller(Seller seller);
  // Appends an authorisation (its key not yet in the state) and indexes it.
  Authorization& add_authorization(Authorization authorization);
  // Indexes every seller and authorisation, anew.
  void build_indexes();

  // The seller with this ID, or null.
  [[nodiscard]] Seller* find_seller(std::string_view seller_id);
  [[nodiscard]] const Seller* find_seller(std::string_view seller_id) const;
  // Finds an authorisation by its key in constant time.
  [[nodiscard]] Authorization* find(std::string_view seller_id, std::string_view developer_id);
  [[nodiscard]] const Authorization* find(std::string_view seller_id, std::string_view developer_id) const;
  // The positions in `authorizations` of one seller's records, in stored order.
  [[nodiscard]] const std::vector<std::size_t>& positions_of_seller(std::string_view seller_id) const;

 private:
  using Index = std::unordered_map<std::string, std::size_t, KeyHash, std::equal_to<>>;

  void index_seller(std::size_t position);
  void index_authorization(std::size_t position);
  // The key of the authorisation at a position, for m_by_key.
  [[nodiscard]] auto key_at() const noexcept {
    return [this](std::size_t position) {
      const Authorization& a = authorizations[position];
      return std::pair<std::string_view, std::string_view>(a.seller_id, a.developer_id);
    };
  }
  // Throws std::logic_error when records were appended behind the indexes.
  void require_indexed() const;

  // Seller ID → position in `sellers`: an integrator's store holds thousands,
  // and every rule looks up the seller of each authorisation.
  Index m_seller_index;
  // (seller_id, developer_id) → position in `authorizations`: 16 bytes per record at most.
  PairIndex m_by_key;
  // Seller ID → positions of its authorisations, in stored order.
  std::unordered_map<std::string, std::vector<std::size_t>, KeyHash, std::equal_to<>> m_by_seller;
  // How many sellers and authorisations the indexes cover.
  std::size_t m_sellers_indexed = 0;
  std::size_t m_authorizations_indexed = 0;
};

}  // namespace dac
