#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dac/core/error.hpp"
#include "dac/core/model.hpp"

namespace dac {

// The newest store format this build reads and writes (docs/store-format.md).
// Format 1 is read as it is and upgraded to 2 by the first write.
inline constexpr int k_store_version = 2;

// Whether `id` is a store id as format 2 writes it: 32 lower-case hex digits
// (128 random bits), one token, the ORIGIN of the store's checkpoints (SPEC §7).
[[nodiscard]] bool is_store_id(std::string_view id) noexcept;

// A new random store id (libsodium randombytes_buf); a store error if none can be had.
[[nodiscard]] std::string new_store_id();

// A locked, loaded store: change state() in memory, then commit() or drop it.
class Transaction {
 public:
  virtual ~Transaction() = default;

  // The state as loaded under the lock.
  [[nodiscard]] virtual State& state() = 0;

  // Appends `events` to the history (assigning seq and hashes) and writes the
  // state, all or nothing. Without events nothing is written.
  virtual void commit(std::vector<Event> events, Instant now) = 0;
};

// A conflict with another writer that the store expects to clear if the
// command runs again (PostgreSQL's serialisation failures and deadlocks):
// nothing was written, and app::apply_change retries a few times.
class TransientError : public Error {
 public:
  TransientError(const std::string& message, std::string hint = {})
      : Error(ErrorKind::Store, message, std::move(hint)) {}
};

// The part of the inventory a command reads. The JSON store reads all of it
// whatever it is asked (the inventory is one file); the PostgreSQL store reads
// every seller and, unless `whole`, only the authorisations named here, so
// that `confirm ID` or `list --expiring 30d` on 10^5 records costs what they
// touch (docs/store-format.md, "What a command reads").
struct Scope {
  // Everything: sellers, authorisations with their tokens, and reminders.
  bool whole = true;
  // Otherwise, the authorisations with these developer IDs (every seller's,
  // or only `seller`'s when it is set)
  std::vector<std::string> developer_ids;
  std::optional<std::string> seller;
  // and the active ones whose 12 months run out by this instant (R4, R5).
  std::optional<Instant> expiring_by;
  // Reminders are read only by a whole scope.

  // The authorisations `developer_ids` names and those that expire by
  // `horizon`: what a write to them that also records R5's due suspensions
  // at `horizon` reads, or a read of what expires by `horizon`. Without a
  // horizon, only the named ones (a read of them).
  [[nodiscard]] static Scope part(std::vector<std::string> developer_ids, std::optional<Instant> horizon) {
    Scope scope;
    scope.whole = false;
    scope.developer_ids = std::move(developer_ids);
    scope.expiring_by = horizon;
    return scope;
  }
};

// What `history --verify` found.
struct VerifyReport {
  bool ok = true;
  std::uint64_t events_checked = 0;
  std::uint64_t first_bad_seq = 0;  // 0 when ok
  std::string problem;              // what did not match, for the user
};

// The store behind one small interface, so another backend can stand beside
// the JSON files without touching the rules or the commands.
class Store {
 public:
  virtual ~Store() = default;

  // Takes the exclusive lock, waiting up to `wait` (ErrorKind::Busy after),
  // and loads `scope` of the state (a format-1 store: all of it, which its
  // first write records).
  [[nodiscard]] virtual std::unique_ptr<Transaction> begin(std::chrono::milliseconds wait, const Scope& scope) = 0;
  [[nodiscard]] std::unique_ptr<Transaction> begin(std::chrono::milliseconds wait) { return begin(wait, Scope{}); }

  // Loads a consistent snapshot of `scope` of the state without taking the lock.
  [[nodiscard]] virtual State load(const Scope& scope) = 0;
  [[nodiscard]] State load() { return load(Scope{}); }

  // Calls `visit` for each committed event of the snapshot `state`, in order.
  virtual void read_history(const State& state, const std::function<void(const Event&)>& visit) = 0;

  // Calls `visit` for each line of the committed history of `state`, exactly
  // as history.jsonl holds it (without its '\n'): what dac store copy moves.
  virtual void read_history_lines(const State& state, const std::function<void(std::string_view)>& visit) = 0;

  // Checks the hash chain of the committed history against `state`'s head.
  // With `visit`, in the same pass, calls it for each event up to the first
  // that fails the check (which it is not called for): one read of the
  // history both checks it and rebuilds the inventory (history --verify).
  [[nodiscard]] virtual VerifyReport verify_history(const State& state,
                                                    const std::function<void(const Event&)>& visit = {}) = 0;

  // Where the store lives, for messages.
  [[nodiscard]] virtual std::string describe() const = 0;
};

// Whether a store location is a PostgreSQL one (postgresql:// or postgres://, SPEC §6a).
[[nodiscard]] bool is_postgres_location(std::string_view location) noexcept;

// A location as messages show it: a URI without any password in it.
[[nodiscard]] std::string shown_location(const std::string& location);

// The store at `location`: a PostgreSQL URI or the JSON store's folder.
[[nodiscard]] std::unique_ptr<Store> open_store(const std::string& location);

// Creates a store at `location` holding `state` and `events`; refuses one that exists.
void create_store(const std::string& location, State state, std::vector<Event> events, Instant now);

// Gives its caller's `visit` each line of a history, in order (Store::read_history_lines).
using HistoryLines = std::function<void(const std::function<void(std::string_view)>& visit)>;

// Creates a store at `location` holding `state` (tokens and reminders too)
// and the history `lines` verbatim, which must end at `state`'s head: the
// copy's history is the same chain, with the same head hash.
void copy_into_store(const std::string& location, const State& state, const HistoryLines& lines);

// The JSON store in folder `dir`; refuses (ErrorKind::Store) a missing,
// unsafe or newer store.
[[nodiscard]] std::unique_ptr<Store> open_json_store(const std::filesystem::path& dir);

// Creates a JSON store in `dir` holding `state` and `events`; refuses one that exists.
void create_json_store(const std::filesystem::path& dir, State state, std::vector<Event> events, Instant now);
void copy_into_json_store(const std::filesystem::path& dir, const State& state, const HistoryLines& lines);

// The PostgreSQL store at the libpq URI `location` (SPEC §6a); refuses a
// location with a password, a server it cannot reach or log in to, a
// database without a store, and a newer schema (ErrorKind::Store).
[[nodiscard]] std::unique_ptr<Store> open_pg_store(const std::string& location);
void create_pg_store(const std::string& location, State state, std::vector<Event> events, Instant now);
void copy_into_pg_store(const std::string& location, const State& state, const HistoryLines& lines);

}  // namespace dac
