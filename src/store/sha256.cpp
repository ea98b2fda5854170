#include "sha256.hpp"

// The one-shot SHA256() of OpenSSL 3 goes through EVP and its providers,
// which pulls 3.4 MB of code and 17,000 relocations into a static dac and
// slows every start (issue 6); SHA256_Init/Update/Final are the same SHA-NI
// code in 25 KB. They are deprecated in 3.0, not removed: ask for the 1.1 API.
#define OPENSSL_API_COMPAT 0x10100000L
#include <openssl/sha.h>

#include <array>
#include <string_view>

namespace dac {

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256_CTX context;
  SHA256_Init(&context);
  SHA256_Update(&context, data.data(), data.size());
  SHA256_Final(digest.data(), &context);
  static constexpr std::string_view hex = "0123456789abcdef";
  std::string out;
  out.reserve(digest.size() * 2);
  for (const unsigned char b : digest) {
    out += hex[b >> 4];
    out += hex[b & 0x0F];
  }
  return out;
}

}  // namespace dac
