#include "codec.hpp"

#include <array>
#include <iterator>
#include <memory>
#include <vector>

#include "dac/core/error.hpp"
#include "dac/core/ids.hpp"
#include "dac/store/store.hpp"

namespace dac {

using nlohmann::json;

namespace {

[[noreturn]] void bad(const std::string& where, const std::string& why) {
  throw_store(where + ": " + why, "the store was not changed; restore it from a backup or fix it by hand");
}

const json& field(const json& j, const char* key, const std::string& where) {
  if (!j.is_object()) bad(where, "expected an object");
  const auto it = j.find(key);
  if (it == j.end()) bad(where, std::string("missing field \"") + key + "\"");
  return *it;
}

std::string get_string(const json& j, const char* key, const std::string& where) {
  const json& v = field(j, key, where);
  if (!v.is_string()) bad(where + "." + key, "expected a string");
  return v.get<std::string>();
}

bool get_bool(const json& j, const char* key, const std::string& where) {
  const json& v = field(j, key, where);
  if (!v.is_boolean()) bad(where + "." + key, "expected true or false");
  return v.get<bool>();
}

std::uint64_t get_count(const json& j, const char* key, const std::string& where) {
  const json& v = field(j, key, where);
  if (!v.is_number_unsigned()) bad(where + "." + key, "expected a non-negative integer");
  return v.get<std::uint64_t>();
}

Instant get_instant(const json& j, const char* key, const std::string& where) {
  const std::string text = get_string(j, key, where);
  const auto t = check_instant(text);
  if (!t) bad(where + "." + key, instant_error_message(t.error(), text));
  return t.value();
}

// A stored ID or text that `check` accepts, or a store error at `where` naming the problem.
template <typename Check>
auto get_checked(const json& j, const char* key, const std::string& where, Check check) {
  const std::string text = get_string(j, key, where);
  const auto parsed = check(text);
  if (!parsed) bad(where + "." + key, id_error_message(parsed.error(), text));
  return std::string(parsed.value());
}

std::string get_seller_id(const json& j, const std::string& where) {
  return get_checked(j, "seller_id", where, check_seller_id);
}

std::string get_developer_id(const json& j, const std::string& where) {
  std::string id = get_string(j, "developer_id", where);
  if (!is_stored_developer_id(id)) bad(where + ".developer_id", "expected 12 digits");
  return id;
}

// What a seller or authorisation record says it is, "seller A1B2…, developer
// 123456789012", or nothing. Only valid IDs are shown: a hostile value stays
// out of the message.
std::string record_identity(const json& j) {
  if (!j.is_object()) return {};
  const auto id = [&](const char* key, auto valid) -> std::string {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return {};
    const auto& text = it->get_ref<const std::string&>();
    return valid(text) ? text : std::string();
  };
  const std::string seller = id("seller_id", [](const std::string& t) { return check_seller_id(t).ok(); });
  const std::string developer = id("developer_id", [](const std::string& t) { return is_stored_developer_id(t); });
  std::string who;
  if (!seller.empty()) who = "seller " + seller;
  if (!seller.empty() && !developer.empty()) who += ", ";
  if (!developer.empty()) who += "developer " + developer;
  return who;
}

// Reads the record `j` with `read`; an error in it also names the record by
// what it says it is, "state.json.authorizations[1].own: expected true or
// false (seller A1B2…, developer 1000…)", so that a user who edited it by hand
// finds it without counting records.
template <typename Read>
void read_record(const json& j, Read read) {
  try {
    read();
  } catch (const Error& e) {
    const std::string who = record_identity(j);
    if (who.empty()) throw;
    throw Error(e.kind(), std::string(e.what()) + " (" + who + ")", e.hint());
  }
}

std::optional<Instant> get_optional_instant(const json& j, const char* key, const std::string& where) {
  const json& v = field(j, key, where);
  if (v.is_null()) return std::nullopt;
  return get_instant(j, key, where);
}

std::optional<std::string> get_optional_string(const json& j, const char* key, const std::string& where) {
  const json& v = field(j, key, where);
  if (v.is_null()) return std::nullopt;
  return get_string(j, key, where);
}

json optional_instant(const std::optional<Instant>& t) { return t ? json(format_instant(*t)) : json(nullptr); }

json optional_string(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

// The fields of an authorisation but its token: the inventory_recorded event's form.
json authorization_fields(const Authorization& a) {
  return json{{"seller_id", a.seller_id},
              {"developer_id", a.developer_id},
              {"nickname", a.nickname},
              {"own", a.own},
              {"status", std::string(to_string(a.status))},
              {"authorized_at", format_instant(a.authorized_at)},
              {"confirmed_at", optional_instant(a.confirmed_at)},
              {"frozen_last_confirmed_at", optional_instant(a.frozen_last_confirmed_at)},
              {"ended_at", optional_instant(a.ended_at)}};
}

// Every field of an authorisation but its token, checked as state.json's are.
Authorization authorization_fields_from_json(const json& j, const std::string& where) {
  Authorization a;
  a.seller_id = get_seller_id(j, where);
  a.developer_id = get_developer_id(j, where);
  a.nickname = get_checked(j, "nickname", where, check_stored_nickname);
  a.own = get_bool(j, "own", where);
  const auto status = status_from_string(get_string(j, "status", where));
  if (!status) bad(where + ".status", "expected active, suspended or revoked");
  a.status = *status;
  a.authorized_at = get_instant(j, "authorized_at", where);
  a.confirmed_at = get_optional_instant(j, "confirmed_at", where);
  a.frozen_last_confirmed_at = get_optional_instant(j, "frozen_last_confirmed_at", where);
  a.ended_at = get_optional_instant(j, "ended_at", where);
  if (a.status != Status::Active && (!a.frozen_last_confirmed_at || !a.ended_at)) {
    bad(where, "a " + std::string(to_string(a.status)) + " authorization needs frozen_last_confirmed_at and ended_at");
  }
  return a;
}

// Which event types may carry a field that only some have.
struct OnlyOn {
  const char* key;
  EventType type;
};
constexpr std::array<OnlyOn, 7> k_only_on{{{"channel", EventType::Reminded},
                                           {"milestone", EventType::Reminded},
                                           {"nickname", EventType::Granted},
                                           {"own", EventType::Granted},
                                           {"last_confirmed_at", EventType::Granted},
                                           {"seller_name", EventType::SellerAdded},
                                           {"inventory", EventType::InventoryRecorded}}};

// The fields that belong to other event types, and those an event needs together.
void check_event_fields(const json& j, const Event& e, const std::string& where) {
  for (const OnlyOn& only : k_only_on) {
    if (e.type != only.type && j.contains(only.key)) {
      bad(where + "." + only.key, "a " + std::string(to_string(e.type)) + " event has no such field (only " +
                                      std::string(to_string(only.type)) + " events have it)");
    }
  }
  if (e.type == EventType::Reminded && (e.channel.has_value() != e.milestone.has_value())) {
    bad(where, "a reminded event has both channel and milestone, or neither");
  }
  if (e.type == EventType::Granted && (e.nickname.has_value() != e.own.has_value())) {
    bad(where, "a granted event has both nickname and own, or neither");
  }
  if (e.last_confirmed_at && !e.nickname) bad(where + ".last_confirmed_at", "a granted event without its nickname");
  if (e.last_confirmed_at && *e.last_confirmed_at <= e.effective_at) {
    bad(where + ".last_confirmed_at", "must be after the authorisation date (effective_at)");
  }
  if (e.type == EventType::InventoryRecorded && !e.inventory) bad(where, "missing field \"inventory\"");
}

}  // namespace

void to_json(json& j, const Seller& s) {
  j = json{{"seller_id", s.seller_id},
           {"name", s.name},
           {"confirmation_enabled", s.confirmation_enabled},
           {"enabled_at", optional_instant(s.enabled_at)},
           {"disabled_at", optional_instant(s.disabled_at)}};
}

void to_json(json& j, const Inventory& inventory) {
  json authorizations = json::array();
  for (const Authorization& a : inventory.authorizations) authorizations.push_back(authorization_fields(a));
  j = json{{"sellers", inventory.sellers}, {"authorizations", std::move(authorizations)}};
}

void to_json(json& j, const Authorization& a) {
  j = authorization_fields(a);
  j["mws_auth_token"] = optional_string(a.token);
}

void to_json(json& j, const Event& e) {
  j = json{{"seq", e.seq},
           {"event", std::string(to_string(e.type))},
           {"effective_at", format_instant(e.effective_at)},
           {"recorded_at", format_instant(e.recorded_at)},
           {"seller_id", e.seller_id},
           {"developer_id", optional_string(e.developer_id)},
           {"actor", e.actor},
           {"reason", optional_string(e.reason)},
           {"prev_hash", e.prev_hash},
           {"hash", e.hash}};
  // Present only on the events that have them, so older events (and their
  // hashes) keep exactly the JSON they were sealed with.
  if (e.channel) j["channel"] = *e.channel;
  if (e.milestone) j["milestone"] = *e.milestone;
  if (e.nickname) j["nickname"] = *e.nickname;
  if (e.own) j["own"] = *e.own;
  if (e.last_confirmed_at) j["last_confirmed_at"] = format_instant(*e.last_confirmed_at);
  if (e.seller_name) j["seller_name"] = *e.seller_name;
  if (e.inventory) j["inventory"] = *e.inventory;
}

void to_json(json& j, const Reminder& r) {
  j = json{{"seller_id", r.seller_id}, {"developer_id", r.developer_id}, {"expires_at", format_instant(r.expires_at)},
           {"milestone", r.milestone}, {"channel", r.channel},           {"sent_at", format_instant(r.sent_at)}};
}

void to_json(json& j, const State& s) {
  j = json{{"format", "dac-store"},
           {"version", k_store_version},
           {"id", s.store_id},
           {"written_at", optional_instant(s.written_at)},
           {"history", {{"events", s.history.events}, {"bytes", s.history.bytes}, {"head", s.history.hash}}},
           {"sellers", s.sellers},
           {"authorizations", s.authorizations},
           {"reminders", s.reminders}};
  // A format-1 store's state (no id yet), as dac store copy moves it: format 1.
  if (s.store_id.empty()) {
    j["version"] = 1;
    j.erase("id");
    for (json& seller : j["sellers"]) seller.erase("disabled_at");
  }
}

Seller seller_from_json(const json& j, const std::string& where, bool with_disabled_at) {
  Seller s;
  s.seller_id = get_seller_id(j, where);
  s.name = get_string(j, "name", where);
  s.confirmation_enabled = get_bool(j, "confirmation_enabled", where);
  s.enabled_at = get_optional_instant(j, "enabled_at", where);
  if (with_disabled_at) s.disabled_at = get_optional_instant(j, "disabled_at", where);
  if (s.confirmation_enabled && !s.enabled_at) bad(where + ".enabled_at", "confirmation is enabled but has no date");
  return s;
}

Authorization authorization_from_json(const json& j, const std::string& where) {
  Authorization a = authorization_fields_from_json(j, where);
  if (!field(j, "mws_auth_token", where).is_null()) {
    const std::string text = get_string(j, "mws_auth_token", where);
    const auto token = check_token(text);
    if (!token) bad(where + ".mws_auth_token", id_error_message(token.error(), text));
    a.token = as_string(token.value());
  }
  if (a.status == Status::Revoked && a.token) bad(where + ".mws_auth_token", "a revoked authorization keeps no token");
  if (a.status != Status::Revoked && !a.token) bad(where + ".mws_auth_token", "missing token");
  return a;
}

Event event_from_json(const json& j, const std::string& where) {
  Event e;
  e.seq = get_count(j, "seq", where);
  const auto type = event_type_from_string(get_string(j, "event", where));
  if (!type) bad(where + ".event", "unknown event type");
  e.type = *type;
  e.effective_at = get_instant(j, "effective_at", where);
  e.recorded_at = get_instant(j, "recorded_at", where);
  e.seller_id = get_string(j, "seller_id", where);
  e.developer_id = get_optional_string(j, "developer_id", where);
  e.actor = get_string(j, "actor", where);
  e.reason = get_optional_string(j, "reason", where);
  e.prev_hash = get_string(j, "prev_hash", where);
  e.hash = get_string(j, "hash", where);
  if (j.contains("channel")) e.channel = get_string(j, "channel", where);
  if (j.contains("milestone")) e.milestone = get_string(j, "milestone", where);
  if (j.contains("nickname")) e.nickname = get_checked(j, "nickname", where, check_stored_nickname);
  if (j.contains("own")) e.own = get_bool(j, "own", where);
  if (j.contains("last_confirmed_at")) e.last_confirmed_at = get_instant(j, "last_confirmed_at", where);
  if (j.contains("seller_name")) e.seller_name = get_string(j, "seller_name", where);
  if (j.contains("inventory")) {
    e.inventory = inventory_from_json(j["inventory"], where + ".inventory");
  }
  check_event_fields(j, e, where);
  return e;
}

namespace {

// Reads each record of the array `key` of `j` with read(record, its place in the
// file), an error in it naming the record (read_record).
template <typename Read>
void read_records(const json& j, const char* key, const std::string& where, Read read) {
  const json& records = field(j, key, where);
  if (!records.is_array()) bad(where + "." + key, "expected an array");
  for (std::size_t i = 0; i < records.size(); ++i) {
    const std::string at = where + "." + key + "[" + std::to_string(i) + "]";
    read_record(records[i], [&] { read(records[i], at); });
  }
}

// Reads the sellers of `j` into `into`, refusing one that appears twice.
void read_sellers(const json& j, const std::string& where, bool with_disabled_at, State& into) {
  read_records(j, "sellers", where, [&](const json& record, const std::string& at) {
    Seller seller = seller_from_json(record, at, with_disabled_at);
    if (into.find_seller(seller.seller_id) != nullptr) bad(at, "seller " + seller.seller_id + " appears twice");
    into.add_seller(std::move(seller));
  });
}

}  // namespace

Inventory inventory_from_json(const json& j, const std::string& where) {
  if (!j.is_object()) bad(where, "expected an object");
  State index;  // finds the sellers and authorisations seen so far
  read_sellers(j, where, true, index);
  index.authorizations.reserve(field(j, "authorizations", where).size());
  read_records(j, "authorizations", where, [&](const json& record, const std::string& at) {
    if (record.is_object() && record.contains("mws_auth_token")) bad(at, "the inventory never holds a token");
    Authorization auth = authorization_fields_from_json(record, at);
    if (index.find_seller(auth.seller_id) == nullptr) bad(at, "unknown seller " + auth.seller_id);
    if (index.find(auth.seller_id, auth.developer_id) != nullptr) {
      bad(at, "authorization " + auth.developer_id + " of seller " + auth.seller_id + " appears twice");
    }
    index.add_authorization(std::move(auth));
  });
  return Inventory{std::move(index.sellers), std::move(index.authorizations)};
}

Reminder reminder_from_json(const json& j, const std::string& where) {
  Reminder r;
  r.seller_id = get_seller_id(j, where);
  r.developer_id = get_developer_id(j, where);
  r.expires_at = get_instant(j, "expires_at", where);
  r.milestone = get_string(j, "milestone", where);
  if (r.milestone.empty()) bad(where + ".milestone", "expected a milestone such as 30d or suspended");
  r.channel = get_string(j, "channel", where);
  if (r.channel.empty()) bad(where + ".channel", "expected a channel name");
  r.sent_at = get_instant(j, "sent_at", where);
  return r;
}

State state_from_json(const json& j, const std::string& where) {
  if (!j.is_object()) bad(where, "expected a JSON object");
  if (get_string(j, "format", where) != "dac-store") bad(where + ".format", "not a dac store");
  const json& version = field(j, "version", where);
  // Parsed text gives unsigned numbers, an in-memory json a signed one: accept both.
  if (!version.is_number_integer()) bad(where + ".version", "expected a positive integer");
  if (version.get<std::int64_t>() < 1) bad(where + ".version", "unknown version " + version.dump());
  if (version.get<std::int64_t>() > k_store_version) {
    throw_store(where + ": store format version " + std::to_string(version.get<std::int64_t>()) +
                    " is newer than this dac understands (" + std::to_string(k_store_version) + ")",
                "upgrade dac; the store was not changed");
  }
  // Format 2 added the store's id and each seller's disabled_at; a format-1
  // store has neither (until its first write upgrades it).
  const bool v2 = version.get<std::int64_t>() >= 2;
  State s;
  if (v2) {
    s.store_id = get_string(j, "id", where);
    if (!is_store_id(s.store_id)) bad(where + ".id", "expected 32 lower-case hex digits (the store's id)");
  }
  s.written_at = get_optional_instant(j, "written_at", where);
  const json& history = field(j, "history", where);
  s.history.events = get_count(history, "events", where + ".history");
  s.history.bytes = get_count(history, "bytes", where + ".history");
  s.history.hash = get_string(history, "head", where + ".history");

  read_sellers(j, where, v2, s);
  s.authorizations.reserve(field(j, "authorizations", where).size());
  read_records(j, "authorizations", where, [&](const json& record, const std::string& at) {
    Authorization auth = authorization_from_json(record, at);
    if (s.find_seller(auth.seller_id) == nullptr) bad(at, "unknown seller " + auth.seller_id);
    s.add_authorization(std::move(auth));
  });
  // Added with dac notify; stores written before it have no such field.
  if (const auto it = j.find("reminders"); it != j.end()) {
    if (!it->is_array()) bad(where + ".reminders", "expected an array");
    s.reminders.reserve(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) {
      s.reminders.push_back(reminder_from_json((*it)[i], where + ".reminders[" + std::to_string(i) + "]"));
    }
  }
  return s;
}

namespace {

// A pointer into the text being parsed that tells how far the parser has read.
class TrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator(const char* at, const char** reached) : m_at(at), m_reached(reached) {}
  reference operator*() const { return *m_at; }
  TrackingIterator& operator++() {
    *m_reached = ++m_at;
    return *this;
  }
  TrackingIterator operator++(int) {  // NOLINT(cert-dcl21-cpp): an iterator's post-increment returns a copy
    TrackingIterator before = *this;
    ++*this;
    return before;
  }
  friend bool operator==(const TrackingIterator& a, const TrackingIterator& b) { return a.m_at == b.m_at; }

 private:
  const char* m_at;
  const char** m_reached;
};

// Builds the value as nlohmann's own parser does, but stops at a key that an
// object already has: nlohmann would keep the last one silently, so a
// hand-edited file could tell dac one thing and another tool another.
class StrictBuilder final : public json::json_sax_t {
 public:
  // `begin` is the text; `reached` tells how far the parser has read it.
  StrictBuilder(const char* begin, const char* const* reached) : m_begin(begin), m_reached(reached) {}

  json result;
  // Why parsing stopped, and how many bytes had been read then.
  std::string problem;
  std::size_t problem_at = 0;

  bool null() override { return add(nullptr) != nullptr; }
  bool boolean(bool v) override { return add(v) != nullptr; }
  bool number_integer(number_integer_t v) override { return add(v) != nullptr; }
  bool number_unsigned(number_unsigned_t v) override { return add(v) != nullptr; }
  bool number_float(number_float_t v, const string_t& /*text*/) override { return add(v) != nullptr; }
  bool string(string_t& v) override { return add(std::move(v)) != nullptr; }
  bool binary(binary_t& /*v*/) override { return false; }  // not in JSON text
  bool start_object(std::size_t /*size*/) override {
    m_open.push_back(add(json::object()));
    return true;
  }
  bool key(string_t& k) override {
    if (m_open.back()->contains(k)) {
      problem = "the key " + printable_key(k) + " appears twice in one object";
      problem_at = key_start();
      return false;
    }
    m_key = std::move(k);
    return true;
  }
  bool end_object() override {
    m_open.pop_back();
    return true;
  }
  bool start_array(std::size_t /*size*/) override {
    m_open.push_back(add(json::array()));
    return true;
  }
  bool end_array() override {
    m_open.pop_back();
    return true;
  }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& e) override {
    problem_at = position == 0 ? 0 : position - 1;  // nlohmann counts from 1
    if (e.id == 406) {
      problem = "a number is too large";
      return false;
    }
    // Keep nlohmann's reason but not its "last read: '...'" excerpt, which
    // could hold a secret.
    problem = e.what();
    const auto column_at = problem.find(", column ");
    const auto reason_at = problem.find(": ", column_at == std::string::npos ? 0 : column_at);
    if (reason_at != std::string::npos) problem = problem.substr(reason_at + 2);
    const auto excerpt_at = problem.find("; last read");
    if (excerpt_at != std::string::npos) problem.erase(excerpt_at);
    return false;
  }

 private:
  // Puts a value where the parser is: the root, the next array element, or
  // the value of the last key. Open containers stay put: their parent only
  // grows after they close.
  json* add(json v) {
    if (m_open.empty()) {
      result = std::move(v);
      return &result;
    }
    json& parent = *m_open.back();
    if (parent.is_array()) {
      parent.push_back(std::move(v));
      return &parent.back();
    }
    return &(parent[m_key] = std::move(v));
  }

  // The byte where the key just read starts: its opening quote.
  [[nodiscard]] std::size_t key_start() const {
    const char* closing = *m_reached - 1;
    const char* p = closing;
    while (p > m_begin) {
      --p;
      if (*p != '"') continue;
      std::size_t backslashes = 0;
      for (const char* b = p; b > m_begin && *(b - 1) == '\\'; --b) ++backslashes;
      if (backslashes % 2 == 0) break;
    }
    return static_cast<std::size_t>(p - m_begin);
  }

  // A key is named in messages only when it looks like a field name: anything
  // else could be a secret pasted in the wrong place.
  static std::string printable_key(const std::string& k) {
    const bool plain = !k.empty() && k.size() <= 40 &&
                       k.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
    return plain ? "\"" + k + "\"" : "(not shown)";
  }

  const char* m_begin;
  const char* const* m_reached;
  std::vector<json*> m_open;
  std::string m_key;
};

// "line 3, column 14 (byte 40)" for the 0-based byte `at` of `text`.
std::string position_of(std::string_view text, std::size_t at) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < at && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column) + " (byte " + std::to_string(at) + ")";
}

}  // namespace

json parse_json(std::string_view text, const std::string& where) {
  const char* reached = text.data();
  StrictBuilder builder(text.data(), &reached);
  const TrackingIterator first(text.data(), &reached);
  const TrackingIterator last(text.data() + text.size(), &reached);
  if (!json::sax_parse(first, last, &builder)) {
    throw_store(where + ": not valid JSON at " + position_of(text, builder.problem_at) + ": " + builder.problem,
                "the store was not changed; restore it from a backup or fix it by hand");
  }
  return std::move(builder.result);
}

}  // namespace dac
