#pragma once

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <system_error>

#include "dac/core/error.hpp"
#include "dac/core/time.hpp"

// Shows instants as RFC 3339 in failure messages instead of "{?}".
namespace Catch {

template <>
struct StringMaker<dac::Instant> {
  static std::string convert(const dac::Instant& t) { return dac::format_instant(t); }
};

template <>
struct StringMaker<std::optional<dac::Instant>> {
  static std::string convert(const std::optional<dac::Instant>& t) {
    return t ? dac::format_instant(*t) : std::string("null");
  }
};

template <>
struct StringMaker<dac::ErrorKind> {
  static std::string convert(dac::ErrorKind kind) {
    switch (kind) {
      case dac::ErrorKind::Refused:
        return "Refused";
      case dac::ErrorKind::Usage:
        return "Usage";
      case dac::ErrorKind::NotFound:
        return "NotFound";
      case dac::ErrorKind::Store:
        return "Store";
      case dac::ErrorKind::Busy:
        return "Busy";
      case dac::ErrorKind::Delivery:
        return "Delivery";
    }
    return "ErrorKind(" + std::to_string(static_cast<int>(kind)) + ")";
  }
};

}  // namespace Catch

namespace dac::test {

// An instant written as in the specification: at("2025-03-01T12:00:00Z").
inline Instant at(const char* text) { return parse_instant(text); }

// Matches a dac::Error of one kind, for REQUIRE_THROWS_MATCHES.
class KindIs : public Catch::MatcherBase<Error> {
 public:
  explicit KindIs(ErrorKind kind) : m_kind(kind) {}
  bool match(const Error& e) const override { return e.kind() == m_kind; }
  std::string describe() const override { return "is a dac::Error of kind " + Catch::Detail::stringify(m_kind); }

 private:
  ErrorKind m_kind;
};

inline KindIs kind_is(ErrorKind kind) { return KindIs(kind); }

// The whole content of a file, which must exist.
inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs `f`, which must throw a dac::Error, and returns it so its kind, message
// and hint can be checked.
template <typename F>
Error error_from(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL("expected a dac::Error, but nothing was thrown");
  throw std::logic_error("unreachable");
}

// The message and the hint together, as the user reads them.
inline std::string full_text(const Error& e) { return std::string(e.what()) + "\n" + e.hint(); }

// A fresh, private temp folder for one test, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    const auto base = std::filesystem::temp_directory_path();
    for (int attempt = 0; attempt < 16; ++attempt) {
      const auto candidate =
          base / ("dac-unit-" + std::to_string(::getpid()) + "-" + std::to_string(rd()) + std::to_string(rd()));
      std::error_code ec;
      if (std::filesystem::create_directory(candidate, ec)) {
        m_path = candidate;
        return;
      }
    }
    throw std::runtime_error("cannot create a temp folder in " + base.string());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

}  // namespace dac::test
