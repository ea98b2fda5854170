#include "fast_codec.hpp"

#include <array>
#include <bit>
#include <cstring>

#include "dac/core/error.hpp"
#include "dac/core/ids.hpp"
#include "dac/core/json_text.hpp"
#include "dac/store/store.hpp"
#include "codec.hpp"

namespace dac::fast {

namespace {

using namespace std::chrono;

// ---------------------------------------------------------------- text

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The bytes of `w` that end a plain run of a JSON string: '"', '\\', a control
// character, or a byte of a multi-byte UTF-8 sequence. The lowest flagged
// byte is exact (borrows only ever flag bytes above a true one).
std::uint64_t special_bytes(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  const auto zero_bytes = [&](std::uint64_t v) { return (v - ones) & ~v & highs; };
  const std::uint64_t below_space = (w - ones * 0x20) & ~w & highs;
  return zero_bytes(w ^ (ones * '"')) | zero_bytes(w ^ (ones * '\\')) | below_space | (w & highs);
}

// Steps `p` over plain string bytes, eight at a time where it can.
const char* skip_plain(const char* p, const char* end) {
  if constexpr (std::endian::native == std::endian::little) {
    while (end - p >= 8) {
      std::uint64_t w = 0;
      std::memcpy(&w, p, 8);
      const std::uint64_t special = special_bytes(w);
      if (special != 0) return p + std::countr_zero(special) / 8;
      p += 8;
    }
  }
  while (p < end) {
    const auto c = static_cast<unsigned char>(*p);
    if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
    ++p;
  }
  return p;
}

// An instant as stored; the canonical form quickly, any other through the
// general parser. False where that parser refuses it.
bool instant_of(std::string_view s, Instant& t) {
  const auto num = [&](std::size_t at, std::size_t n, int& v) {
    v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (!is_digit(s[i])) return false;
      v = v * 10 + (s[i] - '0');
    }
    return true;
  };
  int y = 0, mo = 0, d = 0, hh = 0, mm = 0, ss = 0;
  if (s.size() == 20 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':' && s[19] == 'Z' &&
      num(0, 4, y) && num(5, 2, mo) && num(8, 2, d) && num(11, 2, hh) && num(14, 2, mm) && num(17, 2, ss) && hh <= 23 &&
      mm <= 59 && ss <= 59) {
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (ymd.ok()) {
      t = Instant{sys_days{ymd}} + hours{hh} + minutes{mm} + seconds{ss};
      return true;
    }
  }
  try {
    t = parse_instant(s);
    return true;
  } catch (const Error&) {
    return false;
  }
}

// ---------------------------------------------------------------- writing

void append_digits(std::string& out, unsigned v, int width) {
  char buf[8];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out.append(buf, static_cast<std::size_t>(width));
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
  char buf[24];
  char* p = buf + sizeof buf;
  do {
    *--p = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  out.append(p, static_cast<std::size_t>(buf + sizeof buf - p));
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

// Whether every string of the state can be written (nlohmann refuses invalid UTF-8).
bool writable(const State& s) {
  const auto ok = [](const std::optional<std::string>& v) { return !v || valid_utf8(*v); };
  if (!valid_utf8(s.history.hash)) return false;
  for (const Seller& x : s.sellers) {
    if (!valid_utf8(x.seller_id) || !valid_utf8(x.name)) return false;
  }
  for (const Authorization& a : s.authorizations) {
    if (!valid_utf8(a.seller_id) || !valid_utf8(a.developer_id) || !valid_utf8(a.nickname) || !ok(a.token)) {
      return false;
    }
  }
  for (const Reminder& r : s.reminders) {
    if (!valid_utf8(r.seller_id) || !valid_utf8(r.developer_id) || !valid_utf8(r.milestone) || !valid_utf8(r.channel)) {
      return false;
    }
  }
  return true;
}

// Members of an object printed with dump(1, '\t') at `depth`.
class PrettyObject {
 public:
  PrettyObject(std::string& out, int depth) : m_out(out), m_depth(depth) { m_out += '{'; }
  // Starts the next member; its value follows.
  void key(std::string_view name) {
    m_out += m_first ? "\n" : ",\n";
    m_first = false;
    m_out.append(static_cast<std::size_t>(m_depth + 1), '\t');
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
  o.key("confirmation_enabled");
  out += s.confirmation_enabled ? "true" : "false";
  o.key("enabled_at");
  append_optional_instant(out, s.enabled_at);
  o.key("name");
  append_string(out, s.name);
  o.key("seller_id");
  append_string(out, s.seller_id);
  o.close();
}

void write_authorization(std::string& out, const Authorization& a) {
  PrettyObject o(out, 2);
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
  o.key("mws_auth_token");
  append_optional_string(out, a.token);
  o.key("nickname");
  append_string(out, a.nickname);
  o.key("own");
  out += a.own ? "true" : "false";
  o.key("seller_id");
  append_string(out, a.seller_id);
  o.key("status");
  append_string(out, to_string(a.status));
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

// ---------------------------------------------------------------- reading state.json

// A cursor over JSON text that reads only what the fast path handles; every
// read returns false on anything else.
class Reader {
 public:
  explicit Reader(std::string_view text) : m_p(text.data()), m_end(text.data() + text.size()) {}

  void skip_space() {
    while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\t' || *m_p == '\r')) ++m_p;
  }
  bool consume(char c) {
    skip_space();
    if (m_p < m_end && *m_p == c) {
      ++m_p;
      return true;
    }
    return false;
  }
  bool word(std::string_view w) {
    skip_space();
    if (static_cast<std::size_t>(m_end - m_p) < w.size() || std::memcmp(m_p, w.data(), w.size()) != 0) return false;
    m_p += w.size();
    return true;
  }
  bool null() { return word("null"); }
  // The key `k` (no escapes in it), quoted, if it comes next.
  bool key(std::string_view k) {
    skip_space();
    if (static_cast<std::size_t>(m_end - m_p) < k.size() + 2 || m_p[0] != '"' || m_p[k.size() + 1] != '"' ||
        std::memcmp(m_p + 1, k.data(), k.size()) != 0) {
      return false;
    }
    m_p += k.size() + 2;
    return true;
  }
  bool boolean(bool& v) {
    if (word("true")) {
      v = true;
      return true;
    }
    if (word("false")) {
      v = false;
      return true;
    }
    return false;
  }
  // A non-negative integer without fraction or exponent that fits 64 bits.
  bool count(std::uint64_t& v) {
    skip_space();
    if (m_p == m_end || !is_digit(*m_p)) return false;
    if (*m_p == '0' && m_p + 1 < m_end && is_digit(m_p[1])) return false;
    v = 0;
    while (m_p < m_end && is_digit(*m_p)) {
      const auto digit = static_cast<std::uint64_t>(*m_p - '0');
      if (v > (UINT64_MAX - digit) / 10) return false;
      v = v * 10 + digit;
      ++m_p;
    }
    return m_p == m_end || (*m_p != '.' && *m_p != 'e' && *m_p != 'E');
  }
  // A string, unescaped: a view of the text, or of `scratch` when it had
  // escapes. \u escapes are left to the general path.
  bool string(std::string_view& out, std::string& scratch) {
    skip_space();
    if (m_p == m_end || *m_p != '"') return false;
    const char* start = ++m_p;
    while (m_p < m_end) {
      m_p = skip_plain(m_p, m_end);
      if (m_p == m_end) return false;
      const auto c = static_cast<unsigned char>(*m_p);
      if (c == '"') {
        out = std::string_view(start, static_cast<std::size_t>(m_p - start));
        ++m_p;
        return true;
      }
      if (c == '\\') break;
      if (!plain_char()) return false;
    }
    if (m_p == m_end) return false;
    scratch.assign(start, m_p);
    while (m_p < m_end) {
      const char c = *m_p;
      if (c == '"') {
        ++m_p;
        out = scratch;
        return true;
      }
      if (c != '\\') {
        const char* from = m_p;
        if (!plain_char()) return false;
        scratch.append(from, m_p);
        continue;
      }
      if (m_p + 1 == m_end) return false;
      switch (m_p[1]) {
        case '"':
          scratch += '"';
          break;
        case '\\':
          scratch += '\\';
          break;
        case '/':
          scratch += '/';
          break;
        case 'b':
          scratch += '\b';
          break;
        case 'f':
          scratch += '\f';
          break;
        case 'n':
          scratch += '\n';
          break;
        case 'r':
          scratch += '\r';
          break;
        case 't':
          scratch += '\t';
          break;
        default:
          return false;
      }
      m_p += 2;
    }
    return false;
  }
  bool at_end() {
    skip_space();
    return m_p == m_end;
  }

 private:
  // Steps over one character of a string that needs no escape.
  bool plain_char() {
    const auto c = static_cast<unsigned char>(*m_p);
    if (c < 0x20) return false;
    if (c < 0x80) {
      ++m_p;
      return true;
    }
    const std::size_t n = utf8_sequence_length(m_p, m_end);
    m_p += n;
    return n != 0;
  }

  const char* m_p;
  const char* m_end;
};

// Reads an object's members: `member(key)` reads the value of each and says
// whether it was good. A repeated key is refused (the general path decides).
template <std::size_t N, typename Member>
bool read_object(Reader& r, std::string& scratch, const std::array<std::string_view, N>& keys,
                 std::array<bool, N>& seen, Member member) {
  if (!r.consume('{')) return false;
  if (r.consume('}')) return true;
  std::size_t next = 0;  // keys come sorted in what dac writes: try the next one first
  do {
    std::size_t i = next;
    if (i >= N || !r.key(keys[i])) {
      std::string_view key;
      if (!r.string(key, scratch)) return false;
      i = 0;
      while (i < N && keys[i] != key) ++i;
    }
    if (!r.consume(':') || i == N || seen[i]) return false;
    seen[i] = true;
    next = i + 1;
    if (!member(i)) return false;
  } while (r.consume(','));
  return r.consume('}');
}

template <std::size_t N>
bool all(const std::array<bool, N>& seen) {
  for (const bool b : seen) {
    if (!b) return false;
  }
  return true;
}

template <typename Element>
bool read_array(Reader& r, Element element) {
  if (!r.consume('[')) return false;
  if (r.consume(']')) return true;
  do {
    if (!element()) return false;
  } while (r.consume(','));
  return r.consume(']');
}

bool read_string(Reader& r, std::string& scratch, std::string& out) {
  std::string_view v;
  if (!r.string(v, scratch)) return false;
  out.assign(v);
  return true;
}

bool read_instant(Reader& r, std::string& scratch, Instant& out) {
  std::string_view v;
  return r.string(v, scratch) && instant_of(v, out);
}

bool read_optional_instant(Reader& r, std::string& scratch, std::optional<Instant>& out) {
  if (r.null()) {
    out.reset();
    return true;
  }
  Instant t;
  if (!read_instant(r, scratch, t)) return false;
  out = t;
  return true;
}

bool seller_id_ok(std::string_view s) {
  if (s.size() < 10 || s.size() > 20) return false;
  for (const char c : s) {
    if (!is_digit(c) && !(c >= 'A' && c <= 'Z')) return false;
  }
  return true;
}

bool developer_id_ok(std::string_view s) {
  if (s.size() != 12) return false;
  for (const char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

bool read_seller_id(Reader& r, std::string& scratch, std::string& out) {
  std::string_view v;
  if (!r.string(v, scratch) || !seller_id_ok(v)) return false;
  out.assign(v);
  return true;
}

bool read_developer_id(Reader& r, std::string& scratch, std::string& out) {
  std::string_view v;
  if (!r.string(v, scratch) || !developer_id_ok(v)) return false;
  out.assign(v);
  return true;
}

// parse_stored_nickname, quickly for printable ASCII.
bool read_nickname(Reader& r, std::string& scratch, std::string& out) {
  std::string_view v;
  if (!r.string(v, scratch)) return false;
  bool ascii = !v.empty() && v.size() <= 64;
  for (const char c : v) ascii = ascii && c >= 0x20 && c < 0x7F;
  if (ascii) {
    out.assign(v);
    return true;
  }
  try {
    out = parse_stored_nickname(v);
    return true;
  } catch (const Error&) {
    return false;
  }
}

// parse_token, quickly for the stored (lower-case) form.
bool read_token(Reader& r, std::string& scratch, std::optional<std::string>& out) {
  if (r.null()) {
    out.reset();
    return true;
  }
  std::string_view v;
  if (!r.string(v, scratch)) return false;
  static constexpr std::string_view prefix = "amzn.mws.";
  bool canonical = v.size() == prefix.size() + 36 && v.substr(0, prefix.size()) == prefix;
  for (std::size_t i = 0; canonical && i < 36; ++i) {
    const char c = v[prefix.size() + i];
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    canonical = dash ? c == '-' : (is_digit(c) || (c >= 'a' && c <= 'f'));
  }
  if (canonical) {
    out.emplace(v);
    return true;
  }
  try {
    out = parse_token(v);
    return true;
  } catch (const Error&) {
    return false;
  }
}

bool read_seller(Reader& r, std::string& scratch, Seller& s) {
  static constexpr std::array<std::string_view, 4> keys{"confirmation_enabled", "enabled_at", "name", "seller_id"};
  std::array<bool, 4> seen{};
  const bool ok = read_object(r, scratch, keys, seen, [&](std::size_t i) {
    switch (i) {
      case 0:
        return r.boolean(s.confirmation_enabled);
      case 1:
        return read_optional_instant(r, scratch, s.enabled_at);
      case 2:
        return read_string(r, scratch, s.name);
      default:
        return read_seller_id(r, scratch, s.seller_id);
    }
  });
  return ok && all(seen) && !(s.confirmation_enabled && !s.enabled_at);
}

bool read_authorization(Reader& r, std::string& scratch, Authorization& a) {
  static constexpr std::array<std::string_view, 10> keys{
      "authorized_at",  "confirmed_at", "developer_id", "ended_at",  "frozen_last_confirmed_at",
      "mws_auth_token", "nickname",     "own",          "seller_id", "status"};
  std::array<bool, 10> seen{};
  const bool ok = read_object(r, scratch, keys, seen, [&](std::size_t i) {
    switch (i) {
      case 0:
        return read_instant(r, scratch, a.authorized_at);
      case 1:
        return read_optional_instant(r, scratch, a.confirmed_at);
      case 2:
        return read_developer_id(r, scratch, a.developer_id);
      case 3:
        return read_optional_instant(r, scratch, a.ended_at);
      case 4:
        return read_optional_instant(r, scratch, a.frozen_last_confirmed_at);
      case 5:
        return read_token(r, scratch, a.token);
      case 6:
        return read_nickname(r, scratch, a.nickname);
      case 7:
        return r.boolean(a.own);
      case 8:
        return read_seller_id(r, scratch, a.seller_id);
      default: {
        std::string_view v;
        if (!r.string(v, scratch)) return false;
        const auto status = status_from_string(v);
        if (status) a.status = *status;
        return status.has_value();
      }
    }
  });
  if (!ok || !all(seen)) return false;
  // The consistency rules of authorization_from_json.
  if (a.status != Status::Active && (!a.frozen_last_confirmed_at || !a.ended_at)) return false;
  if (a.status == Status::Revoked && a.token) return false;
  return a.status == Status::Revoked || a.token;
}

bool read_reminder(Reader& r, std::string& scratch, Reminder& m) {
  static constexpr std::array<std::string_view, 6> keys{"channel",   "developer_id", "expires_at",
                                                        "milestone", "seller_id",    "sent_at"};
  std::array<bool, 6> seen{};
  const bool ok = read_object(r, scratch, keys, seen, [&](std::size_t i) {
    switch (i) {
      case 0:
        return read_string(r, scratch, m.channel) && !m.channel.empty();
      case 1:
        return read_developer_id(r, scratch, m.developer_id);
      case 2:
        return read_instant(r, scratch, m.expires_at);
      case 3:
        return read_string(r, scratch, m.milestone) && !m.milestone.empty();
      case 4:
        return read_seller_id(r, scratch, m.seller_id);
      default:
        return read_instant(r, scratch, m.sent_at);
    }
  });
  return ok && all(seen);
}

bool read_history_head(Reader& r, std::string& scratch, HistoryHead& h) {
  static constexpr std::array<std::string_view, 3> keys{"bytes", "events", "head"};
  std::array<bool, 3> seen{};
  const bool ok = read_object(r, scratch, keys, seen, [&](std::size_t i) {
    switch (i) {
      case 0:
        return r.count(h.bytes);
      case 1:
        return r.count(h.events);
      default:
        return read_string(r, scratch, h.hash);
    }
  });
  return ok && all(seen);
}

// ---------------------------------------------------------------- history lines

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
    const std::size_t start = m_pos;
    v = 0;
    while (m_pos < m_text.size() && is_digit(m_text[m_pos])) {
      const auto digit = static_cast<std::uint64_t>(m_text[m_pos] - '0');
      if (v > (UINT64_MAX - digit) / 10) return false;
      v = v * 10 + digit;
      ++m_pos;
    }
    const std::size_t n = m_pos - start;
    return n > 0 && !(n > 1 && m_text[start] == '0');
  }
  [[nodiscard]] bool at_end() const { return m_pos == m_text.size(); }

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

// Undoes the escapes of a string that Line::string accepted.
std::string unescape(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\') {
      out += raw[i];
      continue;
    }
    const char e = raw[++i];
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        const char lo = raw[i + 4];
        const int v = (raw[i + 3] - '0') * 16 + (is_digit(lo) ? lo - '0' : lo - 'a' + 10);
        out += static_cast<char>(v);
        i += 4;
        break;
      }
      default:
        out += e;  // '"' or '\\'
    }
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------- public

std::optional<State> state_from_json(std::string_view text) {
  Reader r(text);
  std::string scratch;
  State s;
  // Capacity no stored record can exceed: at least 200 bytes each. Pages of
  // it that are never filled are never touched, so they cost no memory.
  s.authorizations.reserve(text.size() / 200 + 1);
  static constexpr std::array<std::string_view, 7> keys{"authorizations", "format",  "history",   "reminders",
                                                        "sellers",        "version", "written_at"};
  std::array<bool, 7> seen{};
  const bool ok = read_object(r, scratch, keys, seen, [&](std::size_t i) {
    switch (i) {
      case 0:
        return read_array(r, [&] {
          s.authorizations.emplace_back();
          return read_authorization(r, scratch, s.authorizations.back());
        });
      case 1: {
        std::string_view v;
        return r.string(v, scratch) && v == "dac-store";
      }
      case 2:
        return read_history_head(r, scratch, s.history);
      case 3:
        return read_array(r, [&] {
          s.reminders.emplace_back();
          return read_reminder(r, scratch, s.reminders.back());
        });
      case 4:
        return read_array(r, [&] {
          s.sellers.emplace_back();
          return read_seller(r, scratch, s.sellers.back());
        });
      case 5: {
        std::uint64_t v = 0;
        return r.count(v) && v >= 1 && v <= static_cast<std::uint64_t>(k_store_version);
      }
      default:
        return read_optional_instant(r, scratch, s.written_at);
    }
  });
  seen[3] = true;  // reminders came with dac notify: older stores lack them
  if (!ok || !all(seen) || !r.at_end()) return std::nullopt;
  // The cross-checks of state_from_json: one record per seller, and every
  // authorisation belongs to one of them.
  for (std::size_t i = 0; i < s.sellers.size(); ++i) {
    if (s.find_seller(s.sellers[i].seller_id) != &s.sellers[i]) return std::nullopt;
  }
  for (const Authorization& a : s.authorizations) {
    if (s.find_seller(a.seller_id) == nullptr) return std::nullopt;
  }
  return s;
}

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
  top.key("reminders");
  write_array(out, state.reminders, write_reminder, flush);
  top.key("sellers");
  write_array(out, state.sellers, write_seller, flush);
  top.key("version");
  append_uint(out, static_cast<std::uint64_t>(k_store_version));
  top.key("written_at");
  append_optional_instant(out, state.written_at);
  top.close();
  out += '\n';
  sink(out);
}

std::string event_json(const Event& e, bool with_hash, std::size_t* hash_at) {
  const auto ok = [](const std::optional<std::string>& v) { return !v || valid_utf8(*v); };
  if (!valid_utf8(e.actor) || !valid_utf8(e.seller_id) || !valid_utf8(e.prev_hash) || !valid_utf8(e.hash) ||
      !ok(e.developer_id) || !ok(e.reason) || !ok(e.channel) || !ok(e.milestone)) {
    nlohmann::json body = e;
    if (!with_hash) body.erase("hash");
    if (hash_at != nullptr) *hash_at = std::string::npos;
    return body.dump();
  }
  std::string out;
  out.reserve(400);
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
  if (e.milestone) {
    out += ",\"milestone\":";
    append_string(out, *e.milestone);
  }
  out += ",\"prev_hash\":";
  append_string(out, e.prev_hash);
  out += ",\"reason\":";
  append_optional_string(out, e.reason);
  out += ",\"recorded_at\":";
  append_optional_instant(out, e.recorded_at);
  out += ",\"seller_id\":";
  append_string(out, e.seller_id);
  out += ",\"seq\":";
  append_uint(out, e.seq);
  out += '}';
  return out;
}

bool parse_event_line(std::string_view text, EventLine& e) {
  Line l(text);
  std::string_view v;
  bool escaped = false;
  const auto instant = [&](Instant& t) { return l.plain_string(v) && instant_of(v, t); };
  if (!l.literal("{\"actor\":") || !l.string(e.actor, escaped)) return false;
  e.channel.reset();
  if (l.literal(",\"channel\":")) {
    std::string_view c;
    if (!l.string(c, escaped)) return false;
    e.channel = c;
  }
  if (!l.literal(",\"developer_id\":") || !l.optional_string(e.developer_id)) return false;
  if (!l.literal(",\"effective_at\":") || !instant(e.effective_at)) return false;
  if (!l.literal(",\"event\":") || !l.plain_string(v)) return false;
  const auto type = event_type_from_string(v);
  if (!type) return false;
  e.type = *type;
  if (!l.literal(",")) return false;
  e.hash_begin = l.pos();
  if (!l.literal("\"hash\":") || !l.plain_string(e.hash) || !l.literal(",")) return false;
  e.hash_end = l.pos();
  e.milestone.reset();
  if (l.literal("\"milestone\":")) {
    std::string_view m;
    if (!l.string(m, escaped) || !l.literal(",")) return false;
    e.milestone = m;
  }
  if (!l.literal("\"prev_hash\":") || !l.plain_string(e.prev_hash)) return false;
  if (!l.literal(",\"reason\":") || !l.optional_string(e.reason)) return false;
  if (!l.literal(",\"recorded_at\":") || !instant(e.recorded_at)) return false;
  if (!l.literal(",\"seller_id\":") || !l.string(e.seller_id, escaped)) return false;
  return l.literal(",\"seq\":") && l.count(e.seq) && l.literal("}") && l.at_end();
}

Event to_event(const EventLine& line) {
  const auto opt = [](const std::optional<std::string_view>& v) -> std::optional<std::string> {
    if (!v) return std::nullopt;
    return unescape(*v);
  };
  Event e;
  e.seq = line.seq;
  e.type = line.type;
  e.effective_at = line.effective_at;
  e.recorded_at = line.recorded_at;
  e.seller_id = unescape(line.seller_id);
  e.developer_id = opt(line.developer_id);
  e.actor = unescape(line.actor);
  e.reason = opt(line.reason);
  e.channel = opt(line.channel);
  e.milestone = opt(line.milestone);
  e.prev_hash = std::string(line.prev_hash);
  e.hash = std::string(line.hash);
  return e;
}

}  // namespace dac::fast
