#include "dac/core/utf8.hpp"

#include <catch2/catch.hpp>
#include <string>

using dac::decode_utf8;
using dac::valid_utf8;

TEST_CASE("decode_utf8 reads one code point and its length", "[utf8]") {
  CHECK(decode_utf8("A", 0).value == 'A');
  CHECK(decode_utf8("A", 0).length == 1);
  CHECK(decode_utf8("\xC3\xA9", 0).value == 0xE9);  // é
  CHECK(decode_utf8("\xC3\xA9", 0).length == 2);
  CHECK(decode_utf8("x\xE2\x80\xAE", 1).value == 0x202E);  // a bidi override
  CHECK(decode_utf8("x\xE2\x80\xAE", 1).length == 3);
  CHECK(decode_utf8("\xF0\x9F\x98\x80", 0).value == 0x1F600);
  CHECK(decode_utf8("\xF4\x8F\xBF\xBF", 0).value == 0x10FFFF);
  CHECK(decode_utf8(std::string("\0", 1), 0).length == 1);
}

TEST_CASE("decode_utf8 refuses what RFC 3629 refuses", "[utf8]") {
  for (const char* bad : {"\x80", "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                          "\xF5\x80\x80\x80", "\xFF", "\xC3", "\xE2\x80", "\xC3\x28"}) {
    INFO(bad);
    CHECK(decode_utf8(bad, 0).length == 0);
    CHECK(decode_utf8(bad, 0).value == 0);
    CHECK_FALSE(valid_utf8(bad));
  }
}

TEST_CASE("valid_utf8 takes whole texts", "[utf8]") {
  CHECK(valid_utf8(""));
  CHECK(valid_utf8("plain ASCII"));
  CHECK(valid_utf8("Caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80"));
  CHECK_FALSE(valid_utf8("Caf\xC3"));
  // NOLINTNEXTLINE(clang-diagnostic-string-plus-int): the end of the literal's three bytes, meant
  CHECK(dac::utf8_sequence_length("\xE2\x80\x94", "\xE2\x80\x94" + 3) == 3);
}
