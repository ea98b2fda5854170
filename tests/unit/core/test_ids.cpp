#include "dac/ids.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "../helpers.hpp"
#include "dac/error.hpp"

using dac::ErrorKind;
using dac::test::error_from;
using dac::test::full_text;
using dac::test::kind_is;

namespace {

constexpr const char* k_token = "amzn.mws.4ea38b7b-f563-7709-4bae-87aeaf1e4567";

}  // namespace

TEST_CASE("parse_developer_id keeps 12 digits", "[ids]") {
  CHECK(dac::parse_developer_id("123456789012") == "123456789012");
  CHECK(dac::parse_developer_id("000000000042") == "000000000042");
  CHECK(dac::parse_developer_id("0123-4567-8901") == "012345678901");
}

TEST_CASE("parse_developer_id accepts groups separated by - or spaces", "[ids]") {
  CHECK(dac::parse_developer_id("1234-5678-9012") == "123456789012");
  CHECK(dac::parse_developer_id("1234 5678 9012") == "123456789012");
  CHECK(dac::parse_developer_id("123-456-789-012") == "123456789012");
  CHECK(dac::looks_like_developer_id("1234-5678-9012"));
}

TEST_CASE("parse_developer_id refuses anything else", "[ids]") {
  const std::string bad = GENERATE(as<std::string>{},
                                   "12345678901",      // 11 digits
                                   "1234567890123",    // 13 digits
                                   "1234-5678-901",    // 11 digits, grouped
                                   "1234-5678-90123",  // 13 digits, grouped
                                   "12345678901a",     // a letter
                                   "ABCDEFGHIJKL",     // letters only
                                   "-123456789012",    // leading separator
                                   "123456789012-",    // trailing separator
                                   " 123456789012",    // leading blank
                                   "123456789012 ",    // trailing blank
                                   "1234--5678-9012",  // double separator
                                   "1234  5678 9012",  // double blank
                                   "1234- 5678-9012",  // mixed double separator
                                   "1234_5678_9012",   // another separator
                                   "1234.5678.9012",   // another separator
                                   "");                // empty
  CAPTURE(bad);
  const dac::Error e = error_from([&] { (void)dac::parse_developer_id(bad); });
  CHECK(e.kind() == ErrorKind::Usage);
  CHECK_THAT(e.hint(), Catch::Contains("1234-5678-9012"));
  CHECK_FALSE(dac::looks_like_developer_id(bad));
}

TEST_CASE("parse_seller_id takes 10 to 20 upper-case letters and digits", "[ids]") {
  CHECK(dac::parse_seller_id("A1B2C3D4E5F6G7") == "A1B2C3D4E5F6G7");
  CHECK(dac::parse_seller_id("ABCDEFGHIJ") == "ABCDEFGHIJ");
  CHECK(dac::parse_seller_id("0123456789") == "0123456789");
  CHECK(dac::parse_seller_id("ABCDEFGHIJ0123456789") == "ABCDEFGHIJ0123456789");

  const std::string bad = GENERATE(as<std::string>{},
                                   "A1B2C3D4E",              // 9 characters
                                   "ABCDEFGHIJ01234567890",  // 21 characters
                                   "a1b2c3d4e5f6g7",         // lower case
                                   "A1B2C3D4E5F6g7",         // one lower-case letter
                                   "A1B2-C3D4-E5F6",         // separators
                                   "A1B2C3D4E5F6G7 ",        // trailing blank
                                   "");                      // empty
  CAPTURE(bad);
  REQUIRE_THROWS_MATCHES(dac::parse_seller_id(bad), dac::Error, kind_is(ErrorKind::Usage));
}

TEST_CASE("parse_nickname takes 1 to 64 code points", "[ids]") {
  CHECK(dac::parse_nickname("Khaos Control") == "Khaos Control");
  CHECK(dac::parse_nickname("x") == "x");
  CHECK(dac::parse_nickname(std::string(64, 'a')) == std::string(64, 'a'));
  REQUIRE_THROWS_MATCHES(dac::parse_nickname(std::string(65, 'a')), dac::Error, kind_is(ErrorKind::Usage));

  SECTION("a multi-byte character counts as one") {
    // "é" is 2 bytes, "€" 3 and "😀" 4: 64 of each is 64 characters, more bytes.
    for (const std::string ch : {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"}) {
      CAPTURE(ch);
      std::string name;
      for (int i = 0; i < 64; ++i) name += ch;
      CHECK(dac::parse_nickname(name) == name);
      REQUIRE_THROWS_MATCHES(dac::parse_nickname(name + ch), dac::Error, kind_is(ErrorKind::Usage));
    }
    CHECK(dac::parse_nickname("Caf\xC3\xA9 M\xC3\xBCller") == "Caf\xC3\xA9 M\xC3\xBCller");
  }
}

TEST_CASE("parse_nickname refuses empty, control characters and invalid UTF-8", "[ids]") {
  const std::string bad = GENERATE(as<std::string>{},
                                   "",                       // empty
                                   "tab\there",              // C0 control
                                   "new\nline",              // C0 control
                                   "bell\a",                 // C0 control
                                   "del\x7F",                // DEL
                                   "c1\xC2\x85",             // C1 control (NEL), valid UTF-8
                                   "bad\xFF",                // not UTF-8 at all
                                   "cut\xC3",                // truncated sequence
                                   "lone\x80",               // lone continuation byte
                                   "overlong\xC0\xAF",       // overlong '/'
                                   "surrogate\xED\xA0\x80",  // UTF-16 surrogate
                                   "big\xF4\x90\x80\x80");   // beyond U+10FFFF
  CAPTURE(bad);
  const dac::Error e = error_from([&] { (void)dac::parse_nickname(bad); });
  CHECK(e.kind() == ErrorKind::Usage);
  CHECK_THAT(e.what(), Catch::Contains("nickname"));
}

TEST_CASE("parse_nickname refuses the NUL character", "[ids]") {
  const std::string with_nul("a\0b", 3);
  REQUIRE_THROWS_MATCHES(dac::parse_nickname(with_nul), dac::Error, kind_is(ErrorKind::Usage));
}

TEST_CASE("parse_token normalises to lower case", "[ids]") {
  CHECK(dac::parse_token(k_token) == k_token);
  CHECK(dac::parse_token("amzn.mws.4EA38B7B-F563-7709-4BAE-87AEAF1E4567") == k_token);
  CHECK(dac::parse_token("amzn.mws.4Ea38b7B-f563-7709-4bAe-87aeaf1E4567") == k_token);
}

TEST_CASE("parse_token refuses wrong shapes without echoing the value", "[ids]") {
  // Not the example the hint gives, so a leak cannot hide behind it.
  const std::string bad = GENERATE(as<std::string>{}, "", "amzn.mws.",
                                   "9f1c2d3e-0a1b-4c5d-8e9f-a0b1c2d3e4f5",              // no prefix
                                   "amzn.mws.9f1c2d3e-0a1b-4c5d-8e9f-a0b1c2d3e4f",      // one hex short
                                   "amzn.mws.9f1c2d3e-0a1b-4c5d-8e9f-a0b1c2d3e4f50",    // one hex too many
                                   "amzn.mws.9f1c2d3e0-a1b-4c5d-8e9f-a0b1c2d3e4f5",     // dash moved
                                   "amzn.mws.9f1c2d3e-0a1b-4c5d-8e9f_a0b1c2d3e4f5",     // not a dash
                                   "amzn.mws.9f1c2d3g-0a1b-4c5d-8e9f-a0b1c2d3e4f5",     // not hex
                                   "amzn.mws.{f1c2d3e-0a1b-4c5d-8e9f-a0b1c2d3e4f}",     // braces
                                   "AMZN.MWS.9f1c2d3e-0a1b-4c5d-8e9f-a0b1c2d3e4f5",     // prefix case
                                   "amzn-mws-9f1c2d3e-0a1b-4c5d-8e9f-a0b1c2d3e4f5",     // prefix shape
                                   " amzn.mws.9f1c2d3e-0a1b-4c5d-8e9f-a0b1c2d3e4f5",    // leading blank
                                   "amzn.mws.9f1c2d3e-0a1b-4c5d-8e9f-a0b1c2d3e4f5\n");  // trailing newline
  CAPTURE(bad);
  const dac::Error e = error_from([&] { (void)dac::parse_token(bad); });
  CHECK(e.kind() == ErrorKind::Usage);
  const std::string text = full_text(e);
  for (const char* part : {"9f1c2d3", "f1c2d3e", "0a1b", "4c5d", "8e9f", "a0b1c2d3e4f"}) {
    CAPTURE(part);
    CHECK_THAT(text, !Catch::Contains(part, Catch::CaseSensitive::No));
  }
}

TEST_CASE("mask_token shows the first 4 and last 4 hex digits", "[ids]") {
  CHECK(dac::mask_token(k_token) ==
        "amzn.mws.4ea3\xE2\x80\xA6"
        "4567");
  CHECK(dac::mask_token(dac::parse_token("amzn.mws.ABCDEF01-2345-6789-abcd-ef0123456789")) ==
        "amzn.mws.abcd\xE2\x80\xA6"
        "6789");
  SECTION("the middle of the token is gone") {
    const std::string masked = dac::mask_token(k_token);
    CHECK_THAT(masked, !Catch::Contains("f563") && !Catch::Contains("7709") && !Catch::Contains("87aeaf1e"));
  }
}

TEST_CASE("nickname_equals folds the case of Latin, Greek and Cyrillic letters", "[ids]") {
  CHECK(dac::nickname_equals("Khaos Control", "khaos control"));
  CHECK(dac::nickname_equals("KHAOS CONTROL", "Khaos Control"));
  CHECK(dac::nickname_equals("", ""));
  CHECK_FALSE(dac::nickname_equals("Khaos Control", "Khaos  Control"));
  CHECK_FALSE(dac::nickname_equals("Khaos Control", "Khaos Contro"));
  CHECK_FALSE(dac::nickname_equals("Khaos", "Chaos"));
  CHECK(dac::nickname_equals("Caf\xC3\xA9", "CAF\xC3\xA9"));
  // É and é, Ü and ü, Ł and ł, Σ and σ, Д and д, Ё and ё.
  CHECK(dac::nickname_equals("café", "CAFÉ"));
  CHECK(dac::nickname_equals("Über", "über"));
  CHECK(dac::nickname_equals("Łódź", "łÓDŹ"));
  CHECK(dac::nickname_equals("Σ", "σ"));
  CHECK(dac::nickname_equals("ДЁ", "дё"));
  // Simple folding only: ß is not "ss"; other scripts compare exactly.
  CHECK_FALSE(dac::nickname_equals("Straße", "STRASSE"));
  CHECK(dac::nickname_equals("東京", "東京"));
  CHECK_FALSE(dac::nickname_equals("×", "÷"));  // not letters: no folding
}
