#include "dac/core/import.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <unordered_set>

#include "dac/core/csv.hpp"
#include "dac/core/ids.hpp"

namespace dac {

namespace {

// The columns an import understands; the ignored ones are derived by `list`.
constexpr std::array<std::string_view, 4> k_required{"developer_id", "nickname", "authorized_at", "mws_auth_token"};
constexpr std::array<std::string_view, 3> k_optional{"seller_id", "own", "last_confirmed_at"};
constexpr std::array<std::string_view, 3> k_ignored{"status", "expires_at", "days_left"};

template <typename Array>
bool contains(const Array& a, std::string_view s) {
  return std::ranges::find(a, s) != a.end();
}

bool parse_bool(std::string_view s) {
  if (s == "true" || s == "1" || s == "yes") return true;
  if (s == "false" || s == "0" || s == "no") return false;
  throw_usage("own must be true or false, not '" + std::string(s) + "'");
}

// Where each column a row is read from sits, found once from the header.
using Column = std::optional<std::size_t>;
struct Columns {
  std::size_t width = 0;
  Column developer, nickname, authorized, token, own, confirmed, seller;
};

// "FILE line N: ", how a message about one line of the file starts.
std::string at_line(const std::string& where, std::size_t line) {
  std::string s = where;
  s.append(" line ").append(std::to_string(line)).append(": ");
  return s;
}

// Reads the header: every name known and given once, every required one there.
Columns read_header(const CsvRecord& record, const std::string& where) {
  std::map<std::string, std::size_t> column;  // name → index
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    const std::string& name = record.fields[i];
    if (!contains(k_required, name) && !contains(k_optional, name) && !contains(k_ignored, name)) {
      throw_usage(at_line(where, record.line).append("unknown column '").append(name).append("'"),
                  "the columns are developer_id, nickname, authorized_at, mws_auth_token, and optionally "
                  "seller_id, own, last_confirmed_at");
    }
    if (!column.emplace(name, i).second) {
      throw_usage(at_line(where, record.line).append("column '").append(name).append("' appears twice"));
    }
  }
  for (const std::string_view name : k_required) {
    if (column.find(std::string(name)) == column.end()) {
      throw_usage(where + ": the header has no '" + std::string(name) + "' column",
                  "the first line must name the columns, e.g. developer_id,nickname,authorized_at,mws_auth_token");
    }
  }
  const auto index_of = [&](const char* name) -> Column {
    const auto it = column.find(name);
    return it == column.end() ? std::nullopt : Column(it->second);
  };
  Columns c;
  c.width = record.fields.size();
  c.developer = index_of("developer_id");
  c.nickname = index_of("nickname");
  c.authorized = index_of("authorized_at");
  c.token = index_of("mws_auth_token");
  c.own = index_of("own");
  c.confirmed = index_of("last_confirmed_at");
  c.seller = index_of("seller_id");
  return c;
}

// A row's cell in a column, or nothing when the column is absent or the cell empty.
std::optional<std::string_view> cell(const CsvRecord& record, const Column& col) {
  if (!col || record.fields[*col].empty()) return std::nullopt;
  return record.fields[*col];
}

// The token of a row: there, not masked, and well-formed.
std::string read_token(const CsvRecord& record, const Columns& columns) {
  const auto token = cell(record, columns.token);
  if (!token) throw_usage("mws_auth_token is empty");
  if (token->find("…") != std::string_view::npos) {
    throw_usage("mws_auth_token is masked", "export with: dac list --format csv --reveal-tokens");
  }
  return parse_token(*token);
}

// The grant a row asks for, but its seller: each value parsed, the dates not after `now`.
rules::GrantRequest read_row(const CsvRecord& record, const Columns& columns, Instant now) {
  if (record.fields.size() != columns.width) {
    throw_usage(std::to_string(record.fields.size()) + " fields where the header has " + std::to_string(columns.width));
  }
  rules::GrantRequest request;
  request.developer_id = parse_developer_id(cell(record, columns.developer).value_or(""));
  request.nickname = parse_nickname(cell(record, columns.nickname).value_or(""));
  const auto authorized = cell(record, columns.authorized);
  if (!authorized) throw_usage("authorized_at is empty");
  request.authorized_at = parse_instant(*authorized, "authorized_at");
  if (request.authorized_at > now) throw_usage("authorized_at " + std::string(*authorized) + " is in the future");
  request.token = read_token(record, columns);
  if (const auto own = cell(record, columns.own)) request.own = parse_bool(*own);
  if (const auto confirmed = cell(record, columns.confirmed)) {
    request.last_confirmed_at = parse_instant(*confirmed, "last_confirmed_at");
    if (*request.last_confirmed_at > now || *request.last_confirmed_at < request.authorized_at) {
      throw_usage("last_confirmed_at must lie between authorized_at and now");
    }
  }
  return request;
}

// The seller of a row: its seller_id, which the store must hold, else `fallback`.
std::string row_seller(const State& state, const CsvRecord& record, const Columns& columns,
                       const std::optional<std::string>& fallback) {
  if (const auto seller = cell(record, columns.seller)) {
    std::string id = parse_seller_id(*seller);
    if (state.find_seller(id) == nullptr) {
      throw_usage("seller " + id + " is not in the store", "add it with: dac seller add " + id);
    }
    return id;
  }
  if (fallback) return *fallback;
  throw_usage("no seller_id, and the store has several sellers", "add a seller_id column, or pass --seller");
}

// What plan_import() keeps from row to row.
struct Planner {
  const State& state;
  bool skip_existing;
  Instant now;
  std::optional<std::string> fallback_seller;
  Columns columns;
  // "seller/developer" of every row so far: hashed, as an import may hold 10^5 rows.
  std::unordered_set<std::string> seen;
  ImportPlan plan;

  // Plans one row, or says why it cannot be imported.
  void add(const CsvRecord& record) {
    try {
      rules::GrantRequest request = read_row(record, columns, now);
      request.seller_id = row_seller(state, record, columns, fallback_seller);
      if (!seen.emplace(request.seller_id + "/" + request.developer_id).second) {
        throw_usage("developer " + request.developer_id + " at seller " + request.seller_id +
                    " appears twice in the file");
      }
      if (already_held(request)) return;
      plan.grants.push_back(std::move(request));
    } catch (const Error& e) {
      std::string message = e.what();
      if (!e.hint().empty()) message += " (" + e.hint() + ")";
      plan.problems.push_back(ImportProblem{record.line, e.kind(), std::move(message)});
    }
  }

  // Whether the store holds `request` already and it is skipped (--skip-existing); refused otherwise.
  bool already_held(const rules::GrantRequest& request) {
    const Authorization* existing = state.find(request.seller_id, request.developer_id);
    if (existing == nullptr || existing->status == Status::Revoked) return false;
    if (!skip_existing) {
      throw Error(ErrorKind::Refused,
                  "the store already holds " + rules::describe(*existing) + " at seller " + request.seller_id,
                  "leave it out, or pass --skip-existing");
    }
    ++plan.skipped;
    return true;
  }
};

}  // namespace

ImportPlan plan_import(const State& state, std::string_view csv, const std::string& where,
                       const std::optional<std::string>& default_seller, bool skip_existing, Instant now) {
  Planner planner{state, skip_existing, now, default_seller, {}, {}, {}};
  planner.seen.reserve(csv.size() / 64 + 16);
  if (!default_seller && state.sellers.size() == 1) planner.fallback_seller = state.sellers.front().seller_id;
  if (default_seller) (void)rules::require_seller(state, *default_seller);

  bool have_header = false;
  read_csv(csv, where, [&](CsvRecord& record) {
    if (have_header) {
      planner.add(record);
      return;
    }
    have_header = true;
    planner.columns = read_header(record, where);
  });
  if (!have_header) throw_usage(where + " is empty", "the first line must name the columns");
  return std::move(planner.plan);
}

}  // namespace dac
