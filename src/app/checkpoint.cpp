#include "dac/app/checkpoint.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>

#include "dac/core/error.hpp"
#include "dac/store/signed_note.hpp"
#include "dac/util/file.hpp"

namespace dac::app {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_origin_prefix = "dac-history ";
constexpr std::size_t k_hash_size = 64;

// The text of a file named on the command line (ErrorKind::Usage when it cannot be read).
std::string read_argument_file(const std::string& what, const fs::path& path) {
  const util::Fd fd = util::open_for_reading(path);
  if (!fd) throw_usage("cannot read " + what + " " + path.string() + ": " + std::strerror(errno));
  std::string text;
  if (const int err = util::read_all(fd.get(), text); err != 0) {
    note::wipe(text);
    throw_usage("cannot read " + what + " " + path.string() + ": " + std::strerror(err));
  }
  return text;
}

// A key file holds the key and at most one newline after it.
std::string_view key_line(std::string_view text) {
  if (text.ends_with('\n')) text.remove_suffix(1);
  return text;
}

// The signer key in `file`, which must be owner-only like the store.
note::Signer load_signer(const fs::path& file) {
  util::Fd fd = util::open_for_reading(file);
  if (!fd) throw_usage("cannot read --key " + file.string() + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) throw_usage("--key " + file.string() + " is not a file");
  if ((st.st_mode & 077) != 0) {
    std::array<char, 8> mode{};
    (void)std::snprintf(mode.data(), mode.size(), "%03o", st.st_mode & 0777);
    throw_store(file.string() + " is accessible by other users (mode " + mode.data() + "); it holds a signing key",
                "fix it with: chmod 600 " + file.string());
  }
  std::string text;
  const int err = util::read_all(fd.get(), text);
  if (err != 0) {
    note::wipe(text);
    throw_usage("cannot read --key " + file.string() + ": " + std::strerror(err));
  }
  Parsed<note::Signer, note::KeyError> signer = note::parse_signer(key_line(text));
  const bool is_verifier = !signer && note::parse_verifier(key_line(text)).ok();
  note::wipe(text);
  if (is_verifier) {
    throw_usage("--key " + file.string() + " holds a verifier key, not a signer key",
                "give the file that dac key generate wrote (its verifier key is what auditors get)");
  }
  if (!signer) throw_usage("--key " + file.string() + " is not a signer key: " + note::describe(signer.error()));
  return std::move(signer).take();  // moved, not copied: a Signer wipes what it leaves
}

// A --verifier value: the key itself, or a file holding it. Never echoes a signer key.
note::Verifier load_verifier(const std::string& argument) {
  Parsed<note::Verifier, note::KeyError> key = note::parse_verifier(argument);
  if (key) return key.value();
  if (key.error() == note::KeyError::Private) {
    throw_usage("--verifier was given a signer key (PRIVATE+KEY+...), not a verifier key",
                "give the verifier key that dac key generate printed, and keep the signer key secret");
  }
  std::error_code ec;
  if (!fs::exists(argument, ec)) {
    throw_usage(
        "--verifier " + argument + " is neither a verifier key (" + note::describe(key.error()) + ") nor a file",
        "give the key that dac key generate printed (NAME+HASH+KEY), or a file holding it");
  }
  std::string text = read_argument_file("--verifier", argument);
  key = note::parse_verifier(key_line(text));
  note::wipe(text);  // in case it held a signer key
  if (!key) throw_usage("--verifier " + argument + " does not hold a verifier key: " + note::describe(key.error()));
  return key.value();
}

// The three lines of a checkpoint's text.
struct Head {
  std::string origin;
  std::uint64_t events = 0;
  std::string hash;
};

bool lower_hex(std::string_view s) {
  return s.size() == k_hash_size &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::optional<Head> parse_head(std::string_view text) {
  const std::size_t first = text.find('\n');
  const std::size_t second = first == std::string_view::npos ? first : text.find('\n', first + 1);
  if (second == std::string_view::npos || !text.starts_with(k_origin_prefix)) return std::nullopt;
  Head head;
  head.origin = std::string(text.substr(k_origin_prefix.size(), first - k_origin_prefix.size()));
  const std::string_view count = text.substr(first + 1, second - first - 1);
  head.hash = std::string(text.substr(second + 1));
  if (!head.hash.ends_with('\n')) return std::nullopt;
  head.hash.pop_back();
  if (head.origin.empty() || head.origin.find(' ') != std::string::npos || !lower_hex(head.hash)) return std::nullopt;
  if (count.empty() || (count.size() > 1 && count[0] == '0')) return std::nullopt;
  const auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), head.events);
  if (ec != std::errc() || end != count.data() + count.size()) return std::nullopt;
  return head;
}

// What one checkpoint claims, once its note, signature and origin hold; or what failed.
struct Claim {
  std::string file;
  std::string problem;
  Head head;
};

Claim read_claim(const std::string& file, const std::string& text, const std::vector<note::Verifier>& keys,
                 const State& state) {
  Claim claim{file, {}, {}};
  const std::string name = "checkpoint " + file;
  const Parsed<note::Note, note::NoteError> parsed = note::parse_note(text);
  if (!parsed) {
    claim.problem = name + " is not a signed note: " + note::describe(parsed.error());
    return claim;
  }
  const note::Verification verified = note::verify_note(parsed.value(), keys);
  if (verified.outcome == note::Verification::Outcome::BadSignature) {
    claim.problem = name + ": the signature of " + verified.key + " does not verify; the checkpoint was changed";
  } else if (verified.outcome == note::Verification::Outcome::UnknownKeys) {
    claim.problem = name + " is signed by none of the given verifier keys (it names " + verified.key + ")";
  } else if (std::optional<Head> head = parse_head(parsed.value().text); !head) {
    claim.problem = name + " is signed by " + verified.key + " but is not a dac checkpoint";
  } else if (head->origin != state.store_id) {
    claim.problem = name + " is for store " + head->origin + ", not this one (" +
                    (state.store_id.empty() ? std::string("no id yet") : state.store_id) + ")";
  } else if (head->events > state.history.events) {
    claim.problem = name + " vouches for " + std::to_string(head->events) + " events, but the history holds only " +
                    std::to_string(state.history.events) + ": it was cut";
  } else {
    claim.head = std::move(*head);
  }
  return claim;
}

// The hashes of the events numbered in `wanted` (read up to the highest, no further).
std::map<std::uint64_t, std::string> hashes_of(Store& store, const State& state,
                                               std::map<std::uint64_t, std::string> wanted) {
  struct Enough {};
  const std::uint64_t last = wanted.empty() ? 0 : wanted.rbegin()->first;
  if (last == 0) return wanted;
  try {
    store.read_history(state, [&](const Event& e) {
      if (auto at = wanted.find(e.seq); at != wanted.end()) at->second = e.hash;
      if (e.seq >= last) throw Enough{};
    });
  } catch (const Enough&) {  // NOLINT(bugprone-empty-catch): the events past the last checkpoint are not needed
  }
  return wanted;
}

}  // namespace

GeneratedKey generate_key(const std::string& name, const fs::path& file) {
  if (!note::valid_key_name(name)) {
    throw_usage("invalid key name '" + name + "': it must be non-empty, with no space, '+' or control character",
                "a name like example.com/dac-audit says whose key it is");
  }
  note::Signer signer = note::generate_signer(name);
  const int raw = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (raw < 0 && errno == EEXIST) {
    throw_usage(file.string() + " already exists; dac never overwrites a key",
                "choose another file with --output, or remove the old key if you mean to replace it");
  }
  if (raw < 0) throw_usage("cannot create " + file.string() + ": " + std::strerror(errno));
  util::Fd fd(raw);
  std::string secret = signer.encoded() + "\n";
  int err = ::fchmod(fd.get(), 0600) == 0 ? 0 : errno;
  if (err == 0) err = util::write_all(fd.get(), secret);
  note::wipe(secret);
  if (err == 0 && ::fsync(fd.get()) != 0) err = errno;
  if (err == 0) err = fd.reset();
  if (err != 0) {
    (void)::unlink(file.c_str());
    throw_store("cannot write " + file.string() + ": " + std::strerror(err));
  }
  return GeneratedKey{file, signer.verifier().encoded()};
}

std::string checkpoint_text(const State& state) {
  if (state.store_id.empty()) {
    throw_store("this store has no id yet (it was written by an older dac), and a checkpoint names the store by it",
                "any change recorded with this dac upgrades the store and gives it one");
  }
  const std::string hash = state.history.events == 0 ? std::string(k_hash_size, '0') : state.history.hash;
  return std::string(k_origin_prefix) + state.store_id + "\n" + std::to_string(state.history.events) + "\n" + hash +
         "\n";
}

std::string make_checkpoint(Store& store, const fs::path& key_file) {
  const note::Signer signer = load_signer(key_file);
  return note::sign_note(checkpoint_text(store.load()), signer);
}

CheckpointCheck check_checkpoints(Store& store, const State& state, const std::vector<std::string>& checkpoint_files,
                                  const std::vector<std::string>& verifiers) {
  if (checkpoint_files.empty()) return {};
  if (verifiers.empty()) {
    throw_usage("--checkpoint needs the key to check it with", "add --verifier KEY (the key, or a file holding it)");
  }
  std::vector<note::Verifier> keys;
  keys.reserve(verifiers.size());
  for (const std::string& v : verifiers) keys.push_back(load_verifier(v));
  std::vector<std::string> texts;
  texts.reserve(checkpoint_files.size());
  for (const std::string& file : checkpoint_files) texts.push_back(read_argument_file("--checkpoint", file));

  std::vector<Claim> claims;
  std::map<std::uint64_t, std::string> wanted;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    claims.push_back(read_claim(checkpoint_files[i], texts[i], keys, state));
    if (claims.back().problem.empty()) wanted.emplace(claims.back().head.events, std::string());
  }
  const std::map<std::uint64_t, std::string> found = hashes_of(store, state, std::move(wanted));
  for (const Claim& claim : claims) {
    if (!claim.problem.empty()) return {false, claim.problem};
    const Head& head = claim.head;
    const std::string actual = head.events == 0 ? std::string(k_hash_size, '0') : found.at(head.events);
    if (actual != head.hash) {
      return {false, "checkpoint " + claim.file + ": event " + std::to_string(head.events) + " has hash " + actual +
                         ", the checkpoint says " + head.hash + "; the history was rewritten"};
    }
  }
  return {};
}

}  // namespace dac::app
