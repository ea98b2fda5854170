#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

#include "dac/app/checkpoint.hpp"
#include "dac/cli/commands.hpp"
#include "dac/core/error.hpp"

namespace dac::cli {

namespace {

namespace fs = std::filesystem;

// Where the signer key goes without --output: NAME.key in the current folder
// ('/' of a URL-like name made '_', so it stays one file name).
fs::path default_key_file(std::string name) {
  std::replace(name.begin(), name.end(), '/', '_');
  return name + ".key";
}

// A signer key is never in the store: whoever can write the store could then sign.
void refuse_inside_store(const Context& ctx, const fs::path& file) {
  const std::string location = ctx.store_location();
  if (is_postgres_location(location)) return;  // a team store has no folder
  std::error_code ec;
  const fs::path folder = fs::weakly_canonical(fs::absolute(file, ec).parent_path(), ec);
  const fs::path store = fs::weakly_canonical(location, ec);
  if (ec || folder.empty()) return;
  for (fs::path at = folder; !at.empty(); at = at.parent_path()) {
    if (at == store) {
      throw_usage("a signer key must not be kept in the store (" + store.string() + ")",
                  "keep it on the auditor's or the administrator's machine, away from the store");
    }
    if (at == at.parent_path()) break;
  }
}

}  // namespace

void add_key_command(CLI::App& app, Context& ctx) {
  auto* key = app.add_subcommand("key",
                                 "Make the signing key of checkpoints\n"
                                 "A checkpoint (dac checkpoint) is signed with a key kept away from the store; "
                                 "auditors check it with the verifier key. docs/checkpoints.md.");
  key->require_subcommand(1);
  struct Options {
    std::string name;
    std::optional<std::string> output;
  };
  auto opts = std::make_shared<Options>();
  auto* generate = key->add_subcommand(
      "generate",
      "Make a new Ed25519 signing key for checkpoints\n"
      "Writes the signer key owner-only (0600) to FILE, by default NAME.key in the current folder, refusing a "
      "file that exists; prints the verifier key to give to auditors. Keep the signer key away from the store.");
  const auto key_examples = examples({
      {"A key for this store's checkpoints, kept in your home folder",
       "dac key generate example.com/dac-audit --output ~/dac-audit.key"},
      {"The same, written to example.com_dac-audit.key here", "dac key generate example.com/dac-audit"},
  });
  generate->footer(key_examples);
  key->footer(key_examples);
  generate->add_option("NAME", opts->name, "The key's name, e.g. example.com/dac-audit (no space or '+')")->required();
  generate->add_option("--output", opts->output, "Write the signer key to FILE (default: NAME.key)");
  generate->callback([&ctx, opts] {
    if (opts->output && (opts->output->empty() || *opts->output == "-")) {
      throw_usage("--output needs a file: a signer key is never printed", "give a file name, e.g. --output audit.key");
    }
    const fs::path file = opts->output ? fs::path(*opts->output) : default_key_file(opts->name);
    refuse_inside_store(ctx, file);
    const app::GeneratedKey made = app::generate_key(opts->name, file);
    if (ctx.format() == Format::Json) {
      const nlohmann::ordered_json out = {
          {"name", opts->name}, {"verifier", made.verifier}, {"signer_key_file", made.signer_file.string()}};
      (void)std::fputs((out.dump(2) + "\n").c_str(), stdout);
    } else {
      (void)std::fputs((made.verifier + "\n").c_str(), stdout);
    }
    ctx.notice("signer key written to " + made.signer_file.string() + " (owner-only); keep it away from the store");
  });
}

}  // namespace dac::cli
