#include "dac/app/confirm.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "dac/app/select.hpp"

namespace dac::app {

Scope confirm_scope(const ConfirmRequest& request, Instant now) {
  if (!request.all) return scope_of_targets(request.targets, request.query.seller, now);
  // --all confirms active records only, so --expiring or --attention bounds what it can choose.
  std::optional<Instant> horizon;
  for (const std::optional<Instant>& by : {request.query.expiring_by, request.query.attention_by}) {
    if (by && (!horizon || *by < *horizon)) horizon = by;
  }
  if (!horizon) return {};
  // Each --exclude must be found as well.
  return scope_of_targets(request.exclude, request.query.seller, std::max(*horizon, now));
}

Confirmed confirm(Store& store, Instant now, const WriteOptions& options, const ConfirmRequest& request) {
  Confirmed done;
  done.applied = apply_change(store, now, options, confirm_scope(request, now), [&](State& state, rules::Outcome& out) {
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
