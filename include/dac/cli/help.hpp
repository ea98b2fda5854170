#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

// dac's help, written for a seller who has never read the specification:
// what each command is for, its options, the global options, and examples;
// and the usage errors of parsing, with "did you mean" and the command's help.
namespace dac::cli {

// One example of a command's help: what it does, and the command line.
struct Example {
  std::string_view what;
  std::string_view line;
};

// The "Examples:" part of a command's help, for CLI::App::footer().
[[nodiscard]] std::string examples(std::initializer_list<Example> list);

// Gives `app`, and every command added to it after this call, dac's help layout.
void use_help_formatter(CLI::App& app);

// Adds `dac help [COMMAND...]`: the help of dac, or of COMMAND, as --help prints it.
void add_help_command(CLI::App& app);

// What a usage error says, and its hint.
struct UsageMessage {
  std::string message;
  std::string hint;
};

// Explains an error of parsing the command line: an unknown command or option
// (with the nearest known one), a missing command, or CLI11's own message;
// the hint names the help of the command at fault.
[[nodiscard]] UsageMessage describe_parse_error(const CLI::App& app, const CLI::ParseError& e);

// The edit distance between `a` and `b` (insertions, deletions, substitutions
// and swaps of two neighbours), ignoring ASCII case.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidates `word` was most likely meant to be (nearest first, at most 3):
// those within a small edit distance, else those it is the start of.
[[nodiscard]] std::vector<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace dac::cli
