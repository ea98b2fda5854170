#include "dac/store/signed_note.hpp"

// SHA256_Init/Update/Final, as in sha256.cpp: the 1.1 API, not EVP's providers.
#define OPENSSL_API_COMPAT 0x10100000L
#include <openssl/crypto.h>
#include <openssl/sha.h>
// Ed25519 from libsodium, not OpenSSL's EVP: EVP's providers and their name
// maps are set up on first use, 1.5 ms of a 3.5 ms `dac checkpoint` whose
// target is 1.2x `dac list` (bench/run); libsodium's is the plain function.
#include <sodium.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>

#include "dac/core/error.hpp"
#include "dac/core/utf8.hpp"

namespace dac::note {

namespace {

// The separator of C2SP: an em dash (U+2014) and a space.
constexpr std::string_view k_sig_prefix = "\xE2\x80\x94 ";
constexpr std::string_view k_private_prefix = "PRIVATE+KEY+";
constexpr std::string_view k_base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static_assert(crypto_sign_SEEDBYTES == k_seed_size && crypto_sign_PUBLICKEYBYTES == k_public_key_size &&
              crypto_sign_BYTES == k_signature_size);

// Whether `c` is a space to Go's unicode.IsSpace (C2SP: "Unicode spaces").
bool is_unicode_space(std::uint32_t c) noexcept {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

std::string base64_encode(const unsigned char* data, std::size_t size) {
  std::string out;
  out.reserve((size + 2) / 3 * 4);
  for (std::size_t i = 0; i < size; i += 3) {
    const std::uint32_t b0 = data[i];
    const std::uint32_t b1 = i + 1 < size ? data[i + 1] : 0;
    const std::uint32_t b2 = i + 2 < size ? data[i + 2] : 0;
    const std::uint32_t n = (b0 << 16) | (b1 << 8) | b2;
    out += k_base64[(n >> 18) & 63];
    out += k_base64[(n >> 12) & 63];
    out += i + 1 < size ? k_base64[(n >> 6) & 63] : '=';
    out += i + 2 < size ? k_base64[n & 63] : '=';
  }
  return out;
}

int base64_value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// One group of 4 base64 characters as 24 bits, its last `pad` characters
// being padding (zero bits); nullopt for a character outside the alphabet.
std::optional<std::uint32_t> base64_group(std::string_view group, std::size_t pad) noexcept {
  std::uint32_t n = 0;
  for (std::size_t j = 0; j < 4; ++j) {
    const int v = j >= 4 - pad ? 0 : base64_value(group[j]);
    if (v < 0) return std::nullopt;
    n = (n << 6) | static_cast<std::uint32_t>(v);
  }
  return n;
}

// Standard padded base64 (RFC 4648 §4), strictly: no spaces, padding only at
// the end, unused bits zero. Empty on error (every caller needs bytes).
std::string base64_decode(std::string_view text) {
  std::string out;
  if (text.empty() || text.size() % 4 != 0) return out;
  const std::size_t pad = text.ends_with("==") ? 2 : (text.ends_with('=') ? 1 : 0);
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const std::size_t group_pad = i + 4 == text.size() ? pad : 0;
    const std::optional<std::uint32_t> n = base64_group(text.substr(i, 4), group_pad);
    const std::uint32_t unused = group_pad == 2 ? 0xFFFFU : (group_pad == 1 ? 0xFFU : 0U);
    if (!n || (*n & unused) != 0) {
      wipe(out);
      return out;
    }
    for (std::size_t b = 0; b < 3 - group_pad; ++b) out += static_cast<char>((*n >> (16 - 8 * b)) & 0xFFU);
  }
  return out;
}

std::string hex8(std::uint32_t value) {
  static constexpr std::string_view hex = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = hex[value & 0xF];
    value >>= 4;
  }
  return out;
}

// Exactly 8 hex digits (Go takes either case).
std::optional<std::uint32_t> parse_hex8(std::string_view text) noexcept {
  if (text.size() != 8) return std::nullopt;
  std::uint32_t value = 0;
  for (const char c : text) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0) return std::nullopt;
    value = (value << 4) | static_cast<std::uint32_t>(digit);
  }
  return value;
}

std::uint32_t big_endian(const unsigned char* p) noexcept {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

[[noreturn]] void throw_crypto(const char* what) {
  throw_store(std::string("Ed25519 ") + what + " failed in libsodium");
}

// libsodium, initialised once (its CPU feature checks and random source).
void require_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw_crypto("initialisation");
}

// The key pair of a seed: libsodium's secret key is the seed and the public key.
struct KeyPair {
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> public_key{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> secret_key{};
  KeyPair() = default;
  KeyPair(const KeyPair&) = delete;
  KeyPair& operator=(const KeyPair&) = delete;
  ~KeyPair() { sodium_memzero(secret_key.data(), secret_key.size()); }
};

void key_pair_of(const std::array<unsigned char, k_seed_size>& seed, KeyPair& pair) {
  require_sodium();
  if (crypto_sign_seed_keypair(pair.public_key.data(), pair.secret_key.data(), seed.data()) != 0) throw_crypto("key");
}

std::array<unsigned char, k_public_key_size> public_key_of(const std::array<unsigned char, k_seed_size>& seed) {
  KeyPair pair;
  key_pair_of(seed, pair);
  return pair.public_key;
}

bool ed25519_verify(const std::array<unsigned char, k_public_key_size>& public_key, std::string_view message,
                    std::string_view signature) {
  if (signature.size() != k_signature_size) return false;
  require_sodium();
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): libsodium takes bytes as unsigned char.
  const auto* sig = reinterpret_cast<const unsigned char*>(signature.data());
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): likewise.
  const auto* msg = reinterpret_cast<const unsigned char*>(message.data());
  return crypto_sign_verify_detached(sig, msg, message.size(), public_key.data()) == 0;
}

// Splits at the first `sep`: what is before it, and moves `rest` past it.
std::string_view chop(std::string_view& rest, char sep) noexcept {
  const std::size_t at = rest.find(sep);
  const std::string_view before = rest.substr(0, at);
  rest = at == std::string_view::npos ? std::string_view() : rest.substr(at + 1);
  return before;
}

// The parts common to both kinds of key: name and hash, checked for form;
// the key material after its type byte goes to `material` (a signer key's is
// a secret, which the caller wipes).
struct KeyParts {
  std::string_view name;
  std::uint32_t hash = 0;
};

Parsed<KeyParts, KeyError> parse_key_parts(std::string_view text, std::size_t material_size, std::string& material) {
  std::string_view rest = text;
  const std::string_view name = chop(rest, '+');
  const std::string_view hash_text = chop(rest, '+');
  if (rest.empty()) return KeyError::Form;
  if (!valid_key_name(name)) return KeyError::Name;
  const std::optional<std::uint32_t> hash = parse_hex8(hash_text);
  if (!hash) return KeyError::Form;
  material = base64_decode(rest);
  if (material.empty()) return KeyError::Base64;
  if (static_cast<unsigned char>(material[0]) != k_ed25519) {
    wipe(material);
    return KeyError::Algorithm;
  }
  if (material.size() != material_size + 1) {
    wipe(material);
    return KeyError::Length;
  }
  material.erase(0, 1);
  return KeyParts{name, *hash};
}

}  // namespace

bool valid_key_name(std::string_view name) noexcept {
  if (name.empty()) return false;
  for (std::size_t pos = 0; pos < name.size();) {
    const Utf8CodePoint c = decode_utf8(name, pos);
    if (c.length == 0 || c.value < 0x20 || c.value == 0x7F || c.value == '+' || is_unicode_space(c.value)) return false;
    pos += c.length;
  }
  return true;
}

const char* describe(KeyError error) noexcept {
  switch (error) {
    case KeyError::Form:
      return "it is not a key of the form NAME+HASH+KEY (HASH: 8 hex digits)";
    case KeyError::Name:
      return "its name is empty or holds a space, a '+' or a control character";
    case KeyError::Base64:
      return "its key part is not base64";
    case KeyError::Algorithm:
      return "it is not an Ed25519 key";
    case KeyError::Length:
      return "its key part has the wrong length for an Ed25519 key";
    case KeyError::Hash:
      return "its hash does not match its name and key";
    case KeyError::Private:
      return "it is a signer key (PRIVATE+KEY+...), not a verifier key";
  }
  return "it is not a key";
}

const char* describe(NoteError error) noexcept {
  switch (error) {
    case NoteError::Encoding:
      return "it is not UTF-8 text, or holds a control character";
    case NoteError::NoSignatures:
      return "it has no signature lines after a blank line, or does not end in a newline";
    case NoteError::SignatureLine:
      return "a line after the blank line is not a signature line";
    case NoteError::TooManySignatures:
      return "it has too many signature lines";
  }
  return "it is not a signed note";
}

std::string key_id(std::string_view name, std::uint32_t hash) { return std::string(name) + "+" + hex8(hash); }

std::string Verifier::encoded() const {
  std::array<unsigned char, k_public_key_size + 1> material{};
  material[0] = k_ed25519;
  std::copy(public_key.begin(), public_key.end(), material.begin() + 1);
  return key_id(name, hash) + "+" + base64_encode(material.data(), material.size());
}

std::uint32_t key_hash(std::string_view name, const std::array<unsigned char, k_public_key_size>& public_key) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, name.data(), name.size());
  static constexpr std::array<unsigned char, 2> k_separator{0x0A, k_ed25519};
  SHA256_Update(&ctx, k_separator.data(), k_separator.size());
  SHA256_Update(&ctx, public_key.data(), public_key.size());
  SHA256_Final(digest.data(), &ctx);
  return big_endian(digest.data());
}

Signer::Signer(std::string name, const std::array<unsigned char, k_seed_size>& seed)
    : m_name(std::move(name)), m_seed(seed), m_public_key(public_key_of(seed)) {
  m_hash = key_hash(m_name, m_public_key);
}

Signer::Signer(Signer&& other) noexcept
    : m_name(std::move(other.m_name)), m_hash(other.m_hash), m_seed(other.m_seed), m_public_key(other.m_public_key) {
  OPENSSL_cleanse(other.m_seed.data(), other.m_seed.size());
}

Signer& Signer::operator=(Signer&& other) noexcept {
  if (this != &other) {
    m_name = std::move(other.m_name);
    m_hash = other.m_hash;
    m_seed = other.m_seed;
    m_public_key = other.m_public_key;
    OPENSSL_cleanse(other.m_seed.data(), other.m_seed.size());
  }
  return *this;
}

Signer::~Signer() { OPENSSL_cleanse(m_seed.data(), m_seed.size()); }

Verifier Signer::verifier() const { return Verifier{m_name, m_hash, m_public_key}; }

std::string Signer::encoded() const {
  std::array<unsigned char, k_seed_size + 1> material{};
  material[0] = k_ed25519;
  std::copy(m_seed.begin(), m_seed.end(), material.begin() + 1);
  std::string out = std::string(k_private_prefix) + key_id(m_name, m_hash) + "+";
  out += base64_encode(material.data(), material.size());
  OPENSSL_cleanse(material.data(), material.size());
  return out;
}

std::array<unsigned char, k_signature_size> Signer::sign(std::string_view message) const {
  KeyPair pair;
  key_pair_of(m_seed, pair);
  std::array<unsigned char, k_signature_size> signature{};
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): libsodium takes bytes as unsigned char.
  const auto* msg = reinterpret_cast<const unsigned char*>(message.data());
  if (crypto_sign_detached(signature.data(), nullptr, msg, message.size(), pair.secret_key.data()) != 0) {
    throw_crypto("signing");
  }
  return signature;
}

void wipe(std::string& secret) noexcept {
  if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
  secret.clear();
}

Signer generate_signer(const std::string& name) {
  if (!valid_key_name(name)) throw std::invalid_argument("invalid key name");
  require_sodium();
  std::array<unsigned char, k_seed_size> seed{};
  randombytes_buf(seed.data(), seed.size());
  Signer signer(name, seed);
  OPENSSL_cleanse(seed.data(), seed.size());
  return signer;
}

Parsed<Verifier, KeyError> parse_verifier(std::string_view text) {
  if (text.starts_with(k_private_prefix)) return KeyError::Private;
  std::string material;
  const Parsed<KeyParts, KeyError> parts = parse_key_parts(text, k_public_key_size, material);
  if (!parts) return parts.error();
  Verifier verifier{std::string(parts.value().name), parts.value().hash, {}};
  std::copy(material.begin(), material.end(), verifier.public_key.begin());
  if (key_hash(verifier.name, verifier.public_key) != verifier.hash) return KeyError::Hash;
  return verifier;
}

Parsed<Signer, KeyError> parse_signer(std::string_view text) {
  if (!text.starts_with(k_private_prefix)) return KeyError::Form;
  std::string material;
  const Parsed<KeyParts, KeyError> parts = parse_key_parts(text.substr(k_private_prefix.size()), k_seed_size, material);
  if (!parts) {
    wipe(material);
    return parts.error();
  }
  std::array<unsigned char, k_seed_size> seed{};
  std::copy(material.begin(), material.end(), seed.begin());
  wipe(material);
  Signer signer(std::string(parts.value().name), seed);
  OPENSSL_cleanse(seed.data(), seed.size());
  if (signer.hash() != parts.value().hash) return KeyError::Hash;
  return signer;
}

namespace {

bool valid_note_encoding(std::string_view bytes) noexcept {
  for (std::size_t pos = 0; pos < bytes.size();) {
    const Utf8CodePoint c = decode_utf8(bytes, pos);
    if (c.length == 0 || (c.value < 0x20 && c.value != '\n')) return false;
    pos += c.length;
  }
  return true;
}

Parsed<Signature, NoteError> parse_signature_line(std::string_view line) {
  if (!line.starts_with(k_sig_prefix)) return NoteError::SignatureLine;
  std::string_view rest = line.substr(k_sig_prefix.size());
  const std::string_view name = chop(rest, ' ');
  const std::string bytes = base64_decode(rest);
  if (!valid_key_name(name) || bytes.size() < 5) return NoteError::SignatureLine;
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the key hash is the first 4 bytes.
  const std::uint32_t hash = big_endian(reinterpret_cast<const unsigned char*>(bytes.data()));
  return Signature{std::string(name), hash, bytes.substr(4)};
}

}  // namespace

Parsed<Note, NoteError> parse_note(std::string_view bytes) {
  if (!valid_note_encoding(bytes)) return NoteError::Encoding;
  const std::size_t split = bytes.rfind("\n\n");
  if (split == std::string_view::npos) return NoteError::NoSignatures;
  Note note{std::string(bytes.substr(0, split + 1)), {}};
  std::string_view sigs = bytes.substr(split + 2);
  if (sigs.empty() || sigs.back() != '\n') return NoteError::NoSignatures;
  while (!sigs.empty()) {
    const std::string_view line = chop(sigs, '\n');
    if (note.signatures.size() == k_max_signatures) return NoteError::TooManySignatures;
    Parsed<Signature, NoteError> signature = parse_signature_line(line);
    if (!signature) return signature.error();
    note.signatures.push_back(signature.value());
  }
  return note;
}

std::string sign_note(std::string_view text, const Signer& signer) {
  if (text.empty() || text.back() != '\n') throw std::invalid_argument("a note's text ends in a newline");
  std::array<unsigned char, 4 + k_signature_size> bytes{};
  const std::uint32_t hash = signer.hash();
  for (std::size_t i = 0; i < 4; ++i) bytes[i] = static_cast<unsigned char>(hash >> (24 - 8 * i));
  const std::array<unsigned char, k_signature_size> signature = signer.sign(text);
  std::copy(signature.begin(), signature.end(), bytes.begin() + 4);
  std::string out(text);
  out += "\n";
  out += k_sig_prefix;
  out += signer.name();
  out += ' ';
  out += base64_encode(bytes.data(), bytes.size());
  out += '\n';
  return out;
}

Verification verify_note(const Note& note, const std::vector<Verifier>& known) {
  Verification result;
  for (const Signature& sig : note.signatures) {
    const Verifier* match = nullptr;
    for (const Verifier& v : known) {
      if (v.name == sig.name && v.hash == sig.hash) match = &v;
    }
    if (match == nullptr) {
      if (result.key.empty()) result.key = key_id(sig.name, sig.hash);
      continue;
    }
    if (!ed25519_verify(match->public_key, note.text, sig.signature)) {
      return Verification{Verification::Outcome::BadSignature, key_id(sig.name, sig.hash)};
    }
    if (result.outcome != Verification::Outcome::Verified) {
      result = Verification{Verification::Outcome::Verified, key_id(sig.name, sig.hash)};
    }
  }
  return result;
}

}  // namespace dac::note
