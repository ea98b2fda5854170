#pragma once

#include <libpq-fe.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dac/core/error.hpp"

// A small, owning layer over libpq for the PostgreSQL store: a connection,
// results that free themselves, and errors that carry the server's SQLSTATE.
namespace dac::pg {

// What libpq reported for a failed command, as a store error; `sqlstate`
// ("40001", "55P03", …; empty when the connection itself failed) lets the
// store tell a lock timeout or a retryable conflict from the rest.
class QueryError : public Error {
 public:
  QueryError(std::string sqlstate, const std::string& message, std::string hint = {})
      : Error(ErrorKind::Store, message, std::move(hint)), m_sqlstate(std::move(sqlstate)) {}
  [[nodiscard]] const std::string& sqlstate() const noexcept { return m_sqlstate; }

 private:
  std::string m_sqlstate;
};

// A query's result, freed with the object.
class Result {
 public:
  explicit Result(PGresult* result) : m_result(result, &PQclear) {}
  [[nodiscard]] int rows() const { return PQntuples(m_result.get()); }
  [[nodiscard]] bool is_null(int row, int column) const { return PQgetisnull(m_result.get(), row, column) == 1; }
  // The text of a value ("" for NULL).
  [[nodiscard]] std::string_view text(int row, int column) const {
    return {PQgetvalue(m_result.get(), row, column),
            static_cast<std::size_t>(PQgetlength(m_result.get(), row, column))};
  }
  [[nodiscard]] const PGresult* raw() const noexcept { return m_result.get(); }
  [[nodiscard]] std::optional<std::string_view> optional_text(int row, int column) const {
    if (is_null(row, column)) return std::nullopt;
    return text(row, column);
  }

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> m_result;
};

// The parameters of a query: text values, or NULL.
using Params = std::vector<std::optional<std::string>>;

// One connection to the server, closed with the object.
class Connection {
 public:
  // Connects to `location` (a libpq URI; libpq's environment and files supply
  // the rest); `shown` is the location for messages (no password in it).
  Connection(const std::string& location, std::string shown);

  // Runs `sql` (one or more statements without parameters); a QueryError if it fails.
  Result exec(const std::string& sql);
  // Runs one statement with text parameters $1, $2, …
  Result exec(const std::string& sql, const Params& params);
  // COPY … FROM STDIN with `data` in COPY's text format (copy_field escapes a value).
  void copy_in(const std::string& sql, std::string_view data);
  // COPY … TO STDOUT, read a row at a time (CopyOut).
  friend class CopyOut;

  // Whether the connection is still up (false after the server went away).
  [[nodiscard]] bool alive() const;
  [[nodiscard]] const std::string& shown() const noexcept { return m_shown; }

 private:
  [[noreturn]] void fail(const PGresult* result, std::string_view doing) const;

  std::unique_ptr<PGconn, decltype(&PQfinish)> m_conn;
  std::string m_shown;
};

// The rows of a COPY … TO STDOUT, one at a time, in COPY's text format and
// without their '\n'. The connection serves nothing else until the copy is
// read to its end, which the destructor does for a reader that stops early.
class CopyOut {
 public:
  CopyOut(Connection& db, const std::string& sql);
  ~CopyOut();
  CopyOut(const CopyOut&) = delete;
  CopyOut& operator=(const CopyOut&) = delete;

  // The next row (valid until the next call); false after the last.
  bool next(std::string_view& row);

 private:
  void finish();

  Connection& m_db;
  std::unique_ptr<char, decltype(&PQfreemem)> m_row;
  bool m_done = false;
};

// Appends `value` to a COPY text-format row: tab, newline, carriage return
// and backslash escaped; nothing is NULL (write \N yourself).
void copy_field(std::string& row, std::string_view value);
// Undoes COPY's text-format escaping of one field, appending to `out`.
void copy_unescape(std::string_view field, std::string& out);

// The location with any password removed, for messages.
[[nodiscard]] std::string redact(std::string_view location);
// Whether the location names a password itself (in the user info or as a parameter).
[[nodiscard]] bool has_password(const std::string& location);

}  // namespace dac::pg
