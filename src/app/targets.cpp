#include "dac/app/targets.hpp"

#include <algorithm>

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

std::vector<AuthKey> keys_of(const std::vector<Authorization*>& auths) {
  std::vector<AuthKey> keys;
  keys.reserve(auths.size());
  for (const Authorization* a : auths) keys.emplace_back(a->seller_id, a->developer_id);
  return keys;
}

}  // namespace dac::app
