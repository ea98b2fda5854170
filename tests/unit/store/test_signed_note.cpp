#include "dac/store/signed_note.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace note = dac::note;
using note::KeyError;
using note::NoteError;
using Outcome = note::Verification::Outcome;

namespace {

// The example of golang.org/x/mod/sumdb/note's documentation (note.go, example_test.go).
const std::string k_peter_vkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const std::string k_peter_skey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const std::string k_peter_text =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
const std::string k_peter_sig =
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const std::string k_peter_note = k_peter_text + "\n" + k_peter_sig;

// The example of C2SP signed-note.md ("Verifier keys", Example).
const std::string k_c2sp_vkey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
const std::string k_c2sp_note =
    "This is an example message.\n"
    "\n"
    "\xE2\x80\x94 example.com/foo "
    "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

note::Verifier verifier(const std::string& text) {
  const auto parsed = note::parse_verifier(text);
  REQUIRE(parsed.ok());
  return parsed.value();
}

Outcome outcome(const std::string& bytes, const std::vector<note::Verifier>& keys) {
  const auto parsed = note::parse_note(bytes);
  REQUIRE(parsed.ok());
  return note::verify_note(parsed.value(), keys).outcome;
}

NoteError note_error(const std::string& bytes) {
  const auto parsed = note::parse_note(bytes);
  REQUIRE_FALSE(parsed.ok());
  return parsed.error();
}

KeyError verifier_error(const std::string& text) {
  const auto parsed = note::parse_verifier(text);
  REQUIRE_FALSE(parsed.ok());
  return parsed.error();
}

KeyError signer_error(const std::string& text) {
  const auto parsed = note::parse_signer(text);
  REQUIRE_FALSE(parsed.ok());
  return parsed.error();
}

}  // namespace

TEST_CASE("the Go documentation's key parses, re-encodes and hashes as Go does", "[signed_note]") {
  const note::Verifier v = verifier(k_peter_vkey);
  CHECK(v.name == "PeterNeumann");
  CHECK(v.hash == 0xc74f20a3U);
  CHECK(note::key_hash(v.name, v.public_key) == 0xc74f20a3U);
  CHECK(v.encoded() == k_peter_vkey);

  auto signer = note::parse_signer(k_peter_skey);
  REQUIRE(signer.ok());
  CHECK(signer.value().name() == "PeterNeumann");
  CHECK(signer.value().hash() == 0xc74f20a3U);
  CHECK(signer.value().verifier().encoded() == k_peter_vkey);
  std::string secret = signer.value().encoded();
  CHECK(secret == k_peter_skey);
  note::wipe(secret);
  CHECK(secret.empty());
}

TEST_CASE("signing the Go documentation's text gives exactly its signed note (Ed25519 is deterministic)",
          "[signed_note]") {
  const auto signer = note::parse_signer(k_peter_skey);
  REQUIRE(signer.ok());
  CHECK(note::sign_note(k_peter_text, signer.value()) == k_peter_note);
}

TEST_CASE("the Go documentation's note and C2SP's example verify", "[signed_note]") {
  const auto parsed = note::parse_note(k_peter_note);
  REQUIRE(parsed.ok());
  CHECK(parsed.value().text == k_peter_text);
  REQUIRE(parsed.value().signatures.size() == 1);
  CHECK(parsed.value().signatures[0].name == "PeterNeumann");
  CHECK(parsed.value().signatures[0].hash == 0xc74f20a3U);
  CHECK(parsed.value().signatures[0].signature.size() == note::k_signature_size);
  const note::Verification v = note::verify_note(parsed.value(), {verifier(k_peter_vkey)});
  CHECK(v.outcome == Outcome::Verified);
  CHECK(v.key == "PeterNeumann+c74f20a3");

  CHECK(outcome(k_c2sp_note, {verifier(k_c2sp_vkey)}) == Outcome::Verified);
  // Each key verifies its own note only, and a note by no known key is unknown.
  CHECK(outcome(k_c2sp_note, {verifier(k_peter_vkey)}) == Outcome::UnknownKeys);
  CHECK(outcome(k_peter_note, {verifier(k_c2sp_vkey)}) == Outcome::UnknownKeys);
  CHECK(outcome(k_peter_note, {}) == Outcome::UnknownKeys);
}

TEST_CASE("a generated key round-trips and signs what it verifies", "[signed_note]") {
  const note::Signer signer = note::generate_signer("example.com/dac-audit");
  CHECK(signer.name() == "example.com/dac-audit");
  std::string secret = signer.encoded();
  CHECK(secret.starts_with("PRIVATE+KEY+example.com/dac-audit+"));
  const auto again = note::parse_signer(secret);
  note::wipe(secret);
  REQUIRE(again.ok());
  CHECK(again.value().verifier().encoded() == signer.verifier().encoded());
  const note::Verifier v = verifier(signer.verifier().encoded());

  const std::string text = "dac-history 0123abcd\n0\n" + std::string(64, '0') + "\n";
  const std::string signed_note = note::sign_note(text, signer);
  CHECK(outcome(signed_note, {v}) == Outcome::Verified);
  // Two keys never come out the same.
  CHECK(note::generate_signer("example.com/dac-audit").verifier().encoded() != v.encoded());
  CHECK_THROWS_AS(note::sign_note("no newline", signer), std::invalid_argument);
  CHECK_THROWS_AS(note::generate_signer("two words"), std::invalid_argument);
}

TEST_CASE("an edited note fails with the key that signed it; other signatures are ignored", "[signed_note]") {
  const std::vector<note::Verifier> peter{verifier(k_peter_vkey)};
  std::string edited = k_peter_note;
  edited[3] = 'X';
  const auto parsed = note::parse_note(edited);
  REQUIRE(parsed.ok());
  const note::Verification v = note::verify_note(parsed.value(), peter);
  CHECK(v.outcome == Outcome::BadSignature);
  CHECK(v.key == "PeterNeumann+c74f20a3");
  // A changed signature byte.
  std::string bad_sig = k_peter_note;
  bad_sig[bad_sig.size() - 10] = bad_sig[bad_sig.size() - 10] == 'A' ? 'B' : 'A';
  CHECK(outcome(bad_sig, peter) == Outcome::BadSignature);
  // Another key's signature beside Peter's changes nothing; an unknown one of the same name is ignored.
  const note::Signer other = note::generate_signer("PeterNeumann");
  const std::string other_line = note::sign_note(k_peter_text, other).substr(k_peter_text.size() + 1);
  CHECK(outcome(k_peter_note + other_line, peter) == Outcome::Verified);
  CHECK(outcome(k_peter_text + "\n" + other_line + k_peter_sig, peter) == Outcome::Verified);
  CHECK(outcome(k_peter_text + "\n" + other_line, peter) == Outcome::UnknownKeys);
  // The text may hold blank lines: the signatures follow the last one.
  const auto signer = note::parse_signer(k_peter_skey);
  const std::string with_blank = note::sign_note("a\n\nb\n", signer.value());
  const auto blank = note::parse_note(with_blank);
  REQUIRE(blank.ok());
  CHECK(blank.value().text == "a\n\nb\n");
  CHECK(outcome(with_blank, peter) == Outcome::Verified);
}

TEST_CASE("every malformed note is refused with what is wrong", "[signed_note]") {
  CHECK(note_error("") == NoteError::NoSignatures);
  CHECK(note_error(k_peter_text) == NoteError::NoSignatures);
  CHECK(note_error(k_peter_text + "\n") == NoteError::NoSignatures);
  // Cut anywhere inside the signature line: no final newline, or a broken line.
  CHECK(note_error(k_peter_note.substr(0, k_peter_note.size() - 1)) == NoteError::NoSignatures);
  CHECK(note_error(k_peter_note.substr(0, k_peter_note.size() - 20) + "\n") == NoteError::SignatureLine);
  CHECK(note_error(k_peter_text + "\n" + "- PeterNeumann x08go/ZJk=\n") == NoteError::SignatureLine);
  CHECK(note_error(k_peter_text + "\n" + "\xE2\x80\x94 PeterNeumann\n") == NoteError::SignatureLine);
  CHECK(note_error(k_peter_text + "\n" + "\xE2\x80\x94  x08go/ZJk=\n") == NoteError::SignatureLine);
  CHECK(note_error(k_peter_text + "\n" + "\xE2\x80\x94 Peter+Neumann x08go/ZJkuBS9U\n") == NoteError::SignatureLine);
  CHECK(note_error(k_peter_text + "\n" + "\xE2\x80\x94 PeterNeumann AAAA\n") == NoteError::SignatureLine);  // < 5 bytes
  CHECK(note_error(k_peter_text + "\n" + "\xE2\x80\x94 PeterNeumann x08go/ZJk*\n") == NoteError::SignatureLine);
  CHECK(note_error(k_peter_text + "\n" + "\xE2\x80\x94 PeterNeumann x08go/ZJkuBS9U \n") == NoteError::SignatureLine);
  CHECK(note_error(k_peter_note + "\n") == NoteError::NoSignatures);  // a blank line after the signatures
  CHECK(note_error(k_peter_note + "trailing\n") == NoteError::SignatureLine);
  // Control characters and bad UTF-8, in the text or the signatures.
  CHECK(note_error("tab\there\n\n" + k_peter_sig) == NoteError::Encoding);
  CHECK(note_error("cr\r\n\n" + k_peter_sig) == NoteError::Encoding);
  CHECK(note_error(std::string("nul\0x\n\n", 7) + k_peter_sig) == NoteError::Encoding);
  CHECK(note_error("bad \xFF utf8\n\n" + k_peter_sig) == NoteError::Encoding);
  CHECK(note_error(k_peter_note.substr(0, k_peter_note.size() - 1) + "\r\n") == NoteError::Encoding);
  // At most 100 signature lines.
  std::string many = k_peter_text + "\n";
  for (std::size_t i = 0; i < note::k_max_signatures; ++i) many += k_peter_sig;
  CHECK(note::parse_note(many).ok());
  CHECK(note_error(many + k_peter_sig) == NoteError::TooManySignatures);
}

TEST_CASE("every malformed key is refused with what is wrong", "[signed_note]") {
  CHECK(verifier_error("") == KeyError::Form);
  CHECK(verifier_error("PeterNeumann") == KeyError::Form);
  CHECK(verifier_error("PeterNeumann+c74f20a3") == KeyError::Form);
  CHECK(verifier_error("PeterNeumann+c74f20a3+") == KeyError::Form);
  CHECK(verifier_error("PeterNeumann+c74f20+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW") == KeyError::Form);
  CHECK(verifier_error("PeterNeumann+c74f20g3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW") == KeyError::Form);
  CHECK(verifier_error("+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW") == KeyError::Name);
  CHECK(verifier_error("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW") == KeyError::Name);
  CHECK(verifier_error("Peter\xC2\xA0Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW") == KeyError::Name);
  CHECK(verifier_error("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T") == KeyError::Base64);
  CHECK(verifier_error("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW\n") == KeyError::Base64);
  CHECK(verifier_error("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW+") == KeyError::Base64);
  CHECK(verifier_error("PeterNeumann+c74f20a3+ApSc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW") == KeyError::Algorithm);
  CHECK(verifier_error("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy") == KeyError::Length);
  CHECK(verifier_error("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW") == KeyError::Hash);
  CHECK(verifier_error("PaulNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW") == KeyError::Hash);
  CHECK(verifier_error(k_peter_skey) == KeyError::Private);
  // Upper-case hex is Go's too.
  CHECK(note::parse_verifier("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").ok());

  CHECK(signer_error(k_peter_vkey) == KeyError::Form);
  CHECK(signer_error("PRIVATE+KEY+PeterNeumann+c74f20a3") == KeyError::Form);
  CHECK(signer_error("PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz") ==
        KeyError::Hash);
  CHECK(signer_error("PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDF") ==
        KeyError::Base64);
  CHECK(signer_error("PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUv") == KeyError::Length);
  CHECK(signer_error("PRIVATE+KEY+Peter+Neumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz") ==
        KeyError::Form);
}

TEST_CASE("key names follow C2SP", "[signed_note]") {
  CHECK(note::valid_key_name("PeterNeumann"));
  CHECK(note::valid_key_name("example.com/dac-audit"));
  CHECK(note::valid_key_name("caf\xC3\xA9"));
  CHECK_FALSE(note::valid_key_name(""));
  CHECK_FALSE(note::valid_key_name("a+b"));
  CHECK_FALSE(note::valid_key_name("a b"));
  CHECK_FALSE(note::valid_key_name("a\tb"));
  CHECK_FALSE(note::valid_key_name("a\nb"));
  CHECK_FALSE(
      note::valid_key_name("a\x01"
                           "b"));
  CHECK_FALSE(
      note::valid_key_name("a\xE2\x80\x83"
                           "b"));  // U+2003 EM SPACE
  CHECK_FALSE(
      note::valid_key_name("a\xE3\x80\x80"
                           "b"));  // U+3000 IDEOGRAPHIC SPACE
  CHECK_FALSE(note::valid_key_name("\xFF"));
}

TEST_CASE("docs/checkpoints.md's example is what dac signs, and it verifies", "[signed_note]") {
  const std::string vkey = "example.com/dac-audit+23f7997e+ASDr6jnt5LSSnjrRpk5zBL3fCBvVL4CVPcxKYwIfzSGf";
  const auto signer =
      note::parse_signer("PRIVATE+KEY+example.com/dac-audit+23f7997e+AQw2HeG9jAHnhnm9Lbx/CxGUmh3qCvKEKp8aQJ7V65i2");
  REQUIRE(signer.ok());
  CHECK(signer.value().verifier().encoded() == vkey);
  const std::string text =
      "dac-history 6f1e0c9a4b2d47e3a58c0b9d3e7f2a61\n6\n"
      "9f15df3c6cb4dc1f80ea54bd299321512382181d527b6e2e4aaf6e4dea9ac9c5\n";
  const std::string signed_note = note::sign_note(text, signer.value());
  CHECK(signed_note ==
        text + "\n\xE2\x80\x94 example.com/dac-audit " +
            "I/eZfmJzXJPWvBFRgY6ymVKnRZDXJlYuL659ZIK9WENgsR2ICMRHHByQWr/LUz7OxERCKXsPdW3VI8CTvEGEYRy+7gs=\n");
  CHECK(outcome(signed_note, {verifier(vkey)}) == Outcome::Verified);
}
