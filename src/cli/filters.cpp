#include "dac/cli/filters.hpp"

#include "dac/core/error.hpp"
#include "dac/core/ids.hpp"

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

void Filters::add_attention_to(CLI::App& command) {
  command
      .add_option("--attention", attention,
                  "What needs attention: suspended, or active and expiring within DURATION (default 30d)")
      ->expected(0, 1)
      ->default_str("30d");
}

namespace {

constexpr const char* k_attention_hint =
    "dac list --attention 30d shows the suspended ones and those expiring within 30d";

}  // namespace

namespace {

// --attention with a filter that selects a disjoint set.
void check_attention(const Filters& f) {
  if (!f.attention) return;
  if (f.expiring || f.expired) {
    throw_usage(std::string("--attention already selects the suspended ones and those expiring soon; it does not "
                            "combine with ") +
                    (f.expiring ? "--expiring" : "--expired"),
                "give the window to --attention itself, e.g. --attention 14d");
  }
  if (f.status) throw_usage("--attention selects active and suspended ones; it does not combine with --status");
  if (f.own) {
    throw_usage("--attention with --own: the seller's own account never expires and is never suspended",
                "leave out --own");
  }
}

}  // namespace

void Filters::check() const {
  if (expiring) (void)parse_duration(*expiring, "--expiring");
  if (attention && !attention->empty()) (void)parse_duration(*attention, "--attention");
  if (developer) (void)parse_developer_id(*developer);
  const std::string status_text = status.value_or("");
  // Each pair below selects disjoint sets: together they could only ever print an empty table.
  check_attention(*this);
  if (expiring && expired) {
    throw_usage("--expiring selects active authorizations and --expired suspended ones; none is both",
                k_attention_hint);
  }
  if (expiring && status && status_text != "active" && status_text != "all") {
    throw_usage("--expiring selects active authorizations; --status " + status_text + " contradicts it",
                "leave out --status");
  }
  if (expired && status && status_text != "suspended" && status_text != "all") {
    throw_usage("--expired selects suspended authorizations; --status " + status_text + " contradicts it",
                "leave out --status");
  }
  // --own with --no-own is refused by CLI11 (own_flag->excludes) while parsing.
  if (own && (expiring || expired || status_text == "suspended" || status_text == "revoked")) {
    throw_usage(std::string("--own with ") +
                    (expiring  ? "--expiring"
                     : expired ? "--expired"
                               : "--status " + status_text) +
                    ": the seller's own account never expires, is never suspended and never revoked",
                "leave out --own");
  }
}

void Filters::check_for_confirm() const {
  const std::string status_text = status.value_or("");
  const char* hint = "restore a suspended one with: dac restore TARGET; see them with: dac list --expired";
  if (expired) throw_usage("confirm --all confirms active authorizations; --expired selects suspended ones", hint);
  if (status_text == "suspended" || status_text == "revoked") {
    throw_usage("confirm --all confirms active authorizations; --status " + status_text + " selects none of them",
                status_text == "suspended" ? hint : "a revoked one must be granted again: dac grant DEV_ID ...");
  }
  if (own) {
    throw_usage("confirm --all leaves out the seller's own account, which never expires; --own selects only it",
                "leave out --own");
  }
}

Query Filters::query(Instant at) const {
  Query q;
  if (expiring) q.expiring_by = add_duration(at, parse_duration(*expiring, "--expiring"));
  if (attention) {
    q.attention_by = add_duration(at, parse_duration(attention->empty() ? "30d" : *attention, "--attention"));
  }
  if (developer) q.developer = parse_developer_id(*developer);
  q.seller = seller;
  if (status && *status != "all") q.status = status_from_string(*status);
  q.all_statuses = status && *status == "all";
  q.expired = expired;
  q.own = own;
  q.no_own = no_own;
  return q;
}

}  // namespace dac::cli
