#include "dac/app/confirm.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "dac/app/select.hpp"
#include "dac/core/ids.hpp"

namespace dac::app {

namespace {

// What a confirmation reads: with targets that are all developer IDs, those
// authorisations (and R5's due ones); by nickname or with --all, everything.
Scope scope_of(const ConfirmRequest& request, Instant now) {
  if (request.all) return {};
  std::vector<std::string> ids;
  for (const std::string& t : request.targets) {
    if (!looks_like_developer_id(t)) return {};
    ids.push_back(parse_developer_id(t));
  }
  Scope scope = Scope::part(std::move(ids), now);
  scope.seller = request.query.seller;  // --seller narrows the targets
  return scope;
}

}  // namespace

Confirmed confirm(Store& store, Instant now, const WriteOptions& options, const ConfirmRequest& request) {
  Confirmed done;
  done.applied = apply_change(store, now, options, scope_of(request, now), [&](State& state, rules::Outcome& out) {
    std::vector<Authorization*> auths = request.all ? select_to_confirm(state, request.query, request.exclude, now)
                                                    : resolve_targets(state, request.targets, request.query.seller);
    if (request.agreed) {
      const std::vector<AuthKey>& agreed = *request.agreed;
      std::erase_if(auths, [&](const Authorization* a) {
        return std::find(agreed.begin(), agreed.end(), AuthKey{a->seller_id, a->developer_id}) == agreed.end();
      });
    }
    for (Authorization* a : auths) {
      done.before.push_back(rules::view(state, *a, now).expires_at);
      rules::confirm(state, *a, now, request.actor, out);
    }
    done.keys = keys_of(auths);
  });
  return done;
}

}  // namespace dac::app
