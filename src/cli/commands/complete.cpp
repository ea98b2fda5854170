// `dac __complete`: the hidden command the shell completion scripts in
// completions/ call; what it answers is worked out in cli/completion.cpp.
#include "dac/cli/commands.hpp"
#include "dac/cli/completion.hpp"

namespace dac::cli {

void add_complete_command(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("__complete", "Completion data for the shell scripts");
  cmd->group("");  // hidden from --help
  // Every word after the first is data (options included): CLI11 keeps them
  // for remaining().
  cmd->prefix_command();
  cmd->fallthrough(false);
  cmd->footer(
      "line WORD...: the words after dac, the last the one being completed; prints a kind line "
      "(words, files or dirs, then a space and the part of the word to keep, if any), then one "
      "candidate a line. Older queries: commands [CMD], options CMD..., values NAME, targets.");
  cmd->callback([&app, &ctx, cmd] {
    const std::vector<std::string> words = cmd->remaining();
    if (words.empty()) return;
    answer_completion(app, ctx, words.front(), std::vector<std::string>(words.begin() + 1, words.end()));
  });
}

}  // namespace dac::cli
