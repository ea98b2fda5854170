#include "dac/core/ids.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "../helpers.hpp"
#include "dac/core/error.hpp"

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

TEST_CASE("parse_nickname refuses format characters, white space padding and the shape of an ID", "[ids]") {
  const auto refused = [](const std::string& name) {
    CAPTURE(name);
    const dac::Error e = error_from([&] { (void)dac::parse_nickname(name); });
    CHECK(e.kind() == ErrorKind::Usage);
    CHECK_THAT(e.what(), Catch::Contains("nickname"));
    return std::string(e.what());
  };
  SECTION("64 code points of a name with spaces inside pass, 65 do not") {
    std::string name = "Khaos Control ";
    while (name.size() < 63) name += "x";
    name += "\xC3\xA9";  // 64 code points, the last one 2 bytes
    CHECK(dac::parse_nickname(name) == name);
    refused(name + "x");
  }
  SECTION("format characters (Cf), named by code point and never echoed") {
    CHECK_THAT(refused("Zero\xE2\x80\x8BWidth"), Catch::Contains("U+200B"));    // zero-width space
    CHECK_THAT(refused("Evil\xE2\x80\xAEgnp.exe"), Catch::Contains("U+202E"));  // right-to-left override
    CHECK_THAT(refused("\xEF\xBB\xBFKhaos"), Catch::Contains("U+FEFF"));        // byte order mark
    CHECK_THAT(refused("Join\xE2\x80\x8D"
                       "er"),
               Catch::Contains("U+200D"));                                   // zero-width joiner
    CHECK_THAT(refused("Iso\xE2\x81\xA6late"), Catch::Contains("U+2066"));   // left-to-right isolate
    CHECK_THAT(refused("soft\xC2\xADhyphen"), Catch::Contains("U+00AD"));    // soft hyphen
    CHECK_THAT(refused("tag\xF3\xA0\x80\x81"), Catch::Contains("U+E0001"));  // language tag
    CHECK_THAT(refused("Evil\xE2\x80\xAEgnp.exe"), !Catch::Contains("gnp"));
  }
  SECTION("blank, and white space at either end (Unicode White_Space)") {
    CHECK_THAT(refused(" "), Catch::Contains("blank"));
    CHECK_THAT(refused("   "), Catch::Contains("blank"));
    CHECK_THAT(refused("\xC2\xA0"), Catch::Contains("blank"));      // no-break space
    CHECK_THAT(refused("\xE3\x80\x80"), Catch::Contains("blank"));  // ideographic space
    CHECK_THAT(refused(" Khaos"), Catch::Contains("starts"));
    CHECK_THAT(refused("Khaos "), Catch::Contains("ends"));
    CHECK_THAT(refused("\xC2\xA0Khaos"), Catch::Contains("U+00A0"));
    CHECK_THAT(refused("Khaos\xC2\xA0"), Catch::Contains("U+00A0"));
    CHECK_THAT(refused("Khaos\xE3\x80\x80"), Catch::Contains("U+3000"));
    CHECK_THAT(refused("\xE2\x80\x83Khaos"), Catch::Contains("U+2003"));  // em space
    CHECK_THAT(refused("Khaos\xE2\x80\xA8"), Catch::Contains("U+2028"));  // line separator
    // Inside a name, a space of any kind is fine.
    CHECK(dac::parse_nickname("Khaos\xC2\xA0"
                              "Control") ==
          "Khaos\xC2\xA0"
          "Control");
    CHECK(dac::parse_nickname("\xE6\x97\xA5\xE6\x9C\xAC\xE3\x80\x80\xE8\xAA\x9E") ==
          "\xE6\x97\xA5\xE6\x9C\xAC\xE3\x80\x80\xE8\xAA\x9E");
  }
  SECTION("the shape of a developer ID, whatever grouping the ID parser accepts") {
    for (const std::string id : {"123456789012", "1234-5678-9012", "1234 5678 9012", "123-456-789-012", "000000000000",
                                 "1-2-3-4-5-6-7-8-9-0-1-2"}) {
      CHECK_THAT(refused(id), Catch::Contains("developer ID"));
    }
    // Not 12 digits, or not grouped as an ID is: a name like any other.
    for (const std::string name : {"12345678901", "1234567890123", "1234-5678-901", "1234-5678-90123",
                                   "1234--5678-9012", "1234_5678_9012", "Repricer 1234-5678-9012", "007"}) {
      CAPTURE(name);
      CHECK(dac::parse_nickname(name) == name);
    }
  }
  SECTION("letters and symbols of any script are fine") {
    for (const std::string name :
         // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one name; the split ends the \xAF escape
         {"Caf\xC3\xA9 \xC3\x9Cn\xC3\xAF"
          "code",
          "Repricer \xF0\x9F\x9A\x80", "\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A", "e\xCC\x81t\xC3\xA9",
          "Evil $(touch /tmp/PWNED)", "[link](https://x.example) **bold**"}) {
      CAPTURE(name);
      CHECK(dac::parse_nickname(name) == name);
    }
  }
}

TEST_CASE("parse_stored_nickname keeps accepting what a store was written with", "[ids]") {
  // A store written before the rules of SPEC §1 tightened still loads.
  for (const std::string name : {"1234-5678-9012", " padded ", "Zero\xE2\x80\x8BWidth", "\xC2\xA0"}) {
    CAPTURE(name);
    CHECK(dac::parse_stored_nickname(name) == name);
  }
  REQUIRE_THROWS_MATCHES(dac::parse_stored_nickname("new\nline"), dac::Error, kind_is(ErrorKind::Usage));
  REQUIRE_THROWS_MATCHES(dac::parse_stored_nickname(""), dac::Error, kind_is(ErrorKind::Usage));
  REQUIRE_THROWS_MATCHES(dac::parse_stored_nickname(std::string(65, 'a')), dac::Error, kind_is(ErrorKind::Usage));
}

TEST_CASE("the check_ functions give the value or a precise error, without throwing", "[ids]") {
  STATIC_REQUIRE(noexcept(dac::check_developer_id("")));
  STATIC_REQUIRE(noexcept(dac::check_token("")));
  STATIC_REQUIRE(noexcept(dac::check_nickname("")));
  const auto id = dac::check_developer_id("1234-5678-9012");
  REQUIRE(id);
  CHECK(dac::as_string(id.value()) == "123456789012");
  CHECK(dac::check_developer_id("1234--5678-9012").error().problem == dac::IdProblem::DeveloperIdShape);
  CHECK(dac::check_developer_id("1234567890123").error().problem == dac::IdProblem::DeveloperIdShape);
  CHECK(dac::is_stored_developer_id("123456789012"));
  CHECK_FALSE(dac::is_stored_developer_id("1234-5678-9012"));
  CHECK(dac::check_seller_id("A1B2C3D4E5F6G7").value() == "A1B2C3D4E5F6G7");
  CHECK(dac::check_seller_id("a1b2c3d4e5f6g7").error().problem == dac::IdProblem::SellerIdShape);
  const auto token = dac::check_token("amzn.mws.4EA38B7B-F563-7709-4BAE-87AEAF1E4567");
  REQUIRE(token);
  CHECK(dac::as_string(token.value()) == k_token);
  CHECK(dac::check_token("amzn.mws.4ea38b7b_f563-7709-4bae-87aeaf1e4567").error().problem ==
        dac::IdProblem::TokenShape);
  const auto long_text = dac::check_text(std::string(65, 'x'), 64);
  CHECK(long_text.error().problem == dac::IdProblem::TooLong);
  CHECK(long_text.error().count == 65);
  CHECK(long_text.error().max == 64);
  CHECK(dac::check_text("", 5).error().problem == dac::IdProblem::Empty);
  CHECK(dac::check_text("a\x01", 5).error().problem == dac::IdProblem::ControlCharacter);
  CHECK(dac::check_text("a\xC2\x85", 5).error().problem == dac::IdProblem::ControlCharacter);  // NEL
  CHECK(dac::check_text("a\xC3", 5).error().problem == dac::IdProblem::NotUtf8);
  const auto format = dac::check_nickname("ab\xE2\x80\xAE");
  CHECK(format.error().problem == dac::IdProblem::FormatCharacter);
  CHECK(format.error().count == 3);
  CHECK(format.error().code_point == 0x202E);
  CHECK(dac::check_nickname(" x").error().problem == dac::IdProblem::LeadingSpace);
  CHECK(dac::check_nickname("x\xE3\x80\x80").error().code_point == 0x3000);
  CHECK(dac::check_nickname("x\xE3\x80\x80").error().problem == dac::IdProblem::TrailingSpace);
  CHECK(dac::check_nickname("1234 5678 9012").error().problem == dac::IdProblem::DeveloperIdLike);
  CHECK(dac::check_stored_nickname("1234 5678 9012").ok());
  CHECK(dac::check_nickname("Khaos Control").value() == "Khaos Control");
}

TEST_CASE("id_error_message is the message the throwing parsers give", "[ids]") {
  for (const char* text : {"", " x", "x ", "   ", "1234-5678-9012", "ab\xE2\x80\xAE", "a\x01", "a\xC3"}) {
    INFO(text);
    const auto checked = dac::check_nickname(text);
    REQUIRE_FALSE(checked);
    const dac::Error e = error_from([&] { (void)dac::parse_nickname(text); });
    CHECK(e.what() == dac::id_error_message(checked.error(), text));
    CHECK(e.hint() == dac::id_error_hint(checked.error(), text));
  }
  const dac::Error e = error_from([&] { (void)dac::parse_text(std::string(300, 'a'), "--actor", 256); });
  CHECK(e.what() == dac::id_error_message(dac::check_text(std::string(300, 'a'), 256).error(), "", "--actor"));
}
