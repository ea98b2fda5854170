#include "pg.hpp"

#include <algorithm>
#include <array>

namespace dac::pg {

namespace {

// One line of libpq's text (which may hold several, and ends with '\n').
std::string one_line(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n') {
      out += "; ";
    } else if (c == '\t' || c == ' ') {
      if (!out.empty() && out.back() != ' ') out += ' ';  // libpq indents its second lines
    } else if (c != '\r') {
      out += c;
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ';')) out.pop_back();
  return out;
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// What to do about a connection that failed, from what libpq said.
std::string connect_hint(std::string_view message) {
  if (contains(message, "password authentication failed") || contains(message, "no password supplied") ||
      contains(message, "authentication failed") || contains(message, "role \"")) {
    return "check the role, and its password in ~/.pgpass or the file PGPASSFILE names (docs/team.md)";
  }
  if (contains(message, "database \"") && contains(message, "does not exist")) {
    return "create the database first (createdb NAME), then the store with: dac init --seller SELLER_ID";
  }
  if (contains(message, "SSL") || contains(message, "certificate")) {
    return "check sslmode, sslrootcert and the server's certificate (docs/team.md)";
  }
  return "check that the server is running and that the location (host, port, database) is right";
}

// Where the user info and the query of a URI are: [begin, end) of each, or npos.
struct UriParts {
  std::size_t user_begin = std::string_view::npos, user_end = std::string_view::npos;
  std::size_t query_begin = std::string_view::npos;
};

UriParts split_uri(std::string_view uri) {
  UriParts parts;
  const std::size_t scheme = uri.find("://");
  if (scheme == std::string_view::npos) return parts;
  const std::size_t authority = scheme + 3;
  const std::size_t authority_end = std::min(uri.find('/', authority), uri.find('?', authority));
  const std::size_t at = uri.substr(0, authority_end).rfind('@');
  if (at != std::string_view::npos && at >= authority) {
    parts.user_begin = authority;
    parts.user_end = at;
  }
  parts.query_begin = uri.find('?', authority);
  return parts;
}

}  // namespace

Connection::Connection(const std::string& location, std::string shown)
    : m_conn(nullptr, &PQfinish), m_shown(std::move(shown)) {
  // The URI comes last, so what it says wins over these defaults.
  const std::array<const char*, 5> keys{"connect_timeout", "fallback_application_name", "client_encoding", "dbname",
                                        nullptr};
  const std::array<const char*, 5> values{"10", "dac", "UTF8", location.c_str(), nullptr};
  m_conn.reset(PQconnectdbParams(keys.data(), values.data(), 1));
  if (!m_conn) throw QueryError("", "cannot connect to the store at " + m_shown + ": out of memory");
  if (PQstatus(m_conn.get()) != CONNECTION_OK) {
    const std::string message = one_line(PQerrorMessage(m_conn.get()));
    throw QueryError("", "cannot connect to the store at " + m_shown + ": " + message, connect_hint(message));
  }
}

void Connection::fail(const PGresult* result, std::string_view doing) const {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const std::string message = one_line(primary != nullptr ? primary : PQerrorMessage(m_conn.get()));
  if (!alive()) {
    throw QueryError(
        state != nullptr ? state : "",
        "the connection to the store at " + m_shown + " was lost while " + std::string(doing) + ": " + message,
        "nothing of this command was written unless dac history shows it; check the server and try "
        "again");
  }
  throw QueryError(state != nullptr ? state : "",
                   "the store at " + m_shown + " refused " + std::string(doing) + ": " + message);
}

Result Connection::exec(const std::string& sql) {
  Result result(PQexec(m_conn.get(), sql.c_str()));
  const ExecStatusType status = PQresultStatus(result.raw());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(result.raw(), "a query");
  return result;
}

Result Connection::exec(const std::string& sql, const Params& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  Result result(PQexecParams(m_conn.get(), sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                             nullptr, nullptr, 0));
  const ExecStatusType status = PQresultStatus(result.raw());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(result.raw(), "a query");
  return result;
}

void Connection::copy_in(const std::string& sql, std::string_view data) {
  {
    const Result start(PQexec(m_conn.get(), sql.c_str()));
    if (PQresultStatus(start.raw()) != PGRES_COPY_IN) fail(start.raw(), "a copy");
  }
  constexpr std::size_t k_chunk = std::size_t{1} << 20;
  for (std::size_t pos = 0; pos < data.size(); pos += k_chunk) {
    const std::string_view part = data.substr(pos, k_chunk);
    if (PQputCopyData(m_conn.get(), part.data(), static_cast<int>(part.size())) != 1) fail(nullptr, "a copy");
  }
  if (PQputCopyEnd(m_conn.get(), nullptr) != 1) fail(nullptr, "a copy");
  const Result end(PQgetResult(m_conn.get()));
  if (PQresultStatus(end.raw()) != PGRES_COMMAND_OK) fail(end.raw(), "a copy");
  while (PGresult* more = PQgetResult(m_conn.get())) PQclear(more);
}

CopyOut::CopyOut(Connection& db, const std::string& sql) : m_db(db), m_row(nullptr, &PQfreemem) {
  const Result start(PQexec(m_db.m_conn.get(), sql.c_str()));
  if (PQresultStatus(start.raw()) != PGRES_COPY_OUT) m_db.fail(start.raw(), "reading the history");
}

CopyOut::~CopyOut() {
  try {
    std::string_view rest;
    while (next(rest)) {
    }
  } catch (...) {  // NOLINT(bugprone-empty-catch): the connection is gone; whoever uses it next says so
  }
}

bool CopyOut::next(std::string_view& row) {
  if (m_done) return false;
  char* buffer = nullptr;
  const int n = PQgetCopyData(m_db.m_conn.get(), &buffer, 0);
  m_row.reset(buffer);
  if (n > 0) {
    row = std::string_view(buffer, static_cast<std::size_t>(n));
    if (!row.empty() && row.back() == '\n') row.remove_suffix(1);
    return true;
  }
  m_done = true;
  if (n == -2) m_db.fail(nullptr, "reading the history");
  finish();
  return false;
}

void CopyOut::finish() {
  const Result end(PQgetResult(m_db.m_conn.get()));
  if (PQresultStatus(end.raw()) != PGRES_COMMAND_OK) m_db.fail(end.raw(), "reading the history");
  while (PGresult* more = PQgetResult(m_db.m_conn.get())) PQclear(more);
}

bool Connection::alive() const { return PQstatus(m_conn.get()) == CONNECTION_OK; }

void copy_field(std::string& row, std::string_view value) {
  for (const char c : value) {
    switch (c) {
      case '\\':
        row += "\\\\";
        break;
      case '\t':
        row += "\\t";
        break;
      case '\n':
        row += "\\n";
        break;
      case '\r':
        row += "\\r";
        break;
      default:
        row += c;
    }
  }
}

void copy_unescape(std::string_view field, std::string& out) {
  for (std::size_t i = 0; i < field.size(); ++i) {
    const char c = field[i];
    if (c != '\\' || i + 1 == field.size()) {
      out += c;
      continue;
    }
    const char e = field[++i];
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
      case 'v':
        out += '\v';
        break;
      default:
        if (e >= '0' && e <= '7') {  // \ooo, one to three octal digits
          int value = e - '0';
          for (int k = 0; k < 2 && i + 1 < field.size() && field[i + 1] >= '0' && field[i + 1] <= '7'; ++k) {
            value = value * 8 + (field[++i] - '0');
          }
          out += static_cast<char>(value);
        } else {
          out += e;  // \\ and any other escaped character stand for themselves
        }
    }
  }
}

std::string redact(std::string_view location) {
  std::string out(location);
  const UriParts parts = split_uri(out);
  // Query parameters: drop password=…
  if (parts.query_begin != std::string::npos) {
    std::string query;
    std::size_t pos = parts.query_begin + 1;
    while (pos <= out.size()) {
      const std::size_t end = std::min(out.find('&', pos), out.size());
      const std::string_view param = std::string_view(out).substr(pos, end - pos);
      if (param.rfind("password=", 0) != 0 && !param.empty()) {
        query += query.empty() ? "" : "&";
        query += param;
      }
      pos = end + 1;
    }
    out.resize(parts.query_begin);
    if (!query.empty()) out += "?" + query;
  }
  // User info: user:password@ becomes user@
  if (parts.user_begin != std::string::npos) {
    const std::size_t colon = out.find(':', parts.user_begin);
    if (colon != std::string::npos && colon < parts.user_end) out.erase(colon, parts.user_end - colon);
  }
  return out;
}

bool has_password(const std::string& location) {
  if (redact(location) != location) return true;
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(location.c_str(), &error);
  if (error != nullptr) PQfreemem(error);
  if (options == nullptr) return false;
  bool found = false;
  for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (std::string_view(o->keyword) == "password" && o->val != nullptr && *o->val != '\0') found = true;
  }
  PQconninfoFree(options);
  return found;
}

}  // namespace dac::pg
