#include <map>
#include <set>

#include "cli/commands/commands.hpp"

namespace dac::cli {

namespace {

// The values an option takes, for completion, by its long name without dashes
// (so the shell script can pass it as a plain word).
const std::map<std::string, std::vector<std::string>>& option_values() {
  static const std::map<std::string, std::vector<std::string>> values{
      {"format", {"table", "json", "csv"}},
      {"color", {"auto", "always", "never"}},
      {"status", {"active", "suspended", "revoked", "all"}},
      {"sort", {"expires", "nickname", "developer", "seller", "status", "authorized", "confirmed"}},
      {"expiring", {"7d", "14d", "30d", "60d", "90d"}},
      {"warn", {"30d", "14d"}},
      {"crit", {"7d", "3d"}},
      {"webhook-format", {"slack", "teams", "json"}},
  };
  return values;
}

void print_options(const CLI::App& command) {
  for (const CLI::Option* o : command.get_options()) {
    for (const std::string& name : o->get_lnames()) std::printf("--%s\n", name.c_str());
    for (const std::string& name : o->get_snames()) std::printf("-%s\n", name.c_str());
  }
}

// The subcommand of `parent` named `name`, or `parent` itself.
const CLI::App* descend(const CLI::App* parent, const std::string& name) {
  for (const CLI::App* sub : parent->get_subcommands({})) {
    if (sub->get_name() == name) return sub;
  }
  return parent;
}

}  // namespace

void add_complete_command(CLI::App& app, Context& ctx) {
  auto words = std::make_shared<std::vector<std::string>>();
  auto* cmd = app.add_subcommand("__complete", "Completion data for the shell scripts");
  cmd->group("");  // hidden from --help
  cmd->add_option("WHAT", *words, "commands [CMD], options CMD..., values NAME, targets");
  cmd->callback([&app, &ctx, words] {
    if (words->empty()) return;
    const std::string& what = words->front();
    const std::vector<std::string> rest(words->begin() + 1, words->end());
    if (what == "commands") {
      const CLI::App* parent = &app;
      for (const std::string& w : rest) parent = descend(parent, w);
      for (const CLI::App* sub : parent->get_subcommands({})) {
        if (!sub->get_group().empty()) std::printf("%s\n", sub->get_name().c_str());
      }
    } else if (what == "options") {
      const CLI::App* command = &app;
      for (const std::string& w : rest) command = descend(command, w);
      if (command != &app) print_options(*command);
      print_options(app);
    } else if (what == "values" && !rest.empty()) {
      const auto it = option_values().find(rest.front());
      if (it != option_values().end()) {
        for (const std::string& v : it->second) std::printf("%s\n", v.c_str());
      }
    } else if (what == "targets") {
      // Completion must never complain: a missing store simply offers nothing.
      try {
        const State state = ctx.store().load();
        std::set<std::string> seen;
        for (const Authorization& a : state.authorizations) {
          if (seen.insert(a.developer_id).second) std::printf("%s\n", a.developer_id.c_str());
          if (seen.insert(a.nickname).second) std::printf("%s\n", a.nickname.c_str());
        }
      } catch (const std::exception&) {
      }
    }
  });
}

}  // namespace dac::cli
