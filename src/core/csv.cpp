#include "dac/core/csv.hpp"

#include <algorithm>

#include "dac/core/error.hpp"

namespace dac {

namespace {

bool ends_unquoted_field(char c) { return c == ',' || c == '\n' || c == '\r' || c == '"'; }

}  // namespace

void read_csv(std::string_view text, const std::string& where, const std::function<void(CsvRecord&)>& visit) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::size_t pos = 0;
  std::size_t line = 1;
  // The record and its fields are reused from row to row: a file of 10^5
  // rows then allocates only when a field outgrows the one before it.
  CsvRecord record;
  const auto fail = [&](std::size_t at_line, const std::string& why) {
    throw_usage(where + " line " + std::to_string(at_line) + ": " + why);
  };
  while (pos < text.size()) {
    record.line = line;
    std::size_t count = 0;
    // A blank line separates nothing: skip it.
    if (text[pos] == '\n' || (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n')) {
      pos += text[pos] == '\r' ? 2 : 1;
      ++line;
      continue;
    }
    for (;;) {  // one field per turn
      if (count == record.fields.size()) record.fields.emplace_back();
      std::string& field = record.fields[count++];
      field.clear();
      if (pos < text.size() && text[pos] == '"') {
        const std::size_t start_line = line;
        ++pos;
        for (;;) {  // up to the next quote, which ends the field or starts a ""
          const std::size_t quote = text.find('"', pos);
          if (quote == std::string_view::npos) fail(start_line, "a quoted field is not closed");
          const std::string_view chunk = text.substr(pos, quote - pos);
          line += static_cast<std::size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
          field.append(chunk);
          pos = quote + 1;
          if (pos < text.size() && text[pos] == '"') {
            field += '"';
            ++pos;
            continue;
          }
          break;
        }
        if (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') {
          fail(line, "unexpected text after a closing quote");
        }
      } else {
        // (A plain loop: find_first_of tests each byte against the set one by one.)
        std::size_t stop = pos;
        while (stop < text.size() && !ends_unquoted_field(text[stop])) ++stop;
        if (stop < text.size() && text[stop] == '"') fail(line, "a quote inside an unquoted field");
        field.assign(text.substr(pos, stop - pos));
        pos = stop;
      }
      if (pos < text.size() && text[pos] == ',') {
        ++pos;
        continue;
      }
      if (pos < text.size() && text[pos] == '\r') {
        if (pos + 1 < text.size() && text[pos + 1] == '\n')
          ++pos;
        else
          fail(line, "a carriage return outside quotes");
      }
      if (pos < text.size()) ++pos;  // the '\n'
      ++line;
      break;
    }
    record.fields.resize(count);
    visit(record);
  }
}

}  // namespace dac
