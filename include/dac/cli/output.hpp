#pragma once

#include <cstdio>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "dac/app/import.hpp"
#include "dac/cli/context.hpp"
#include "dac/core/rules.hpp"
#include "dac/core/select.hpp"

// Everything that turns results into text on stdout: tables, JSON and CSV.
namespace dac::cli {

// An authorisation together with what the rules say of it at one instant.
using Row = Record;

// Sorts rows by `key` (expires, nickname, developer, seller, status,
// authorized, confirmed), then by the default order.
void sort_rows(std::vector<Row>& rows, std::string_view key);

// The ANSI SGR colour of a row's status in tables: green active, yellow expiring
// within 30 days, red suspended, dim revoked.
[[nodiscard]] std::string status_color(const Row& row);

// The JSON object of SPEC §4 for one row.
[[nodiscard]] nlohmann::ordered_json row_json(const Row& row, bool reveal_tokens);

// Prints rows in the context's format: a table with relative times, or the
// JSON array / CSV of SPEC §4.
void print_rows(Context& ctx, const std::vector<Row>& rows, Instant at, bool reveal_tokens);

// Prints history events, each with the nickname at that event (as
// app::select_events sets it): a table with both instants, or the JSON array
// of SPEC §4, or CSV with the same columns.
void print_events(Context& ctx, const std::vector<Event>& events);

// Prints the sellers of `state` with how many authorisations each has: a table, JSON or CSV.
void print_sellers(Context& ctx, const State& state);

// Prints a seller's own developer account with its full token (`credentials`).
void print_credentials(Context& ctx, const Authorization& own);

// What `history --verify` found, as it is printed.
struct VerifyOutcome {
  bool ok = true;
  std::uint64_t events = 0;  // how many events were checked
  std::string head;          // the head hash the store records (none: unknown)
  std::string problem;       // the first problem, when not ok
};

// Prints what `history --verify` found: in JSON one object whatever the
// outcome (SPEC §3); in a table one line when intact (a failure is the
// command's error, on stderr).
void print_verified(Context& ctx, const VerifyOutcome& outcome);

// Lists on stderr what `confirm --all` is about to confirm, as it stands at `now`.
void print_confirm_prompt(const State& state, const std::vector<Authorization*>& auths, Instant now);

// Says on stderr which rows of an import from `where` cannot be imported: on
// a terminal the first ones; in a log or with -v all of them.
void print_import_problems(const Context& ctx, const std::string& where, const ImportPlan& plan);

// The progress line of a large import on a terminal, cleared at its end.
void print_import_progress(std::size_t done, std::size_t total);

// What an import did (or, with `dry_run`, would do), in one line.
[[nodiscard]] std::string import_summary(const app::Imported& imported, bool dry_run);

// The JSON object of one history event.
[[nodiscard]] nlohmann::ordered_json event_json(const Event& event);

// One CSV field with RFC 4180 quoting.
[[nodiscard]] std::string csv_field(std::string_view value);

// How many columns a terminal gives `text`, whatever the locale (utf8proc):
// East Asian wide and fullwidth characters and emoji take 2, combining marks and
// zero-width characters 0, others 1; a byte that is not UTF-8 counts as 1.
[[nodiscard]] std::size_t display_width(std::string_view text);

// `text` cut to at most `width` columns, ending with "…" when something was cut.
[[nodiscard]] std::string truncate_to_width(std::string_view text, std::size_t width);

// The width of the terminal `out` writes to: $COLUMNS when it is a positive
// number, else the terminal's own size; 0 when `out` is not a terminal (piped,
// redirected) or the size is unknown.
[[nodiscard]] std::size_t terminal_columns(std::FILE* out);

// A plain text table: columns padded to their widest cell, in terminal columns.
// On a terminal narrower than the table, the widest free-text column is
// shortened with "…" so that rows do not wrap; never when piped.
class Table {
 public:
  explicit Table(std::vector<std::string> header);
  // A row; `colors` are ANSI SGR codes per cell ("" for none), used when printed with colour.
  void add(std::vector<std::string> cells, std::vector<std::string> colors = {});
  // Marks the columns with these headers as free text (nicknames, names, reasons)
  // that may be shortened to fit a terminal.
  Table& shrinkable(std::initializer_list<std::string_view> headers);
  // Prints to `out`, fitting the terminal's width when `out` is one.
  void print(std::FILE* out, bool color) const;
  // Prints, fitting `max_width` columns (0: no limit).
  void print(std::FILE* out, bool color, std::size_t max_width) const;

 private:
  std::vector<std::string> m_header;
  std::vector<std::vector<std::string>> m_rows;
  std::vector<std::vector<std::string>> m_colors;
  std::vector<bool> m_shrinkable;
};

// "2026-03-01 (in 95 days)", or "—" when absent.
[[nodiscard]] std::string human_time(const std::optional<Instant>& t, Instant now);

}  // namespace dac::cli
