#pragma once

#include <type_traits>
#include <utility>

namespace dac {

// What a noexcept parser gives: a value, or an error that says precisely what
// is wrong (an enum and the few numbers its message needs, never a string,
// so that building it cannot throw). std::expected (C++23) cut down to what
// the parsers of IDs, texts and times need; the throwing parse_* functions
// turn its error into the message of a usage error.
template <typename T, typename E>
class [[nodiscard]] Parsed {
 public:
  // A value: the text was good. Implicit, so a parser can `return value;`.
  constexpr Parsed(T value) noexcept : m_value(std::move(value)), m_ok(true) {}  // NOLINT(google-explicit-constructor)
  // An error: the text was not.
  constexpr Parsed(E error) noexcept : m_error(error) {}  // NOLINT(google-explicit-constructor)

  // Whether it holds a value.
  [[nodiscard]] constexpr bool ok() const noexcept { return m_ok; }
  constexpr explicit operator bool() const noexcept { return m_ok; }
  // The value; only when ok().
  [[nodiscard]] constexpr const T& value() const noexcept { return m_value; }
  // The value moved out (a key that must not be copied); only when ok().
  [[nodiscard]] constexpr T take() && noexcept(std::is_nothrow_move_constructible_v<T>) { return std::move(m_value); }
  // The error; only when !ok().
  [[nodiscard]] constexpr const E& error() const noexcept { return m_error; }

 private:
  T m_value{};
  E m_error{};
  bool m_ok = false;
};

}  // namespace dac
