#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "dac/cli/commands.hpp"
#include "dac/cli/targets.hpp"
#include "dac/core/error.hpp"
#include "dac/core/ids.hpp"

namespace dac::cli {

namespace {

// Reads a token from a file or stdin ("-"), without its trailing newline.
std::string read_token_file(const std::string& path) {
  const bool from_stdin = path == "-";
  const int fd = from_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw_usage("cannot read --token-file " + path + ": " + std::strerror(errno));
  std::string data;
  std::array<char, 256> buf{};
  for (;;) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    data.append(buf.data(), static_cast<std::size_t>(n));
    if (data.size() > 4096) break;  // a token is 45 characters; don't slurp a wrong file
  }
  if (!from_stdin) ::close(fd);
  while (!data.empty() && (data.back() == '\n' || data.back() == '\r' || data.back() == ' ' || data.back() == '\t')) {
    data.pop_back();
  }
  return data;
}

}  // namespace

void add_grant_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::string developer;
    std::string nickname;
    std::optional<std::string> token;
    std::optional<std::string> token_file;
    std::optional<std::string> seller;
    std::optional<std::string> at;
    bool own = false;
    std::optional<std::string> reason;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "grant",
      "Record a developer you gave access to\n"
      "Use this when you authorise a developer in Seller Central. Its access lasts 12 months from the day it "
      "was granted (--at, default now), unless you confirm it again before then.\n"
      "The MWS auth token is kept in the store and shown masked unless you ask; read it from a file (--token-file) "
      "so that it does not show in the process list. A developer whose access was revoked can be granted again.");
  cmd->footer(examples({
      {"Record a developer, with its token from a file",
       "dac grant 1234-5678-9012 --nickname \"Khaos Control\" --token-file token.txt"},
      {"It was authorised on 1 March 2026",
       "dac grant 222233334444 --nickname Feeds --token-file token.txt --at 2026-03-01"},
      {"Your own developer account (it never expires)",
       "dac grant 1111-2222-3333 --nickname \"My app\" --token-file token.txt --own"},
  }));
  cmd->add_option("DEV_ID", opts->developer, "The 12-digit developer ID (1234-5678-9012 or 123456789012)")->required();
  cmd->add_option("--nickname", opts->nickname, "The developer name shown in Seller Central")->required();
  auto* token = cmd->add_option("--token", opts->token,
                                "The MWS auth token (others can see it in the process list: prefer --token-file)");
  auto* file =
      cmd->add_option("--token-file", opts->token_file, "Read the MWS auth token from FILE (- reads it from stdin)");
  token->excludes(file);
  cmd->add_option("--seller", opts->seller, "The seller (needed when the store has several)");
  cmd->add_option("--at", opts->at, "When access was granted (default: now)");
  cmd->add_flag("--own", opts->own, "This is the seller's own developer account: it never expires");
  add_reason_option(*cmd, opts->reason);
  cmd->callback([&ctx, opts] {
    if (!opts->token && !opts->token_file) {
      throw_usage("grant needs the MWS auth token", "give it with --token-file PATH (or - for stdin), or --token");
    }
    rules::GrantRequest request;
    request.developer_id = parse_developer_id(opts->developer);
    request.nickname = parse_nickname(opts->nickname);
    request.token = parse_token(opts->token ? *opts->token : read_token_file(*opts->token_file));
    request.own = opts->own;
    request.authorized_at = parse_time_option(opts->at, "--at", ctx.now(), true).value_or(ctx.now());
    const rules::Actor actor = ctx.actor(opts->reason);
    // The developer's records (and the due ones, R5); an own account is checked against all of its seller's.
    const Scope scope = request.own ? Scope{} : app::scope_of_targets({request.developer_id}, opts->seller, ctx.now());
    const auto written = ctx.write(scope, [&](State& state, rules::Outcome& out) {
      request.seller_id = rules::pick_seller(state, opts->seller).seller_id;
      rules::grant(state, request, ctx.now(), actor, out);
    });
    print_affected(ctx, written.state, {{request.seller_id, request.developer_id}});
  });
}

}  // namespace dac::cli
