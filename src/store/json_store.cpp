#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "codec.hpp"
#include "dac/core/error.hpp"
#include "dac/core/rules.hpp"
#include "dac/store/store.hpp"
#include "dac/util/atomic_file.hpp"
#include "dac/util/file.hpp"
#include "dac/util/lock_file.hpp"
#include "fast_codec.hpp"
#include "history.hpp"
#include "upgrade.hpp"

namespace dac {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_state_file = "state.json";
constexpr const char* k_history_file = "history.jsonl";
constexpr const char* k_lock_file = "lock";

std::string missing_store_hint() {
  return "create one with: dac init --seller SELLER_ID (or point --store or DAC_STORE at an existing store)";
}

// Opens a store file for reading; a missing file, or a folder, is a store error.
util::Fd open_store_file(const fs::path& path) {
  util::Fd fd = util::open_for_reading(path);
  if (!fd) {
    const int err = errno;
    if (err == ENOENT) {
      throw_store("store file " + path.string() + " is missing",
                  path.filename() == k_state_file ? missing_store_hint() : "restore it from a backup");
    }
    throw_store("cannot read " + path.string() + ": " + std::strerror(err));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) == 0 && S_ISDIR(st.st_mode)) throw_store(path.string() + " is a folder, not a file");
  return fd;
}

// Reads a whole file, as open_store_file opens it.
std::string read_file(const fs::path& path) {
  const util::Fd fd = open_store_file(path);
  std::string data;
  if (const int err = util::read_all(fd.get(), data); err != 0) {
    throw_store("cannot read " + path.string() + ": " + std::strerror(err));
  }
  return data;
}

// Refuses a store file or folder that others may read, or that someone else owns.
void check_safe(const fs::path& path, bool is_dir) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;
    if (err == ENOENT) return;  // reported by whoever needs the file
    throw_store("cannot inspect " + path.string() + ": " + std::strerror(err));
  }
  if (is_dir && !S_ISDIR(st.st_mode)) {
    throw_store(path.string() + " is not a folder", "point --store or DAC_STORE at the store's folder");
  }
  if (!is_dir && !S_ISREG(st.st_mode)) throw_store(path.string() + " is not a regular file");
  if (st.st_uid != ::geteuid()) {
    const fs::path store_dir = is_dir ? path : path.parent_path();
    throw_store(path.string() + " belongs to another user (uid " + std::to_string(st.st_uid) + ")",
                "run dac as its owner, or take it over with: chown -R \"$(id -u)\" " + store_dir.string());
  }
  if ((st.st_mode & 077) != 0) {
    std::array<char, 8> mode{};
    (void)std::snprintf(mode.data(), mode.size(), "%03o", st.st_mode & 0777);
    throw_store(path.string() + " is accessible by other users (mode " + mode.data() + "); it holds secrets",
                std::string("fix it with: chmod ") + (is_dir ? "700 " : "600 ") + path.string());
  }
}

// Removes the temp files that a writer of `target` left when it died: only
// those (a symlinked state.json may live in a folder shared with others).
void remove_stale_temp_files(const fs::path& target) {
  const std::string prefix = std::string(AtomicFile::k_temp_prefix) + target.filename().string() + "-";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(target.parent_path(), ec)) {
    if (entry.path().filename().string().rfind(prefix, 0) == 0) fs::remove(entry.path(), ec);
  }
}

// Whether a history holds nothing but what `dac init` appends before it writes
// the state (its seller's creation): what an interrupted init leaves, which a
// new init may replace. Anything else is what is left of a store.
bool only_an_interrupted_init(std::string_view text) {
  std::uint64_t seq = 0;
  std::string seller;
  std::size_t pos = 0;
  for (std::size_t end; (end = text.find('\n', pos)) != std::string_view::npos; pos = end + 1) {
    Event e;
    try {
      e = event_from_json(parse_json(text.substr(pos, end - pos), "history"), "history");
    } catch (const Error&) {
      return false;
    }
    ++seq;
    const bool creation = seq == 1 ? e.type == EventType::SellerAdded
                                   : seq == 2 && e.type == EventType::ConfirmationEnabled && e.seller_id == seller;
    if (!creation || e.seq != seq) return false;
    seller = e.seller_id;
  }
  return true;  // and maybe the start of a line the interruption cut short
}

// Creates the missing folders above a new store owner-only, like the store
// itself (and as XDG asks of ~/.local/share), whatever the umask.
void create_parent_folders(const fs::path& dir) {
  std::vector<fs::path> missing;
  std::error_code ec;
  for (fs::path p = dir.parent_path(); !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  std::reverse(missing.begin(), missing.end());  // the outermost first
  for (const fs::path& p : missing) {
    if (::mkdir(p.c_str(), 0700) != 0 && errno != EEXIST) throw_io_error("create the folder", p, errno);
  }
}

// Whether `dir` holds anything but what an interrupted `dac init` leaves.
bool holds_foreign_files(const fs::path& dir) {
  std::error_code ec;
  const fs::directory_iterator entries(dir, ec);
  return std::any_of(fs::begin(entries), fs::end(entries), [](const fs::directory_entry& entry) {
    const std::string name = entry.path().filename().string();
    return name != k_lock_file && name != k_history_file && name.rfind(AtomicFile::k_temp_prefix, 0) != 0;
  });
}

class JsonStore;

class JsonTransaction final : public Transaction {
 public:
  JsonTransaction(JsonStore& store, std::unique_ptr<LockFile> lock, State state)
      : m_store(store), m_lock(std::move(lock)), m_state(std::move(state)) {
    // A format-1 store (it has no id): its first write upgrades it, recording
    // the inventory as loaded, before the write's own changes.
    m_upgrade = upgrade::inventory_to_record(m_state);
  }

  State& state() override { return m_state; }
  void commit(std::vector<Event> events, Instant now) override;

 private:
  JsonStore& m_store;
  std::unique_ptr<LockFile> m_lock;
  State m_state;
  std::shared_ptr<const Inventory> m_upgrade;
};

class JsonStore final : public Store {
 public:
  explicit JsonStore(fs::path dir) : m_dir(std::move(dir)) {
    check_safe(m_dir, true);
    m_state_path = real_path(m_dir / k_state_file);
    m_history_path = real_path(m_dir / k_history_file);
    check_safe(m_state_path, false);
    check_safe(m_history_path, false);
    check_safe(m_dir / k_lock_file, false);
  }

  // The inventory is one file: every scope reads all of it.
  std::unique_ptr<Transaction> begin(std::chrono::milliseconds wait, const Scope& /*scope*/) override {
    auto lock = std::make_unique<LockFile>(m_dir / k_lock_file);
    if (!lock->acquire(wait)) {
      throw Error(ErrorKind::Busy, "the store " + m_dir.string() + " is busy: another dac process holds its lock",
                  "try again, or wait longer with --wait 1min");
    }
    State state = load(Scope{});
    remove_stale_temp_files(m_state_path);
    repair_history_tail(state.history);
    return std::make_unique<JsonTransaction>(*this, std::move(lock), std::move(state));
  }

  State load(const Scope& /*scope*/) override {
    const std::string text = read_file(m_state_path);
    if (text.empty()) throw_store(m_state_path.string() + " is empty", "restore it from a backup");
    // The fast reader takes what dac writes; the codec everything else, and
    // names what is wrong.
    if (auto state = fast::state_from_json(text)) return std::move(*state);
    return state_from_json(parse_json(text, m_state_path.string()), m_state_path.string());
  }

  void read_history(const State& state, const std::function<void(const Event&)>& visit) override {
    const util::Fd fd = open_store_file(m_history_path);
    history::Lines lines(fd.get(), state.history.bytes, m_history_path.string());
    history::read(lines, state.history, m_history_path.string(), visit);
  }

  void read_history_lines(const State& state, const std::function<void(std::string_view)>& visit) override {
    const util::Fd fd = open_store_file(m_history_path);
    history::Lines lines(fd.get(), state.history.bytes, m_history_path.string());
    std::string_view line;
    while (lines.next(line)) visit(line);
  }

  VerifyReport verify_history(const State& state, const std::function<void(const Event&)>& visit) override {
    const util::Fd fd = open_store_file(m_history_path);
    history::Lines lines(fd.get(), state.history.bytes, m_history_path.string());
    return history::verify(lines, state.history, visit);
  }

  [[nodiscard]] std::string describe() const override { return m_dir.string(); }

  // Appends the sealed events, then replaces the state: the rename is the
  // commit point, and a crash before it leaves an uncommitted history tail
  // that the next writer cuts off.
  void commit(State& state, std::vector<Event>& events, Instant now) {
    if (events.empty()) return;
    const HistoryHead before = state.history;
    const std::optional<Instant> written_before = state.written_at;
    std::string lines;
    for (Event& e : events) {
      lines += history::seal(e, state.history);
      state.history.events = e.seq;
      state.history.hash = e.hash;
    }
    state.history.bytes = before.bytes + lines.size();
    state.written_at = now;

    const util::Fd fd(::open(m_history_path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC));
    if (!fd) throw_io_error("open", m_history_path, errno);
    std::optional<AtomicFile> file;
    try {
      write_all(fd.get(), lines, m_history_path);
      sync_fd(fd.get(), m_history_path);
      file.emplace(m_state_path);
      fast::write_state_json(state, [&](std::string_view chunk) { file->write(chunk); });
      file->commit();
    } catch (...) {
      // Once the new state has replaced the old one, its history is committed
      // and must stay. Before that, leave the history as it was (if this fails
      // too, the next writer cuts the tail).
      if (!file || !file->replaced()) {
        if (::ftruncate(fd.get(), static_cast<off_t>(before.bytes)) == 0) (void)::fsync(fd.get());
        state.history = before;
        state.written_at = written_before;
      }
      throw;
    }
  }

 private:
  static fs::path real_path(const fs::path& path) {
    // A symlinked file is followed, so the rename replaces its target and the link stays.
    std::error_code ec;
    if (fs::is_symlink(path, ec)) {
      fs::path target = fs::canonical(path, ec);
      if (!ec) return target;
    }
    return path;
  }

  void repair_history_tail(const HistoryHead& head) {
    struct stat st {};
    if (::stat(m_history_path.c_str(), &st) != 0) {
      throw_store("cannot read " + m_history_path.string() + ": " + std::strerror(errno),
                  errno == ENOENT ? "the history file is missing; restore it from a backup" : "");
    }
    const auto size = static_cast<std::uint64_t>(st.st_size);
    if (size < head.bytes) {
      throw_store(m_history_path.string() + " is shorter than the store records (" + std::to_string(size) + " of " +
                      std::to_string(head.bytes) + " bytes): the history was cut",
                  "restore it from a backup; dac history --verify shows what is missing");
    }
    if (size > head.bytes) {
      // An earlier write died between appending and committing: drop its tail.
      if (::truncate(m_history_path.c_str(), static_cast<off_t>(head.bytes)) != 0) {
        throw_store("cannot repair " + m_history_path.string() + ": " + std::strerror(errno));
      }
    }
  }

  fs::path m_dir;
  fs::path m_state_path;
  fs::path m_history_path;
};

void JsonTransaction::commit(std::vector<Event> events, Instant now) {
  upgrade::commit(m_state, m_upgrade, std::move(events), now,
                  [&](std::vector<Event>& sealed) { m_store.commit(m_state, sealed, now); });
}

}  // namespace

std::unique_ptr<Store> open_json_store(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    throw_store("no store at " + dir.string(), missing_store_hint());
  }
  // A folder without state.json is no store, whoever may read it: saying so
  // (and how to make one) helps more than a chmod hint. A folder we cannot
  // look into is named by check_safe (someone else's, or not a folder).
  const fs::path state = dir / k_state_file;
  struct stat st {};
  const int err = ::lstat(state.c_str(), &st) == 0 ? 0 : errno;
  if (err == ENOENT && fs::is_directory(dir, ec)) {
    throw_store("no store at " + dir.string() + " (" + k_state_file + " is missing)", missing_store_hint());
  }
  if (err != 0) {
    check_safe(dir, true);  // names a folder that is not one, or someone else's
    throw_io_error("inspect", state, err);
  }
  return std::make_unique<JsonStore>(dir);  // checks the folder and files are private
}

namespace {

// Makes `dir` ready for a new store: a private folder, locked (the lock is
// returned), with an empty history and no state.json.
std::unique_ptr<LockFile> prepare_new_store(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir / k_state_file, ec)) {
    throw Error(ErrorKind::Refused, "a store already exists at " + dir.string(),
                "use it as it is, or create another with --store PATH");
  }
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    throw_store(dir.string() + " exists and is not a folder", "choose another place with --store PATH");
  }
  if (fs::is_directory(dir, ec) && holds_foreign_files(dir)) {
    // Never take over (and chmod) a folder that holds other things, like $HOME.
    throw Error(ErrorKind::Refused, dir.string() + " exists and is not empty; a store needs a folder of its own",
                "choose a new folder with --store PATH");
  }
  create_parent_folders(dir);
  if (::mkdir(dir.c_str(), 0700) == 0) {
    // The new folder's name must survive a crash as well as its files.
    sync_dir(dir.has_parent_path() ? dir.parent_path() : fs::path("."));
  } else if (errno != EEXIST) {
    throw_io_error("create the store folder", dir, errno);
  }
  if (::chmod(dir.c_str(), 0700) != 0) {
    throw_store("cannot make " + dir.string() + " private: " + std::strerror(errno));
  }
  auto lock = std::make_unique<LockFile>(dir / k_lock_file);
  if (!lock->acquire(std::chrono::seconds(10))) {
    throw Error(ErrorKind::Busy, "another dac is creating a store at " + dir.string());
  }
  if (fs::exists(dir / k_state_file, ec)) {
    throw Error(ErrorKind::Refused, "a store already exists at " + dir.string());
  }
  const fs::path history_path = dir / k_history_file;
  // A history without its state is what is left of a store, not a fresh folder:
  // never wipe it, unless it only holds what an interrupted init wrote.
  std::error_code size_ec;
  const auto history_size = fs::file_size(history_path, size_ec);
  if (!size_ec && history_size > 0 && (history_size > 4096 || !only_an_interrupted_init(read_file(history_path)))) {
    throw_store(history_path.string() + " holds a history but " + k_state_file + " is missing",
                std::string("restore ") + k_state_file + " from a backup; to start afresh, move " + dir.string() +
                    " away first");
  }
  remove_stale_temp_files(dir / k_state_file);
  if (const util::Fd created(::open(history_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
      !created) {
    throw_io_error("create", history_path, errno);
  }
  return lock;
}

}  // namespace

void create_json_store(const fs::path& dir, State state, std::vector<Event> events, Instant now) {
  const auto lock = prepare_new_store(dir);
  state.history = HistoryHead{0, 0, history::genesis_hash()};
  if (state.store_id.empty()) state.store_id = new_store_id();
  JsonStore store(dir);
  store.commit(state, events, now);
  if (events.empty()) {
    AtomicFile file(dir / k_state_file);
    fast::write_state_json(state, [&](std::string_view chunk) { file.write(chunk); });
    file.commit();
  }
}

void copy_into_json_store(const fs::path& dir, const State& state, const HistoryLines& lines) {
  const auto lock = prepare_new_store(dir);
  const fs::path history_path = dir / k_history_file;
  try {
    const util::Fd fd(::open(history_path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC));
    if (!fd) throw_io_error("open", history_path, errno);
    std::string block;
    std::uint64_t events = 0;
    std::uint64_t bytes = 0;
    lines([&](std::string_view line) {
      block.append(line).append("\n");
      ++events;
      bytes += line.size() + 1;
      if (block.size() >= (std::size_t{1} << 20)) {
        write_all(fd.get(), block, history_path);
        block.clear();
      }
    });
    write_all(fd.get(), block, history_path);
    sync_fd(fd.get(), history_path);
    if (events != state.history.events || bytes != state.history.bytes) {
      throw_store("the history read has " + std::to_string(events) + " events (" + std::to_string(bytes) +
                      " bytes) but the store records " + std::to_string(state.history.events) + " (" +
                      std::to_string(state.history.bytes) + " bytes)",
                  "check the store with: dac history --verify");
    }
    AtomicFile file(dir / k_state_file);
    fast::write_state_json(state, [&](std::string_view chunk) { file.write(chunk); });
    file.commit();
  } catch (...) {
    // No state.json: no store. Leave an empty history, as a new folder has.
    (void)::truncate(history_path.c_str(), 0);
    throw;
  }
}

std::unique_ptr<Store> open_store(const std::string& location) {
  if (is_postgres_location(location)) return open_pg_store(location);
  return open_json_store(location);
}

void create_store(const std::string& location, State state, std::vector<Event> events, Instant now) {
  if (is_postgres_location(location)) {
    create_pg_store(location, std::move(state), std::move(events), now);
  } else {
    create_json_store(location, std::move(state), std::move(events), now);
  }
}

void copy_into_store(const std::string& location, const State& state, const HistoryLines& lines) {
  if (is_postgres_location(location)) {
    copy_into_pg_store(location, state, lines);
  } else {
    copy_into_json_store(location, state, lines);
  }
}

}  // namespace dac
