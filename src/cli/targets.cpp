#include "dac/cli/targets.hpp"

#include <algorithm>

#include "dac/cli/output.hpp"
#include "dac/core/time.hpp"

namespace dac::cli {

void print_affected(Context& ctx, const State& state, const std::vector<AuthKey>& keys) {
  // --quiet keeps a cron job's mailbox empty; an explicit format is still honoured.
  if (ctx.options.quiet && ctx.format() == Format::Table) return;
  std::vector<Row> rows;
  for (const auto& [seller, developer] : keys) {
    if (const Authorization* a = state.find(seller, developer))
      rows.push_back(Row{a, rules::view(state, *a, ctx.now())});
  }
  print_rows(ctx, rows, ctx.now(), false);
}

namespace {

// An authorisation after the change, with its expiry before it.
using Change = std::pair<Row, std::optional<Instant>>;

nlohmann::ordered_json change_json(const Change& change) {
  const auto& [row, was] = change;
  nlohmann::ordered_json o = row_json(row, false);
  o["previous_expires_at"] = was ? nlohmann::ordered_json(format_instant(*was)) : nlohmann::ordered_json(nullptr);
  return o;
}

void print_changes_json(const std::vector<Change>& rows) {
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (const Change& change : rows) array.push_back(change_json(change));
  (void)std::fputs((array.dump(2) + "\n").c_str(), stdout);
}

// One CSV field: a string quoted as needed, null empty, anything else as JSON.
std::string changes_csv_value(const nlohmann::ordered_json& v) {
  if (v.is_string()) return csv_field(v.get<std::string>());
  if (!v.is_null()) return csv_field(v.dump());
  return {};
}

void print_changes_csv(const std::vector<Change>& rows) {
  static const std::vector<std::string> columns{"seller_id", "developer_id",   "nickname",           "own",
                                                "status",    "authorized_at",  "last_confirmed_at",  "expires_at",
                                                "days_left", "mws_auth_token", "previous_expires_at"};
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) out += (i != 0 ? "," : "") + csv_field(columns[i]);
  out += "\r\n";
  for (const Change& change : rows) {
    const nlohmann::ordered_json o = change_json(change);
    for (std::size_t i = 0; i < columns.size(); ++i) {
      out += i != 0 ? "," : "";
      out += changes_csv_value(o[columns[i]]);
    }
    out += "\r\n";
  }
  (void)std::fputs(out.c_str(), stdout);
}

void print_changes_table(Context& ctx, const std::vector<Change>& rows, Instant now) {
  const bool several_sellers = std::any_of(rows.begin(), rows.end(), [&](const auto& r) {
    return r.first.auth->seller_id != rows.front().first.auth->seller_id;
  });
  std::vector<std::string> header;
  if (several_sellers) header.emplace_back("SELLER");
  for (const char* h : {"DEVELOPER", "NICKNAME", "EXPIRES NOW", "", "AFTER"}) header.emplace_back(h);
  Table table(header);
  for (const auto& [row, was] : rows) {
    std::vector<std::string> cells;
    if (several_sellers) cells.push_back(row.auth->seller_id);
    cells.insert(cells.end(), {row.auth->developer_id, row.auth->nickname, human_time(was, now), "→",
                               human_time(row.view.expires_at, now)});
    table.add(std::move(cells));
  }
  table.print(stdout, ctx.color());
}

}  // namespace

void print_expiry_changes(Context& ctx, const State& after, const std::vector<AuthKey>& keys,
                          const std::vector<std::optional<Instant>>& before) {
  if (ctx.options.quiet && ctx.format() == Format::Table) return;
  const Instant now = ctx.now();
  std::vector<Change> rows;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (const Authorization* a = after.find(keys[i].first, keys[i].second))
      rows.emplace_back(Row{a, rules::view(after, *a, now)}, i < before.size() ? before[i] : std::nullopt);
  }
  switch (ctx.format()) {
    case Format::Json:
      print_changes_json(rows);
      return;
    case Format::Csv:
      print_changes_csv(rows);
      return;
    case Format::Table:
      break;
  }
  print_changes_table(ctx, rows, now);
}

void print_confirmed(Context& ctx, const app::Confirmed& done, bool all, bool dry_run) {
  const std::vector<AuthKey>& keys = done.keys;
  const bool none = all && keys.empty();
  if (none) {
    ctx.notice(std::string("no active authorization matches; nothing to confirm") +
               (dry_run ? "; nothing was written" : ""));
  }
  if (dry_run) {
    if (!none) ctx.notice("dry run: would confirm " + plural(keys.size(), "authorization") + "; nothing was written");
    print_expiry_changes(ctx, done.applied.state, keys, done.before);
    return;
  }
  print_affected(ctx, done.applied.state, keys);
}

}  // namespace dac::cli
