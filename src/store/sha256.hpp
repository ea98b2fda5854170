#pragma once

#include <string>
#include <string_view>

namespace dac {

// SHA-256 of `data` as 64 lower-case hex digits.
[[nodiscard]] std::string sha256_hex(std::string_view data);

}  // namespace dac
