#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "dac/core/utf8.hpp"  // valid_utf8, for the writers that must refuse what is not UTF-8

// JSON text written directly, byte for byte as nlohmann's dump writes it
// (ensure_ascii off), for the outputs that are too large to build as a tree.
namespace dac {

// Appends `s` (valid UTF-8) as a JSON string: quoted, with the short escapes
// and \u00xx for the other control characters.
void append_json_string(std::string& out, std::string_view s);

}  // namespace dac
