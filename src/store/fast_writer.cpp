// The fast writers: state.json and an event's canonical JSON, byte for byte
// what nlohmann's dump gives, without building a JSON tree (fast_codec.hpp).
#include <algorithm>
#include <array>
#include <string>

#include "codec.hpp"
#include "dac/core/json_text.hpp"
#include "dac/core/utf8.hpp"
#include "dac/store/store.hpp"
#include "fast_codec.hpp"

namespace dac::fast {

namespace {

using namespace std::chrono;

void append_digits(std::string& out, unsigned v, int width) {
  std::array<char, 8> buf{};
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out.append(buf.data(), static_cast<std::size_t>(width));
}

// format_instant(t), without printf.
void append_instant(std::string& out, Instant t) {
  const auto days = floor<std::chrono::days>(t);
  const year_month_day ymd{days};
  const int y = static_cast<int>(ymd.year());
  if (y < 0 || y > 9999) {
    out += format_instant(t);
    return;
  }
  const auto secs = static_cast<unsigned>((t - days).count());
  append_digits(out, static_cast<unsigned>(y), 4);
  out += '-';
  append_digits(out, static_cast<unsigned>(ymd.month()), 2);
  out += '-';
  append_digits(out, static_cast<unsigned>(ymd.day()), 2);
  out += 'T';
  append_digits(out, secs / 3600, 2);
  out += ':';
  append_digits(out, secs / 60 % 60, 2);
  out += ':';
  append_digits(out, secs % 60, 2);
  out += 'Z';
}

void append_uint(std::string& out, std::uint64_t v) {
  std::array<char, 24> buf{};
  char* const end = buf.data() + buf.size();
  char* p = end;
  do {
    *--p = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  out.append(p, static_cast<std::size_t>(end - p));
}

void append_string(std::string& out, std::string_view s) { append_json_string(out, s); }

void append_optional_string(std::string& out, const std::optional<std::string>& s) {
  if (s) {
    append_string(out, *s);
  } else {
    out += "null";
  }
}

void append_optional_instant(std::string& out, const std::optional<Instant>& t) {
  if (t) {
    out += '"';
    append_instant(out, *t);
    out += '"';
  } else {
    out += "null";
  }
}

bool writable(const std::optional<std::string>& v) { return !v || valid_utf8(*v); }

bool writable(const Seller& x) { return valid_utf8(x.seller_id) && valid_utf8(x.name); }

bool writable(const Authorization& a) {
  return valid_utf8(a.seller_id) && valid_utf8(a.developer_id) && valid_utf8(a.nickname) && writable(a.token);
}

bool writable(const Inventory& inventory) {
  const auto seller_ok = [](const Seller& x) { return writable(x); };
  const auto authorization_ok = [](const Authorization& a) { return writable(a); };
  return std::all_of(inventory.sellers.begin(), inventory.sellers.end(), seller_ok) &&
         std::all_of(inventory.authorizations.begin(), inventory.authorizations.end(), authorization_ok);
}

// Whether every string of the state can be written (nlohmann refuses invalid UTF-8).
bool writable(const State& s) {
  const auto seller_ok = [](const Seller& x) { return writable(x); };
  const auto authorization_ok = [](const Authorization& a) { return writable(a); };
  const auto reminder_ok = [](const Reminder& r) {
    return valid_utf8(r.seller_id) && valid_utf8(r.developer_id) && valid_utf8(r.milestone) && valid_utf8(r.channel);
  };
  return valid_utf8(s.history.hash) && valid_utf8(s.store_id) &&
         std::all_of(s.sellers.begin(), s.sellers.end(), seller_ok) &&
         std::all_of(s.authorizations.begin(), s.authorizations.end(), authorization_ok) &&
         std::all_of(s.reminders.begin(), s.reminders.end(), reminder_ok);
}

// Whether every string of the event can be written.
bool writable(const Event& e) {
  return valid_utf8(e.actor) && valid_utf8(e.seller_id) && valid_utf8(e.prev_hash) && valid_utf8(e.hash) &&
         writable(e.developer_id) && writable(e.reason) && writable(e.channel) && writable(e.milestone) &&
         writable(e.nickname) && writable(e.seller_name) && (!e.inventory || writable(*e.inventory));
}

// Members of a compact object (dump() without indent): {"a":1,"b":2}.
class CompactObject {
 public:
  explicit CompactObject(std::string& out) : m_out(out) { m_out += '{'; }
  void key(std::string_view name) {
    if (!m_first) m_out += ',';
    m_first = false;
    m_out += '"';
    m_out += name;
    m_out += "\":";
  }
  void close() { m_out += '}'; }

 private:
  std::string& m_out;
  bool m_first = true;
};

// A seller's members in key order, through an object writer of either kind.
template <typename Object>
void write_seller_members(std::string& out, Object& o, const Seller& s, bool with_disabled_at = true) {
  o.key("confirmation_enabled");
  out += s.confirmation_enabled ? "true" : "false";
  if (with_disabled_at) {
    o.key("disabled_at");
    append_optional_instant(out, s.disabled_at);
  }
  o.key("enabled_at");
  append_optional_instant(out, s.enabled_at);
  o.key("name");
  append_string(out, s.name);
  o.key("seller_id");
  append_string(out, s.seller_id);
}

// An authorisation's members in key order; the token only with `token`.
template <typename Object>
void write_authorization_members(std::string& out, Object& o, const Authorization& a, bool token) {
  o.key("authorized_at");
  append_optional_instant(out, a.authorized_at);
  o.key("confirmed_at");
  append_optional_instant(out, a.confirmed_at);
  o.key("developer_id");
  append_string(out, a.developer_id);
  o.key("ended_at");
  append_optional_instant(out, a.ended_at);
  o.key("frozen_last_confirmed_at");
  append_optional_instant(out, a.frozen_last_confirmed_at);
  if (token) {
    o.key("mws_auth_token");
    append_optional_string(out, a.token);
  }
  o.key("nickname");
  append_string(out, a.nickname);
  o.key("own");
  out += a.own ? "true" : "false";
  o.key("seller_id");
  append_string(out, a.seller_id);
  o.key("status");
  append_string(out, to_string(a.status));
}

// Members of an object printed with dump(1, '\t') at `depth`.
class PrettyObject {
 public:
  PrettyObject(std::string& out, int depth) : m_out(out), m_depth(depth) { m_out += '{'; }
  // Starts the next member; its value follows.
  void key(std::string_view name) {
    m_out += m_first ? "\n" : ",\n";
    m_first = false;
    m_out.append(static_cast<std::size_t>(m_depth) + 1, '\t');
    m_out += '"';
    m_out += name;
    m_out += "\": ";
  }
  void close() {
    m_out += '\n';
    m_out.append(static_cast<std::size_t>(m_depth), '\t');
    m_out += '}';
  }

 private:
  std::string& m_out;
  int m_depth;
  bool m_first = true;
};

void write_seller(std::string& out, const Seller& s) {
  PrettyObject o(out, 2);
  write_seller_members(out, o, s);
  o.close();
}

// A seller of a format-1 store, which has no disabled_at.
void write_format1_seller(std::string& out, const Seller& s) {
  PrettyObject o(out, 2);
  write_seller_members(out, o, s, false);
  o.close();
}

void write_authorization(std::string& out, const Authorization& a) {
  PrettyObject o(out, 2);
  write_authorization_members(out, o, a, true);
  o.close();
}

void write_reminder(std::string& out, const Reminder& r) {
  PrettyObject o(out, 2);
  o.key("channel");
  append_string(out, r.channel);
  o.key("developer_id");
  append_string(out, r.developer_id);
  o.key("expires_at");
  append_optional_instant(out, r.expires_at);
  o.key("milestone");
  append_string(out, r.milestone);
  o.key("seller_id");
  append_string(out, r.seller_id);
  o.key("sent_at");
  append_optional_instant(out, r.sent_at);
  o.close();
}

// An array member at depth 1, its elements at depth 2; `flush` may take the text so far.
template <typename T, typename Write, typename Flush>
void write_array(std::string& out, const std::vector<T>& items, Write write, Flush flush) {
  if (items.empty()) {
    out += "[]";
    return;
  }
  out += "[\n";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += "\t\t";
    write(out, items[i]);
    out += i + 1 < items.size() ? ",\n" : "\n";
    flush();
  }
  out += "\t]";
}

}  // namespace

void write_state_json(const State& state, const std::function<void(std::string_view)>& sink) {
  if (!writable(state)) {
    // nlohmann says what is wrong (it throws on invalid UTF-8).
    sink(nlohmann::json(state).dump(1, '\t') + "\n");
    return;
  }
  constexpr std::size_t k_chunk = 1 << 20;
  std::string out;
  out.reserve(k_chunk + 4096);
  const auto flush = [&] {
    if (out.size() >= k_chunk) {
      sink(out);
      out.clear();
    }
  };
  PrettyObject top(out, 0);
  top.key("authorizations");
  write_array(out, state.authorizations, write_authorization, flush);
  top.key("format");
  out += "\"dac-store\"";
  top.key("history");
  {
    PrettyObject h(out, 1);
    h.key("bytes");
    append_uint(out, state.history.bytes);
    h.key("events");
    append_uint(out, state.history.events);
    h.key("head");
    append_string(out, state.history.hash);
    h.close();
  }
  // A state without an id is a format-1 store's, as dac store copy moves it
  // before a first write upgrades it: written as format 1 (no id, no
  // disabled_at), so that the copy is the same store, byte for byte.
  const bool format1 = state.store_id.empty();
  if (!format1) {
    top.key("id");
    append_string(out, state.store_id);
  }
  top.key("reminders");
  write_array(out, state.reminders, write_reminder, flush);
  top.key("sellers");
  write_array(out, state.sellers, format1 ? write_format1_seller : write_seller, flush);
  top.key("version");
  append_uint(out, format1 ? 1 : static_cast<std::uint64_t>(k_store_version));
  top.key("written_at");
  append_optional_instant(out, state.written_at);
  top.close();
  out += '\n';
  sink(out);
}

void append_inventory_json(std::string& out, const Inventory& inventory) {
  CompactObject top(out);
  top.key("authorizations");
  out += '[';
  for (std::size_t i = 0; i < inventory.authorizations.size(); ++i) {
    if (i != 0) out += ',';
    CompactObject o(out);
    write_authorization_members(out, o, inventory.authorizations[i], false);
    o.close();
  }
  out += ']';
  top.key("sellers");
  out += '[';
  for (std::size_t i = 0; i < inventory.sellers.size(); ++i) {
    if (i != 0) out += ',';
    CompactObject o(out);
    write_seller_members(out, o, inventory.sellers[i]);
    o.close();
  }
  out += ']';
  top.close();
}

namespace {

// The members of an event after "hash", in key order, up to "prev_hash".
void write_event_middle(std::string& out, const Event& e) {
  if (e.inventory) {
    out += ",\"inventory\":";
    append_inventory_json(out, *e.inventory);
  }
  if (e.last_confirmed_at) {
    out += ",\"last_confirmed_at\":";
    append_optional_instant(out, e.last_confirmed_at);
  }
  if (e.milestone) {
    out += ",\"milestone\":";
    append_string(out, *e.milestone);
  }
  if (e.nickname) {
    out += ",\"nickname\":";
    append_string(out, *e.nickname);
  }
  if (e.own) out += *e.own ? ",\"own\":true" : ",\"own\":false";
}

}  // namespace

std::string event_json(const Event& e, bool with_hash, std::size_t* hash_at) {
  if (!writable(e)) {
    nlohmann::json body = e;
    if (!with_hash) body.erase("hash");
    if (hash_at != nullptr) *hash_at = std::string::npos;
    return body.dump();
  }
  std::string out;
  out.reserve(e.inventory ? 256 * (e.inventory->authorizations.size() + e.inventory->sellers.size()) + 400 : 400);
  out += "{\"actor\":";
  append_string(out, e.actor);
  if (e.channel) {
    out += ",\"channel\":";
    append_string(out, *e.channel);
  }
  out += ",\"developer_id\":";
  append_optional_string(out, e.developer_id);
  out += ",\"effective_at\":";
  append_optional_instant(out, e.effective_at);
  out += ",\"event\":";
  append_string(out, to_string(e.type));
  if (hash_at != nullptr) *hash_at = out.size();
  if (with_hash) {
    out += ",\"hash\":";
    append_string(out, e.hash);
  }
  write_event_middle(out, e);
  out += ",\"prev_hash\":";
  append_string(out, e.prev_hash);
  out += ",\"reason\":";
  append_optional_string(out, e.reason);
  out += ",\"recorded_at\":";
  append_optional_instant(out, e.recorded_at);
  out += ",\"seller_id\":";
  append_string(out, e.seller_id);
  if (e.seller_name) {
    out += ",\"seller_name\":";
    append_string(out, *e.seller_name);
  }
  out += ",\"seq\":";
  append_uint(out, e.seq);
  out += '}';
  return out;
}

}  // namespace dac::fast
