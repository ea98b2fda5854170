#include "dac/cli/help.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <memory>

#include "dac/core/error.hpp"

namespace dac::cli {

namespace {

// Where the descriptions of options and commands start.
constexpr std::size_t k_column = 26;

// How wide help is: 80 columns, or a narrower terminal's width.
std::size_t help_width() {
  winsize size{};
  if (::isatty(STDOUT_FILENO) == 1 && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 40 &&
      size.ws_col < 80) {
    return size.ws_col;
  }
  return 80;
}

// The columns UTF-8 text takes: its code points (help has no wide characters).
std::size_t columns_of(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Splits `text` at spaces into lines of at most `width` columns (a longer word gets a line of its own).
std::vector<std::string> wrap(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t used = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    const std::size_t end = std::min(text.find(' ', i), text.size());
    if (end == i) break;
    const std::string_view word = text.substr(i, end - i);
    const std::size_t w = columns_of(word);
    if (!line.empty() && used + 1 + w > width) {
      lines.push_back(std::move(line));
      line.clear();
      used = 0;
    }
    if (!line.empty()) {
      line += ' ';
      ++used;
    }
    line += word;
    used += w;
    i = end;
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

// A paragraph wrapped to `width`, each line indented by `indent`.
std::string paragraph(std::string_view text, std::size_t indent, std::size_t width) {
  std::string out;
  for (const std::string& line : wrap(text, width - indent)) out += std::string(indent, ' ') + line + "\n";
  return out;
}

// One row of a list: `left` at column 2, `description` wrapped from k_column
// (on the next line when `left` is too long to leave room).
std::string row(const std::string& left, std::string_view description, std::size_t width) {
  std::string out = "  " + left;
  std::size_t used = columns_of(out);
  const std::vector<std::string> lines = wrap(description, width - k_column);
  if (lines.empty()) return out + "\n";
  if (used + 2 > k_column) {
    out += "\n";
    used = 0;
  }
  out += std::string(k_column - used, ' ') + lines.front() + "\n";
  for (std::size_t i = 1; i < lines.size(); ++i) out += std::string(k_column, ' ') + lines[i] + "\n";
  return out;
}

// What an option's value is called in help, by option, where the type says no more than TEXT.
std::string value_name(const CLI::Option& opt) {
  static const std::map<std::string, std::string, std::less<>> names{
      {"store", "PATH"},
      {"format", "FORMAT"},
      {"color", "WHEN"},
      {"actor", "NAME"},
      {"wait", "DURATION"},
      {"expiring", "DURATION"},
      {"status", "STATUS"},
      {"developer", "DEV_ID"},
      {"seller", "SELLER_ID"},
      {"as-of", "TIME"},
      {"sort", "KEY"},
      {"at", "TIME"},
      {"since", "TIME"},
      {"until", "TIME"},
      {"after", "SEQ"},
      {"event", "TYPE"},
      {"nickname", "NAME"},
      {"token", "TOKEN"},
      {"token-file", "FILE"},
      {"name", "NAME"},
      {"enabled-at", "TIME"},
      {"output", "FILE"},
      {"mode", "OCTAL"},
      {"config", "FILE"},
      {"webhook", "URL"},
      {"webhook-file", "FILE"},
      {"webhook-format", "KIND"},
      {"webhook-ca-file", "FILE"},
      {"smtp", "URL"},
      {"smtp-user", "USER"},
      {"smtp-password-file", "FILE"},
      {"from", "ADDRESS"},
      {"to", "ADDRESS"},
      {"smtp-ca-file", "FILE"},
      {"connect-timeout", "DURATION"},
      {"timeout", "DURATION"},
      {"retries", "N"},
      {"retry-delay", "DURATION"},
      {"retry-max-delay", "DURATION"},
      {"warn", "DURATION"},
      {"crit", "DURATION"},
      {"exclude", "TARGET"},
      {"reason", "TEXT"},
      {"key", "FILE"},
      {"checkpoint", "FILE"},
      {"verifier", "KEY"},
  };
  if (!opt.get_option_text().empty()) return opt.get_option_text();
  const std::vector<std::string>& lnames = opt.get_lnames();
  // notify --at takes milestones, not an instant.
  if (!lnames.empty() && lnames.front() == "at" && opt.get_expected_max() > 1) return "DURATION,...";
  if (!lnames.empty()) {
    if (const auto it = names.find(lnames.front()); it != names.end()) return it->second;
  }
  std::string type = opt.get_type_name();
  type = type.substr(0, type.find(':'));
  if (type == "TEXT" && !lnames.empty()) {
    type = lnames.front();
    for (char& c : type) c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return type == "INT" ? "N" : type;
}

// "-v, --verbose", and the value an option takes: "--expiring DURATION".
std::string option_label(const CLI::Option& opt) {
  std::string label;
  for (const std::string& s : opt.get_snames()) label += (label.empty() ? "-" : ", -") + s;
  for (const std::string& l : opt.get_lnames()) label += (label.empty() ? "--" : ", --") + l;
  if (opt.get_type_size() != 0) label += " " + value_name(opt);
  return label;
}

// A positional argument as the usage line shows it: TARGET..., [FILE].
std::string argument_label(const CLI::Option& opt) {
  std::string label = opt.get_name(true, false);
  if (opt.get_expected_max() > 1) label += "...";
  return opt.get_required() ? label : "[" + label + "]";
}

std::string option_description(const CLI::Option& opt) {
  std::string text = opt.get_description();
  if (opt.get_required() && opt.nonpositional()) text += " (required)";
  return text;
}

const CLI::App& root_of(const CLI::App& app) {
  const CLI::App* at = &app;
  while (at->get_parent() != nullptr) at = at->get_parent();
  return *at;
}

// "dac seller add": how the user names a command.
std::string path_of(const CLI::App& app) {
  std::string path = app.get_name();
  for (const CLI::App* at = app.get_parent(); at != nullptr; at = at->get_parent())
    path.insert(0, at->get_name() + " ");
  return path;
}

std::string help_of(const CLI::App& app) { return path_of(app) + " --help"; }

// The commands a user can type under `app` (not the hidden ones).
std::vector<const CLI::App*> visible_commands(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
}

// Them in the order help lists them: by group, groups in the order they first appear.
std::vector<const CLI::App*> in_help_order(const CLI::App& app) {
  const std::vector<const CLI::App*> commands = visible_commands(app);
  std::vector<std::string> groups;
  for (const CLI::App* c : commands) {
    if (std::find(groups.begin(), groups.end(), c->get_group()) == groups.end()) groups.push_back(c->get_group());
  }
  std::vector<const CLI::App*> ordered;
  for (const std::string& group : groups) {
    for (const CLI::App* c : commands) {
      if (c->get_group() == group) ordered.push_back(c);
    }
  }
  return ordered;
}

const CLI::App* find_command(const CLI::App& app, std::string_view name) {
  for (const CLI::App* sub : visible_commands(app)) {
    if (sub->get_name() == name) return sub;
  }
  return nullptr;
}

// What the command is for: its first line, then the paragraphs after it.
std::string help_description(const CLI::App& app, std::size_t width) {
  std::string out;
  const std::string& description = app.get_description();
  for (std::size_t start = 0; start < description.size();) {
    const std::size_t end = std::min(description.find('\n', start), description.size());
    out += paragraph(std::string_view(description).substr(start, end - start), 0, width) + "\n";
    start = end + 1;
  }
  return out;
}

// The "Usage:" line(s).
std::string help_usage(const std::string& name, bool is_root, bool has_options,
                       const std::vector<const CLI::Option*>& arguments, bool has_commands) {
  std::string out;
  if (is_root) {
    out += "Usage: " + name + " COMMAND [OPTIONS]\n";
    out += "       " + name + " help COMMAND\n";
    return out;
  }
  out += "Usage: " + name + (has_options ? " [OPTIONS]" : "");
  for (const CLI::Option* a : arguments) out += " " + argument_label(*a);
  if (has_commands) out += " COMMAND";
  out += "\n";
  return out;
}

// The "Arguments:" section, if any.
std::string help_arguments(const std::vector<const CLI::Option*>& arguments, std::size_t width) {
  if (arguments.empty()) return {};
  std::string out = "\nArguments:\n";
  for (const CLI::Option* a : arguments) {
    out += row(a->get_name(true, false) + (a->get_expected_max() > 1 ? "..." : ""), a->get_description(), width);
  }
  return out;
}

// The commands, by group, in the order they were added.
std::string help_commands(const std::vector<const CLI::App*>& commands, bool is_root, std::size_t width) {
  std::string out;
  std::vector<std::string> groups;
  for (const CLI::App* c : commands) {
    if (std::find(groups.begin(), groups.end(), c->get_group()) == groups.end()) groups.push_back(c->get_group());
  }
  for (const std::string& group : groups) {
    out += "\n" + (group == "Subcommands" ? std::string(is_root ? "Other commands" : "Commands") : group) + ":\n";
    for (const CLI::App* c : commands) {
      if (c->get_group() != group) continue;
      const std::string& text = c->get_description();
      out += row(c->get_name(), std::string_view(text).substr(0, text.find('\n')), width);
    }
  }
  return out;
}

// The global options: the same in every command's help (--help and --version only in the root's).
std::string help_global_options(const CLI::App& app, bool is_root, std::size_t width) {
  const CLI::App& root = root_of(app);
  std::string out = "\nGlobal options (before or after the command):\n";
  for (const CLI::Option* o : root.get_options([](const CLI::Option* o) { return o->nonpositional(); })) {
    const bool help_or_version = o == root.get_help_ptr() || o == root.get_version_ptr();
    if (help_or_version && !is_root) continue;
    out += row(option_label(*o), option_description(*o), width);
  }
  return out;
}

class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode /*mode*/) const override {
    const std::size_t width = help_width();
    const bool is_root = app->get_parent() == nullptr;
    std::string out = help_description(*app, width);

    const std::vector<const CLI::App*> commands = in_help_order(*app);
    const std::vector<const CLI::Option*> arguments =
        app->get_options([](const CLI::Option* o) { return o->get_positional() && !o->get_group().empty(); });
    const std::vector<const CLI::Option*> options =
        app->get_options([](const CLI::Option* o) { return o->nonpositional() && !o->get_group().empty(); });

    out += help_usage(name, is_root, !options.empty(), arguments, !commands.empty());
    out += help_arguments(arguments, width);
    out += help_commands(commands, is_root, width);
    if (!is_root) {
      out += "\nOptions:\n";
      for (const CLI::Option* o : options) out += row(option_label(*o), option_description(*o), width);
    }
    out += help_global_options(*app, is_root, width);

    const std::string footer = app->get_footer();
    if (!footer.empty()) out += "\n" + footer + (footer.back() == '\n' ? "" : "\n");
    return out;
  }
};

// "'list'", "'check' or 'confirm'": what a hint offers.
std::string alternatives(const std::vector<std::string>& words, bool quoted) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += quoted ? "'" + words[i] + "'" : words[i];
  }
  return out;
}

std::string did_you_mean(const std::vector<std::string>& words, bool quoted) {
  return words.empty() ? std::string() : "did you mean " + alternatives(words, quoted) + "? ";
}

// Every name the options of `app` answer to, with their dashes.
std::vector<std::string> option_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* o : app.get_options()) {
    for (const std::string& l : o->get_lnames()) names.push_back("--" + l);
    for (const std::string& s : o->get_snames()) names.push_back("-" + s);
  }
  return names;
}

// The commands, anywhere under `app`, that have the option `name`.
void commands_with_option(const CLI::App& app, const std::string& name, std::vector<std::string>& found) {
  for (const CLI::App* sub : visible_commands(app)) {
    const std::vector<std::string> names = option_names(*sub);
    if (std::find(names.begin(), names.end(), name) != names.end()) found.push_back(path_of(*sub));
    commands_with_option(*sub, name, found);
  }
}

bool is_option_word(const std::string& word) {
  return word.size() > 1 && word.front() == '-' && std::isdigit(static_cast<unsigned char>(word[1])) == 0;
}

// The message for a command that needs a subcommand and was given none.
UsageMessage missing_command(const CLI::App& at) {
  std::vector<std::string> names;
  for (const CLI::App* c : in_help_order(at)) names.push_back(c->get_name());
  const std::string path = path_of(at);
  return {"a command is required: " + path + " COMMAND [OPTIONS], where COMMAND is " + alternatives(names, false),
          "see what each one does: " + help_of(at)};
}

}  // namespace

std::string examples(std::initializer_list<Example> list) {
  std::string out = "Examples:\n";
  bool first = true;
  for (const Example& e : list) {
    if (!first) out += "\n";
    first = false;
    out += "  # " + std::string(e.what) + "\n  " + std::string(e.line) + "\n";
  }
  return out;
}

void use_help_formatter(CLI::App& app) {
  app.formatter(std::make_shared<HelpFormatter>());
  app.set_help_flag("-h,--help", "Show this help");
}

void add_help_command(CLI::App& app) {
  auto words = std::make_shared<std::vector<std::string>>();
  auto* cmd = app.add_subcommand("help", "Show what a command does, its options and examples");
  cmd->add_option("COMMAND", *words, "The command, e.g. list or seller add");
  cmd->footer(examples({
      {"What every command is for", "dac help"},
      {"How to list the authorizations, with examples", "dac help list"},
      {"A command of a command", "dac help seller add"},
  }));
  cmd->callback([&app, words] {
    const CLI::App* at = &app;
    for (const std::string& word : *words) {
      const CLI::App* next = find_command(*at, word);
      if (next == nullptr) {
        std::vector<std::string> names;
        for (const CLI::App* c : visible_commands(*at)) names.push_back(c->get_name());
        const std::string known = at == &app ? std::string() : path_of(*at).substr(app.get_name().size() + 1) + " ";
        std::string message = "unknown command '";
        message += known;
        message += word;
        message += "'";
        throw_usage(message, did_you_mean(nearest(word, names), true) + "see: " + help_of(*at));
      }
      at = next;
    }
    static_cast<void>(
        std::fputs(at->get_formatter()->make_help(at, path_of(*at), CLI::AppFormatMode::Normal).c_str(), stdout));
  });
}

namespace {

// An option `at` does not have: the command that has it, or the nearest name.
UsageMessage unknown_option(const CLI::App& app, const CLI::App& at, const std::string& name, const std::string& see) {
  std::vector<std::string> names = option_names(at);
  if (&at != &app) {
    for (std::string& n : option_names(app)) names.push_back(std::move(n));
  }
  std::vector<std::string> elsewhere;
  commands_with_option(app, name, elsewhere);
  if (!elsewhere.empty()) {
    return {path_of(at) + " has no option " + name,
            "it is an option of " + alternatives(elsewhere, false) + "; " + see};
  }
  return {"unknown option " + name, did_you_mean(nearest(name, names), false) + see};
}

}  // namespace

UsageMessage describe_parse_error(const CLI::App& app, const CLI::ParseError& e) {
  // The command the error is about: the last one given.
  const CLI::App* at = &app;
  while (!at->get_subcommands().empty()) at = at->get_subcommands().front();
  const std::string see = "see: " + help_of(*at);
  const std::vector<std::string> rest = app.remaining(true);

  // What came first of what nobody took: a word that is no command, or an option nobody has.
  const auto word = std::find_if(rest.begin(), rest.end(), [](const std::string& w) { return !is_option_word(w); });
  const auto option = std::find_if(rest.begin(), rest.end(), is_option_word);
  if (at->get_require_subcommand_min() > 0 && at->get_subcommands().empty() && word != rest.end() && word < option) {
    std::vector<std::string> names;
    for (const CLI::App* c : visible_commands(*at)) names.push_back(c->get_name());
    const std::string known = at == &app ? std::string() : path_of(*at).substr(app.get_name().size() + 1) + " ";
    return {"unknown command '" + known + *word + "'", did_you_mean(nearest(*word, names), true) + see};
  }

  if (option != rest.end()) return unknown_option(app, *at, option->substr(0, option->find('=')), see);

  if (at->get_require_subcommand_min() > 0 && at->get_subcommands().empty()) return missing_command(*at);
  if (word != rest.end()) return {"unexpected argument '" + *word + "'", see};

  std::string message = e.what();
  // "--format: xml not in {table,json,csv}" reads better as what to give.
  if (e.get_name() == "ValidationError") {
    const std::size_t colon = message.find(": ");
    const std::size_t not_in = message.rfind(" not in {");
    if (colon != std::string::npos && not_in != std::string::npos && not_in > colon && message.back() == '}') {
      std::string choices = message.substr(not_in + 9, message.size() - not_in - 10);
      std::vector<std::string> values;
      for (std::size_t s = 0; s <= choices.size();) {
        const std::size_t comma = std::min(choices.find(',', s), choices.size());
        values.push_back(choices.substr(s, comma - s));
        s = comma + 1;
      }
      message = "invalid " + message.substr(0, colon) + " '" + message.substr(colon + 2, not_in - colon - 2) +
                "': use " + alternatives(values, false);
    }
  } else if (e.get_name() == "ArgumentMismatch" && message.find(" missing") != std::string::npos) {
    message = message.substr(0, message.find(':')) + " needs a value";
  }
  return {message, see};
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  // Optimal string alignment: Levenshtein plus swaps of two neighbours, over three rows.
  std::vector<std::size_t> before(b.size() + 1);
  std::vector<std::size_t> previous(b.size() + 1);
  std::vector<std::size_t> current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool same = lower(a[i - 1]) == lower(b[j - 1]);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1])) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::vector<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string_view bare = word.substr(std::min(word.find_first_not_of('-'), word.size()));
  // Short words are near anything at distance 2: allow them one edit, and a single letter none.
  if (bare.size() < 2) return {};
  // A word that starts a candidate is a shortened name ("hist" is history,
  // though "list" is fewer edits away): those first, then near misses.
  std::vector<std::string> found;
  for (const std::string& c : candidates) {
    const std::string_view c_bare = std::string_view(c).substr(std::min(c.find_first_not_of('-'), c.size()));
    if (c.size() > word.size() && word.front() == c.front() && c_bare.starts_with(bare)) found.push_back(c);
  }
  if (!found.empty()) {
    if (found.size() > 3) found.resize(3);
    return found;
  }
  const std::size_t limit = bare.size() <= 3 ? 1 : 2;
  std::size_t best = limit + 1;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (c == word || d > limit || d > best) continue;
    if (d < best) found.clear();
    best = d;
    if (std::find(found.begin(), found.end(), c) == found.end()) found.push_back(c);
  }
  if (found.size() > 3) found.resize(3);
  return found;
}

}  // namespace dac::cli
