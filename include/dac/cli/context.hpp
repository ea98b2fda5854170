#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dac/app/apply.hpp"
#include "dac/core/plural.hpp"  // every command's messages count with plural()
#include "dac/core/rules.hpp"
#include "dac/store/store.hpp"

namespace CLI {
class App;
}

namespace dac::cli {

enum class Format { Table, Json, Csv };

// The global options of SPEC §3, shared by every command.
struct GlobalOptions {
  std::optional<std::string> store;
  std::string format = "table";
  std::string color = "auto";
  std::optional<std::string> actor;
  bool verbose = false;
  bool quiet = false;
  std::string wait = "10s";
};

// What every command gets: the global options, "now", the store, and the
// helpers that turn a request into one locked, all-or-nothing write.
class Context {
 public:
  GlobalOptions options;
  // What the process exits with when the command succeeds (`check` sets its state).
  int exit_code = 0;

  // The instant of this run: $DAC_NOW, else the system clock (read once).
  [[nodiscard]] Instant now();
  [[nodiscard]] Format format() const;
  // Whether stdout gets colour: --color, NO_COLOR, and whether it is a terminal.
  [[nodiscard]] bool color() const;
  // Where the store is (SPEC §6): a folder, or a PostgreSQL URI as given.
  [[nodiscard]] std::string store_location() const;

  // The opened store (refusing a missing or unsafe one).
  [[nodiscard]] Store& store();

  // Who is recorded as making a change: --actor, $USER, else the uid.
  [[nodiscard]] rules::Actor actor(const std::optional<std::string>& reason) const;

  // What a write did, and the state it left.
  using Written = app::Applied;

  // How long a write waits for the store lock: --wait (a usage error when it is not a duration).
  [[nodiscard]] std::chrono::seconds wait() const;

  // How the application layer writes for this run: --wait, and notices to stderr.
  [[nodiscard]] app::WriteOptions write_options(bool dry_run = false);

  // app::apply_change on this run's store at now, reading only `scope` of it
  // (e.g. app::scope_of_targets): R5 suspensions recorded before and after
  // `change`, one write; none with `dry_run`. Without a scope: the whole store.
  Written write(const Scope& scope, const std::function<void(State&, rules::Outcome&)>& change, bool dry_run = false);
  Written write(const std::function<void(State&, rules::Outcome&)>& change, bool dry_run = false);

  // Logs (-v) what a write recorded.
  static void log_written(const Written& written, bool dry_run);

  // A "dac: ..." line on stderr, unless --quiet.
  void notice(const std::string& message) const;

  // The instant a read command shows (SPEC §2): --as-of given as `as_of` (an
  // instant, or relative to now: -30d, +1mo), else now.
  [[nodiscard]] Instant read_instant(const std::optional<std::string>& as_of);

  // The inventory a read command shows at `at` (from read_instant), kept
  // until the process ends: the stored one, or for an --as-of before the
  // store's last write the history replayed up to it. A "dac:" notice when
  // the clock is behind the store's last write and the answer depends on it.
  // With a `scope`, only that part of the stored inventory (a replay reads it all).
  [[nodiscard]] State& read_state(Instant at, const Scope& scope = {});

  // Keeps a loaded state until the process ends, and returns it: main leaves
  // it to the OS, which takes back a large state's memory faster than its
  // destructors would (issue 6).
  [[nodiscard]] const State& keep(State state);

 private:
  std::optional<Instant> m_now;
  bool m_as_of = false;           // read_instant was given an --as-of
  bool m_as_of_absolute = false;  // ... that does not depend on the clock
  std::unique_ptr<Store> m_store;
  std::vector<std::unique_ptr<State>> m_kept;
};

// Whether a person can be asked: stdin is a terminal.
[[nodiscard]] bool stdin_is_terminal();

// Asks a yes/no question on the terminal; anything but y/yes declines, which
// is ErrorKind::Refused "<what> cancelled; nothing was written".
void ask_or_cancel(const std::string& question, const std::string& what);

// The option every changing command takes (R11).
void add_reason_option(CLI::App& command, std::optional<std::string>& reason);

// Parses an optional user time (--at, --as-of), refusing one after now where `not_future`.
[[nodiscard]] std::optional<Instant> parse_time_option(const std::optional<std::string>& text, std::string_view option,
                                                       Instant now, bool not_future);

}  // namespace dac::cli
