#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace dac {

// One record of a CSV file and the line it starts on (1-based).
struct CsvRecord {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

// Reads RFC 4180 CSV: fields separated by ',', records by CRLF or LF, fields
// optionally in double quotes with "" for a quote inside. A UTF-8 byte order
// mark at the start is skipped, blank lines are ignored. Malformed quoting is
// a usage error naming `where` and the line.
void read_csv(std::string_view text, const std::string& where, const std::function<void(CsvRecord&)>& visit);

}  // namespace dac
