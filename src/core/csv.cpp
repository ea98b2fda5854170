#include "dac/csv.hpp"

#include "dac/error.hpp"

namespace dac {

void read_csv(std::string_view text, const std::string& where, const std::function<void(CsvRecord&)>& visit) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::size_t pos = 0;
  std::size_t line = 1;
  CsvRecord record;
  std::string field;
  const auto fail = [&](std::size_t at_line, const std::string& why) {
    throw_usage(where + " line " + std::to_string(at_line) + ": " + why);
  };
  while (pos < text.size()) {
    record.line = line;
    record.fields.clear();
    // A blank line separates nothing: skip it.
    if (text[pos] == '\n' || (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n')) {
      pos += text[pos] == '\r' ? 2 : 1;
      ++line;
      continue;
    }
    for (;;) {  // one field per turn
      field.clear();
      if (pos < text.size() && text[pos] == '"') {
        const std::size_t start_line = line;
        ++pos;
        for (;;) {
          if (pos >= text.size()) fail(start_line, "a quoted field is not closed");
          const char c = text[pos++];
          if (c == '"') {
            if (pos < text.size() && text[pos] == '"') {
              field += '"';
              ++pos;
              continue;
            }
            break;
          }
          if (c == '\n') ++line;
          field += c;
        }
        if (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') {
          fail(line, "unexpected text after a closing quote");
        }
      } else {
        const std::size_t end = text.find_first_of(",\r\n\"", pos);
        const std::size_t stop = end == std::string_view::npos ? text.size() : end;
        if (stop < text.size() && text[stop] == '"') fail(line, "a quote inside an unquoted field");
        field.assign(text.substr(pos, stop - pos));
        pos = stop;
      }
      record.fields.push_back(std::move(field));
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
    visit(record);
  }
}

}  // namespace dac
