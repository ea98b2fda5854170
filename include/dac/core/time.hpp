#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dac/core/parsed.hpp"

namespace dac {

// An instant in UTC, to the second.
using Instant = std::chrono::sys_seconds;

// Why a text is not an instant (check_instant).
enum class InstantProblem : std::uint8_t {
  NoDate,            // no YYYY-MM-DD at the start
  NoSuchDate,        // a date that does not exist (2025-02-30)
  NoTimeSeparator,   // no 'T' after the date
  NoTime,            // no hh:mm:ss after the date
  NoSuchTime,        // a time of day out of range
  NoFractionDigits,  // a '.' with no digits after it
  NoOffset,          // no 'Z' or offset
  OffsetOutOfRange,  // an offset past 23:59
  BadEnd,            // something else where the offset belongs
};

// Parses RFC 3339 (any offset, fractional seconds dropped) or YYYY-MM-DD
// (midnight UTC): the instant, or why not (see parsed.hpp).
[[nodiscard]] Parsed<Instant, InstantProblem> check_instant(std::string_view text) noexcept;

// The message of the usage error for `problem` about `text`; `what` names the value.
[[nodiscard]] std::string instant_error_message(InstantProblem problem, std::string_view text,
                                                std::string_view what = "time");

// check_instant, throwing a usage error that names the value `what`.
[[nodiscard]] Instant parse_instant(std::string_view text, std::string_view what = "time");

// RFC 3339 in UTC with seconds and `Z`: 2025-03-01T12:00:00Z.
[[nodiscard]] std::string format_instant(Instant t);

// The date part only: 2025-03-01.
[[nodiscard]] std::string format_date(Instant t);

// Adds calendar months, same time of day, clamping the day to the target
// month's last day (2024-02-29 + 12 months = 2025-02-28).
[[nodiscard]] Instant add_months(Instant t, int months);

// A length of time: calendar months plus fixed seconds.
struct Duration {
  std::int64_t months = 0;
  std::int64_t seconds = 0;

  [[nodiscard]] bool is_zero() const noexcept { return months == 0 && seconds == 0; }
  friend bool operator==(const Duration&, const Duration&) = default;
};

// Parses `<n><unit>` (s, min, h, d, w, mo, y) or ISO 8601 (P30D, PT12H, P1Y).
// `30m` is refused as ambiguous. Zero is refused unless `allow_zero`.
[[nodiscard]] Duration parse_duration(std::string_view text, std::string_view what = "duration",
                                      bool allow_zero = false);

// A TIME of SPEC §2: an instant (as parse_instant), or one relative to `now`:
// a sign and a duration (as parse_duration), `-30d`, `+1mo`, `-PT12H`. A
// usage error naming `what` when it is neither, or falls outside years 1–9999.
[[nodiscard]] Instant parse_time(std::string_view text, Instant now, std::string_view what = "time");

// t + d: months first (calendar, clamped), then seconds.
[[nodiscard]] Instant add_duration(Instant t, const Duration& d);

// The duration as the user would write it back: 30d, 1mo, 10s.
[[nodiscard]] std::string format_duration(const Duration& d);

// Whole days from `from` to `to`, rounded down (negative once `to` is past).
[[nodiscard]] std::int64_t days_between(Instant from, Instant to);

// How far `t` is from `now`, as a table shows it: "now" (under a minute), "in 5 hours",
// "3 days ago", "2 years 3 months ago". Days are days_between(now, t), rounded down
// like days_left (366.5 days ago is "367 days ago"); a calendar year or more is
// whole years and months; under a day, whole hours or minutes.
[[nodiscard]] std::string format_relative(Instant t, Instant now);

}  // namespace dac
