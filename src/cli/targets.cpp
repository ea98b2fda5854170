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

}  // namespace dac::cli

namespace dac::cli {

void print_expiry_changes(Context& ctx, const State& after, const std::vector<AuthKey>& keys,
                          const std::vector<std::optional<Instant>>& before) {
  if (ctx.options.quiet && ctx.format() == Format::Table) return;
  const Instant now = ctx.now();
  std::vector<std::pair<Row, std::optional<Instant>>> rows;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (const Authorization* a = after.find(keys[i].first, keys[i].second))
      rows.emplace_back(Row{a, rules::view(after, *a, now)}, i < before.size() ? before[i] : std::nullopt);
  }
  const auto previous = [](const std::optional<Instant>& t) {
    return t ? nlohmann::ordered_json(format_instant(*t)) : nlohmann::ordered_json(nullptr);
  };
  switch (ctx.format()) {
    case Format::Json: {
      nlohmann::ordered_json array = nlohmann::ordered_json::array();
      for (const auto& [row, was] : rows) {
        nlohmann::ordered_json o = row_json(row, false);
        o["previous_expires_at"] = previous(was);
        array.push_back(std::move(o));
      }
      std::fputs((array.dump(2) + "\n").c_str(), stdout);
      return;
    }
    case Format::Csv: {
      static const std::vector<std::string> columns{"seller_id", "developer_id",   "nickname",           "own",
                                                    "status",    "authorized_at",  "last_confirmed_at",  "expires_at",
                                                    "days_left", "mws_auth_token", "previous_expires_at"};
      std::string out;
      for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + csv_field(columns[i]);
      out += "\r\n";
      for (const auto& [row, was] : rows) {
        nlohmann::ordered_json o = row_json(row, false);
        o["previous_expires_at"] = previous(was);
        for (std::size_t i = 0; i < columns.size(); ++i) {
          const nlohmann::ordered_json& v = o[columns[i]];
          out += i ? "," : "";
          if (v.is_string()) {
            out += csv_field(v.get<std::string>());
          } else if (!v.is_null()) {
            out += csv_field(v.dump());
          }
        }
        out += "\r\n";
      }
      std::fputs(out.c_str(), stdout);
      return;
    }
    case Format::Table:
      break;
  }
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

}  // namespace dac::cli
