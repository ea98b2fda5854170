// A history line in canonical form (what dac writes), read without copying
// (fast_codec.hpp): exact bytes only, anything else is the general path's.
#include <memory>
#include <string>

#include "dac/core/ids.hpp"
#include "dac/core/utf8.hpp"
#include "fast_codec.hpp"
#include "fast_text.hpp"

namespace dac::fast {

namespace {

// A cursor over one canonical history line: exact bytes only.
class Line {
 public:
  explicit Line(std::string_view text) : m_text(text) {}

  [[nodiscard]] std::size_t pos() const { return m_pos; }
  bool literal(std::string_view s) {
    if (m_text.substr(m_pos, s.size()) != s) return false;
    m_pos += s.size();
    return true;
  }
  // A string exactly as dump writes it; `escaped` tells whether it holds escapes.
  bool string(std::string_view& raw, bool& escaped) {
    if (m_pos >= m_text.size() || m_text[m_pos] != '"') return false;
    const std::size_t start = ++m_pos;
    escaped = false;
    const char* end = m_text.data() + m_text.size();
    while (m_pos < m_text.size()) {
      const auto c = static_cast<unsigned char>(m_text[m_pos]);
      if (c == '"') {
        raw = m_text.substr(start, m_pos - start);
        ++m_pos;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        escaped = true;
        if (!canonical_escape()) return false;
        continue;
      }
      if (c < 0x80) {
        ++m_pos;
        continue;
      }
      const std::size_t n = utf8_sequence_length(m_text.data() + m_pos, end);
      if (n == 0) return false;
      m_pos += n;
    }
    return false;
  }
  // A string without escapes (hashes, names of events, instants).
  bool plain_string(std::string_view& raw) {
    bool escaped = false;
    return string(raw, escaped) && !escaped;
  }
  // A string, escaped or not.
  bool any_string(std::string_view& raw) {
    bool escaped = false;
    return string(raw, escaped);
  }
  // The string of a member that only some events have, if `key` comes next.
  bool present_string(std::string_view key, std::optional<std::string_view>& raw) {
    raw.reset();
    if (!literal(key)) return true;
    std::string_view v;
    if (!any_string(v)) return false;
    raw = v;
    return true;
  }
  // An instant, as a string without escapes.
  bool instant(Instant& t) {
    std::string_view v;
    if (!plain_string(v)) return false;
    const auto parsed = check_instant(v);
    if (parsed) t = parsed.value();
    return parsed.ok();
  }
  bool optional_string(std::optional<std::string_view>& raw) {
    if (literal("null")) {
      raw.reset();
      return true;
    }
    std::string_view v;
    bool escaped = false;
    if (!string(v, escaped)) return false;
    raw = v;
    return true;
  }
  bool count(std::uint64_t& v) {
    const char* p = m_text.data() + m_pos;
    const bool ok = read_count(p, m_text.data() + m_text.size(), v);
    m_pos = static_cast<std::size_t>(p - m_text.data());
    return ok;
  }
  bool boolean(bool& v) {
    if (literal("true")) {
      v = true;
      return true;
    }
    if (literal("false")) {
      v = false;
      return true;
    }
    return false;
  }
  [[nodiscard]] bool at_end() const { return m_pos == m_text.size(); }
  [[nodiscard]] std::string_view text() const { return m_text; }
  void move_to(std::size_t pos) { m_pos = pos; }

 private:
  // An escape as dump writes it: the short ones, or \u00xx (lower-case) for
  // a control character that has no short one.
  bool canonical_escape() {
    if (m_pos + 1 >= m_text.size()) return false;
    const char e = m_text[m_pos + 1];
    if (e == '"' || e == '\\' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
      m_pos += 2;
      return true;
    }
    if (e != 'u' || m_pos + 6 > m_text.size() || m_text.substr(m_pos + 2, 2) != "00") return false;
    const char hi = m_text[m_pos + 4];
    const char lo = m_text[m_pos + 5];
    const bool lo_hex = is_digit(lo) || (lo >= 'a' && lo <= 'f');
    if ((hi != '0' && hi != '1') || !lo_hex) return false;
    const int v = (hi - '0') * 16 + (is_digit(lo) ? lo - '0' : lo - 'a' + 10);
    if (v == '\b' || v == '\f' || v == '\n' || v == '\r' || v == '\t') return false;
    m_pos += 6;
    return true;
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
};

// Undoes the escapes of a string that Line::string accepted, into `out`
// (its capacity kept: a reused event allocates nothing).
void unescape_into(std::string_view raw, std::string& out) {
  out.clear();
  std::size_t plain = 0;  // the start of the run of plain bytes not yet copied
  for (std::size_t i = raw.find('\\'); i != std::string_view::npos; i = raw.find('\\', plain)) {
    out.append(raw, plain, i - plain);
    const char e = raw[++i];
    if (e != 'u') {
      out += short_escape(e);
      plain = i + 1;
      continue;
    }
    const char lo = raw[i + 4];
    const int v = (raw[i + 3] - '0') * 16 + (is_digit(lo) ? lo - '0' : lo - 'a' + 10);
    out += static_cast<char>(v);
    plain = i + 5;
  }
  out.append(raw, plain);
}

std::string unescape(std::string_view raw) {
  std::string out;
  unescape_into(raw, out);
  return out;
}

void unescape_into(const std::optional<std::string_view>& raw, std::optional<std::string>& out) {
  if (!raw) {
    out.reset();
    return;
  }
  if (!out) out.emplace();
  unescape_into(*raw, *out);
}

// The members up to "event", in the canonical order: actor, [channel,] developer_id, effective_at, event.
bool read_event_start(Line& l, EventLine& e) {
  std::string_view v;
  if (!l.literal("{\"actor\":") || !l.any_string(e.actor)) return false;
  if (!l.present_string(",\"channel\":", e.channel)) return false;
  if (!l.literal(",\"developer_id\":") || !l.optional_string(e.developer_id)) return false;
  if (!l.literal(",\"effective_at\":") || !l.instant(e.effective_at)) return false;
  if (!l.literal(",\"event\":") || !l.plain_string(v)) return false;
  const auto type = event_type_from_string(v);
  if (type) e.type = *type;
  return type.has_value();
}

// The inventory of an inventory_recorded event, if it comes next, and the
// comma after it: read by the state reader's cursor, and taken only when its
// text is exactly the canonical form of what was read.
bool read_inventory_member(Line& l, EventLine& e) {
  e.inventory.reset();
  if (!l.literal("\"inventory\":")) return true;
  const std::size_t start = l.pos();
  std::size_t end = start;
  auto inventory = std::make_shared<Inventory>();
  if (!read_inventory(l.text(), end, *inventory)) return false;
  std::string canonical;
  canonical.reserve(end - start);
  append_inventory_json(canonical, *inventory);
  if (l.text().substr(start, end - start) != canonical) return false;
  l.move_to(end);
  e.inventory = std::move(inventory);
  return l.literal(",");
}

// The members between "hash" and "prev_hash" that only some events have:
// [inventory,] [last_confirmed_at,] [milestone,] [nickname,] [own,].
bool read_event_middle(Line& l, EventLine& e) {
  if (!read_inventory_member(l, e)) return false;
  e.last_confirmed_at.reset();
  if (l.literal("\"last_confirmed_at\":")) {
    Instant t;
    if (!l.instant(t) || !l.literal(",")) return false;
    e.last_confirmed_at = t;
  }
  if (!l.present_string("\"milestone\":", e.milestone) || (e.milestone && !l.literal(","))) return false;
  if (!l.present_string("\"nickname\":", e.nickname) || (e.nickname && !l.literal(","))) return false;
  e.own.reset();
  if (l.literal("\"own\":")) {
    bool own = false;
    if (!l.boolean(own) || !l.literal(",")) return false;
    e.own = own;
  }
  return true;
}

// The members from "hash" on, in the canonical order: hash, the middle ones,
// prev_hash, reason, recorded_at, seller_id, [seller_name,] seq; and the end
// of the line.
bool read_event_end(Line& l, EventLine& e) {
  if (!l.literal(",")) return false;
  e.hash_begin = l.pos();
  if (!l.literal("\"hash\":") || !l.plain_string(e.hash) || !l.literal(",")) return false;
  e.hash_end = l.pos();
  if (!read_event_middle(l, e)) return false;
  if (!l.literal("\"prev_hash\":") || !l.plain_string(e.prev_hash)) return false;
  if (!l.literal(",\"reason\":") || !l.optional_string(e.reason)) return false;
  if (!l.literal(",\"recorded_at\":") || !l.instant(e.recorded_at)) return false;
  if (!l.literal(",\"seller_id\":") || !l.any_string(e.seller_id)) return false;
  if (!l.present_string(",\"seller_name\":", e.seller_name)) return false;
  return l.literal(",\"seq\":") && l.count(e.seq) && l.literal("}") && l.at_end();
}

// The checks of the codec's check_event_fields: each field only on its event
// type, the pairs together, and a valid nickname.
bool fields_fit_type(const EventLine& e) {
  const bool reminded = e.type == EventType::Reminded;
  const bool granted = e.type == EventType::Granted;
  if (!reminded && (e.channel || e.milestone)) return false;
  if (reminded && e.channel.has_value() != e.milestone.has_value()) return false;
  if (!granted && (e.nickname || e.own || e.last_confirmed_at)) return false;
  if (granted && e.nickname.has_value() != e.own.has_value()) return false;
  if (e.last_confirmed_at && (!e.nickname || *e.last_confirmed_at <= e.effective_at)) return false;
  if (e.seller_name && e.type != EventType::SellerAdded) return false;
  if ((e.type == EventType::InventoryRecorded) != (e.inventory != nullptr)) return false;
  if (!e.nickname) return true;
  if (e.nickname->find('\\') == std::string_view::npos) return check_stored_nickname(*e.nickname).ok();
  return check_stored_nickname(unescape(*e.nickname)).ok();
}

}  // namespace

bool parse_event_line(std::string_view text, EventLine& e) {
  Line l(text);
  return read_event_start(l, e) && read_event_end(l, e) && fields_fit_type(e);
}

void to_event(const EventLine& line, Event& e) {
  e.seq = line.seq;
  e.type = line.type;
  e.effective_at = line.effective_at;
  e.recorded_at = line.recorded_at;
  unescape_into(line.seller_id, e.seller_id);
  unescape_into(line.developer_id, e.developer_id);
  unescape_into(line.actor, e.actor);
  unescape_into(line.reason, e.reason);
  unescape_into(line.channel, e.channel);
  unescape_into(line.milestone, e.milestone);
  unescape_into(line.nickname, e.nickname);
  e.own = line.own;
  e.last_confirmed_at = line.last_confirmed_at;
  unescape_into(line.seller_name, e.seller_name);
  if (line.inventory) {
    e.inventory = *line.inventory;
  } else {
    e.inventory.reset();
  }
  e.prev_hash.assign(line.prev_hash);
  e.hash.assign(line.hash);
}

Event to_event(const EventLine& line) {
  Event e;
  to_event(line, e);
  return e;
}

}  // namespace dac::fast
