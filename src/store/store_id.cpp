// The store's random id (format 2): the ORIGIN of its checkpoints (SPEC §7).
#include <sodium.h>

#include <algorithm>
#include <array>
#include <string>

#include "dac/core/error.hpp"
#include "dac/store/store.hpp"

namespace dac {

namespace {

constexpr std::size_t k_id_bytes = 16;  // 128 bits

}  // namespace

bool is_store_id(std::string_view id) noexcept {
  if (id.size() != 2 * k_id_bytes) return false;
  return std::ranges::all_of(id, [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string new_store_id() {
  // libsodium's randombytes (getrandom): OpenSSL's RAND_bytes brings its
  // DRBG and EVP's providers into every command, 0.2 MB of code and a slower start.
  if (sodium_init() < 0) {
    throw_store("cannot draw the store's random id (libsodium failed to start)", "nothing was written; try again");
  }
  std::array<unsigned char, k_id_bytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  static constexpr std::string_view k_hex = "0123456789abcdef";
  std::string id;
  id.reserve(2 * k_id_bytes);
  for (const unsigned char b : bytes) {
    id += k_hex[b >> 4U];
    id += k_hex[b & 0x0fU];
  }
  return id;
}

}  // namespace dac
