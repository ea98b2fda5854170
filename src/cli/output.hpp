#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "cli/context.hpp"
#include "dac/rules.hpp"

// Everything that turns results into text on stdout: tables, JSON and CSV.
namespace dac::cli {

// An authorisation together with what the rules say of it at one instant.
struct Row {
  const Authorization* auth = nullptr;
  rules::View view;
};

// The rows of `state` seen at `at`, in SPEC §4 order unless sorted otherwise;
// with `sorted` false in the stored order (for a caller that sorts what it keeps).
[[nodiscard]] std::vector<Row> rows_of(const State& state, Instant at, bool sorted = true);

// Sorts rows by `key` (expires, nickname, developer, seller, status,
// authorized, confirmed), then by the default order.
void sort_rows(std::vector<Row>& rows, std::string_view key);

// The JSON object of SPEC §4 for one row.
[[nodiscard]] nlohmann::ordered_json row_json(const Row& row, bool reveal_tokens);

// Prints rows in the context's format: a table with relative times, or the
// JSON array / CSV of SPEC §4.
void print_rows(Context& ctx, const std::vector<Row>& rows, Instant at, bool reveal_tokens);

// Prints history events: a table, or the JSON array of SPEC §4, or CSV.
void print_events(Context& ctx, const std::vector<Event>& events, const State& state);

// The JSON object of one history event.
[[nodiscard]] nlohmann::ordered_json event_json(const Event& event);

// One CSV field with RFC 4180 quoting.
[[nodiscard]] std::string csv_field(std::string_view value);

// A plain text table: columns padded to their widest cell (in code points).
class Table {
 public:
  explicit Table(std::vector<std::string> header);
  // A row; `colors` are ANSI SGR codes per cell ("" for none), used when printed with colour.
  void add(std::vector<std::string> cells, std::vector<std::string> colors = {});
  void print(std::FILE* out, bool color) const;

 private:
  std::vector<std::string> m_header;
  std::vector<std::vector<std::string>> m_rows;
  std::vector<std::vector<std::string>> m_colors;
};

// "2026-03-01 (in 95 days)", or "—" when absent.
[[nodiscard]] std::string human_time(const std::optional<Instant>& t, Instant now);

}  // namespace dac::cli
