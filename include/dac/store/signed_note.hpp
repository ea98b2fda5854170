#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dac/core/parsed.hpp"

// Signed notes as C2SP `signed-note` defines them (the format of Go's
// golang.org/x/mod/sumdb/note), with Ed25519 keys only: what dac's
// checkpoints are (SPEC §7), byte for byte, so that any implementation of
// signed notes verifies them and dac verifies theirs.
namespace dac::note {

// The signature type byte of Ed25519 keys and the sizes of what they hold.
inline constexpr unsigned char k_ed25519 = 0x01;
inline constexpr std::size_t k_public_key_size = 32;
inline constexpr std::size_t k_seed_size = 32;
inline constexpr std::size_t k_signature_size = 64;
// The most signature lines a note may carry (Go's limit; C2SP asks for at least 16).
inline constexpr std::size_t k_max_signatures = 100;

// Whether `name` may name a key: non-empty UTF-8 with no Unicode space, no
// `+` and no control character.
[[nodiscard]] bool valid_key_name(std::string_view name) noexcept;

// What is wrong with the text of a key.
enum class KeyError {
  Form,       // not <name>+<8 hex>+<base64> (or PRIVATE+KEY+… for a signer key)
  Name,       // the name is empty or holds a space, a `+` or a control character
  Base64,     // the key material is not standard padded base64
  Algorithm,  // the key is not an Ed25519 key (type byte 0x01)
  Length,     // the key material has the wrong size
  Hash,       // the key hash does not match the name and the key
  Private,    // a signer key where a verifier key is expected
};
// The message for a key error, e.g. "the key hash does not match its name and key".
[[nodiscard]] const char* describe(KeyError error) noexcept;

// A verifier key: who signs (name and key hash) and the Ed25519 public key.
struct Verifier {
  std::string name;
  std::uint32_t hash = 0;
  std::array<unsigned char, k_public_key_size> public_key{};

  // `<name>+<hash>+<base64(0x01 || public key)>`.
  [[nodiscard]] std::string encoded() const;
};

// A signer key. Holds a secret: its bytes are wiped when it goes; it is
// moved, never copied.
class Signer {
 public:
  Signer() = default;
  Signer(std::string name, const std::array<unsigned char, k_seed_size>& seed);
  Signer(const Signer&) = delete;
  Signer& operator=(const Signer&) = delete;
  Signer(Signer&& other) noexcept;
  Signer& operator=(Signer&& other) noexcept;
  ~Signer();

  [[nodiscard]] const std::string& name() const noexcept { return m_name; }
  [[nodiscard]] std::uint32_t hash() const noexcept { return m_hash; }
  // The verifier key that goes with this signer key.
  [[nodiscard]] Verifier verifier() const;
  // `PRIVATE+KEY+<name>+<hash>+<base64(0x01 || seed)>`: a secret, which the
  // caller wipes (wipe()) once written.
  [[nodiscard]] std::string encoded() const;
  // The Ed25519 signature of `message`.
  [[nodiscard]] std::array<unsigned char, k_signature_size> sign(std::string_view message) const;

 private:
  std::string m_name;
  std::uint32_t m_hash = 0;
  std::array<unsigned char, k_seed_size> m_seed{};
  std::array<unsigned char, k_public_key_size> m_public_key{};
};

// Overwrites the bytes of a secret (OPENSSL_cleanse) and empties it.
void wipe(std::string& secret) noexcept;

// The key hash of C2SP: the first 4 bytes, big-endian, of
// SHA-256(name || 0x0A || 0x01 || public key).
[[nodiscard]] std::uint32_t key_hash(std::string_view name,
                                     const std::array<unsigned char, k_public_key_size>& public_key);

// A new random Ed25519 signer key named `name` (valid_key_name). Throws
// dac::Error (ErrorKind::Store) when the system cannot give randomness.
[[nodiscard]] Signer generate_signer(const std::string& name);

// Parses a verifier key `<name>+<hash>+<base64>` (no surrounding space or newline).
[[nodiscard]] Parsed<Verifier, KeyError> parse_verifier(std::string_view text);
// Parses a signer key `PRIVATE+KEY+<name>+<hash>+<base64>`; the caller wipes `text`.
[[nodiscard]] Parsed<Signer, KeyError> parse_signer(std::string_view text);

// One signature line of a note: `— <name> <base64(hash || signature)>`.
struct Signature {
  std::string name;
  std::uint32_t hash = 0;
  std::string signature;  // the bytes after the key hash (64 for Ed25519)
};

// A signed note: its text (ending in a newline) and its signature lines.
struct Note {
  std::string text;
  std::vector<Signature> signatures;
};

// What is wrong with the bytes of a signed note.
enum class NoteError {
  Encoding,           // not UTF-8, or a control character other than newline
  NoSignatures,       // no blank line followed by signature lines ending in a newline
  SignatureLine,      // a line after the blank line is not `— <name> <base64>`
  TooManySignatures,  // more than k_max_signatures lines
};
// The message for a note error.
[[nodiscard]] const char* describe(NoteError error) noexcept;

// Parses a signed note strictly per C2SP (the text ends at the last blank line).
[[nodiscard]] Parsed<Note, NoteError> parse_note(std::string_view bytes);

// The signed note of `text` (which must end in a newline: std::invalid_argument
// otherwise): the text, a blank line and `signer`'s signature line.
[[nodiscard]] std::string sign_note(std::string_view text, const Signer& signer);

// What checking a note against a set of verifier keys found.
struct Verification {
  enum class Outcome {
    Verified,      // a signature by a known key verifies (and none fails)
    UnknownKeys,   // no signature is by a known key (name and hash)
    BadSignature,  // a signature by a known key does not verify: the note was changed
  };
  Outcome outcome = Outcome::UnknownKeys;
  std::string key;  // the key concerned: `<name>+<hash hex>` (verified, failing, or the first unknown)
};

// Checks `note`'s signatures against `known` (matched by name and hash, as C2SP asks:
// signatures by other keys are ignored, one by a known key that fails rejects the note).
[[nodiscard]] Verification verify_note(const Note& note, const std::vector<Verifier>& known);

// `<name>+<8 lower-case hex>`: how messages name a key.
[[nodiscard]] std::string key_id(std::string_view name, std::uint32_t hash);

}  // namespace dac::note
