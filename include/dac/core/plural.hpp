#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dac {

// A count with its noun in the right number: "1 authorization", "3 authorizations",
// "0 rows". `plural_form` is for nouns that do not just take an "s" ("1 entry", "2 entries").
[[nodiscard]] inline std::string plural(std::int64_t n, std::string_view singular, std::string_view plural_form = {}) {
  std::string out = std::to_string(n);
  out += ' ';
  if (n == 1 || n == -1) {
    out += singular;
  } else if (!plural_form.empty()) {
    out += plural_form;
  } else {
    out += singular;
    out += 's';
  }
  return out;
}

// The same for a size or a count of elements (as the signed count above).
[[nodiscard]] inline std::string plural(std::size_t n, std::string_view singular, std::string_view plural_form = {}) {
  return plural(static_cast<std::int64_t>(n), singular, plural_form);
}

}  // namespace dac
