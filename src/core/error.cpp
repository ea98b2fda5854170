#include "dac/core/error.hpp"

#include <utility>

namespace dac {

// (std::runtime_error copies the message whatever it is given.)
Error::Error(ErrorKind kind, const std::string& message, std::string hint)
    : std::runtime_error(message), m_kind(kind), m_hint(std::move(hint)) {}

void throw_usage(const std::string& message, std::string hint) {
  throw Error(ErrorKind::Usage, message, std::move(hint));
}

void throw_store(const std::string& message, std::string hint) {
  throw Error(ErrorKind::Store, message, std::move(hint));
}

}  // namespace dac
