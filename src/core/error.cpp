#include "dac/core/error.hpp"

#include <utility>

namespace dac {

Error::Error(ErrorKind kind, std::string message, std::string hint)
    : std::runtime_error(std::move(message)), m_kind(kind), m_hint(std::move(hint)) {}

void throw_usage(std::string message, std::string hint) {
  throw Error(ErrorKind::Usage, std::move(message), std::move(hint));
}

void throw_store(std::string message, std::string hint) {
  throw Error(ErrorKind::Store, std::move(message), std::move(hint));
}

}  // namespace dac
