#include "dac/app/checkpoint.hpp"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "dac/store/signed_note.hpp"
#include "fixture.hpp"

using dac::ErrorKind;
using dac::State;
using dac::test::AppStore;
using dac::test::at;
using dac::test::error_from;
using dac::test::full_text;
using dac::test::kind_is;
namespace app = dac::app;
namespace fs = std::filesystem;
namespace note = dac::note;

namespace {

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// A store with three grants, its snapshot given an id (format 2 stores it), and a signer key.
struct CheckpointStore : AppStore {
  note::Signer signer = note::generate_signer("example.com/audit");
  std::string vkey = signer.verifier().encoded();
  State state;

  CheckpointStore() {
    grant("100000000001", at("2025-02-01T00:00:00Z"));
    grant("100000000002", at("2025-03-01T00:00:00Z"));
    grant("100000000003", at("2025-04-01T00:00:00Z"));
    state = snapshot();
  }
  [[nodiscard]] State snapshot() const {
    State s = store->load();
    s.store_id = "7f3a9c0e4b2d4e6f8a1b2c3d4e5f6a7b";
    return s;
  }
  // A checkpoint file signed by `by` holding `text`.
  [[nodiscard]] std::string file_of(const std::string& name, const std::string& text, const note::Signer& by) const {
    const fs::path path = tmp.path() / name;
    write_file(path, note::sign_note(text, by));
    return path.string();
  }
  [[nodiscard]] std::string checkpoint(const std::string& name) const {
    return file_of(name, app::checkpoint_text(state), signer);
  }
  [[nodiscard]] app::CheckpointCheck check(const std::vector<std::string>& files) {
    return app::check_checkpoints(*store, state, files, {vkey});
  }
};

}  // namespace

TEST_CASE("a checkpoint's text is the origin, the number of events and the head hash", "[checkpoint]") {
  CheckpointStore s;
  CHECK(s.state.history.events == 5);  // seller added, confirmation enabled, 3 grants
  CHECK(app::checkpoint_text(s.state) ==
        "dac-history 7f3a9c0e4b2d4e6f8a1b2c3d4e5f6a7b\n5\n" + s.state.history.hash + "\n");
  State empty = s.state;
  empty.history = dac::HistoryHead{};
  CHECK(app::checkpoint_text(empty) ==
        "dac-history 7f3a9c0e4b2d4e6f8a1b2c3d4e5f6a7b\n0\n" + std::string(64, '0') + "\n");
  State old = s.state;
  old.store_id.clear();
  const dac::Error e = error_from([&] { (void)app::checkpoint_text(old); });
  CHECK(e.kind() == ErrorKind::Store);
  CHECK_THAT(full_text(e), Catch::Contains("upgrades the store"));
}

TEST_CASE("checkpoints of this history verify, and still do once it grows", "[checkpoint]") {
  CheckpointStore s;
  const std::string now = s.checkpoint("now.note");
  CHECK(s.check({now}).ok);
  // The verifier key from a file, with its newline.
  write_file(s.tmp.path() / "audit.pub", s.vkey + "\n");
  CHECK(app::check_checkpoints(*s.store, s.state, {now}, {(s.tmp.path() / "audit.pub").string()}).ok);
  // A checkpoint of an earlier head (event 2), and of the empty history.
  std::string second;
  s.store->read_history(s.state, [&](const dac::Event& e) {
    if (e.seq == 2) second = e.hash;
  });
  const std::string early =
      s.file_of("early.note", "dac-history " + s.state.store_id + "\n2\n" + second + "\n", s.signer);
  const std::string zero =
      s.file_of("zero.note", "dac-history " + s.state.store_id + "\n0\n" + std::string(64, '0') + "\n", s.signer);
  s.grant("100000000004", at("2025-05-01T00:00:00Z"));
  s.state = s.snapshot();
  CHECK(s.state.history.events == 6);
  const app::CheckpointCheck all = s.check({now, early, zero});
  CHECK(all.ok);
  CHECK(all.problem.empty());
  CHECK(app::check_checkpoints(*s.store, s.state, {}, {}).ok);
}

TEST_CASE("a checkpoint that does not hold fails naming the file and what failed", "[checkpoint]") {
  CheckpointStore s;
  const std::string good = s.checkpoint("good.note");
  const std::string head = s.state.history.hash;
  auto problem = [&](const std::vector<std::string>& files) {
    const app::CheckpointCheck c = s.check(files);
    CHECK_FALSE(c.ok);
    return c.problem;
  };
  SECTION("edited") {
    std::ifstream in(good);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text[text.find("\n5\n") + 1] = '3';
    write_file(s.tmp.path() / "edited.note", text);
    CHECK_THAT(problem({good, (s.tmp.path() / "edited.note").string()}),
               Catch::StartsWith("checkpoint " + (s.tmp.path() / "edited.note").string()) &&
                   Catch::Contains("does not verify"));
  }
  SECTION("truncated") {
    std::ifstream in(good);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    write_file(s.tmp.path() / "cut.note", text.substr(0, text.size() - 30));
    CHECK_THAT(problem({(s.tmp.path() / "cut.note").string()}), Catch::Contains("cut.note is not a signed note"));
  }
  SECTION("for another store") {
    const std::string other = s.file_of("other.note", "dac-history 0000other\n4\n" + head + "\n", s.signer);
    CHECK_THAT(problem({other}), Catch::Contains("is for store 0000other, not this one"));
  }
  SECTION("signed by another key") {
    const note::Signer stranger = note::generate_signer("example.com/audit");
    const std::string forged = s.file_of("forged.note", app::checkpoint_text(s.state), stranger);
    CHECK_THAT(problem({forged}),
               Catch::Contains("signed by none of the given verifier keys") && Catch::Contains("example.com/audit+"));
  }
  SECTION("a history cut below N") {
    const std::string more =
        s.file_of("more.note", "dac-history " + s.state.store_id + "\n9\n" + head + "\n", s.signer);
    CHECK_THAT(problem({more}), Catch::Contains("vouches for 9 events, but the history holds only 5"));
  }
  SECTION("a history rewritten before N") {
    const std::string other(64, 'a');
    const std::string at3 = s.file_of("at3.note", "dac-history " + s.state.store_id + "\n3\n" + other + "\n", s.signer);
    CHECK_THAT(problem({good, at3}), Catch::Contains("at3.note: event 3 has hash") &&
                                         Catch::Contains("the checkpoint says " + other) &&
                                         Catch::Contains("rewritten"));
  }
  SECTION("signed, but not a checkpoint") {
    const std::string poem = s.file_of("poem.note", "roses are red\n", s.signer);
    CHECK_THAT(problem({poem}), Catch::Contains("is not a dac checkpoint"));
    const std::string padded =
        s.file_of("pad.note", "dac-history " + s.state.store_id + "\n04\n" + head + "\n", s.signer);
    CHECK_THAT(problem({padded}), Catch::Contains("is not a dac checkpoint"));
  }
}

TEST_CASE("checkpoint arguments that cannot be used are usage errors", "[checkpoint]") {
  CheckpointStore s;
  const std::string good = s.checkpoint("good.note");
  auto usage = [&](const std::vector<std::string>& files, const std::vector<std::string>& keys) {
    const dac::Error e = error_from([&] { (void)app::check_checkpoints(*s.store, s.state, files, keys); });
    CHECK(e.kind() == ErrorKind::Usage);
    return full_text(e);
  };
  CHECK_THAT(usage({good}, {}), Catch::Contains("--verifier"));
  CHECK_THAT(usage({(s.tmp.path() / "missing.note").string()}, {s.vkey}), Catch::Contains("cannot read --checkpoint"));
  CHECK_THAT(usage({good}, {"not-a-key"}), Catch::Contains("neither a verifier key"));
  CHECK_THAT(usage({good}, {s.vkey.substr(0, s.vkey.size() - 2)}), Catch::Contains("neither a verifier key"));
  write_file(s.tmp.path() / "junk.pub", "junk\n");
  CHECK_THAT(usage({good}, {(s.tmp.path() / "junk.pub").string()}), Catch::Contains("does not hold a verifier key"));
  std::string secret = s.signer.encoded();
  const std::string said = usage({good}, {secret});
  CHECK_THAT(said, Catch::Contains("signer key"));
  CHECK(said.find(secret) == std::string::npos);
  write_file(s.tmp.path() / "secret.pub", secret + "\n");
  const std::string said_file = usage({good}, {(s.tmp.path() / "secret.pub").string()});
  CHECK(said_file.find(secret.substr(30)) == std::string::npos);
  note::wipe(secret);
}

TEST_CASE("key generate writes an owner-only key once; checkpoint refuses a key others can read", "[checkpoint]") {
  AppStore s;
  const fs::path key = s.tmp.path() / "audit.key";
  const app::GeneratedKey made = app::generate_key("example.com/audit", key);
  CHECK(made.signer_file == key);
  CHECK(note::parse_verifier(made.verifier).ok());
  struct stat st {};
  REQUIRE(::stat(key.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  std::ifstream in(key);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text.starts_with("PRIVATE+KEY+example.com/audit+"));
  CHECK(text.ends_with("\n"));
  note::wipe(text);

  CHECK_THROWS_MATCHES(app::generate_key("example.com/audit", key), dac::Error, kind_is(ErrorKind::Usage));
  CHECK_THROWS_MATCHES(app::generate_key("two words", s.tmp.path() / "x.key"), dac::Error, kind_is(ErrorKind::Usage));
  CHECK_FALSE(fs::exists(s.tmp.path() / "x.key"));

  // (A format-1 store, which has no id to name, is refused: test_format_v2.cpp.)
  fs::permissions(key, fs::perms::group_read, fs::perm_options::add);
  const dac::Error unsafe = error_from([&] { (void)app::make_checkpoint(*s.store, key); });
  CHECK(unsafe.kind() == ErrorKind::Store);
  CHECK_THAT(full_text(unsafe), Catch::Contains("mode 640") && Catch::Contains("chmod 600 " + key.string()));
  write_file(s.tmp.path() / "bad.key", "PRIVATE+KEY+garbage\n");
  fs::permissions(s.tmp.path() / "bad.key", fs::perms::owner_read | fs::perms::owner_write);
  CHECK_THROWS_MATCHES(app::make_checkpoint(*s.store, s.tmp.path() / "bad.key"), dac::Error, kind_is(ErrorKind::Usage));
  write_file(s.tmp.path() / "pub.key", made.verifier + "\n");
  fs::permissions(s.tmp.path() / "pub.key", fs::perms::owner_read | fs::perms::owner_write);
  const dac::Error pub = error_from([&] { (void)app::make_checkpoint(*s.store, s.tmp.path() / "pub.key"); });
  CHECK_THAT(full_text(pub), Catch::Contains("holds a verifier key, not a signer key"));
}
