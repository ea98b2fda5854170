#include "dac/core/import.hpp"

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
  for (const auto& x : a) {
    if (x == s) return true;
  }
  return false;
}

bool parse_bool(std::string_view s) {
  if (s == "true" || s == "1" || s == "yes") return true;
  if (s == "false" || s == "0" || s == "no") return false;
  throw_usage("own must be true or false, not '" + std::string(s) + "'");
}

}  // namespace

ImportPlan plan_import(const State& state, std::string_view csv, const std::string& where,
                       const std::optional<std::string>& default_seller, bool skip_existing, Instant now) {
  ImportPlan plan;
  std::map<std::string, std::size_t> column;  // name → index, from the header
  std::size_t header_width = 0;
  // The index of each column a row is read from, found once from the header.
  using Column = std::optional<std::size_t>;
  Column developer_col, nickname_col, authorized_col, token_col, own_col, confirmed_col, seller_col;
  // "seller/developer" of every row so far: hashed, as an import may hold 10^5 rows.
  std::unordered_set<std::string> seen;
  seen.reserve(csv.size() / 64 + 16);
  std::optional<std::string> fallback_seller = default_seller;
  if (!fallback_seller && state.sellers.size() == 1) fallback_seller = state.sellers.front().seller_id;
  if (default_seller) (void)rules::require_seller(state, *default_seller);

  bool have_header = false;
  read_csv(csv, where, [&](CsvRecord& record) {
    if (!have_header) {
      have_header = true;
      header_width = record.fields.size();
      for (std::size_t i = 0; i < record.fields.size(); ++i) {
        const std::string& name = record.fields[i];
        if (!contains(k_required, name) && !contains(k_optional, name) && !contains(k_ignored, name)) {
          throw_usage(where + " line " + std::to_string(record.line) + ": unknown column '" + name + "'",
                      "the columns are developer_id, nickname, authorized_at, mws_auth_token, and optionally "
                      "seller_id, own, last_confirmed_at");
        }
        if (!column.emplace(name, i).second) {
          throw_usage(where + " line " + std::to_string(record.line) + ": column '" + name + "' appears twice");
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
      developer_col = index_of("developer_id");
      nickname_col = index_of("nickname");
      authorized_col = index_of("authorized_at");
      token_col = index_of("mws_auth_token");
      own_col = index_of("own");
      confirmed_col = index_of("last_confirmed_at");
      seller_col = index_of("seller_id");
      return;
    }
    // A row's cell in a column, or nothing when the column is absent or the cell empty.
    const auto cell = [&](const Column& col) -> std::optional<std::string_view> {
      if (!col || record.fields[*col].empty()) return std::nullopt;
      return record.fields[*col];
    };
    try {
      if (record.fields.size() != header_width) {
        throw_usage(std::to_string(record.fields.size()) + " fields where the header has " +
                    std::to_string(header_width));
      }
      rules::GrantRequest request;
      request.developer_id = parse_developer_id(cell(developer_col).value_or(""));
      request.nickname = parse_nickname(cell(nickname_col).value_or(""));
      const auto authorized = cell(authorized_col);
      if (!authorized) throw_usage("authorized_at is empty");
      request.authorized_at = parse_instant(*authorized, "authorized_at");
      if (request.authorized_at > now) throw_usage("authorized_at " + std::string(*authorized) + " is in the future");
      const auto token = cell(token_col);
      if (!token) throw_usage("mws_auth_token is empty");
      if (token->find("…") != std::string_view::npos) {
        throw_usage("mws_auth_token is masked", "export with: dac list --format csv --reveal-tokens");
      }
      request.token = parse_token(*token);
      if (const auto own = cell(own_col)) request.own = parse_bool(*own);
      if (const auto confirmed = cell(confirmed_col)) {
        request.last_confirmed_at = parse_instant(*confirmed, "last_confirmed_at");
        if (*request.last_confirmed_at > now || *request.last_confirmed_at < request.authorized_at) {
          throw_usage("last_confirmed_at must lie between authorized_at and now");
        }
      }
      if (const auto seller = cell(seller_col)) {
        request.seller_id = parse_seller_id(*seller);
        if (state.find_seller(request.seller_id) == nullptr) {
          throw_usage("seller " + request.seller_id + " is not in the store",
                      "add it with: dac seller add " + request.seller_id);
        }
      } else if (fallback_seller) {
        request.seller_id = *fallback_seller;
      } else {
        throw_usage("no seller_id, and the store has several sellers", "add a seller_id column, or pass --seller");
      }
      if (!seen.emplace(request.seller_id + "/" + request.developer_id).second) {
        throw_usage("developer " + request.developer_id + " at seller " + request.seller_id +
                    " appears twice in the file");
      }
      const Authorization* existing = state.find(request.seller_id, request.developer_id);
      if (existing != nullptr && existing->status != Status::Revoked) {
        if (skip_existing) {
          ++plan.skipped;
          return;
        }
        throw Error(ErrorKind::Refused,
                    "the store already holds " + rules::describe(*existing) + " at seller " + request.seller_id,
                    "leave it out, or pass --skip-existing");
      }
      plan.grants.push_back(std::move(request));
    } catch (const Error& e) {
      std::string message = e.what();
      if (!e.hint().empty()) message += " (" + e.hint() + ")";
      plan.problems.push_back(ImportProblem{record.line, e.kind(), std::move(message)});
    }
  });
  if (!have_header) throw_usage(where + " is empty", "the first line must name the columns");
  return plan;
}

}  // namespace dac
