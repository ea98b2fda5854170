#include "dac/core/csv.hpp"

#include <algorithm>

#include "dac/core/error.hpp"

namespace dac {

namespace {

bool ends_unquoted_field(char c) { return c == ',' || c == '\n' || c == '\r' || c == '"'; }

// Reads one text record by record: where it is (byte and line) and the steps
// of RFC 4180, each a member function.
class CsvReader {
 public:
  CsvReader(std::string_view text, const std::string& where) : m_text(text), m_where(where) {
    if (m_text.substr(0, 3) == "\xEF\xBB\xBF") m_text.remove_prefix(3);
  }

  // Fills `record` with the next record; false at the end of the text.
  bool next(CsvRecord& record) {
    while (skip_blank_line()) {
    }
    if (at_end()) return false;
    record.line = m_line;
    std::size_t count = 0;
    do {
      if (count == record.fields.size()) record.fields.emplace_back();
      read_field(record.fields[count++]);
    } while (!end_field());
    record.fields.resize(count);
    return true;
  }

 private:
  [[nodiscard]] bool at_end() const { return m_pos >= m_text.size(); }
  [[nodiscard]] bool at(char c) const { return m_pos < m_text.size() && m_text[m_pos] == c; }
  [[nodiscard]] bool at(char c, char then) const {
    return m_pos + 1 < m_text.size() && m_text[m_pos] == c && m_text[m_pos + 1] == then;
  }

  [[noreturn]] void fail(std::size_t at_line, const std::string& why) const {
    throw_usage(m_where + " line " + std::to_string(at_line) + ": " + why);
  }

  // A blank line separates nothing: skips it (LF or CRLF), or says there is none.
  bool skip_blank_line() {
    if (at('\n')) {
      m_pos += 1;
    } else if (at('\r', '\n')) {
      m_pos += 2;
    } else {
      return false;
    }
    ++m_line;
    return true;
  }

  void read_field(std::string& field) {
    field.clear();
    if (at('"')) {
      read_quoted(field);
    } else {
      read_unquoted(field);
    }
  }

  // A field in double quotes, "" standing for one quote; it may span lines.
  void read_quoted(std::string& field) {
    const std::size_t start_line = m_line;
    ++m_pos;
    for (;;) {  // up to the next quote, which ends the field or starts a ""
      const std::size_t quote = m_text.find('"', m_pos);
      if (quote == std::string_view::npos) fail(start_line, "a quoted field is not closed");
      const std::string_view chunk = m_text.substr(m_pos, quote - m_pos);
      m_line += static_cast<std::size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
      field.append(chunk);
      m_pos = quote + 1;
      if (!at('"')) break;
      field += '"';
      ++m_pos;
    }
    if (!at_end() && !at(',') && !at('\n') && !at('\r')) fail(m_line, "unexpected text after a closing quote");
  }

  void read_unquoted(std::string& field) {
    // (A plain loop: find_first_of tests each byte against the set one by one.)
    std::size_t stop = m_pos;
    while (stop < m_text.size() && !ends_unquoted_field(m_text[stop])) ++stop;
    if (stop < m_text.size() && m_text[stop] == '"') fail(m_line, "a quote inside an unquoted field");
    field.assign(m_text.substr(m_pos, stop - m_pos));
    m_pos = stop;
  }

  // Consumes what follows a field: false after a ',' (another field follows),
  // true at the end of the record (LF, CRLF or the end of the text).
  bool end_field() {
    if (at(',')) {
      ++m_pos;
      return false;
    }
    if (at('\r') && !at('\r', '\n')) fail(m_line, "a carriage return outside quotes");
    if (at('\r')) ++m_pos;
    if (!at_end()) ++m_pos;  // the '\n'
    ++m_line;
    return true;
  }

  std::string_view m_text;
  const std::string& m_where;
  std::size_t m_pos = 0;
  std::size_t m_line = 1;
};

}  // namespace

void read_csv(std::string_view text, const std::string& where, const std::function<void(CsvRecord&)>& visit) {
  CsvReader reader(text, where);
  // The record and its fields are reused from row to row: a file of 10^5
  // rows then allocates only when a field outgrows the one before it.
  CsvRecord record;
  while (reader.next(record)) visit(record);
}

}  // namespace dac
