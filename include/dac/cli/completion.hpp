#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace dac::cli {

class Context;

// Answers one query of the shell completion scripts on stdout: `what` ("line",
// "commands", "options", "values" or "targets") and the words after it.
void answer_completion(const CLI::App& app, Context& ctx, const std::string& what,
                       const std::vector<std::string>& rest);

}  // namespace dac::cli
