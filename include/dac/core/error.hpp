#pragma once

#include <stdexcept>
#include <string>

namespace dac {

// What went wrong, as the exit code of SPEC §5 it maps to.
enum class ErrorKind : int {
  Refused = 1,   // a rule forbids it
  Usage = 2,     // bad option, value or ambiguous target
  NotFound = 3,  // a target matched nothing
  Store = 4,     // store missing, unreadable, corrupt, unsafe
  Busy = 5,      // store lock not obtained in time
  Delivery = 6,  // a notification could not be delivered
};

// The one error type of the library: a kind, a message and an optional hint.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message, std::string hint = {});

  [[nodiscard]] ErrorKind kind() const noexcept { return m_kind; }
  [[nodiscard]] const std::string& hint() const noexcept { return m_hint; }
  [[nodiscard]] int exit_code() const noexcept { return static_cast<int>(m_kind); }

 private:
  ErrorKind m_kind;
  std::string m_hint;
};

// Shorthands for the common kinds.
[[noreturn]] void throw_usage(const std::string& message, std::string hint = {});
[[noreturn]] void throw_store(const std::string& message, std::string hint = {});

}  // namespace dac
