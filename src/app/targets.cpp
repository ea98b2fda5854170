#include "dac/app/targets.hpp"

#include <algorithm>
#include <utility>

#include "dac/core/ids.hpp"
#include "dac/core/rules.hpp"

namespace dac::app {

std::vector<Authorization*> resolve_targets(State& state, const std::vector<std::string>& targets,
                                            const std::optional<std::string>& seller) {
  std::vector<Authorization*> out;
  for (const std::string& t : targets) {
    Authorization* auth = &rules::find_target(state, t, seller);
    if (std::find(out.begin(), out.end(), auth) == out.end()) out.push_back(auth);
  }
  return out;
}

Scope scope_of_targets(const std::vector<std::string>& targets, const std::optional<std::string>& seller,
                       std::optional<Instant> horizon) {
  std::vector<std::string> ids;
  for (const std::string& t : targets) {
    if (!looks_like_developer_id(t)) return {};
    ids.push_back(parse_developer_id(t));
  }
  Scope scope = Scope::part(std::move(ids), horizon);
  scope.seller = seller;
  return scope;
}

std::vector<AuthKey> keys_of(const std::vector<Authorization*>& auths) {
  std::vector<AuthKey> keys;
  keys.reserve(auths.size());
  for (const Authorization* a : auths) keys.emplace_back(a->seller_id, a->developer_id);
  return keys;
}

}  // namespace dac::app
