// Fuzzes the time and duration parsers (SPEC §2): they refuse with a
// dac::Error or return a value that formats back to itself, and the calendar
// arithmetic on what they return never overflows (UBSan watches).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "dac/core/error.hpp"
#include "dac/core/time.hpp"

namespace {

[[noreturn]] void bug(const char* what) {
  (void)std::fprintf(stderr, "BUG: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const dac::Instant now = dac::parse_instant("2026-11-26T12:00:00Z");
  static const dac::Instant last = dac::parse_instant("9999-12-31T23:59:59Z");
  static const dac::Instant first = dac::parse_instant("0000-01-01T00:00:00Z");

  try {
    const dac::Instant t = dac::parse_instant(text, "--at");
    const std::string formatted = dac::format_instant(t);
    if (dac::parse_instant(formatted) != t) bug("an instant does not survive formatting");
    (void)dac::add_months(t, 12);
    (void)dac::add_months(t, -12);
    (void)dac::days_between(t, now);
    (void)dac::format_relative(t, now);
    (void)dac::format_date(t);
  } catch (const dac::Error& e) {
    if (e.kind() != dac::ErrorKind::Usage) bug("a bad time is not a usage error");
  }

  for (const bool allow_zero : {false, true}) {
    try {
      const dac::Duration d = dac::parse_duration(text, "--expiring", allow_zero);
      if (d.months < 0 || d.seconds < 0) bug("a negative duration was accepted");
      if (d.is_zero() && !allow_zero) bug("a zero duration was accepted");
      (void)dac::add_duration(now, d);
      (void)dac::add_duration(last, d);
      (void)dac::add_duration(first, d);
      const std::string formatted = dac::format_duration(d);
      if (d.months == 0 || d.seconds == 0) {
        if (!(dac::parse_duration(formatted, "again", true) == d)) bug("a duration does not survive formatting");
      }
    } catch (const dac::Error& e) {
      if (e.kind() != dac::ErrorKind::Usage) bug("a bad duration is not a usage error");
    }
  }
  return 0;
}
