#include "dac/core/time.hpp"

#include <array>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <utility>

#include "../helpers.hpp"
#include "dac/core/error.hpp"

using namespace std::chrono_literals;
using dac::Duration;
using dac::ErrorKind;
using dac::Instant;
using dac::test::at;
using dac::test::error_from;
using dac::test::kind_is;

namespace {

// 2025-03-01T12:00:00Z, built without the parser under test.
Instant march_first_noon() {
  using namespace std::chrono;
  return sys_days{year{2025} / March / 1} + 12h;
}

constexpr std::int64_t k_day = 86'400;

}  // namespace

TEST_CASE("parse_instant reads RFC 3339 in UTC", "[time]") {
  const Instant expected = march_first_noon();
  CHECK(dac::parse_instant("2025-03-01T12:00:00Z") == expected);
  CHECK(dac::parse_instant("2025-03-01T12:00:00z") == expected);
  CHECK(dac::parse_instant("2025-03-01t12:00:00Z") == expected);
}

TEST_CASE("parse_instant converts offsets to UTC", "[time]") {
  const Instant expected = march_first_noon();
  CHECK(dac::parse_instant("2025-03-01T14:00:00+02:00") == expected);
  CHECK(dac::parse_instant("2025-03-01T06:30:00-05:30") == expected);
  CHECK(dac::parse_instant("2025-03-01T12:00:00+00:00") == expected);
  CHECK(dac::parse_instant("2025-03-01T12:00:00-00:00") == expected);
  // An offset can move the instant to another day.
  CHECK(dac::parse_instant("2025-03-02T01:00:00+13:00") == expected);
  CHECK(dac::parse_instant("2025-02-28T23:00:00-13:00") == expected);
}

TEST_CASE("parse_instant drops fractional seconds", "[time]") {
  const Instant expected = march_first_noon();
  CHECK(dac::parse_instant("2025-03-01T12:00:00.999Z") == expected);
  CHECK(dac::parse_instant("2025-03-01T12:00:00.1Z") == expected);
  CHECK(dac::parse_instant("2025-03-01T12:00:00.123456789Z") == expected);
  CHECK(dac::parse_instant("2025-03-01T14:00:00.5+02:00") == expected);
}

TEST_CASE("parse_instant reads a date as midnight UTC", "[time]") {
  using namespace std::chrono;
  CHECK(dac::parse_instant("2025-03-01") == Instant{sys_days{year{2025} / March / 1}});
  CHECK(dac::parse_instant("2024-02-29") == Instant{sys_days{year{2024} / February / 29}});
  CHECK(dac::parse_instant("2025-12-31") == Instant{sys_days{year{2025} / December / 31}});
}

TEST_CASE("parse_instant refuses what is not an instant", "[time]") {
  const std::string bad = GENERATE(as<std::string>{},
                                   "2025-02-30",                  // no such day
                                   "2023-02-29",                  // not a leap year
                                   "2025-04-31",                  // April has 30 days
                                   "2025-13-01",                  // no such month
                                   "2025-00-10",                  // no month 0
                                   "2025-01-00",                  // no day 0
                                   "2025-03-01T24:00:00Z",        // no hour 24
                                   "2025-03-01T12:60:00Z",        // no minute 60
                                   "2025-03-01T12:00:60Z",        // no leap seconds
                                   "2025-03-01T12:00:00+25:00",   // offset hours out of range
                                   "2025-03-01T12:00:00+01:60",   // offset minutes out of range
                                   "2025-03-01T12:00:00",         // missing offset
                                   "2025-03-01T12:00:00.5",       // missing offset after a fraction
                                   "2025-03-01T12:00:00.Z",       // a dot without digits
                                   "2025-03-01T12:00Z",           // missing seconds
                                   "2025-03-01T12:00:00+0200",    // offset without colon
                                   "2025-03-01T12:00:00+02",      // short offset
                                   "2025-03-01T12:00:00ZZ",       // trailing junk
                                   "2025-03-01T12:00:00Z ",       // trailing blank
                                   "2025-03-01T12:00:00+02:00x",  // junk after an offset
                                   "2025-03-01x",                 // junk after a date
                                   "2025-03-01T",                 // a T and nothing
                                   "2025-3-1",                    // digits missing
                                   "2025/03/01",                  // wrong separators
                                   "20250301",                    // basic format
                                   "tomorrow",                    // garbage
                                   " 2025-03-01",                 // leading blank
                                   "");                           // empty
  CAPTURE(bad);
  const dac::Error e = error_from([&] { (void)dac::parse_instant(bad); });
  CHECK(e.kind() == ErrorKind::Usage);
  CHECK_FALSE(e.hint().empty());
}

TEST_CASE("parse_instant names the value in its error", "[time]") {
  const dac::Error e = error_from([] { (void)dac::parse_instant("2025-02-30", "--at"); });
  CHECK_THAT(e.what(), Catch::Contains("--at") && Catch::Contains("2025-02-30"));
}

TEST_CASE("format_instant prints RFC 3339 with seconds and Z", "[time]") {
  CHECK(dac::format_instant(march_first_noon()) == "2025-03-01T12:00:00Z");
  CHECK(dac::format_instant(march_first_noon() + 1s) == "2025-03-01T12:00:01Z");
  CHECK(dac::format_instant(at("2024-02-29")) == "2024-02-29T00:00:00Z");
  CHECK(dac::format_instant(at("2025-12-31T23:59:59Z")) == "2025-12-31T23:59:59Z");
  CHECK(dac::format_date(march_first_noon()) == "2025-03-01");
}

TEST_CASE("format_instant and parse_instant round trip", "[time]") {
  const std::string text = GENERATE(as<std::string>{}, "2025-03-01T12:00:00Z", "2024-02-29T23:59:59Z",
                                    "1999-12-31T00:00:00Z", "2038-01-19T03:14:08Z", "2100-03-01T00:00:01Z");
  CHECK(dac::format_instant(dac::parse_instant(text)) == text);
  const Instant t = dac::parse_instant(text);
  CHECK(dac::parse_instant(dac::format_instant(t)) == t);
  // An offset is gone once printed.
  CHECK(dac::format_instant(dac::parse_instant("2025-03-01T14:00:00+02:00")) == "2025-03-01T12:00:00Z");
}

TEST_CASE("add_months adds calendar months and clamps the day", "[time]") {
  SECTION("a leap day clamps to the 28th") {
    CHECK(dac::add_months(at("2024-02-29T10:00:00Z"), 12) == at("2025-02-28T10:00:00Z"));
  }
  SECTION("a day the target month has is kept") {
    CHECK(dac::add_months(at("2025-08-31"), 12) == at("2026-08-31"));
    CHECK(dac::add_months(at("2025-03-01T12:00:00Z"), 12) == at("2026-03-01T12:00:00Z"));
  }
  SECTION("the end of a month clamps to a shorter month") {
    CHECK(dac::add_months(at("2025-01-31"), 1) == at("2025-02-28"));
    CHECK(dac::add_months(at("2024-01-31"), 1) == at("2024-02-29"));
    CHECK(dac::add_months(at("2025-03-31"), 1) == at("2025-04-30"));
  }
  SECTION("the year wraps") {
    CHECK(dac::add_months(at("2025-11-15T08:00:00Z"), 3) == at("2026-02-15T08:00:00Z"));
    CHECK(dac::add_months(at("2025-12-31T23:59:59Z"), 1) == at("2026-01-31T23:59:59Z"));
    CHECK(dac::add_months(at("2025-12-31"), 2) == at("2026-02-28"));
    CHECK(dac::add_months(at("2025-01-15"), -1) == at("2024-12-15"));
  }
  SECTION("the time of day is kept") {
    CHECK(dac::add_months(at("2025-01-31T23:59:59Z"), 1) == at("2025-02-28T23:59:59Z"));
    CHECK(dac::add_months(at("2025-05-17T07:08:09Z"), 24) == at("2027-05-17T07:08:09Z"));
  }
  SECTION("zero months changes nothing") {
    CHECK(dac::add_months(at("2025-05-17T07:08:09Z"), 0) == at("2025-05-17T07:08:09Z"));
  }
}

TEST_CASE("parse_duration reads <n><unit>", "[time][duration]") {
  CHECK(dac::parse_duration("10s") == Duration{0, 10});
  CHECK(dac::parse_duration("5min") == Duration{0, 300});
  // NOLINTNEXTLINE(bugprone-implicit-widening-of-multiplication-result): 43200 fits an int
  CHECK(dac::parse_duration("12h") == Duration{0, 12 * 3600});
  CHECK(dac::parse_duration("30d") == Duration{0, 30 * k_day});
  CHECK(dac::parse_duration("2w") == Duration{0, 14 * k_day});
  CHECK(dac::parse_duration("1mo") == Duration{1, 0});
  CHECK(dac::parse_duration("18mo") == Duration{18, 0});
  CHECK(dac::parse_duration("1y") == Duration{12, 0});
  CHECK(dac::parse_duration("007d") == Duration{0, 7 * k_day});
}

TEST_CASE("parse_duration reads ISO 8601", "[time][duration]") {
  CHECK(dac::parse_duration("P30D") == Duration{0, 30 * k_day});
  // NOLINTNEXTLINE(bugprone-implicit-widening-of-multiplication-result): 43200 fits an int
  CHECK(dac::parse_duration("PT12H") == Duration{0, 12 * 3600});
  CHECK(dac::parse_duration("P1Y") == Duration{12, 0});
  CHECK(dac::parse_duration("P2W") == Duration{0, 14 * k_day});
  CHECK(dac::parse_duration("P1M") == Duration{1, 0});
  CHECK(dac::parse_duration("PT1M") == Duration{0, 60});
  // NOLINTNEXTLINE(bugprone-implicit-widening-of-multiplication-result): 4 h and 5 min fit an int
  CHECK(dac::parse_duration("P1Y2M3DT4H5M6S") == Duration{14, 3 * k_day + 4 * 3600 + 5 * 60 + 6});
}

TEST_CASE("parse_duration refuses 30m as ambiguous", "[time][duration]") {
  const dac::Error e = error_from([] { (void)dac::parse_duration("30m"); });
  CHECK(e.kind() == ErrorKind::Usage);
  CHECK_THAT(e.what(), Catch::Contains("ambiguous"));
  CHECK_THAT(e.hint(), Catch::Contains("30d") && Catch::Contains("1mo"));
}

TEST_CASE("parse_duration refuses zero unless allowed", "[time][duration]") {
  const std::string zero = GENERATE(as<std::string>{}, "0d", "0s", "0mo", "P0D", "PT0S");
  CAPTURE(zero);
  REQUIRE_THROWS_MATCHES(dac::parse_duration(zero), dac::Error, kind_is(ErrorKind::Usage));
  CHECK(dac::parse_duration(zero, "--wait", true).is_zero());
}

TEST_CASE("parse_duration refuses malformed, negative and overflowing values", "[time][duration]") {
  const std::string bad =
      GENERATE(as<std::string>{}, "-1d", "+1d", "99999999999y", "99999999999999999999999d", "10001y", "P10001Y", "1x",
               "1", "d", "", "P", "PT", "P1DT", "P1H", "PT1D", "P1DT2HT", "1 d", "1.5d", "30dd", "1D", "P-1D");
  CAPTURE(bad);
  const dac::Error e = error_from([&] { (void)dac::parse_duration(bad); });
  CHECK(e.kind() == ErrorKind::Usage);
  CHECK_FALSE(e.hint().empty());
}

TEST_CASE("parse_duration names the value in its error", "[time][duration]") {
  const dac::Error e = error_from([] { (void)dac::parse_duration("1x", "--expiring"); });
  CHECK_THAT(e.what(), Catch::Contains("--expiring") && Catch::Contains("1x"));
}

TEST_CASE("add_duration adds months first, then seconds", "[time][duration]") {
  CHECK(dac::add_duration(at("2025-03-01T12:00:00Z"), dac::parse_duration("30d")) == at("2025-03-31T12:00:00Z"));
  CHECK(dac::add_duration(at("2025-03-01T12:00:00Z"), dac::parse_duration("12h")) == at("2025-03-02T00:00:00Z"));
  CHECK(dac::add_duration(at("2025-01-31T12:00:00Z"), dac::parse_duration("1mo")) == at("2025-02-28T12:00:00Z"));
  CHECK(dac::add_duration(at("2024-02-29T10:00:00Z"), dac::parse_duration("1y")) == at("2025-02-28T10:00:00Z"));
  // Months first: Jan 31 + 1 month = Feb 28, + 1 day = Mar 1.
  CHECK(dac::add_duration(at("2025-01-31"), dac::parse_duration("P1M1D")) == at("2025-03-01"));
}

TEST_CASE("format_duration writes what parse_duration reads", "[time][duration]") {
  const std::string text = GENERATE(as<std::string>{}, "30d", "12h", "10s", "1mo", "1y", "18mo");
  CHECK(dac::format_duration(dac::parse_duration(text)) == text);
}

TEST_CASE("days_between counts whole days, rounded down", "[time]") {
  const Instant now = at("2025-03-01T12:00:00Z");
  CHECK(dac::days_between(now, now) == 0);
  CHECK(dac::days_between(now, now + 1s) == 0);
  CHECK(dac::days_between(now, now + 24h - 1s) == 0);
  CHECK(dac::days_between(now, now + 24h) == 1);
  CHECK(dac::days_between(now, at("2026-03-01T12:00:00Z")) == 365);
  CHECK(dac::days_between(now, at("2026-03-01T11:59:59Z")) == 364);
  SECTION("negative once past") {
    CHECK(dac::days_between(now, now - 1s) == -1);
    CHECK(dac::days_between(now, now - 24h) == -1);
    CHECK(dac::days_between(now, now - 24h - 1s) == -2);
  }
}

TEST_CASE("format_relative speaks in the largest whole unit", "[time]") {
  const Instant now = at("2025-03-01T12:00:00Z");
  CHECK(dac::format_relative(now, now) == "now");
  CHECK(dac::format_relative(now + 59s, now) == "now");
  CHECK(dac::format_relative(now - 59s, now) == "now");
  CHECK(dac::format_relative(now + 1min, now) == "in 1 minute");
  CHECK(dac::format_relative(now + 5min, now) == "in 5 minutes");
  CHECK(dac::format_relative(now + 5h, now) == "in 5 hours");
  CHECK(dac::format_relative(now + 24h, now) == "in 1 day");
  CHECK(dac::format_relative(now + 29 * 24h + 3h, now) == "in 29 days");
  CHECK(dac::format_relative(now - 3 * 24h, now) == "3 days ago");
  CHECK(dac::format_relative(now - 1h, now) == "1 hour ago");
}

// Issue 13 item 11: the relative text and days_left never disagree, and long spans
// read in years and months.
TEST_CASE("format_relative counts days as days_left does", "[time][relative]") {
  const Instant expiry = at("2025-03-01T12:00:00Z");
  // Exactly at expiry, 1 s before, 1 s after.
  CHECK(dac::days_between(expiry, expiry) == 0);
  CHECK(dac::format_relative(expiry, expiry) == "now");
  CHECK(dac::days_between(expiry - 1s, expiry) == 0);
  CHECK(dac::format_relative(expiry, expiry - 1s) == "now");
  CHECK(dac::days_between(expiry + 1s, expiry) == -1);
  CHECK(dac::format_relative(expiry, expiry + 1s) == "now");
  // Under a day: hours (days_left 0 ahead, -1 behind).
  CHECK(dac::format_relative(expiry, expiry - 23h) == "in 23 hours");
  CHECK(dac::format_relative(expiry, expiry + 23h) == "23 hours ago");
  // One day either way.
  CHECK(dac::format_relative(expiry, expiry - 24h) == "in 1 day");
  CHECK(dac::format_relative(expiry, expiry + 24h) == "1 day ago");
  CHECK(dac::format_relative(expiry, expiry - 24h - 1s) == "in 1 day");
  // 1 day and 1 s ago is day -2, as days_left says.
  CHECK(dac::days_between(expiry + 24h + 1s, expiry) == -2);
  CHECK(dac::format_relative(expiry, expiry + 24h + 1s) == "2 days ago");
  // The case of the issue: "(366 days ago)" beside days_left -367. Half a day more than
  // N days ago is day -(N+1), and says so.
  const Instant now = expiry + 300 * 24h + 12h;
  CHECK(dac::days_between(now, expiry) == -301);
  CHECK(dac::format_relative(expiry, now) == "301 days ago");
  // 366.5 days ago (days_left -367) is more than a calendar year: years and months.
  CHECK(dac::days_between(expiry + 366 * 24h + 12h, expiry) == -367);
  CHECK(dac::format_relative(expiry, expiry + 366 * 24h + 12h) == "1 year ago");
  SECTION("whatever the span, the number of days shown is -days_left") {
    for (const auto& later : {expiry + 1s, expiry + 36h, expiry + 59 * 24h + 1s, expiry + 300 * 24h + 12h}) {
      const std::int64_t d = dac::days_between(later, expiry);
      const std::string text = dac::format_relative(expiry, later);
      if (d <= -2) CHECK(text == std::to_string(-d) + " days ago");
    }
  }
}

TEST_CASE("format_relative at 59, 60 and 61 days", "[time][relative]") {
  const Instant now = at("2025-03-01T12:00:00Z");
  CHECK(dac::format_relative(now + 59 * 24h, now) == "in 59 days");
  CHECK(dac::format_relative(now + 60 * 24h, now) == "in 60 days");
  CHECK(dac::format_relative(now + 61 * 24h, now) == "in 61 days");
  CHECK(dac::format_relative(now - 59 * 24h, now) == "59 days ago");
  CHECK(dac::format_relative(now - 60 * 24h, now) == "60 days ago");
  CHECK(dac::format_relative(now - 61 * 24h, now) == "61 days ago");
  // Half a day more is the next day back, the same day ahead.
  CHECK(dac::format_relative(now - 59 * 24h - 12h, now) == "60 days ago");
  CHECK(dac::format_relative(now + 59 * 24h + 12h, now) == "in 59 days");
}

TEST_CASE("format_relative gives years and months from a calendar year on", "[time][relative]") {
  const Instant now = at("2025-03-01T12:00:00Z");
  // Just under a year: days.
  CHECK(dac::format_relative(at("2024-03-01T12:00:01Z"), now) == "365 days ago");
  CHECK(dac::format_relative(at("2024-03-01T12:00:00Z"), now) == "1 year ago");
  CHECK(dac::format_relative(at("2026-03-01T12:00:00Z"), now) == "in 1 year");
  CHECK(dac::format_relative(at("2026-03-01T11:59:59Z"), now) == "in 364 days");
  // The 1261 days ago.
  CHECK(dac::format_relative(now - 1261 * 24h, now) == "3 years 5 months ago");
  CHECK(dac::format_relative(at("2022-09-15T00:00:00Z"), now) == "2 years 5 months ago");
  CHECK(dac::format_relative(at("2023-03-01T12:00:00Z"), now) == "2 years ago");
  CHECK(dac::format_relative(at("2024-02-01T12:00:00Z"), now) == "1 year 1 month ago");
  CHECK(dac::format_relative(at("2027-05-01T12:00:00Z"), now) == "in 2 years 2 months");
  SECTION("leap years") {
    // 2024 is a leap year: 366 days from 2024-03-01 back to 2023-03-01 is one year,
    // 365 days is not.
    const Instant leap = at("2024-03-01T00:00:00Z");
    CHECK(dac::format_relative(at("2023-03-01T00:00:00Z"), leap) == "1 year ago");
    CHECK(dac::days_between(leap, at("2023-03-01T00:00:00Z")) == -366);
    CHECK(dac::format_relative(leap - 365 * 24h, leap) == "365 days ago");
    // From 2024-02-29 a year is 2025-02-28 (R4's clamping).
    CHECK(dac::format_relative(at("2024-02-29T10:00:00Z"), at("2025-02-28T10:00:00Z")) == "1 year ago");
    CHECK(dac::format_relative(at("2024-02-29T10:00:00Z"), at("2025-02-28T09:59:59Z")) == "365 days ago");
    CHECK(dac::format_relative(at("2028-02-29T10:00:00Z"), at("2027-02-28T10:00:00Z")) == "in 1 year");
  }
}

TEST_CASE("check_instant gives the instant or why not, without throwing", "[time]") {
  STATIC_REQUIRE(noexcept(dac::check_instant("")));
  CHECK(dac::check_instant("2025-03-01T14:00:00+02:00").value() == at("2025-03-01T12:00:00Z"));
  CHECK(dac::check_instant("2025-03-01").value() == at("2025-03-01T00:00:00Z"));
  using dac::InstantProblem;
  const auto cases = std::to_array<std::pair<const char*, InstantProblem>>({
      {"", InstantProblem::NoDate},
      {"2025-02-30", InstantProblem::NoSuchDate},
      {"2025-03-01X12:00:00Z", InstantProblem::NoTimeSeparator},
      {"2025-03-01T12:00", InstantProblem::NoTime},
      {"2025-03-01T24:00:00Z", InstantProblem::NoSuchTime},
      {"2025-03-01T12:00:00.Z", InstantProblem::NoFractionDigits},
      {"2025-03-01T12:00:00", InstantProblem::NoOffset},
      {"2025-03-01T12:00:00+24:00", InstantProblem::OffsetOutOfRange},
      {"2025-03-01T12:00:00Zjunk", InstantProblem::BadEnd},
  });
  for (const auto& [text, problem] : cases) {
    INFO(text);
    const auto t = dac::check_instant(text);
    REQUIRE_FALSE(t);
    CHECK(t.error() == problem);
    const dac::Error e = dac::test::error_from([input = text] { (void)dac::parse_instant(input, "--at"); });
    CHECK(e.what() == dac::instant_error_message(problem, text, "--at"));
  }
}

TEST_CASE("parse_time reads an instant, or an offset from now", "[time][relative-time]") {
  const Instant now = at("2026-03-31T12:00:00Z");
  CHECK(dac::parse_time("2025-03-31", now) == at("2025-03-31T00:00:00Z"));
  CHECK(dac::parse_time("2025-03-31T14:00:00+02:00", now) == at("2025-03-31T12:00:00Z"));
  CHECK(dac::parse_time("-30d", now) == at("2026-03-01T12:00:00Z"));
  CHECK(dac::parse_time("+1mo", now) == at("2026-04-30T12:00:00Z"));  // clamped to the month's last day
  CHECK(dac::parse_time("-1mo", now) == at("2026-02-28T12:00:00Z"));
  CHECK(dac::parse_time("-1y", now) == at("2025-03-31T12:00:00Z"));
  CHECK(dac::parse_time("+12h", now) == at("2026-04-01T00:00:00Z"));
  CHECK(dac::parse_time("-2w", now) == at("2026-03-17T12:00:00Z"));
  CHECK(dac::parse_time("-P1M", now) == at("2026-02-28T12:00:00Z"));
  CHECK(dac::parse_time("+PT12H", now) == at("2026-04-01T00:00:00Z"));
  CHECK(dac::parse_time("-0d", now) == now);
}

TEST_CASE("parse_time refuses what is neither an instant nor an offset", "[time][relative-time]") {
  const Instant now = at("2026-03-31T12:00:00Z");
  const std::string bad = GENERATE(as<std::string>{}, "-30m", "+", "-", "--1d", "+-1d", "-1x", "30d", "-10001y",
                                   "+9000y", "-3000y", "yesterday", "");
  CAPTURE(bad);
  const dac::Error e = error_from([&] { (void)dac::parse_time(bad, now, "--as-of"); });
  CHECK(e.kind() == ErrorKind::Usage);
  CHECK_THAT(e.what(), Catch::Contains("--as-of"));
}

TEST_CASE("parse_time: 30m is ambiguous as an offset too", "[time][relative-time]") {
  const dac::Error e = error_from([] { (void)dac::parse_time("-30m", at("2026-03-31T12:00:00Z"), "--as-of"); });
  CHECK_THAT(e.hint(), Catch::Contains("1mo"));
}
