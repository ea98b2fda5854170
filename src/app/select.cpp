#include "dac/app/select.hpp"

#include <algorithm>
#include <utility>

#include "dac/app/targets.hpp"
#include "dac/core/replay.hpp"

namespace dac::app {

std::vector<Record> select(const State& state, const Query& query, Instant at, bool sorted) {
  if (query.seller) (void)rules::require_seller(state, *query.seller);
  std::vector<Record> records;
  for (const Authorization& auth : state.authorizations) {
    const rules::View view = rules::view(state, auth, at);
    if (matches(query, auth, view, at)) records.push_back(Record{&auth, view});
  }
  if (sorted) std::sort(records.begin(), records.end(), default_less);
  return records;
}

std::vector<Authorization*> select_to_confirm(State& state, const Query& query, const std::vector<std::string>& exclude,
                                              Instant at) {
  const std::vector<Authorization*> excluded = resolve_targets(state, exclude, query.seller);
  if (query.seller) (void)rules::require_seller(state, *query.seller);
  // Each candidate with its position, so that the one chosen is changed in `state` itself.
  std::vector<std::pair<Record, std::size_t>> chosen;
  for (std::size_t i = 0; i < state.authorizations.size(); ++i) {
    Authorization& auth = state.authorizations[i];
    const rules::View view = rules::view(state, auth, at);
    if (view.status != Status::Active || auth.own || !matches(query, auth, view, at)) continue;
    if (std::find(excluded.begin(), excluded.end(), &auth) != excluded.end()) continue;
    chosen.emplace_back(Record{&auth, view}, i);
  }
  std::sort(chosen.begin(), chosen.end(), [](const auto& a, const auto& b) { return default_less(a.first, b.first); });
  std::vector<Authorization*> auths;
  auths.reserve(chosen.size());
  for (const auto& [record, i] : chosen) auths.push_back(&state.authorizations[i]);
  return auths;
}

bool recorded_after(const State& stored, Instant at) noexcept {
  if (stored.written_at) return at < *stored.written_at;
  return stored.history.events > 0;  // no record of the last write: only an empty history is safe
}

State replay_to(Store& store, const State& stored, Instant at) {
  Replay replay(at, &stored);
  std::optional<Instant> written_at;
  store.read_history(stored, [&](const Event& e) {
    replay.apply(e);
    if (e.recorded_at <= at && (!written_at || e.recorded_at > *written_at)) written_at = e.recorded_at;
  });
  State picture = replay.finish(true);
  picture.reminders = stored.reminders;
  picture.history = stored.history;
  picture.store_id = stored.store_id;
  picture.written_at = written_at;
  return picture;
}

State inventory_at(Store& store, State stored, Instant at) {
  if (!recorded_after(stored, at)) return stored;
  return replay_to(store, stored, at);
}

}  // namespace dac::app
