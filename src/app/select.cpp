#include "dac/app/select.hpp"

#include <algorithm>
#include <utility>

#include "dac/app/targets.hpp"

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

}  // namespace dac::app
