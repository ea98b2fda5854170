// The team store: the same state and the same history chain in PostgreSQL
// (SPEC §6a, docs/store-format.md "PostgreSQL"), through libpq.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dac/core/error.hpp"
#include "dac/core/ids.hpp"
#include "dac/core/rules.hpp"
#include "dac/core/time.hpp"
#include "dac/store/store.hpp"
#include "history.hpp"
#include "pg.hpp"
#include "upgrade.hpp"

namespace dac {

namespace {

// The newest schema this build reads and writes; a newer one is refused, never altered.
constexpr int k_schema_version = 1;

// SQLSTATEs the store acts on.
constexpr std::string_view k_lock_not_available = "55P03";
constexpr std::string_view k_serialization_failure = "40001";
constexpr std::string_view k_deadlock_detected = "40P01";
constexpr std::string_view k_duplicate_table = "42P07";

// Everything `dac init` creates, in one transaction. Instants are timestamptz;
// the history holds each event's line exactly as history.jsonl would.
constexpr const char* k_schema = R"sql(
CREATE TABLE dac_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  schema_version integer NOT NULL,
  store_id text NOT NULL,
  events bigint NOT NULL CHECK (events >= 0),
  bytes bigint NOT NULL CHECK (bytes >= 0),
  hash text NOT NULL,
  written_at timestamptz
);
CREATE TABLE dac_history (
  seq bigint PRIMARY KEY CHECK (seq > 0),
  line text NOT NULL
);
CREATE FUNCTION dac_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'dac_history is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER dac_history_append_only BEFORE UPDATE OR DELETE ON dac_history
  FOR EACH ROW EXECUTE FUNCTION dac_history_append_only();
CREATE TRIGGER dac_history_no_truncate BEFORE TRUNCATE ON dac_history
  FOR EACH STATEMENT EXECUTE FUNCTION dac_history_append_only();
CREATE TABLE dac_sellers (
  position integer PRIMARY KEY CHECK (position >= 0),
  seller_id text NOT NULL UNIQUE,
  name text NOT NULL,
  confirmation_enabled boolean NOT NULL,
  enabled_at timestamptz,
  disabled_at timestamptz
);
CREATE TABLE dac_authorizations (
  position integer PRIMARY KEY CHECK (position >= 0),
  seller_id text NOT NULL REFERENCES dac_sellers (seller_id),
  developer_id text NOT NULL,
  nickname text NOT NULL,
  own boolean NOT NULL,
  authorized_at timestamptz NOT NULL,
  confirmed_at timestamptz,
  status text NOT NULL CHECK (status IN ('active', 'suspended', 'revoked')),
  frozen_last_confirmed_at timestamptz,
  ended_at timestamptz,
  expires_at timestamptz,
  UNIQUE (seller_id, developer_id)
);
CREATE INDEX dac_authorizations_developer ON dac_authorizations (developer_id);
CREATE INDEX dac_authorizations_nickname ON dac_authorizations (lower(nickname));
CREATE INDEX dac_authorizations_expiry ON dac_authorizations (expires_at) WHERE status = 'active';
CREATE TABLE dac_tokens (
  seller_id text NOT NULL,
  developer_id text NOT NULL,
  token text NOT NULL,
  PRIMARY KEY (seller_id, developer_id),
  FOREIGN KEY (seller_id, developer_id) REFERENCES dac_authorizations (seller_id, developer_id)
);
REVOKE ALL ON dac_tokens FROM PUBLIC;
CREATE TABLE dac_reminders (
  ordinal bigint PRIMARY KEY,
  seller_id text NOT NULL,
  developer_id text NOT NULL,
  expires_at timestamptz NOT NULL,
  milestone text NOT NULL,
  channel text NOT NULL,
  sent_at timestamptz NOT NULL
);
)sql";

// An instant as the server returns it: seconds since the epoch.
#define DAC_EPOCH(column) "extract(epoch from " column ")::bigint"

void refuse_password(const std::string& location) {
  if (pg::has_password(location)) {
    throw_usage("the store location " + pg::redact(location) + " holds a password; a password never goes in a location",
                "remove it, and put it in ~/.pgpass (or the file PGPASSFILE names), mode 0600 (docs/team.md)");
  }
}

// ---------------------------------------------------------------- values

std::int64_t to_int(std::string_view text, const std::string& where) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size())
    throw_store(where + ": not a number: " + std::string(text));
  return value;
}

Instant to_instant(std::string_view epoch, const std::string& where) {
  return Instant(std::chrono::seconds(to_int(epoch, where)));
}

std::optional<Instant> to_optional_instant(const pg::Result& r, int row, int column, const std::string& where) {
  if (r.is_null(row, column)) return std::nullopt;
  return to_instant(r.text(row, column), where);
}

std::optional<std::string> text_of(const std::optional<Instant>& t) {
  if (!t) return std::nullopt;
  return format_instant(*t);
}

// What an authorisation's expires_at column holds: the instant its 12 months
// run out while it is active (R3, R4; none for a seller's own account or
// while its seller's confirmation is off), else null. dac writes it with the
// record, and with every record of a seller whose switch moved; the expiry
// index over it is how a command finds R5's due suspensions without reading
// the rest, and a loaded row whose column disagrees is refused.
std::optional<Instant> stored_expiry(const State& state, const Authorization& a) {
  if (a.status != Status::Active) return std::nullopt;
  return rules::view(state, a, a.authorized_at).expires_at;
}

// A column of values as a PostgreSQL array literal, for unnest($n::type[]).
class Column {
 public:
  void add(std::string_view value) {
    start();
    m_text += '"';
    for (const char c : value) {
      if (c == '"' || c == '\\') m_text += '\\';
      m_text += c;
    }
    m_text += '"';
  }
  void add_optional(const std::optional<std::string>& value) {
    if (value) {
      add(*value);
    } else {
      start();
      m_text += "NULL";
    }
  }
  void add_flag(bool value) { add(value ? "t" : "f"); }
  void add_number(std::uint64_t value) { add(std::to_string(value)); }
  void add_number(std::int64_t value) { add(std::to_string(value)); }
  [[nodiscard]] std::string literal() const { return m_text.empty() ? "{}" : m_text + "}"; }

 private:
  void start() { m_text += m_text.empty() ? "{" : ","; }
  std::string m_text;
};

pg::Params literals(const std::vector<Column>& columns) {
  pg::Params params;
  params.reserve(columns.size());
  for (const Column& c : columns) params.emplace_back(c.literal());
  return params;
}

// ---------------------------------------------------------------- reading

HistoryHead read_head(const pg::Result& r, State& state, const std::string& where) {
  const auto version = to_int(r.text(0, 0), where);
  if (version > k_schema_version) {
    throw_store("the store at " + where + " has schema version " + std::to_string(version) + "; this dac knows " +
                    std::to_string(k_schema_version) + " at most",
                "upgrade dac on this machine; the store was left as it was");
  }
  state.store_id = std::string(r.text(0, 1));
  HistoryHead head;
  head.events = static_cast<std::uint64_t>(to_int(r.text(0, 2), where));
  head.bytes = static_cast<std::uint64_t>(to_int(r.text(0, 3), where));
  head.hash = std::string(r.text(0, 4));
  state.written_at = to_optional_instant(r, 0, 5, where);
  return head;
}

constexpr const char* k_select_head =
    "SELECT schema_version, store_id, events, bytes, hash, " DAC_EPOCH("written_at") " FROM dac_head";

// Where a transaction's records are in their tables: what its commit needs
// to write a changed record back to its own row and a new one after the rest.
struct Positions {
  std::vector<std::int64_t> authorizations;      // of each loaded authorisation
  std::int64_t next_authorization = 0;           // the first free one
  std::vector<std::optional<Instant>> expiries;  // each loaded authorisation's expires_at
  std::vector<std::int64_t> reminders;           // of each loaded reminder, in dac_reminders
  bool whole = true;                             // every record loaded, reminders too
};

// The authorisations (with their tokens) that a scope reads: all of them, or
// those it names by developer ID (at its seller, if it has one) and the
// active ones that expire by its horizon, through the developer and expiry
// indexes.
constexpr const char* k_select_authorizations =
    "SELECT a.seller_id, a.developer_id, a.nickname, a.own, " DAC_EPOCH("a.authorized_at") ", "
    DAC_EPOCH("a.confirmed_at") ", a.status, " DAC_EPOCH("a.frozen_last_confirmed_at") ", "
    DAC_EPOCH("a.ended_at") ", t.token, a.position, " DAC_EPOCH("a.expires_at") " FROM dac_authorizations a "
    "LEFT JOIN dac_tokens t USING (seller_id, developer_id)";
constexpr const char* k_scope_condition =
    " WHERE (a.developer_id = ANY ($1::text[]) AND a.seller_id = coalesce($3::text, a.seller_id)) OR "
    "(a.status = 'active' AND a.expires_at <= $2::timestamptz)";

constexpr const char* k_restore_hint =
    "restore the store from a backup (pg_dump); dac history --verify shows what the history holds";

// What the JSON codec refuses in state.json is refused in the tables too (a
// row edited by hand), naming the record as it does: by table and position,
// and by its IDs only once they are valid, never by its token.
[[noreturn]] void bad_row(const std::string& where, std::string_view table, std::int64_t position,
                          std::string_view column, std::string_view problem, const std::string& seller_id = {},
                          const std::string& developer_id = {}) {
  std::string message = where;
  message.append(" ").append(table).append("[").append(std::to_string(position)).append("].");
  message.append(column).append(": ").append(problem);
  if (check_seller_id(seller_id)) {
    message.append(" (seller ").append(seller_id);
    if (is_stored_developer_id(developer_id)) message.append(", developer ").append(developer_id);
    message.append(")");
  }
  throw_store(message, k_restore_hint);
}

void read_sellers(pg::Connection& db, State& state) {
  const std::string& where = db.shown();
  const pg::Result sellers = db.exec("SELECT seller_id, name, confirmation_enabled, " DAC_EPOCH(
      "enabled_at") ", " DAC_EPOCH("disabled_at") " FROM dac_sellers ORDER BY position");
  state.sellers.reserve(static_cast<std::size_t>(sellers.rows()));
  for (int i = 0; i < sellers.rows(); ++i) {
    Seller s;
    s.seller_id = sellers.text(i, 0);
    s.name = sellers.text(i, 1);
    s.confirmation_enabled = sellers.text(i, 2) == "t";
    s.enabled_at = to_optional_instant(sellers, i, 3, where);
    s.disabled_at = to_optional_instant(sellers, i, 4, where);
    if (const auto id = check_seller_id(s.seller_id); !id) {
      bad_row(where, "dac_sellers", i, "seller_id", id_error_message(id.error(), s.seller_id));
    }
    if (s.confirmation_enabled && !s.enabled_at) {
      bad_row(where, "dac_sellers", i, "enabled_at", "confirmation is enabled but has no date", s.seller_id);
    }
    state.sellers.push_back(std::move(s));
  }
}

// Row `i` of k_select_authorizations' result, checked.
Authorization read_authorization(const pg::Result& auths, int i, std::int64_t position, const std::string& where) {
  Authorization a;
  const auto bad = [&](std::string_view column, std::string_view problem) {
    bad_row(where, "dac_authorizations", position, column, problem, a.seller_id, a.developer_id);
  };
  a.seller_id = auths.text(i, 0);
  a.developer_id = auths.text(i, 1);
  a.nickname = auths.text(i, 2);
  if (const auto id = check_seller_id(a.seller_id); !id) bad("seller_id", id_error_message(id.error(), a.seller_id));
  if (!is_stored_developer_id(a.developer_id)) bad("developer_id", "expected 12 digits");
  if (const auto n = check_stored_nickname(a.nickname); !n) bad("nickname", id_error_message(n.error(), a.nickname));
  a.own = auths.text(i, 3) == "t";
  a.authorized_at = to_instant(auths.text(i, 4), where);
  a.confirmed_at = to_optional_instant(auths, i, 5, where);
  const auto status = status_from_string(auths.text(i, 6));
  if (!status) bad("status", "expected active, suspended or revoked");
  a.status = *status;
  a.frozen_last_confirmed_at = to_optional_instant(auths, i, 7, where);
  a.ended_at = to_optional_instant(auths, i, 8, where);
  if (a.status != Status::Active && (!a.frozen_last_confirmed_at || !a.ended_at)) {
    bad(a.frozen_last_confirmed_at ? "ended_at" : "frozen_last_confirmed_at",
        "a " + std::string(to_string(a.status)) + " authorization needs frozen_last_confirmed_at and ended_at");
  }
  if (auto token = auths.optional_text(i, 9)) {
    const auto checked = check_token(*token);
    if (!checked || as_string(checked.value()) != *token) {
      bad("mws_auth_token", "not a valid token (amzn.mws.<uuid>, lower-case)");
    }
    a.token = std::string(*token);
  }
  if (a.status == Status::Revoked && a.token) bad("mws_auth_token", "a revoked authorization keeps no token");
  if (a.status != Status::Revoked && !a.token) bad("mws_auth_token", "missing token");
  return a;
}

// Reads `scope` of the authorisations into `state` (whose sellers are read),
// and where they are into `positions`.
void read_authorizations(pg::Connection& db, const Scope& scope, State& state, Positions& positions) {
  const std::string& where = db.shown();
  const pg::Result auths = [&] {
    if (scope.whole) return db.exec(std::string(k_select_authorizations) + " ORDER BY a.position");
    Column ids;
    for (const std::string& id : scope.developer_ids) ids.add(id);
    // Without a horizon the bound is null, and `expires_at <= null` holds for none.
    const std::optional<std::string> horizon = text_of(scope.expiring_by);
    return db.exec(std::string(k_select_authorizations) + k_scope_condition + " ORDER BY a.position",
                   {ids.literal(), horizon, scope.seller});
  }();
  const auto rows = static_cast<std::size_t>(auths.rows());
  state.authorizations.reserve(rows);
  positions.authorizations.reserve(rows);
  positions.expiries.reserve(rows);
  for (int i = 0; i < auths.rows(); ++i) {
    const std::int64_t position = to_int(auths.text(i, 10), where);
    state.authorizations.push_back(read_authorization(auths, i, position, where));
    positions.expiries.push_back(to_optional_instant(auths, i, 11, where));
    positions.authorizations.push_back(position);
    positions.next_authorization = std::max(positions.next_authorization, position + 1);
  }
  if (!scope.whole) {
    // The rows not read may lie after the last one read (the primary key's index: one row).
    const pg::Result last = db.exec("SELECT coalesce(max(position) + 1, 0) FROM dac_authorizations");
    positions.next_authorization = to_int(last.text(0, 0), where);
  }
  state.build_indexes();
  for (std::size_t k = 0; k < state.authorizations.size(); ++k) {
    const Authorization& a = state.authorizations[k];
    // A row edited by hand past dac: its expiry would hide it from, or show
    // it to, the commands that find R5's due suspensions through it.
    if (positions.expiries[k] != stored_expiry(state, a)) {
      bad_row(where, "dac_authorizations", positions.authorizations[k], "expires_at",
              "does not match the record's own dates and its seller's", a.seller_id, a.developer_id);
    }
  }
}

void read_reminders(pg::Connection& db, State& state, Positions& positions) {
  const std::string& where = db.shown();
  const pg::Result reminders = db.exec("SELECT seller_id, developer_id, " DAC_EPOCH(
      "expires_at") ", milestone, channel, " DAC_EPOCH("sent_at") ", ordinal FROM dac_reminders ORDER BY ordinal");
  state.reminders.reserve(static_cast<std::size_t>(reminders.rows()));
  for (int i = 0; i < reminders.rows(); ++i) {
    state.reminders.push_back(Reminder{std::string(reminders.text(i, 0)), std::string(reminders.text(i, 1)),
                                       to_instant(reminders.text(i, 2), where), std::string(reminders.text(i, 3)),
                                       std::string(reminders.text(i, 4)), to_instant(reminders.text(i, 5), where)});
    positions.reminders.push_back(to_int(reminders.text(i, 6), where));
  }
}

// Reads `scope` of the records in the current transaction into `state`, and
// where they are into `positions`: every seller, the authorisations of the
// scope, and with a whole scope the reminders.
void read_records(pg::Connection& db, const Scope& scope, State& state, Positions& positions) {
  positions.whole = scope.whole;
  read_sellers(db, state);
  read_authorizations(db, scope, state, positions);
  if (scope.whole) read_reminders(db, state, positions);
}

// The history's lines up to `last_seq`, streamed from the server a row at a
// time: a source of history::Lines (copyable, as std::function wants).
class HistorySource {
 public:
  HistorySource(pg::Connection& db, std::uint64_t last_seq)
      : m_copy(std::make_shared<pg::CopyOut>(db, "COPY (SELECT line FROM dac_history WHERE seq <= " +
                                                     std::to_string(last_seq) + " ORDER BY seq) TO STDOUT")),
        m_pending(std::make_shared<Pending>()) {}

  std::size_t operator()(char* dst, std::size_t room) {
    std::size_t n = 0;
    while (n < room) {
      Pending& p = *m_pending;
      if (p.pos == p.text.size()) {
        std::string_view row;
        if (!m_copy->next(row)) break;
        p.text.clear();
        p.pos = 0;
        pg::copy_unescape(row, p.text);
        p.text += '\n';
      }
      const std::size_t part = std::min(room - n, p.text.size() - p.pos);
      std::copy_n(p.text.data() + p.pos, part, dst + n);
      p.pos += part;
      n += part;
    }
    return n;
  }

 private:
  struct Pending {
    std::string text;  // the current line, unescaped, with its '\n'
    std::size_t pos = 0;
  };
  std::shared_ptr<pg::CopyOut> m_copy;
  std::shared_ptr<Pending> m_pending;
};

// ---------------------------------------------------------------- writing

// The records as a transaction loaded them: what its commit compares with.
struct Loaded {
  std::vector<Seller> sellers;
  std::vector<Authorization> authorizations;
  std::vector<Reminder> reminders;
  Positions positions;
};

// Writes what a command changed, in a few statements whatever their number:
// the history's new lines, and the records that differ from those loaded.
class Changes {
 public:
  Changes(const Loaded& before, const State& after) : m_before(before), m_after(after) {}

  void write(pg::Connection& db, const std::vector<std::string>& lines, std::uint64_t first_seq) const {
    write_history(db, lines, first_seq);
    write_sellers(db);
    write_authorizations(db);
    write_reminders(db);
  }

 private:
  static void write_history(pg::Connection& db, const std::vector<std::string>& lines, std::uint64_t first_seq) {
    if (lines.empty()) return;
    std::vector<Column> c(2);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      c[0].add_number(first_seq + i);
      c[1].add(std::string_view(lines[i]).substr(0, lines[i].size() - 1));  // without its '\n'
    }
    (void)db.exec("INSERT INTO dac_history (seq, line) SELECT * FROM unnest($1::bigint[], $2::text[])", literals(c));
  }

  void write_sellers(pg::Connection& db) const {
    std::vector<Column> c(6);
    bool any = false;
    for (std::size_t i = 0; i < m_after.sellers.size(); ++i) {
      const Seller& s = m_after.sellers[i];
      if (i < m_before.sellers.size() && m_before.sellers[i] == s) continue;
      // A seller's switch moves the expiry of each of its records (write_authorizations rewrites them).
      if (!m_before.positions.whole) throw std::logic_error("a seller written from a part of the inventory");
      any = true;
      c[0].add_number(std::uint64_t{i});
      c[1].add(s.seller_id);
      c[2].add(s.name);
      c[3].add_flag(s.confirmation_enabled);
      c[4].add_optional(text_of(s.enabled_at));
      c[5].add_optional(text_of(s.disabled_at));
    }
    if (!any) return;
    (void)db.exec(
        "INSERT INTO dac_sellers (position, seller_id, name, confirmation_enabled, enabled_at, disabled_at) "
        "SELECT * FROM unnest($1::integer[], $2::text[], $3::text[], $4::boolean[], $5::timestamptz[], "
        "$6::timestamptz[]) ON CONFLICT (position) DO UPDATE SET seller_id = excluded.seller_id, "
        "name = excluded.name, confirmation_enabled = excluded.confirmation_enabled, "
        "enabled_at = excluded.enabled_at, disabled_at = excluded.disabled_at",
        literals(c));
  }

  // Whether two authorisations differ in anything but the token.
  static bool records_differ(const Authorization& a, const Authorization& b) {
    return a.seller_id != b.seller_id || a.developer_id != b.developer_id || a.nickname != b.nickname ||
           a.own != b.own || a.authorized_at != b.authorized_at || a.confirmed_at != b.confirmed_at ||
           a.status != b.status || a.frozen_last_confirmed_at != b.frozen_last_confirmed_at || a.ended_at != b.ended_at;
  }

  void write_authorizations(pg::Connection& db) const {
    std::vector<Column> c(11);
    std::vector<Column> set(3);    // tokens set or replaced
    std::vector<Column> unset(2);  // tokens erased
    bool any = false;
    bool any_set = false;
    bool any_unset = false;
    for (std::size_t i = 0; i < m_after.authorizations.size(); ++i) {
      const Authorization& a = m_after.authorizations[i];
      const std::size_t loaded = m_before.authorizations.size();
      const Authorization* before = i < loaded ? &m_before.authorizations[i] : nullptr;
      if (before == nullptr || before->token != a.token) {
        if (a.token) {
          any_set = true;
          set[0].add(a.seller_id);
          set[1].add(a.developer_id);
          set[2].add(*a.token);
        } else if (before != nullptr) {
          any_unset = true;
          unset[0].add(a.seller_id);
          unset[1].add(a.developer_id);
        }
      }
      const std::optional<Instant> expiry = stored_expiry(m_after, a);
      if (before != nullptr && !records_differ(*before, a) && m_before.positions.expiries[i] == expiry) continue;
      any = true;
      const Positions& at = m_before.positions;
      c[0].add_number(i < loaded ? at.authorizations[i]
                                 : at.next_authorization + static_cast<std::int64_t>(i - loaded));
      c[1].add(a.seller_id);
      c[2].add(a.developer_id);
      c[3].add(a.nickname);
      c[4].add_flag(a.own);
      c[5].add(format_instant(a.authorized_at));
      c[6].add_optional(text_of(a.confirmed_at));
      c[7].add(to_string(a.status));
      c[8].add_optional(text_of(a.frozen_last_confirmed_at));
      c[9].add_optional(text_of(a.ended_at));
      c[10].add_optional(text_of(expiry));
    }
    if (any_unset) {
      (void)db.exec(
          "DELETE FROM dac_tokens WHERE (seller_id, developer_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))",
          literals(unset));
    }
    if (any) {
      (void)db.exec(
          "INSERT INTO dac_authorizations (position, seller_id, developer_id, nickname, own, authorized_at, "
          "confirmed_at, status, frozen_last_confirmed_at, ended_at, expires_at) SELECT * FROM unnest($1::integer[], "
          "$2::text[], $3::text[], $4::text[], $5::boolean[], $6::timestamptz[], $7::timestamptz[], $8::text[], "
          "$9::timestamptz[], $10::timestamptz[], $11::timestamptz[]) ON CONFLICT (position) DO UPDATE SET "
          "seller_id = excluded.seller_id, developer_id = excluded.developer_id, nickname = excluded.nickname, "
          "own = excluded.own, authorized_at = excluded.authorized_at, confirmed_at = excluded.confirmed_at, "
          "status = excluded.status, frozen_last_confirmed_at = excluded.frozen_last_confirmed_at, "
          "ended_at = excluded.ended_at, expires_at = excluded.expires_at",
          literals(c));
    }
    if (any_set) {
      (void)db.exec(
          "INSERT INTO dac_tokens (seller_id, developer_id, token) SELECT * FROM unnest($1::text[], $2::text[], "
          "$3::text[]) ON CONFLICT (seller_id, developer_id) DO UPDATE SET token = excluded.token",
          literals(set));
    }
  }

  // Reminders are appended and erased, never reordered: the loaded ones that
  // are gone are deleted, and the new ones follow the last ordinal.
  void write_reminders(pg::Connection& db) const {
    const std::vector<Reminder>& before = m_before.reminders;
    if (before == m_after.reminders) return;
    // A part of the inventory holds no reminders; only dac notify, which reads all of it, keeps them.
    if (!m_before.positions.whole) throw std::logic_error("reminders written from a part of the inventory");
    const std::vector<std::int64_t>& ordinals = m_before.positions.reminders;
    std::vector<bool> kept(before.size(), false);
    std::vector<Column> added(7);
    bool any_added = false;
    std::int64_t next = ordinals.empty() ? 0 : *std::max_element(ordinals.begin(), ordinals.end()) + 1;
    std::size_t from = 0;
    for (const Reminder& r : m_after.reminders) {
      const auto found = std::find(before.begin() + static_cast<std::ptrdiff_t>(from), before.end(), r);
      if (found != before.end()) {
        from = static_cast<std::size_t>(found - before.begin());
        kept[from++] = true;
        continue;
      }
      any_added = true;
      added[0].add_number(next++);
      added[1].add(r.seller_id);
      added[2].add(r.developer_id);
      added[3].add(format_instant(r.expires_at));
      added[4].add(r.milestone);
      added[5].add(r.channel);
      added[6].add(format_instant(r.sent_at));
    }
    Column gone;
    bool any_gone = false;
    for (std::size_t k = 0; k < before.size(); ++k) {
      if (kept[k]) continue;
      any_gone = true;
      gone.add_number(ordinals[k]);
    }
    if (any_gone) (void)db.exec("DELETE FROM dac_reminders WHERE ordinal = ANY ($1::bigint[])", {gone.literal()});
    if (any_added) {
      (void)db.exec(
          "INSERT INTO dac_reminders (ordinal, seller_id, developer_id, expires_at, milestone, channel, sent_at) "
          "SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], "
          "$7::timestamptz[])",
          literals(added));
    }
  }

  const Loaded& m_before;
  const State& m_after;
};

// Whether `db` holds a dac store (in the schema its search_path names first).
bool holds_store(pg::Connection& db) { return !db.exec("SELECT to_regclass('dac_head')").is_null(0, 0); }

class PgStore;

class PgTransaction final : public Transaction {
 public:
  PgTransaction(PgStore& store, State state, Loaded loaded)
      : m_store(store),
        m_state(std::move(state)),
        m_loaded(std::move(loaded)),
        m_upgrade(upgrade::inventory_to_record(m_state)) {}
  ~PgTransaction() override;
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;

  State& state() override { return m_state; }
  void commit(std::vector<Event> events, Instant now) override;

 private:
  PgStore& m_store;
  State m_state;
  Loaded m_loaded;
  std::shared_ptr<const Inventory> m_upgrade;
  bool m_open = true;  // the server transaction, until commit or rollback
};

class PgStore final : public Store {
 public:
  PgStore(const std::string& location, bool must_hold_store) : m_db(location, shown_location(location)) {
    // A command runs a few short queries once: a plan that the server's JIT
    // compiles (a scope's read over 10^5 rows costs enough to trigger it)
    // spends 20-50 ms compiling what runs in 1-20 ms.
    (void)m_db.exec("SET jit = off");
    if (must_hold_store && !holds_store(m_db)) {
      throw_store("no store at " + m_db.shown() + " (the database holds no dac store)",
                  "create one with: dac init --seller SELLER_ID (or point --store or DAC_STORE at an existing store)");
    }
  }

  pg::Connection& db() { return m_db; }

  std::unique_ptr<Transaction> begin(std::chrono::milliseconds wait, const Scope& scope) override {
    (void)m_db.exec("BEGIN ISOLATION LEVEL READ COMMITTED");
    try {
      // Every writer takes the head first: writers are serialised on it, and
      // whoever holds it sees every commit before its own.
      const std::string lock = wait.count() <= 0 ? " FOR UPDATE NOWAIT" : " FOR UPDATE";
      if (wait.count() > 0) (void)m_db.exec("SET LOCAL lock_timeout = '" + std::to_string(wait.count()) + "ms'");
      State state;
      const pg::Result head = m_db.exec(std::string(k_select_head) + lock);
      if (head.rows() != 1) throw_store("the store at " + m_db.shown() + " has no head row (dac_head is empty)");
      state.history = read_head(head, state, m_db.shown());
      (void)m_db.exec("SET LOCAL lock_timeout = 0");
      Loaded loaded;
      // A format-1 store's first write records the whole inventory (upgrade.hpp).
      read_records(m_db, state.store_id.empty() ? Scope{} : scope, state, loaded.positions);
      loaded.sellers = state.sellers;
      loaded.authorizations = state.authorizations;
      loaded.reminders = state.reminders;
      return std::make_unique<PgTransaction>(*this, std::move(state), std::move(loaded));
    } catch (const pg::QueryError& e) {
      rollback();
      if (e.sqlstate() == k_lock_not_available) {
        throw Error(ErrorKind::Busy, "the store " + m_db.shown() + " is busy: another dac is writing to it",
                    "try again, or wait longer with --wait 1min");
      }
      throw;
    } catch (...) {
      rollback();
      throw;
    }
  }

  State load(const Scope& scope) override {
    (void)m_db.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
      State state;
      const pg::Result head = m_db.exec(k_select_head);
      if (head.rows() != 1) throw_store("the store at " + m_db.shown() + " has no head row (dac_head is empty)");
      state.history = read_head(head, state, m_db.shown());
      Positions positions;
      read_records(m_db, scope, state, positions);
      (void)m_db.exec("COMMIT");
      return state;
    } catch (...) {
      rollback();
      throw;
    }
  }

  void read_history(const State& state, const std::function<void(const Event&)>& visit) override {
    history::Lines lines(history::Lines::Source(HistorySource(m_db, state.history.events)), state.history.bytes);
    history::read(lines, state.history, m_db.shown() + " dac_history", visit);
  }

  void read_history_lines(const State& state, const std::function<void(std::string_view)>& visit) override {
    history::Lines lines(history::Lines::Source(HistorySource(m_db, state.history.events)), state.history.bytes);
    std::string_view line;
    while (lines.next(line)) visit(line);
  }

  VerifyReport verify_history(const State& state, const std::function<void(const Event&)>& visit) override {
    history::Lines lines(history::Lines::Source(HistorySource(m_db, state.history.events)), state.history.bytes);
    VerifyReport report = history::verify(lines, state.history, visit);
    if (!report.ok) return report;
    // Rows after the head can only have been added by hand: dac appends them
    // and moves the head in one transaction. (The head as it is now, in the
    // statement's own snapshot: another writer may have moved it since `state`.)
    const pg::Result extra = m_db.exec(
        "SELECT count(*), (SELECT events FROM dac_head) FROM dac_history WHERE seq > (SELECT events FROM dac_head)");
    if (const auto n = to_int(extra.text(0, 0), m_db.shown()); n > 0) {
      report.ok = false;
      report.first_bad_seq = static_cast<std::uint64_t>(to_int(extra.text(0, 1), m_db.shown())) + 1;
      report.problem = "dac_history holds " + std::to_string(n) + " rows after event #" +
                       std::string(extra.text(0, 1)) +
                       ", the head the store records: they were added outside dac, which appends and moves the "
                       "head in one transaction";
    }
    return report;
  }

  [[nodiscard]] std::string describe() const override { return m_db.shown(); }

  // Seals `events` after the head of `state`, writes them and what changed
  // since `loaded`, moves the head and commits; on a failure rolls back and
  // leaves `state`'s head as it was.
  void commit(State& state, const Loaded& loaded, std::vector<Event>& events, Instant now) {
    const HistoryHead before = state.history;
    const std::optional<Instant> written_before = state.written_at;
    try {
      std::vector<std::string> lines;
      lines.reserve(events.size());
      for (Event& e : events) {
        lines.push_back(history::seal(e, state.history));
        state.history.events = e.seq;
        state.history.hash = e.hash;
        state.history.bytes += lines.back().size();
      }
      state.written_at = now;
      Changes(loaded, state).write(m_db, lines, before.events + 1);
      (void)m_db.exec("UPDATE dac_head SET store_id = $1, events = $2, bytes = $3, hash = $4, written_at = $5",
                      {state.store_id, std::to_string(state.history.events), std::to_string(state.history.bytes),
                       state.history.hash, format_instant(now)});
      (void)m_db.exec("COMMIT");
    } catch (const pg::QueryError& e) {
      state.history = before;
      state.written_at = written_before;
      rollback();
      if (e.sqlstate() == k_serialization_failure || e.sqlstate() == k_deadlock_detected) {
        throw TransientError(e.what(), "nothing was written");
      }
      throw;
    } catch (...) {
      state.history = before;
      state.written_at = written_before;
      rollback();
      throw;
    }
  }

  void rollback() noexcept {
    try {
      if (m_db.alive()) (void)m_db.exec("ROLLBACK");
    } catch (...) {  // NOLINT(bugprone-empty-catch): the server drops it when the connection goes
    }
  }

 private:
  pg::Connection m_db;
};

PgTransaction::~PgTransaction() {
  if (m_open) m_store.rollback();
}

void PgTransaction::commit(std::vector<Event> events, Instant now) {
  if (!m_open) throw std::logic_error("PgTransaction::commit called twice");
  m_open = false;
  if (events.empty()) {
    m_store.rollback();  // nothing to write: no change, and the head is released
    return;
  }
  upgrade::commit(m_state, m_upgrade, std::move(events), now,
                  [&](std::vector<Event>& sealed) { m_store.commit(m_state, m_loaded, sealed, now); });
}

// Connects to a database for a new store: refuses one that holds a store,
// and creates the schema the search_path names when it does not exist yet.
std::unique_ptr<PgStore> prepare_new_store(const std::string& location) {
  refuse_password(location);
  auto store = std::make_unique<PgStore>(location, false);
  pg::Connection& db = store->db();
  if (holds_store(db)) {
    throw Error(ErrorKind::Refused, "a store already exists in the database at " + db.shown(),
                "use it as it is, or name another database or schema (?options=-csearch_path%3DNAME)");
  }
  (void)db.exec("BEGIN");
  try {
    if (db.exec("SELECT current_schema()").is_null(0, 0)) {
      // No schema of the search_path exists yet: create the first it names.
      const pg::Result first =
          db.exec("SELECT quote_ident(btrim(split_part(current_setting('search_path'), ',', 1), ' \"'))");
      (void)db.exec("CREATE SCHEMA " + std::string(first.text(0, 0)));
    }
    (void)db.exec(k_schema);
    (void)db.exec("INSERT INTO dac_head (schema_version, store_id, events, bytes, hash) VALUES ($1, '', 0, 0, $2)",
                  {std::to_string(k_schema_version), history::genesis_hash()});
  } catch (const pg::QueryError& e) {
    store->rollback();
    if (e.sqlstate() == k_duplicate_table) {
      throw Error(ErrorKind::Refused, "a store already exists in the database at " + db.shown());
    }
    throw;
  } catch (...) {
    store->rollback();
    throw;
  }
  return store;
}

}  // namespace

std::string shown_location(const std::string& location) {
  return is_postgres_location(location) ? pg::redact(location) : location;
}

bool is_postgres_location(std::string_view location) noexcept {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

std::unique_ptr<Store> open_pg_store(const std::string& location) {
  refuse_password(location);
  return std::make_unique<PgStore>(location, true);
}

void create_pg_store(const std::string& location, State state, std::vector<Event> events, Instant now) {
  auto store = prepare_new_store(location);
  state.history = HistoryHead{0, 0, history::genesis_hash()};
  if (state.store_id.empty()) state.store_id = new_store_id();
  // The schema's transaction is still open: the first commit makes all of it.
  store->commit(state, Loaded{}, events, now);
}

void copy_into_pg_store(const std::string& location, const State& state, const HistoryLines& lines) {
  auto store = prepare_new_store(location);
  pg::Connection& db = store->db();
  try {
    std::string data;
    std::uint64_t seq = 0;
    std::uint64_t bytes = 0;
    const auto flush = [&] {
      if (!data.empty()) db.copy_in("COPY dac_history (seq, line) FROM STDIN", data);
      data.clear();
    };
    lines([&](std::string_view line) {
      data += std::to_string(++seq);
      data += '\t';
      pg::copy_field(data, line);
      data += '\n';
      bytes += line.size() + 1;
      if (data.size() >= (std::size_t{8} << 20)) flush();
    });
    flush();
    if (seq != state.history.events || bytes != state.history.bytes) {
      throw_store("the history read has " + std::to_string(seq) + " events (" + std::to_string(bytes) +
                      " bytes) but the store records " + std::to_string(state.history.events) + " (" +
                      std::to_string(state.history.bytes) + " bytes)",
                  "check the store with: dac history --verify");
    }
    Changes(Loaded{}, state).write(db, {}, 0);
    (void)db.exec("UPDATE dac_head SET store_id = $1, events = $2, bytes = $3, hash = $4, written_at = $5",
                  {state.store_id, std::to_string(state.history.events), std::to_string(state.history.bytes),
                   state.history.hash, text_of(state.written_at)});
    // A bulk load leaves the planner without statistics until autovacuum's
    // next round: the first commands would scan whole tables, not the indexes.
    (void)db.exec("ANALYZE dac_sellers, dac_authorizations, dac_tokens, dac_reminders");
    (void)db.exec("COMMIT");
  } catch (...) {
    store->rollback();
    throw;
  }
}

}  // namespace dac
