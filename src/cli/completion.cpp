// The completion engine behind `dac __complete` (commands/complete.cpp): what the
// shell completion scripts in completions/ offer. All the knowledge lives here (commands,
// options, which options take a value, the values, the store's developer IDs and nicknames);
// the scripts only hand over the words typed so far and put the answer on the command line as data.
#include "dac/cli/completion.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include <CLI/CLI.hpp>
#include "dac/cli/context.hpp"

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
      {"event",
       {"seller_added", "granted", "confirmed", "suspended", "restored", "revoked", "confirmation_enabled",
        "confirmation_disabled", "reminded", "inventory_recorded"}},
  };
  return values;
}

// A word the shell can show and insert: one line, no control character (a tab
// would split it in fish, a newline everywhere). Input refuses such nicknames;
// this keeps an older store from breaking the protocol.
bool printable(const std::string& word) {
  for (std::size_t i = 0; i < word.size(); ++i) {
    const auto c = static_cast<unsigned char>(word[i]);
    if (c < 0x20 || c == 0x7f) return false;
    // C1 controls, U+0080..U+009F, are C2 80..C2 9F in UTF-8.
    if (c == 0xc2 && i + 1 < word.size() && static_cast<unsigned char>(word[i + 1]) < 0xa0) return false;
  }
  return true;
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

// The developer IDs and nicknames in the store, each once; nothing when there
// is no store (completion never complains).
std::vector<std::string> store_targets(Context& ctx) {
  std::vector<std::string> out;
  try {
    const State state = ctx.store().load();
    std::set<std::string> seen;
    for (const Authorization& a : state.authorizations) {
      if (seen.insert(a.developer_id).second) out.push_back(a.developer_id);
      if (seen.insert(a.nickname).second) out.push_back(a.nickname);
    }
  } catch (const std::exception&) {
  }
  return out;
}

// The developer IDs in the store, each once: what --developer accepts (it
// takes no nickname).
std::vector<std::string> store_developer_ids(Context& ctx) {
  std::vector<std::string> out;
  try {
    std::set<std::string> seen;
    for (const Authorization& a : ctx.store().load().authorizations) {
      if (seen.insert(a.developer_id).second) out.push_back(a.developer_id);
    }
  } catch (const std::exception&) {
  }
  return out;
}

std::vector<std::string> store_sellers(Context& ctx) {
  std::vector<std::string> out;
  try {
    for (const Seller& s : ctx.store().load().sellers) out.push_back(s.seller_id);
  } catch (const std::exception&) {
  }
  return out;
}

// What to offer for the word under the cursor.
struct Offer {
  std::string kind = "words";  // words, files (paths), dirs (folders)
  std::string prefix;          // the start of the word that stays: "--expiring=" when completing its value
  std::vector<std::string> words;
};

// The command path typed so far: the app, then each subcommand; options of a
// command are looked up there and in every command above it (global options
// are accepted after the command).
using Path = std::vector<const CLI::App*>;

const CLI::Option* find_option(const Path& path, const std::string& name) {
  // NOLINTNEXTLINE(modernize-loop-convert): a reverse walk; clang-tidy 14 cannot parse libstdc++ 12's reverse_view
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    for (const CLI::Option* o : (*it)->get_options()) {
      if (o->nonpositional() && o->check_name(name)) return o;
    }
  }
  return nullptr;
}

bool takes_value(const CLI::Option& o) { return o.get_expected_max() > 0; }

std::vector<std::string> visible_commands(const CLI::App& parent) {
  std::vector<std::string> out;
  for (const CLI::App* sub : parent.get_subcommands({})) {
    if (!sub->get_group().empty()) out.push_back(sub->get_name());
  }
  return out;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The values of an option that takes one.
Offer option_offer(Context& ctx, const CLI::Option& o) {
  Offer offer;
  const std::string name = o.get_lnames().empty() ? std::string() : o.get_lnames().front();
  if (name == "store") {
    offer.kind = "dirs";
  } else if (ends_with(name, "file") || name == "output" || name == "config" || name == "checkpoint" ||
             name == "verifier") {
    offer.kind = "files";
  } else if (name == "developer") {
    offer.words = store_developer_ids(ctx);  // parse_developer_id: IDs only
  } else if (name == "exclude") {
    offer.words = store_targets(ctx);  // resolve_targets: an ID or a nickname
  } else if (name == "seller") {
    offer.words = store_sellers(ctx);
  } else if (const auto it = option_values().find(name); it != option_values().end()) {
    offer.words = it->second;
  }
  return offer;
}

// The value of a positional argument, by the name the command gives it;
// `given` are the words this argument already holds (for one taking several).
Offer positional_offer(Context& ctx, const CLI::App& app, const CLI::Option& o, const std::vector<std::string>& given) {
  Offer offer;
  const std::string& name = o.get_name();
  if (name == "TARGET") {
    offer.words = store_targets(ctx);
  } else if (name == "FILE") {
    offer.kind = "files";
  } else if (name == "COMMAND") {
    // `help seller <TAB>`: the commands of the command named so far.
    const CLI::App* parent = &app;
    for (const std::string& w : given) {
      const CLI::App* sub = descend(parent, w);
      if (sub == parent || sub->get_group().empty()) return offer;
      parent = sub;
    }
    offer.words = visible_commands(*parent);
  }
  return offer;
}

// A store folder as the shell would pass it: ~ and ~/... are the home folder.
std::string expand_home(const std::string& dir) {
  const char* home = std::getenv("HOME");
  if (home == nullptr || dir.empty() || dir.front() != '~') return dir;
  if (dir.size() == 1 || dir[1] == '/') return home + dir.substr(1);
  return dir;
}

// What the words before the one under the cursor said: the command path, the
// positional arguments of its last command, an option waiting for its value.
struct Line {
  Path path;
  std::size_t positionals = 0;     // positional arguments given to the last command of the path
  std::vector<std::string> given;  // those arguments
  const CLI::Option* pending = nullptr;
  bool only_positionals = false;
};

// --store given so far is where the store's IDs and nicknames come from.
void set_store(Context& ctx, const CLI::Option* o, const std::string& value) {
  if (o->check_name("--store")) ctx.options.store = expand_home(value);
}

// An option word (-x, --name, --name=value) before the cursor.
void take_option(Line& line, Context& ctx, const std::string& w) {
  const std::size_t eq = w.find('=');
  const bool is_long = w.compare(0, 2, "--") == 0;
  const std::string name = is_long ? w.substr(0, eq) : w.substr(0, 2);
  const CLI::Option* o = find_option(line.path, name);
  if (o == nullptr || !takes_value(*o)) return;
  if (is_long && eq != std::string::npos) {
    set_store(ctx, o, w.substr(eq + 1));
  } else if (w.size() == name.size()) {
    line.pending = o;
  }
}

// One word before the cursor.
void take_word(Line& line, Context& ctx, const std::string& w) {
  if (line.pending != nullptr) {
    set_store(ctx, line.pending, w);
    line.pending = nullptr;
  } else if (!line.only_positionals && w == "--") {
    line.only_positionals = true;
  } else if (!line.only_positionals && w.size() > 1 && w.front() == '-') {
    take_option(line, ctx, w);
  } else {
    const CLI::App* sub = line.positionals == 0 ? descend(line.path.back(), w) : line.path.back();
    if (sub != line.path.back() && !sub->get_group().empty() && !line.only_positionals) {
      line.path.push_back(sub);
    } else {
      ++line.positionals;
      line.given.push_back(w);
    }
  }
}

// The option names of the command path, the last command's first.
Offer option_names_offer(const Path& path) {
  Offer offer;
  std::set<std::string> seen;
  // NOLINTNEXTLINE(modernize-loop-convert): as in find_option
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    for (const CLI::Option* o : (*it)->get_options()) {
      for (const std::string& n : o->get_lnames()) {
        if (seen.insert("--" + n).second) offer.words.push_back("--" + n);
      }
      for (const std::string& n : o->get_snames()) {
        if (seen.insert("-" + n).second) offer.words.push_back("-" + n);
      }
    }
  }
  return offer;
}

// The positional argument the word under the cursor is: each takes its
// expected number of items.
Offer positional_word_offer(const CLI::App& app, Context& ctx, const Line& line) {
  std::size_t before = 0;
  for (const CLI::Option* o : line.path.back()->get_options()) {
    if (o->nonpositional()) continue;
    const std::size_t start = before;
    before += static_cast<std::size_t>(std::max(o->get_items_expected_max(), 1));
    if (line.positionals < before) {
      return positional_offer(
          ctx, app, *o,
          std::vector<std::string>(line.given.begin() + static_cast<std::ptrdiff_t>(start), line.given.end()));
    }
  }
  return {};
}

// `words` are the words after "dac", unquoted, the last one the (partial) word
// under the cursor, possibly empty.
Offer complete_line(const CLI::App& app, Context& ctx, const std::vector<std::string>& words) {
  if (words.empty()) return {};
  Line line;
  line.path.push_back(&app);
  for (std::size_t i = 0; i + 1 < words.size(); ++i) take_word(line, ctx, words[i]);

  const std::string& cur = words.back();
  if (line.pending != nullptr) return option_offer(ctx, *line.pending);
  if (!line.only_positionals && cur.compare(0, 2, "--") == 0 && cur.find('=') != std::string::npos) {
    const std::string name = cur.substr(0, cur.find('='));
    const CLI::Option* o = find_option(line.path, name);
    if (o == nullptr || !takes_value(*o)) return {};
    Offer offer = option_offer(ctx, *o);
    offer.prefix = name + "=";
    return offer;
  }
  if (!line.only_positionals && !cur.empty() && cur.front() == '-') return option_names_offer(line.path);
  if (line.positionals == 0 && !visible_commands(*line.path.back()).empty()) {
    Offer offer;
    offer.words = visible_commands(*line.path.back());
    return offer;
  }
  return positional_word_offer(app, ctx, line);
}

void print_offer(const Offer& offer) {
  std::printf("%s%s%s\n", offer.kind.c_str(), offer.prefix.empty() ? "" : " ", offer.prefix.c_str());
  std::set<std::string> seen;
  for (const std::string& w : offer.words) {
    if (printable(w) && seen.insert(w).second) std::printf("%s\n", w.c_str());
  }
}

// `commands [CMD...]`: the visible commands of the command named.
void print_commands(const CLI::App& app, const std::vector<std::string>& rest) {
  const CLI::App* parent = &app;
  for (const std::string& w : rest) parent = descend(parent, w);
  for (const std::string& name : visible_commands(*parent)) std::printf("%s\n", name.c_str());
}

// `options CMD...`: the options of the command named, then the global ones.
void print_command_options(const CLI::App& app, const std::vector<std::string>& rest) {
  const CLI::App* command = &app;
  for (const std::string& w : rest) command = descend(command, w);
  if (command != &app) print_options(*command);
  print_options(app);
}

// `values NAME`: the values of the option of that long name.
void print_values(const std::vector<std::string>& rest) {
  if (rest.empty()) return;
  const auto it = option_values().find(rest.front());
  if (it == option_values().end()) return;
  for (const std::string& v : it->second) std::printf("%s\n", v.c_str());
}

// `targets`: the store's developer IDs and nicknames.
void print_targets(Context& ctx) {
  for (const std::string& t : store_targets(ctx)) {
    if (printable(t)) std::printf("%s\n", t.c_str());
  }
}

}  // namespace

// One query of the completion scripts: `what` and the words after it.
void answer_completion(const CLI::App& app, Context& ctx, const std::string& what,
                       const std::vector<std::string>& rest) {
  if (what == "line") {
    print_offer(complete_line(app, ctx, rest));
  } else if (what == "commands") {
    print_commands(app, rest);
  } else if (what == "options") {
    print_command_options(app, rest);
  } else if (what == "values") {
    print_values(rest);
  } else if (what == "targets") {
    print_targets(ctx);
  }
}

}  // namespace dac::cli
