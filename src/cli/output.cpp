#include "dac/cli/output.hpp"

#include <sys/ioctl.h>
#include <unistd.h>
#include <utf8proc.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "dac/core/error.hpp"
#include "dac/core/ids.hpp"
#include "dac/core/json_text.hpp"

namespace dac::cli {

using nlohmann::ordered_json;

namespace {

constexpr std::string_view k_none = "—";
constexpr const char* k_green = "32";
constexpr const char* k_yellow = "33";
constexpr const char* k_red = "31";
constexpr const char* k_dim = "2";
// Active authorisations expiring within this many days are highlighted.
constexpr std::int64_t k_soon_days = 30;

// The narrowest a free-text column is shortened to (or its header, if wider).
constexpr std::size_t k_min_shrunk_width = 10;
constexpr std::string_view k_ellipsis = "…";

// How many authorisations a prompt lists before "…and N more".
constexpr std::size_t k_prompt_rows = 20;
// How many problem rows of an import are shown on a terminal without -v.
constexpr std::size_t k_shown_problems = 20;
// An import of more rows than this shows its progress on a terminal, every so many rows.
constexpr std::size_t k_progress_rows = 5000;

// The code point at `pos` and its length in bytes; a byte that is not UTF-8 is
// taken alone, as a terminal shows it (one replacement character).
std::pair<utf8proc_int32_t, std::size_t> next_code_point(std::string_view s, std::size_t pos) {
  utf8proc_int32_t cp = -1;
  const utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + pos),
                                              static_cast<utf8proc_ssize_t>(s.size() - pos), &cp);
  if (n <= 0) return {-1, 1};
  return {cp, static_cast<std::size_t>(n)};
}

std::size_t code_point_width(utf8proc_int32_t cp) {
  if (cp < 0) return 1;
  const int w = utf8proc_charwidth(cp);
  return w < 0 ? 0 : static_cast<std::size_t>(w);
}

ordered_json optional_time(const std::optional<Instant>& t) {
  return t ? ordered_json(format_instant(*t)) : ordered_json(nullptr);
}

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::string token_text(const Authorization& auth, bool reveal) {
  if (!auth.token) return std::string(k_none);
  return reveal ? *auth.token : mask_token(*auth.token);
}

const std::vector<std::string>& row_columns() {
  static const std::vector<std::string> columns{"seller_id", "developer_id",  "nickname",          "own",
                                                "status",    "authorized_at", "last_confirmed_at", "expires_at",
                                                "days_left", "mws_auth_token"};
  return columns;
}

std::string csv_value(const ordered_json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return csv_field(v.get<std::string>());
  return csv_field(v.dump());
}

void print_csv(const std::vector<std::string>& columns, const std::vector<ordered_json>& objects) {
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) out += (i != 0 ? "," : "") + csv_field(columns[i]);
  out += "\r\n";
  for (const ordered_json& o : objects) {
    for (std::size_t i = 0; i < columns.size(); ++i) out += (i != 0 ? "," : "") + csv_value(o[columns[i]]);
    out += "\r\n";
  }
  (void)std::fputs(out.c_str(), stdout);
}

// The JSON array of rows exactly as `ordered_json` of row_json() dumps it with
// an indent of 2, written directly: a tree of a million rows costs more than
// reading the store (issue 6). False (and nothing to use) where a string is
// not valid UTF-8, which nlohmann refuses.
bool rows_json_text(const std::vector<Row>& rows, bool reveal_tokens, std::string& out) {
  if (rows.empty()) {
    out = "[]";
    return true;
  }
  out.reserve(rows.size() * 400);
  out += "[\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Authorization& a = *rows[i].auth;
    const rules::View& v = rows[i].view;
    if (!valid_utf8(a.seller_id) || !valid_utf8(a.developer_id) || !valid_utf8(a.nickname) ||
        (a.token && !valid_utf8(*a.token))) {
      return false;
    }
    bool first = true;
    const auto key = [&](const char* name) {
      out += first ? "  {\n    \"" : ",\n    \"";
      first = false;
      out += name;
      out += "\": ";
    };
    const auto time = [&](const std::optional<Instant>& t) {
      if (t) {
        append_json_string(out, format_instant(*t));
      } else {
        out += "null";
      }
    };
    key("seller_id");
    append_json_string(out, a.seller_id);
    key("developer_id");
    append_json_string(out, a.developer_id);
    key("nickname");
    append_json_string(out, a.nickname);
    key("own");
    out += a.own ? "true" : "false";
    key("status");
    append_json_string(out, to_string(v.status));
    key("authorized_at");
    time(a.authorized_at);
    key("last_confirmed_at");
    time(v.last_confirmed_at);
    key("expires_at");
    time(v.expires_at);
    key("days_left");
    out += v.days_left ? std::to_string(*v.days_left) : "null";
    key("mws_auth_token");
    if (a.token) {
      append_json_string(out, reveal_tokens ? *a.token : mask_token(*a.token));
    } else {
      out += "null";
    }
    out += i + 1 < rows.size() ? "\n  },\n" : "\n  }\n";
  }
  out += "]";
  return true;
}

}  // namespace

std::string status_color(const Row& row) {
  switch (row.view.status) {
    case Status::Active:
      return (row.view.days_left && *row.view.days_left < k_soon_days) ? k_yellow : k_green;
    case Status::Suspended:
      return k_red;
    case Status::Revoked:
      return k_dim;
  }
  return "";
}

void sort_rows(std::vector<Row>& rows, std::string_view key) {
  const auto by = [&](auto project) {
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) { return project(a) < project(b); });
  };
  std::sort(rows.begin(), rows.end(), default_less);
  if (key == "expires") return;
  if (key == "nickname")
    by([](const Row& r) { return lower(r.auth->nickname); });
  else if (key == "developer")
    by([](const Row& r) { return r.auth->developer_id; });
  else if (key == "seller")
    by([](const Row& r) { return r.auth->seller_id; });
  else if (key == "status")
    by([](const Row& r) { return static_cast<int>(r.view.status); });
  else if (key == "authorized")
    by([](const Row& r) { return r.auth->authorized_at; });
  else if (key == "confirmed")
    by([](const Row& r) { return r.view.last_confirmed_at; });
  else
    throw_usage("unknown sort key '" + std::string(key) + "'",
                "use expires, nickname, developer, seller, status, authorized or confirmed");
}

ordered_json row_json(const Row& row, bool reveal_tokens) {
  const Authorization& a = *row.auth;
  ordered_json o;
  o["seller_id"] = a.seller_id;
  o["developer_id"] = a.developer_id;
  o["nickname"] = a.nickname;
  o["own"] = a.own;
  o["status"] = std::string(to_string(row.view.status));
  o["authorized_at"] = format_instant(a.authorized_at);
  o["last_confirmed_at"] = format_instant(row.view.last_confirmed_at);
  o["expires_at"] = optional_time(row.view.expires_at);
  o["days_left"] = row.view.days_left ? ordered_json(*row.view.days_left) : ordered_json(nullptr);
  o["mws_auth_token"] = a.token ? ordered_json(reveal_tokens ? *a.token : mask_token(*a.token)) : ordered_json(nullptr);
  return o;
}

void print_rows(Context& ctx, const std::vector<Row>& rows, Instant at, bool reveal_tokens) {
  switch (ctx.format()) {
    case Format::Json: {
      std::string text;
      if (rows_json_text(rows, reveal_tokens, text)) {
        text += '\n';
        (void)std::fwrite(text.data(), 1, text.size(), stdout);
        return;
      }
      ordered_json array = ordered_json::array();
      for (const Row& r : rows) array.push_back(row_json(r, reveal_tokens));
      (void)std::fputs((array.dump(2) + "\n").c_str(), stdout);
      return;
    }
    case Format::Csv: {
      std::vector<ordered_json> objects;
      objects.reserve(rows.size());
      for (const Row& r : rows) objects.push_back(row_json(r, reveal_tokens));
      print_csv(row_columns(), objects);
      return;
    }
    case Format::Table:
      break;
  }
  const bool several_sellers = std::any_of(
      rows.begin(), rows.end(), [&](const Row& r) { return r.auth->seller_id != rows.front().auth->seller_id; });
  std::vector<std::string> header;
  if (several_sellers) header.emplace_back("SELLER");
  for (const char* h : {"DEVELOPER", "NICKNAME", "STATUS", "LAST CONFIRMED", "EXPIRES"}) header.emplace_back(h);
  if (reveal_tokens) header.emplace_back("TOKEN");
  Table table(header);
  table.shrinkable({"NICKNAME"});
  for (const Row& r : rows) {
    std::vector<std::string> cells;
    std::vector<std::string> colors;
    if (several_sellers) {
      cells.push_back(r.auth->seller_id);
      colors.emplace_back();
    }
    std::string status(to_string(r.view.status));
    if (r.auth->own) status += " (own)";
    cells.insert(cells.end(), {r.auth->developer_id, r.auth->nickname, status, format_date(r.view.last_confirmed_at),
                               human_time(r.view.expires_at, at)});
    colors.insert(colors.end(), {"", "", status_color(r), "", status_color(r)});
    if (reveal_tokens) {
      cells.push_back(token_text(*r.auth, true));
      colors.emplace_back();
    }
    table.add(std::move(cells), std::move(colors));
  }
  table.print(stdout, ctx.color());
}

ordered_json event_json(const Event& e) {
  ordered_json o;
  o["seq"] = e.seq;
  o["event"] = std::string(to_string(e.type));
  o["effective_at"] = format_instant(e.effective_at);
  o["recorded_at"] = format_instant(e.recorded_at);
  o["seller_id"] = e.seller_id;
  o["developer_id"] = e.developer_id ? ordered_json(*e.developer_id) : ordered_json(nullptr);
  o["nickname"] = e.developer_id && e.nickname ? ordered_json(*e.nickname) : ordered_json(nullptr);
  o["actor"] = e.actor;
  o["reason"] = e.reason ? ordered_json(*e.reason) : ordered_json(nullptr);
  o["hash"] = e.hash;
  o["prev_hash"] = e.prev_hash;
  // Only `reminded` events have these.
  if (e.channel) o["channel"] = *e.channel;
  if (e.milestone) o["milestone"] = *e.milestone;
  return o;
}

void print_events(Context& ctx, const std::vector<Event>& events) {
  switch (ctx.format()) {
    case Format::Json: {
      ordered_json array = ordered_json::array();
      for (const Event& e : events) array.push_back(event_json(e));
      (void)std::fputs((array.dump(2) + "\n").c_str(), stdout);
      return;
    }
    case Format::Csv: {
      static const std::vector<std::string> columns{"seq",       "event",        "effective_at", "recorded_at",
                                                    "seller_id", "developer_id", "nickname",     "actor",
                                                    "reason",    "hash",         "prev_hash"};
      std::vector<ordered_json> objects;
      objects.reserve(events.size());
      for (const Event& e : events) objects.push_back(event_json(e));
      print_csv(columns, objects);
      return;
    }
    case Format::Table:
      break;
  }
  // Both instants (SPEC §4), so that an event recorded late shows as such.
  Table table({"SEQ", "EFFECTIVE", "RECORDED", "EVENT", "SELLER", "DEVELOPER", "NICKNAME", "ACTOR", "REASON"});
  table.shrinkable({"NICKNAME", "ACTOR", "REASON"});
  for (const Event& e : events) {
    const std::string color = e.type == EventType::Suspended ? k_red : e.type == EventType::Revoked ? k_dim : "";
    std::string type(to_string(e.type));
    if (e.milestone && e.channel) type += " (" + *e.milestone + ", " + *e.channel + ")";
    const std::string none(k_none);
    table.add({std::to_string(e.seq), format_instant(e.effective_at), format_instant(e.recorded_at), type, e.seller_id,
               e.developer_id.value_or(none), e.developer_id ? e.nickname.value_or(none) : none, e.actor,
               e.reason.value_or("")},
              {"", "", "", color, "", "", "", "", ""});
  }
  table.print(stdout, ctx.color());
}

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto [cp, len] = next_code_point(text, pos);
    width += code_point_width(cp);
    pos += len;
  }
  return width;
}

std::string truncate_to_width(std::string_view text, std::size_t width) {
  if (display_width(text) <= width) return std::string(text);
  if (width == 0) return {};
  const std::size_t room = width - display_width(k_ellipsis);
  std::size_t used = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto [cp, len] = next_code_point(text, pos);
    const std::size_t w = code_point_width(cp);
    // Marks that take no column stay with the character before them.
    if (used + w > room) break;
    used += w;
    pos += len;
  }
  std::string out(text.substr(0, pos));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + std::string(k_ellipsis);
}

std::size_t terminal_columns(std::FILE* out) {
  const int fd = ::fileno(out);
  if (fd < 0 || ::isatty(fd) != 1) return 0;
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr && *columns != '\0') {
    char* end = nullptr;
    const long n = std::strtol(columns, &end, 10);
    if (*end == '\0' && n > 0 && n < 100'000) return static_cast<std::size_t>(n);
  }
  struct winsize ws {};
  if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 0;
}

namespace {

// Each column's width: its widest cell or header.
std::vector<std::size_t> natural_widths(const std::vector<std::string>& header,
                                        const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths(header.size());
  for (std::size_t i = 0; i < header.size(); ++i) widths[i] = display_width(header[i]);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], display_width(row[i]));
  }
  return widths;
}

// The narrowest column `i` is shortened to.
std::size_t shrunk_floor(const std::vector<std::string>& header, std::size_t i) {
  return std::max(display_width(header[i]), k_min_shrunk_width);
}

// The widths that fit `max_width` (0: no limit). Too wide for the terminal: take
// columns off the widest free-text column, one at a time, down to its floor. When
// even that cannot make the table fit, shortening would lose text and still wrap:
// leave it whole.
std::vector<std::size_t> fitted_widths(const std::vector<std::size_t>& natural, const std::vector<std::string>& header,
                                       const std::vector<bool>& shrinkable, std::size_t max_width) {
  std::vector<std::size_t> widths = natural;
  std::size_t total = widths.empty() ? 0 : 2 * (widths.size() - 1);
  std::size_t spare = 0;
  for (std::size_t i = 0; i < widths.size(); ++i) {
    total += widths[i];
    const std::size_t floor = shrunk_floor(header, i);
    if (shrinkable[i] && widths[i] > floor) spare += widths[i] - floor;
  }
  if (max_width == 0 || total <= max_width || total - spare > max_width) return widths;
  while (total > max_width) {
    std::size_t widest = widths.size();
    for (std::size_t i = 0; i < widths.size(); ++i) {
      if (shrinkable[i] && widths[i] > shrunk_floor(header, i) &&
          (widest == widths.size() || widths[i] > widths[widest]))
        widest = i;
    }
    --widths[widest];
    --total;
  }
  return widths;
}

// One line of a table, with its newline: the cells padded to `widths`, shortened
// where a width is under its natural one, coloured when `color`.
std::string table_line(const std::vector<std::string>& cells, const std::vector<std::string>* colors, bool bold,
                       bool color, const std::vector<std::size_t>& widths, const std::vector<std::size_t>& natural) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const bool last = i + 1 == cells.size();
    const std::string code = bold ? "1" : (colors != nullptr ? (*colors)[i] : "");
    const std::string cell =
        i < widths.size() && widths[i] < natural[i] ? truncate_to_width(cells[i], widths[i]) : cells[i];
    if (color && !code.empty()) {
      line += "\x1b[";
      line += code;
      line += "m";
      line += cell;
      line += "\x1b[0m";
    } else {
      line += cell;
    }
    if (!last && i < widths.size()) line += std::string(widths[i] - display_width(cell) + 2, ' ');
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line + "\n";
}

}  // namespace

Table::Table(std::vector<std::string> header) : m_header(std::move(header)), m_shrinkable(m_header.size(), false) {}

void Table::add(std::vector<std::string> cells, std::vector<std::string> colors) {
  colors.resize(cells.size());
  m_rows.push_back(std::move(cells));
  m_colors.push_back(std::move(colors));
}

Table& Table::shrinkable(std::initializer_list<std::string_view> headers) {
  for (std::size_t i = 0; i < m_header.size(); ++i) {
    if (std::find(headers.begin(), headers.end(), m_header[i]) != headers.end()) m_shrinkable[i] = true;
  }
  return *this;
}

void Table::print(std::FILE* out, bool color) const { print(out, color, terminal_columns(out)); }

void Table::print(std::FILE* out, bool color, std::size_t max_width) const {
  const std::vector<std::size_t> natural = natural_widths(m_header, m_rows);
  const std::vector<std::size_t> widths = fitted_widths(natural, m_header, m_shrinkable, max_width);
  std::string text;
  text += table_line(m_header, nullptr, true, color, widths, natural);
  for (std::size_t r = 0; r < m_rows.size(); ++r)
    text += table_line(m_rows[r], &m_colors[r], false, color, widths, natural);
  (void)std::fputs(text.c_str(), out);
}

std::string human_time(const std::optional<Instant>& t, Instant now) {
  if (!t) return std::string(k_none);
  return format_date(*t) + " (" + format_relative(*t, now) + ")";
}

void print_sellers(Context& ctx, const State& state) {
  std::vector<nlohmann::ordered_json> objects;
  for (const Seller& s : state.sellers) {
    const auto count = std::count_if(state.authorizations.begin(), state.authorizations.end(),
                                     [&](const Authorization& a) { return a.seller_id == s.seller_id; });
    nlohmann::ordered_json o;
    o["seller_id"] = s.seller_id;
    o["name"] = s.name;
    o["confirmation_enabled"] = s.confirmation_enabled;
    o["enabled_at"] = s.confirmation_enabled && s.enabled_at ? nlohmann::ordered_json(format_instant(*s.enabled_at))
                                                             : nlohmann::ordered_json(nullptr);
    o["authorizations"] = count;
    objects.push_back(std::move(o));
  }
  switch (ctx.format()) {
    case Format::Json:
      (void)std::fputs((nlohmann::ordered_json(objects).dump(2) + "\n").c_str(), stdout);
      return;
    case Format::Csv: {
      std::string out = "seller_id,name,confirmation_enabled,enabled_at,authorizations\r\n";
      for (const auto& o : objects) {
        out += csv_field(o["seller_id"].get<std::string>()) + "," + csv_field(o["name"].get<std::string>()) + "," +
               o["confirmation_enabled"].dump() + "," +
               (o["enabled_at"].is_null() ? "" : o["enabled_at"].get<std::string>()) + "," +
               o["authorizations"].dump() + "\r\n";
      }
      (void)std::fputs(out.c_str(), stdout);
      return;
    }
    case Format::Table:
      break;
  }
  Table table({"SELLER", "NAME", "CONFIRMATION", "AUTHORIZATIONS"});
  table.shrinkable({"NAME"});
  for (const Seller& s : state.sellers) {
    const auto count = std::count_if(state.authorizations.begin(), state.authorizations.end(),
                                     [&](const Authorization& a) { return a.seller_id == s.seller_id; });
    const std::string confirmation = s.confirmation_enabled && s.enabled_at
                                         ? "enabled since " + format_date(*s.enabled_at)
                                         : std::string("disabled");
    table.add({s.seller_id, s.name.empty() ? "—" : s.name, confirmation, std::to_string(count)});
  }
  table.print(stdout, ctx.color());
}

void print_credentials(Context& ctx, const Authorization& own) {
  switch (ctx.format()) {
    case Format::Json: {
      nlohmann::ordered_json o;
      o["seller_id"] = own.seller_id;
      o["developer_id"] = own.developer_id;
      o["nickname"] = own.nickname;
      o["mws_auth_token"] = *own.token;
      (void)std::fputs((o.dump(2) + "\n").c_str(), stdout);
      break;
    }
    case Format::Csv:
      std::printf("seller_id,developer_id,mws_auth_token\r\n%s,%s,%s\r\n", own.seller_id.c_str(),
                  own.developer_id.c_str(), own.token->c_str());
      break;
    case Format::Table:
      std::printf("seller_id:       %s\ndeveloper_id:    %s\nnickname:        %s\nmws_auth_token:  %s\n",
                  own.seller_id.c_str(), own.developer_id.c_str(), own.nickname.c_str(), own.token->c_str());
      break;
  }
}

void print_verified(Context& ctx, const VerifyOutcome& outcome) {
  if (ctx.format() == Format::Json) {
    ordered_json o;
    o["ok"] = outcome.ok;
    o["events"] = outcome.events;
    o["head"] = outcome.head.empty() ? ordered_json(nullptr) : ordered_json(outcome.head);
    o["problem"] = outcome.ok ? ordered_json(nullptr) : ordered_json(outcome.problem);
    (void)std::fputs((o.dump() + "\n").c_str(), stdout);
  } else if (outcome.ok) {
    std::printf("history intact: %llu events verified, head %s\n", static_cast<unsigned long long>(outcome.events),
                outcome.head.c_str());
  }
}

void print_import_problems(const Context& ctx, const std::string& where, const ImportPlan& plan) {
  const bool all = ctx.options.verbose || ::isatty(STDERR_FILENO) != 1;
  const std::size_t shown = all ? plan.problems.size() : std::min(plan.problems.size(), k_shown_problems);
  for (std::size_t i = 0; i < shown; ++i) {
    const ImportProblem& p = plan.problems[i];
    (void)std::fprintf(stderr, "dac: %s line %zu: %s\n", where.c_str(), p.line, p.message.c_str());
  }
  if (shown < plan.problems.size()) {
    (void)std::fprintf(stderr, "dac: …and %zu more; all of them with -v\n", plan.problems.size() - shown);
  }
}

void print_import_progress(std::size_t done, std::size_t total) {
  if (total <= k_progress_rows) return;
  if (done % k_progress_rows == 0) (void)std::fprintf(stderr, "\rdac: importing %zu/%zu", done, total);
  if (done == total) (void)std::fputs("\r\x1b[K", stderr);
}

std::string import_summary(const app::Imported& imported, bool dry_run) {
  const std::size_t suspended = imported.suspended;
  const ImportPlan& plan = imported.plan;
  const std::size_t n = plan.grants.size();
  std::string summary = (dry_run ? "dry run: would import " : "imported ") + plural(n, "authorization");
  if (suspended > 0) {
    summary += "; " +
               (suspended == n ? std::string(n == 1 ? "it is" : "all of them are")
                               : std::to_string(suspended) + " of them " + (suspended == 1 ? "is" : "are")) +
               " already past " + (suspended == 1 ? "its" : "their") + " expiry and " +
               (dry_run ? "would be" : (suspended == 1 ? "is" : "are")) + " recorded as suspended";
  }
  if (plan.skipped > 0) {
    summary += (suspended > 0 ? "; skipped " : ", skipped ") + std::to_string(plan.skipped) + " already in the store";
  }
  if (dry_run) summary += "; nothing was written";
  return summary;
}

void print_confirm_prompt(const State& state, const std::vector<Authorization*>& auths, Instant now) {
  (void)std::fprintf(stderr, "About to confirm %s for 12 more months (until %s):\n",
                     plural(auths.size(), "authorization").c_str(), format_date(add_months(now, 12)).c_str());
  // The columns in the order of `dac list` and of the dry run.
  Table table({"SELLER", "DEVELOPER", "NICKNAME", "EXPIRES"});
  table.shrinkable({"NICKNAME"});
  for (std::size_t i = 0; i < auths.size() && i < k_prompt_rows; ++i) {
    const Authorization& a = *auths[i];
    table.add({a.seller_id, a.developer_id, a.nickname, human_time(rules::view(state, a, now).expires_at, now)});
  }
  table.print(stderr, false);
  if (auths.size() > k_prompt_rows) {
    (void)std::fprintf(stderr, "…and %zu more (see them all with --dry-run)\n", auths.size() - k_prompt_rows);
  }
}

}  // namespace dac::cli
