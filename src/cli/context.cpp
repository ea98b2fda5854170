#include "dac/cli/context.hpp"

#include <unistd.h>

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "dac/app/select.hpp"
#include "dac/core/error.hpp"
#include "dac/core/ids.hpp"

namespace dac::cli {

namespace {

// Where the store is, by SPEC §6: --store, $DAC_STORE, $XDG_DATA_HOME/dac, ~/.local/share/dac.
std::filesystem::path resolve_store_path(const std::optional<std::string>& option) {
  if (option) {
    if (option->empty()) throw_usage("--store needs a path");
    return {*option};
  }
  const auto env = [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
  };
  if (auto v = env("DAC_STORE")) return {*v};
  if (auto v = env("XDG_DATA_HOME"); v && std::filesystem::path(*v).is_absolute())
    return std::filesystem::path(*v) / "dac";
  if (auto v = env("HOME")) return std::filesystem::path(*v) / ".local" / "share" / "dac";
  throw_store("cannot tell where the store is: none of --store, DAC_STORE, XDG_DATA_HOME or HOME is set",
              "set DAC_STORE=/path/to/store (cron jobs often run without HOME)");
}

}  // namespace

Instant Context::now() {
  if (!m_now) {
    const char* fixed = std::getenv("DAC_NOW");
    if (fixed != nullptr && *fixed != '\0') {
      m_now = parse_instant(fixed, "DAC_NOW");
      spdlog::debug("now is {} (from DAC_NOW)", format_instant(*m_now));
    } else {
      m_now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
      spdlog::debug("now is {}", format_instant(*m_now));
    }
  }
  return *m_now;
}

Format Context::format() const {
  if (options.format == "json") return Format::Json;
  if (options.format == "csv") return Format::Csv;
  return Format::Table;
}

bool Context::color() const {
  if (options.color == "always") return true;
  if (options.color == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb") return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

std::string Context::store_location() const {
  const auto set = [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
  };
  // The XDG Base Directory spec: a relative $XDG_DATA_HOME is invalid and must be
  // ignored. Say so, rather than let it look unset.
  const std::optional<std::string> xdg = set("XDG_DATA_HOME");
  const bool xdg_ignored = !options.store && !set("DAC_STORE") && xdg && !std::filesystem::path(*xdg).is_absolute();
  const std::string why = xdg_ignored ? "XDG_DATA_HOME='" + *xdg +
                                            "' is ignored because it is a relative path (the XDG Base Directory "
                                            "spec allows only absolute ones)"
                                      : std::string{};
  if (xdg_ignored && !set("HOME")) {
    throw_store("cannot tell where the store is: " + why + ", and none of --store, DAC_STORE or HOME is set",
                "set DAC_STORE=/path/to/store, or XDG_DATA_HOME to an absolute path");
  }
  std::filesystem::path path = resolve_store_path(options.store);
  if (is_postgres_location(path.native())) return path.native();  // a URI, as given
  if (xdg_ignored) notice(why + "; using " + path.string());
  return path.string();
}

Store& Context::store() {
  if (!m_store) {
    m_store = open_store(store_location());
    spdlog::debug("store {}", m_store->describe());
  }
  return *m_store;
}

rules::Actor Context::actor(const std::optional<std::string>& reason) const {
  rules::Actor actor;
  if (options.actor) {
    actor.name = parse_text(*options.actor, "--actor", 256);
  } else if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') {
    // It goes into the history as given: refuse what --actor would refuse.
    try {
      actor.name = parse_text(user, "$USER", 256);
    } catch (const Error& e) {
      throw_usage(e.what(), "record a plain name with --actor NAME");
    }
  } else {
    actor.name = "uid " + std::to_string(::getuid());
  }
  if (reason) actor.reason = parse_text(*reason, "--reason", 1000);
  return actor;
}

std::chrono::seconds Context::wait() const {
  const Duration wait = parse_duration(options.wait, "--wait", true);
  if (wait.months != 0)
    throw_usage("invalid --wait '" + options.wait + "': use seconds, minutes or hours (10s, 2min, 1h)");
  return std::chrono::seconds(wait.seconds);
}

app::WriteOptions Context::write_options(bool dry_run) {
  app::WriteOptions write;
  write.wait = wait();
  write.dry_run = dry_run;
  write.on_locked = [](std::chrono::milliseconds waited) { spdlog::debug("store locked after {} ms", waited.count()); };
  write.before_commit = [this](const rules::Outcome& out) {
    for (const std::string& n : out.notices) notice(n);
  };
  return write;
}

Context::Written Context::write(const std::function<void(State&, rules::Outcome&)>& change, bool dry_run) {
  return write(Scope{}, change, dry_run);
}

Context::Written Context::write(const Scope& scope, const std::function<void(State&, rules::Outcome&)>& change,
                                bool dry_run) {
  Written written = app::apply_change(store(), now(), write_options(dry_run), scope, change);
  log_written(written, dry_run);
  return written;
}

void Context::log_written(const Written& written, bool dry_run) {
  if (dry_run) {
    spdlog::debug("dry run: {} not recorded", plural(written.outcome.events.size(), "event"));
  } else {
    spdlog::debug("recorded {}; history now holds {}; {} in memory", plural(written.outcome.events.size(), "event"),
                  written.state.history.events, plural(written.state.authorizations.size(), "authorization"));
  }
}

Instant Context::read_instant(const std::optional<std::string>& as_of) {
  m_as_of = as_of.has_value();
  if (!as_of) return now();
  m_as_of_absolute = as_of->empty() || (as_of->front() != '-' && as_of->front() != '+');
  return parse_time(*as_of, now(), "--as-of");
}

State& Context::read_state(Instant at, const Scope& scope) {
  Store& s = store();
  State stored = s.load(scope);
  spdlog::debug("{} in memory{}", plural(stored.authorizations.size(), "authorization"),
                scope.whole ? "" : ", the part of the inventory this command needs");
  if (stored.written_at && now() < *stored.written_at && !m_as_of_absolute) {
    notice("the clock (" + format_instant(now()) + ") is behind the store's last write (" +
           format_instant(*stored.written_at) + ")" +
           (m_as_of ? "" : ": records are shown as last written, their status as of the clock") +
           "; check the system clock or DAC_NOW");
  }
  // Without --as-of, now: the records as they stand, even when the clock is behind them.
  if (m_as_of && app::recorded_after(stored, at)) {
    spdlog::debug("replaying the history up to {}", format_instant(at));
    // The replay keeps the tokens of every grant that still holds one now.
    if (!scope.whole) stored = s.load();
    stored = app::replay_to(s, stored, at);
  }
  m_kept.push_back(std::make_unique<State>(std::move(stored)));
  return *m_kept.back();
}

const State& Context::keep(State state) {
  m_kept.push_back(std::make_unique<State>(std::move(state)));
  return *m_kept.back();
}

void Context::notice(const std::string& message) const {
  if (!options.quiet) (void)std::fprintf(stderr, "dac: %s\n", message.c_str());
}

bool stdin_is_terminal() { return ::isatty(STDIN_FILENO) == 1; }

void ask_or_cancel(const std::string& question, const std::string& what) {
  (void)std::fprintf(stderr, "%s [y/N] ", question.c_str());
  (void)std::fflush(stderr);
  std::string answer;
  if (!std::getline(std::cin, answer)) {
    // Input ended (Ctrl-D): end the prompt's line, so what follows starts on its own.
    (void)std::fputs("\n", stderr);
    answer.clear();
  }
  if (answer != "y" && answer != "Y" && answer != "yes" && answer != "Yes" && answer != "YES") {
    throw Error(ErrorKind::Refused, what + " cancelled; nothing was written");
  }
}

void add_reason_option(CLI::App& command, std::optional<std::string>& reason) {
  command.add_option("--reason", reason, "Why, kept in the history");
}

std::optional<Instant> parse_time_option(const std::optional<std::string>& text, std::string_view option, Instant now,
                                         bool not_future) {
  if (!text) return std::nullopt;
  const Instant t = parse_instant(*text, option);
  if (not_future && t > now) {
    throw_usage(std::string(option) + " " + format_instant(t) + " is in the future (now is " + format_instant(now) +
                ")");
  }
  return t;
}

}  // namespace dac::cli
