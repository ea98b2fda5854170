#include "cli/filters.hpp"

#include <algorithm>

#include "dac/error.hpp"
#include "dac/ids.hpp"

namespace dac::cli {

void Filters::add_to(CLI::App& command) {
  command.add_option("--expiring", expiring, "Active and expiring within DURATION (30d, 2w, 1mo, P30D)");
  command.add_flag("--expired", expired, "Suspended ones");
  command.add_option("--status", status, "active, suspended, revoked or all (default: all but revoked)")
      ->transform(CLI::IsMember({"active", "suspended", "revoked", "all"}, CLI::ignore_case));
  command.add_option("--developer", developer, "Only this developer ID");
  auto* own_flag = command.add_flag("--own", own, "Only the seller's own developer account");
  auto* no_own_flag = command.add_flag("--no-own", no_own, "Leave out the seller's own developer account");
  own_flag->excludes(no_own_flag);
}

void Filters::check() const {
  if (expiring) (void)parse_duration(*expiring, "--expiring");
  if (developer) (void)parse_developer_id(*developer);
}

std::vector<Row> Filters::apply(const State& state, std::vector<Row> rows, Instant at) const {
  std::optional<Instant> horizon;
  if (expiring) horizon = add_duration(at, parse_duration(*expiring, "--expiring"));
  std::optional<std::string> developer_id;
  if (developer) developer_id = parse_developer_id(*developer);
  if (seller && state.find_seller(*seller) == nullptr) {
    throw Error(ErrorKind::NotFound, "no seller " + *seller + " in the store", "see the sellers with: dac seller list");
  }
  std::optional<Status> wanted;
  if (status && *status != "all") wanted = status_from_string(*status);
  const bool all = status && *status == "all";

  std::erase_if(rows, [&](const Row& r) {
    const Status s = r.view.status;
    if (wanted && s != *wanted) return true;
    if (!wanted && !all && s == Status::Revoked) return true;
    if (expired && s != Status::Suspended) return true;
    if (horizon &&
        !(s == Status::Active && r.view.expires_at && at < *r.view.expires_at && *r.view.expires_at <= *horizon)) {
      return true;
    }
    if (seller && r.auth->seller_id != *seller) return true;
    if (developer_id && r.auth->developer_id != *developer_id) return true;
    if (own && !r.auth->own) return true;
    if (no_own && r.auth->own) return true;
    return false;
  });
  return rows;
}

}  // namespace dac::cli
