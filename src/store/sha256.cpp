#include "store/sha256.hpp"

#include <openssl/sha.h>

#include <array>

namespace dac {

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data());
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(digest.size() * 2);
  for (const unsigned char b : digest) {
    out += hex[b >> 4];
    out += hex[b & 0x0F];
  }
  return out;
}

}  // namespace dac
