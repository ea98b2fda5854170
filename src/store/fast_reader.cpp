// The fast reader of state.json: the common path only, nothing on anything
// else (fast_codec.hpp), without building a JSON tree.
#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "dac/core/ids.hpp"
#include "dac/core/utf8.hpp"
#include "dac/store/store.hpp"
#include "fast_codec.hpp"
#include "fast_text.hpp"

namespace dac::fast {

namespace {

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
    if (!read_count(m_p, m_end, v)) return false;
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
      const char unescaped = short_escape(m_p[1]);
      if (unescaped == '\0') return false;
      scratch += unescaped;
      m_p += 2;
    }
    return false;
  }
  bool at_end() {
    skip_space();
    return m_p == m_end;
  }
  // Where the cursor is.
  [[nodiscard]] const char* at() const { return m_p; }

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
  return std::all_of(seen.begin(), seen.end(), [](bool b) { return b; });
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
  if (!r.string(v, scratch)) return false;
  const auto t = check_instant(v);
  if (t) out = t.value();
  return t.ok();
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

bool read_seller_id(Reader& r, std::string& scratch, std::string& out) {
  std::string_view v;
  if (!r.string(v, scratch) || !check_seller_id(v)) return false;
  out.assign(v);
  return true;
}

bool read_developer_id(Reader& r, std::string& scratch, std::string& out) {
  std::string_view v;
  if (!r.string(v, scratch) || !is_stored_developer_id(v)) return false;
  out.assign(v);
  return true;
}

bool read_nickname(Reader& r, std::string& scratch, std::string& out) {
  std::string_view v;
  if (!r.string(v, scratch) || !check_stored_nickname(v)) return false;
  out.assign(v);
  return true;
}

bool read_token(Reader& r, std::string& scratch, std::optional<std::string>& out) {
  if (r.null()) {
    out.reset();
    return true;
  }
  std::string_view v;
  if (!r.string(v, scratch)) return false;
  const auto token = check_token(v);
  if (token) out.emplace(token.value().data(), token.value().size());
  return token.ok();
}

// A seller; `with_disabled_at` tells whether it had that field (format 2 has it).
bool read_seller(Reader& r, std::string& scratch, Seller& s, bool& with_disabled_at) {
  static constexpr std::array<std::string_view, 5> keys{"confirmation_enabled", "disabled_at", "enabled_at", "name",
                                                        "seller_id"};
  std::array<bool, 5> seen{};
  const bool ok = read_object(r, scratch, keys, seen, [&](std::size_t i) {
    switch (i) {
      case 0:
        return r.boolean(s.confirmation_enabled);
      case 1:
        return read_optional_instant(r, scratch, s.disabled_at);
      case 2:
        return read_optional_instant(r, scratch, s.enabled_at);
      case 3:
        return read_string(r, scratch, s.name);
      default:
        return read_seller_id(r, scratch, s.seller_id);
    }
  });
  with_disabled_at = seen[1];
  seen[1] = true;
  return ok && all(seen) && !(s.confirmation_enabled && !s.enabled_at);
}

// An authorisation of state.json, or (`inventory`) of an inventory_recorded
// event, which has every field but the token.
bool read_authorization(Reader& r, std::string& scratch, Authorization& a, bool inventory = false) {
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
  if (inventory) {
    if (seen[5]) return false;  // an inventory never holds a token
    seen[5] = true;
  }
  if (!ok || !all(seen)) return false;
  // The consistency rules of authorization_from_json.
  if (a.status != Status::Active && (!a.frozen_last_confirmed_at || !a.ended_at)) return false;
  if (inventory) return true;
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

// The cross-checks of state_from_json and inventory_from_json: one record per
// seller and per authorisation, and every authorisation belongs to a seller.
bool records_consistent(State& s, bool authorizations_unique) {
  s.build_indexes();
  for (std::size_t i = 0; i < s.sellers.size(); ++i) {
    if (s.find_seller(s.sellers[i].seller_id) != &s.sellers[i]) return false;
  }
  for (std::size_t i = 0; i < s.authorizations.size(); ++i) {
    const Authorization& a = s.authorizations[i];
    if (s.find_seller(a.seller_id) == nullptr) return false;
    if (authorizations_unique && s.find(a.seller_id, a.developer_id) != &a) return false;
  }
  return true;
}

}  // namespace

bool read_inventory(std::string_view text, std::size_t& pos, Inventory& out) {
  if (pos > text.size()) return false;
  Reader r(text.substr(pos));
  std::string scratch;
  State s;
  static constexpr std::array<std::string_view, 2> keys{"authorizations", "sellers"};
  std::array<bool, 2> seen{};
  bool disabled_at_everywhere = true;
  const bool ok = read_object(r, scratch, keys, seen, [&](std::size_t i) {
    if (i == 0) {
      return read_array(r, [&] {
        s.authorizations.emplace_back();
        return read_authorization(r, scratch, s.authorizations.back(), true);
      });
    }
    return read_array(r, [&] {
      s.sellers.emplace_back();
      bool with = false;
      const bool good = read_seller(r, scratch, s.sellers.back(), with);
      disabled_at_everywhere = disabled_at_everywhere && with;
      return good;
    });
  });
  if (!ok || !all(seen) || !disabled_at_everywhere || !records_consistent(s, true)) return false;
  pos += static_cast<std::size_t>(r.at() - (text.data() + pos));
  out.sellers = std::move(s.sellers);
  out.authorizations = std::move(s.authorizations);
  return true;
}

std::optional<State> state_from_json(std::string_view text) {
  Reader r(text);
  std::string scratch;
  State s;
  // Capacity no stored record can exceed: at least 200 bytes each. Pages of
  // it that are never filled are never touched, so they cost no memory.
  s.authorizations.reserve(text.size() / 200 + 1);
  static constexpr std::array<std::string_view, 8> keys{"authorizations", "format",  "history", "id",
                                                        "reminders",      "sellers", "version", "written_at"};
  std::array<bool, 8> seen{};
  std::uint64_t version = 0;
  std::size_t sellers_with_disabled_at = 0;
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
        return read_string(r, scratch, s.store_id) && is_store_id(s.store_id);
      case 4:
        return read_array(r, [&] {
          s.reminders.emplace_back();
          return read_reminder(r, scratch, s.reminders.back());
        });
      case 5:
        return read_array(r, [&] {
          s.sellers.emplace_back();
          bool with = false;
          const bool good = read_seller(r, scratch, s.sellers.back(), with);
          sellers_with_disabled_at += with ? 1 : 0;
          return good;
        });
      case 6:
        return r.count(version) && version >= 1 && version <= static_cast<std::uint64_t>(k_store_version);
      default:
        return read_optional_instant(r, scratch, s.written_at);
    }
  });
  seen[4] = true;  // reminders came with dac notify: older stores lack them
  // Format 1 has neither the id nor disabled_at, format 2 has both.
  const bool v2 = version >= 2;
  if (!v2 && !seen[3] && sellers_with_disabled_at == 0) seen[3] = true;
  if (v2 && sellers_with_disabled_at != s.sellers.size()) return std::nullopt;
  if (!ok || !all(seen) || !r.at_end()) return std::nullopt;
  if (!v2 && !s.store_id.empty()) return std::nullopt;
  if (!records_consistent(s, false)) return std::nullopt;
  return s;
}

}  // namespace dac::fast
