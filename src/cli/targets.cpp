#include "cli/targets.hpp"

#include <algorithm>

#include "cli/output.hpp"

namespace dac::cli {

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

void print_affected(Context& ctx, const State& state, const std::vector<AuthKey>& keys) {
  // --quiet keeps a cron job's mailbox empty; an explicit format is still honoured.
  if (ctx.options.quiet && ctx.format() == Format::Table) return;
  std::vector<Row> rows;
  for (const auto& [seller, developer] : keys) {
    if (const Authorization* a = state.find(seller, developer))
      rows.push_back(Row{a, rules::view(state, *a, ctx.now())});
  }
  print_rows(ctx, rows, ctx.now(), false);
}

}  // namespace dac::cli
