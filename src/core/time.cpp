#include "dac/core/time.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <limits>
#include <string>

#include "dac/core/error.hpp"
#include "dac/core/plural.hpp"

namespace dac {

namespace {

using namespace std::chrono;

constexpr std::int64_t k_seconds_per_day = 86'400;
// Durations beyond this many years are refused as overflowing: far past any
// meaningful expiry and well inside what sys_seconds can hold.
constexpr std::int64_t k_max_years = 10'000;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits at `pos`, or returns -1.
int read_fixed(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!is_digit(s[i])) return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// `date` at the time of day that follows it in an RFC 3339 text (longer than a date).
Parsed<Instant, InstantProblem> check_time_of_day(std::string_view text, Instant date) noexcept {
  const char sep = text[10];
  if (sep != 'T' && sep != 't' && sep != ' ') return InstantProblem::NoTimeSeparator;
  const int hh = read_fixed(text, 11, 2);
  const int mm = read_fixed(text, 14, 2);
  const int ss = read_fixed(text, 17, 2);
  if (hh < 0 || mm < 0 || ss < 0 || text[13] != ':' || text[16] != ':') return InstantProblem::NoTime;
  if (hh > 23 || mm > 59 || ss > 59) return InstantProblem::NoSuchTime;
  return date + hours{hh} + minutes{mm} + seconds{ss};
}

// Local time `t` with the offset (or 'Z') that starts at `pos` (fractional seconds skipped).
Parsed<Instant, InstantProblem> check_offset(std::string_view text, std::size_t pos, Instant t) noexcept {
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    if (pos == start) return InstantProblem::NoFractionDigits;
  }
  if (pos >= text.size()) return InstantProblem::NoOffset;
  const char z = text[pos];
  if ((z == 'Z' || z == 'z') && pos + 1 == text.size()) return t;
  if ((z != '+' && z != '-') || pos + 6 != text.size() || text[pos + 3] != ':') return InstantProblem::BadEnd;
  const int oh = read_fixed(text, pos + 1, 2);
  const int om = read_fixed(text, pos + 4, 2);
  if (oh < 0 || om < 0 || oh > 23 || om > 59) return InstantProblem::OffsetOutOfRange;
  const seconds offset = hours{oh} + minutes{om};
  // Local time = UTC + offset, so UTC = local - offset.
  return z == '+' ? t - offset : t + offset;
}

}  // namespace

Parsed<Instant, InstantProblem> check_instant(std::string_view text) noexcept {
  const int y = read_fixed(text, 0, 4);
  const int mo = read_fixed(text, 5, 2);
  const int d = read_fixed(text, 8, 2);
  if (y < 0 || mo < 0 || d < 0 || text[4] != '-' || text[7] != '-') return InstantProblem::NoDate;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return InstantProblem::NoSuchDate;
  const Instant date{sys_days{ymd}};
  if (text.size() == 10) return date;
  const auto t = check_time_of_day(text, date);
  if (!t) return t;
  return check_offset(text, 19, t.value());
}

std::string instant_error_message(InstantProblem problem, std::string_view text, std::string_view what) {
  const char* why = "";
  switch (problem) {
    case InstantProblem::NoDate:
      why = "expected YYYY-MM-DD at the start";
      break;
    case InstantProblem::NoSuchDate:
      why = "no such date";
      break;
    case InstantProblem::NoTimeSeparator:
      why = "expected 'T' after the date";
      break;
    case InstantProblem::NoTime:
      why = "expected hh:mm:ss after the date";
      break;
    case InstantProblem::NoSuchTime:
      why = "no such time of day";
      break;
    case InstantProblem::NoFractionDigits:
      why = "expected digits after '.'";
      break;
    case InstantProblem::NoOffset:
      why = "missing offset ('Z' or +hh:mm)";
      break;
    case InstantProblem::OffsetOutOfRange:
      why = "offset out of range";
      break;
    case InstantProblem::BadEnd:
      why = "expected 'Z' or an offset like +02:00 at the end";
      break;
  }
  return "invalid " + std::string(what) + " '" + std::string(text) + "': " + why;
}

Instant parse_instant(std::string_view text, std::string_view what) {
  const auto t = check_instant(text);
  if (!t) {
    throw_usage(instant_error_message(t.error(), text, what),
                "use RFC 3339 like 2025-03-01T12:00:00Z or 2025-03-01T14:00:00+02:00, or a date like "
                "2025-03-01");
  }
  return t.value();
}

std::string format_instant(Instant t) {
  const auto days = floor<std::chrono::days>(t);
  const year_month_day ymd{days};
  const hh_mm_ss hms{t - days};
  std::array<char, 32> buf{};
  (void)std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                      static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                      static_cast<int>(hms.seconds().count()));
  return buf.data();
}

std::string format_date(Instant t) { return format_instant(t).substr(0, 10); }

Instant add_months(Instant t, int months) {
  const auto days = floor<std::chrono::days>(t);
  const auto time_of_day = t - days;
  year_month_day ymd{days};
  const year_month ym = year_month{ymd.year(), ymd.month()} + std::chrono::months{months};
  const year_month_day_last last{ym.year(), month_day_last{ym.month()}};
  const std::chrono::day d = ymd.day() > last.day() ? last.day() : ymd.day();
  return Instant{sys_days{year_month_day{ym.year(), ym.month(), d}}} + time_of_day;
}

namespace {

[[noreturn]] void bad_duration(std::string_view text, std::string_view what, std::string_view why,
                               std::string hint = {}) {
  if (hint.empty()) hint = "use a number and a unit (h, d, w, mo, y), e.g. 30d, or ISO 8601 like P30D";
  throw_usage("invalid " + std::string(what) + " '" + std::string(text) + "': " + std::string(why), std::move(hint));
}

// Adds n units of `unit_seconds` (or months) to d, refusing overflow.
void accumulate(Duration& d, std::int64_t n, std::int64_t unit_seconds, std::int64_t unit_months, std::string_view text,
                std::string_view what) {
  constexpr std::int64_t max_seconds = k_max_years * 366 * k_seconds_per_day;
  constexpr std::int64_t max_months = k_max_years * 12;
  if (unit_months != 0) {
    if (n > max_months / unit_months || d.months + n * unit_months > max_months) {
      bad_duration(text, what, "too large");
    }
    d.months += n * unit_months;
  } else {
    if (n > max_seconds / unit_seconds || d.seconds + n * unit_seconds > max_seconds) {
      bad_duration(text, what, "too large");
    }
    d.seconds += n * unit_seconds;
  }
}

// Reads a non-negative integer at pos; -1 when there is none, -2 on overflow.
std::int64_t read_number(std::string_view s, std::size_t& pos) {
  const std::size_t start = pos;
  while (pos < s.size() && is_digit(s[pos])) ++pos;
  if (pos == start) return -1;
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(s.data() + start, s.data() + pos, v);
  if (ec != std::errc{} || ptr != s.data() + pos) return -2;
  return v;
}

// What one unit of an ISO 8601 designator adds: seconds or calendar months.
struct IsoUnit {
  std::int64_t seconds = 0;
  std::int64_t months = 0;
};

// The unit of designator `u`, in the date part or (after 'T') the time part.
std::optional<IsoUnit> iso_unit(char u, bool in_time) {
  if (!in_time && u == 'Y') return IsoUnit{0, 12};
  if (!in_time && u == 'M') return IsoUnit{0, 1};
  if (!in_time && u == 'W') return IsoUnit{7 * k_seconds_per_day, 0};
  if (!in_time && u == 'D') return IsoUnit{k_seconds_per_day, 0};
  if (in_time && u == 'H') return IsoUnit{3600, 0};
  if (in_time && u == 'M') return IsoUnit{60, 0};
  if (in_time && u == 'S') return IsoUnit{1, 0};
  return std::nullopt;
}

Duration parse_iso_duration(std::string_view text, std::string_view what) {
  Duration d;
  std::size_t pos = 1;
  bool in_time = false;
  bool any = false;
  while (pos < text.size()) {
    if (text[pos] == 'T') {
      if (in_time) bad_duration(text, what, "'T' appears twice");
      if (pos + 1 == text.size()) bad_duration(text, what, "expected hours, minutes or seconds after 'T'");
      in_time = true;
      ++pos;
      continue;
    }
    const std::int64_t n = read_number(text, pos);
    if (n == -2) bad_duration(text, what, "too large");
    if (n < 0 || pos >= text.size()) bad_duration(text, what, "expected a number and a designator");
    const char u = text[pos++];
    any = true;
    const auto unit = iso_unit(u, in_time);
    if (!unit) bad_duration(text, what, std::string("unexpected designator '") + u + "'");
    accumulate(d, n, unit->seconds, unit->months, text, what);
  }
  if (!any) bad_duration(text, what, "no amount given");
  return d;
}

}  // namespace

Duration parse_duration(std::string_view text, std::string_view what, bool allow_zero) {
  if (text.empty()) bad_duration(text, what, "empty");
  if (text.front() == '-') bad_duration(text, what, "must not be negative");
  if (text.front() == '+') bad_duration(text, what, "expected a number");
  Duration d;
  if (text.front() == 'P' || text.front() == 'p') {
    d = parse_iso_duration(text, what);
  } else {
    std::size_t pos = 0;
    const std::int64_t n = read_number(text, pos);
    if (n == -2) bad_duration(text, what, "too large");
    if (n < 0) bad_duration(text, what, "expected a number");
    const std::string_view unit = text.substr(pos);
    if (unit == "m") {
      bad_duration(text, what, "'m' is ambiguous",
                   "use " + std::to_string(n) + "d, or 1mo for a month (" + std::to_string(n) + "min for minutes)");
    }
    if (unit == "s")
      accumulate(d, n, 1, 0, text, what);
    else if (unit == "min")
      accumulate(d, n, 60, 0, text, what);
    else if (unit == "h")
      accumulate(d, n, 3600, 0, text, what);
    else if (unit == "d")
      accumulate(d, n, k_seconds_per_day, 0, text, what);
    else if (unit == "w")
      accumulate(d, n, 7 * k_seconds_per_day, 0, text, what);
    else if (unit == "mo")
      accumulate(d, n, 0, 1, text, what);
    else if (unit == "y")
      accumulate(d, n, 0, 12, text, what);
    else if (unit.empty())
      bad_duration(text, what, "missing unit");
    else
      bad_duration(text, what, "unknown unit '" + std::string(unit) + "'");
  }
  if (d.is_zero() && !allow_zero) bad_duration(text, what, "must be greater than zero");
  return d;
}

Instant parse_time(std::string_view text, Instant now, std::string_view what) {
  if (text.empty() || (text.front() != '-' && text.front() != '+')) return parse_instant(text, what);
  const bool back = text.front() == '-';
  const std::string offset_name = std::string(what) + " offset";
  const Duration d = parse_duration(text.substr(1), offset_name, true);
  const Instant t = back ? add_months(now, -static_cast<int>(d.months)) - seconds{d.seconds} : add_duration(now, d);
  const int year = static_cast<int>(year_month_day{floor<days>(t)}.year());
  if (year < 1 || year > 9999) {  // NOLINT(readability-magic-numbers): the years RFC 3339 writes
    throw_usage("invalid " + std::string(what) + " '" + std::string(text) +
                    "': " + (back ? "before the year 1" : "after the year 9999"),
                "give a date like 2026-12-25, or an offset from now like -30d or +1mo");
  }
  return t;
}

Instant add_duration(Instant t, const Duration& d) {
  return add_months(t, static_cast<int>(d.months)) + seconds{d.seconds};
}

std::string format_duration(const Duration& d) {
  std::string out;
  if (d.months != 0) out += d.months % 12 == 0 ? std::to_string(d.months / 12) + "y" : std::to_string(d.months) + "mo";
  if (d.seconds != 0 || out.empty()) {
    const std::int64_t s = d.seconds;
    if (s % k_seconds_per_day == 0 && s != 0)
      out += std::to_string(s / k_seconds_per_day) + "d";
    else if (s % 3600 == 0 && s != 0)
      out += std::to_string(s / 3600) + "h";
    else
      out += std::to_string(s) + "s";
  }
  return out;
}

std::int64_t days_between(Instant from, Instant to) { return floor<days>(to - from).count(); }

namespace {

// The most whole calendar months (add_months, clamped) from `from` that do not pass `to`.
std::int64_t whole_months(Instant from, Instant to) {
  const year_month_day a{floor<days>(from)};
  const year_month_day b{floor<days>(to)};
  std::int64_t m =
      (static_cast<int>(b.year()) - static_cast<int>(a.year())) * 12 +
      (static_cast<int>(static_cast<unsigned>(b.month())) - static_cast<int>(static_cast<unsigned>(a.month())));
  while (m > 0 && add_months(from, static_cast<int>(m)) > to) --m;
  return m;
}

}  // namespace

std::string format_relative(Instant t, Instant now) {
  const std::int64_t diff = (t - now).count();
  const std::int64_t mag = diff < 0 ? -diff : diff;
  const auto said = [&](const std::string& amount) { return diff > 0 ? "in " + amount : amount + " ago"; };
  if (mag < 60) return "now";
  // Under a day: whole hours or minutes.
  if (mag < k_seconds_per_day) return said(mag >= 3600 ? plural(mag / 3600, "hour") : plural(mag / 60, "minute"));
  // A calendar year or more: years and months.
  const std::int64_t months =
      mag < 365 * k_seconds_per_day ? 0 : (diff > 0 ? whole_months(now, t) : whole_months(t, now));
  if (months >= 12) {
    std::string amount = plural(months / 12, "year");
    if (months % 12 != 0) amount += " " + plural(months % 12, "month");
    return said(amount);
  }
  // Days: the days_left of SPEC §4 (whole days from now, rounded down), so an
  // instant 366.5 days ago is day -367 and reads "367 days ago".
  const std::int64_t d = days_between(now, t);
  return said(plural(d < 0 ? -d : d, "day"));
}

}  // namespace dac
