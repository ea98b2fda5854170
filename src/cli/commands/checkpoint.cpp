#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "dac/app/checkpoint.hpp"
#include "dac/cli/commands.hpp"
#include "dac/core/error.hpp"
#include "dac/util/file.hpp"

namespace dac::cli {

namespace {

// Writes a checkpoint to a new file (0644: a checkpoint is public), never
// over an existing one: an auditor keeps each of them.
void write_new_file(const std::string& path, const std::string& text) {
  const int raw = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (raw < 0 && errno == EEXIST) {
    throw_usage(path + " already exists; dac never overwrites a checkpoint", "give a new file, e.g. with the date");
  }
  if (raw < 0) throw_usage("cannot create " + path + ": " + std::strerror(errno));
  util::Fd fd(raw);
  int err = util::write_all(fd.get(), text);
  if (err == 0 && ::fsync(fd.get()) != 0) err = errno;
  if (err == 0) err = fd.reset();
  if (err != 0) {
    (void)::unlink(path.c_str());
    throw_store("cannot write " + path + ": " + std::strerror(err));
  }
}

}  // namespace

void add_checkpoint_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::string key;
    std::optional<std::string> output;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "checkpoint",
      "Sign the head of the history, to check it later\n"
      "Prints a signed note (C2SP signed-note, Ed25519) saying how many events the history holds and the hash of "
      "the last one. Keep it outside the store: dac history --verify --checkpoint FILE --verifier KEY later proves "
      "that the history still begins with exactly those events. Writes nothing to the store.");
  cmd->footer(examples({
      {"Sign the head of the history", "dac checkpoint --key ~/audit.key"},
      {"Keep it in a file, outside the store", "dac checkpoint --key ~/audit.key --output 2026-12-01.note"},
  }));
  cmd->add_option("--key", opts->key, "The signer key file that dac key generate wrote (owner-only)")->required();
  cmd->add_option("--output", opts->output, "Write the checkpoint to a new FILE instead of stdout (- is stdout)");
  cmd->callback([&ctx, opts] {
    const std::string note = app::make_checkpoint(ctx.store(), opts->key);
    if (!opts->output || *opts->output == "-") {
      (void)std::fwrite(note.data(), 1, note.size(), stdout);
      return;
    }
    write_new_file(*opts->output, note);
    ctx.notice("checkpoint written to " + *opts->output);
  });
}

}  // namespace dac::cli
