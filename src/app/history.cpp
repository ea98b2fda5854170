#include "dac/app/history.hpp"

#include "dac/core/error.hpp"
#include "dac/core/rules.hpp"

namespace dac::app {

History read_history(Store& store, const HistoryQuery& query) {
  History history{store.load(), {}};
  std::optional<std::pair<std::string, std::string>> only;
  if (query.target) {
    const Authorization& auth = rules::find_target(history.state, *query.target, query.seller);
    only.emplace(auth.seller_id, auth.developer_id);
  } else if (query.seller) {
    (void)rules::require_seller(history.state, *query.seller);
  }
  store.read_history(history.state, [&](const Event& e) {
    if (only && (e.seller_id != only->first || e.developer_id != only->second)) return;
    if (query.seller && e.seller_id != *query.seller) return;
    if (query.since && e.effective_at < *query.since) return;
    history.events.push_back(e);
  });
  return history;
}

}  // namespace dac::app
