#include <algorithm>
#include <cstdio>

#include "dac/cli/commands.hpp"
#include "dac/cli/filters.hpp"
#include "dac/cli/output.hpp"
#include "dac/cli/targets.hpp"
#include "dac/core/error.hpp"

namespace dac::cli {

namespace {

// How many authorisations a prompt lists before "…and N more".
constexpr std::size_t k_prompt_rows = 20;

// "1 authorization", "3 authorizations".
std::string count_of(std::size_t n) { return plural(n, "authorization"); }

// Lists on stderr what `confirm --all` is about to confirm, as it stands now.
void list_for_prompt(const State& state, const std::vector<Authorization*>& auths, Instant now) {
  std::fprintf(stderr, "About to confirm %s for 12 more months (until %s):\n", count_of(auths.size()).c_str(),
               format_date(add_months(now, 12)).c_str());
  // The columns in the order of `dac list` and of the dry run.
  Table table({"SELLER", "DEVELOPER", "NICKNAME", "EXPIRES"});
  table.shrinkable({"NICKNAME"});
  for (std::size_t i = 0; i < auths.size() && i < k_prompt_rows; ++i) {
    const Authorization& a = *auths[i];
    table.add({a.seller_id, a.developer_id, a.nickname, human_time(rules::view(state, a, now).expires_at, now)});
  }
  table.print(stderr, false);
  if (auths.size() > k_prompt_rows) {
    std::fprintf(stderr, "…and %zu more (see them all with --dry-run)\n", auths.size() - k_prompt_rows);
  }
}

}  // namespace

void add_confirm_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::vector<std::string> targets;
    bool all = false;
    Filters filters;
    std::vector<std::string> exclude;
    bool dry_run = false;
    bool yes = false;
    std::optional<std::string> reason;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "confirm",
      "Keep a developer's access for 12 more months\n"
      "Amazon suspends a developer's access 12 months after it was granted or last confirmed. Confirm the "
      "developers you still work with before then (and in Seller Central): each then expires 12 months from now. "
      "A suspended one cannot be confirmed: restore it.\n"
      "With --all, every active developer that the filters select is confirmed at once (your own account is "
      "skipped). On a terminal dac asks first; in a script, add --yes. --dry-run shows what would change.");
  cmd->footer(examples({
      {"Confirm one developer", "dac confirm \"Khaos Control\""},
      {"See what confirming everyone who expires within 30 days would do",
       "dac confirm --all --expiring 30d --dry-run"},
      {"Confirm them all but one, from a script",
       "dac confirm --all --expiring 30d --exclude Repricer --yes --reason \"review\""},
  }));
  cmd->add_option("TARGET", opts->targets, "Developer IDs or nicknames");
  cmd->add_flag("--all", opts->all, "Every active developer the filters select (your own account is skipped)");
  opts->filters.add_to(*cmd);
  // Accepted (to say why it cannot apply) but not offered: --all confirms no suspended one.
  cmd->get_option("--expired")->group("");
  cmd->add_option("--seller", opts->filters.seller, "The seller (narrows targets and --all)");
  cmd->add_option("--exclude", opts->exclude, "With --all: leave out this developer ID or nickname (repeatable)");
  cmd->add_flag("--dry-run", opts->dry_run, "Print what would change and write nothing");
  cmd->add_flag("-y,--yes", opts->yes, "With --all: do not ask (needed when not run from a terminal)");
  add_reason_option(*cmd, opts->reason);
  cmd->callback([&ctx, opts] {
    if (opts->all == !opts->targets.empty()) {
      throw_usage(opts->all ? "give either targets or --all, not both" : "confirm needs a TARGET or --all",
                  "e.g. dac confirm 123456789012, or dac confirm --all --expiring 30d");
    }
    if (!opts->all && (opts->filters.any() || !opts->exclude.empty())) {
      throw_usage("filters and --exclude select for --all; with targets, name exactly what to confirm");
    }
    opts->filters.check();
    if (opts->all) opts->filters.check_for_confirm();
    // Like revoke: a change across every seller is not made unasked, and a
    // cron job never waits on a stdin nobody types into.
    const bool ask_first = opts->all && !opts->yes && !opts->dry_run;
    if (ask_first && !stdin_is_terminal()) {
      throw_usage("confirm --all asks before confirming, and there is no terminal to ask on",
                  "add --yes to confirm without asking, or --dry-run to see what it would confirm");
    }
    const rules::Actor actor = ctx.actor(opts->reason);
    const Instant now = ctx.now();
    // The authorisations --all selects in `state`, less the excluded ones.
    const auto select_all = [&](State& state) {
      std::vector<Authorization*> excluded = resolve_targets(state, opts->exclude, opts->filters.seller);
      std::vector<Authorization*> auths;
      for (const Row& r : opts->filters.apply(state, rows_of(state, now), now)) {
        // The rows point into `state`, which is ours to change.
        auto* auth = const_cast<Authorization*>(r.auth);
        if (r.view.status != Status::Active || auth->own) continue;
        if (std::find(excluded.begin(), excluded.end(), auth) != excluded.end()) continue;
        auths.push_back(auth);
      }
      return auths;
    };
    // What the person agreed to: the write confirms these and no others.
    std::optional<std::vector<AuthKey>> agreed;
    if (ask_first) {
      // Ask before taking the lock, so a person thinking does not block cron jobs.
      State snapshot = ctx.store().load();
      const std::vector<Authorization*> auths = select_all(snapshot);
      if (!auths.empty()) {
        list_for_prompt(snapshot, auths, now);
        if (!ask("Confirm " + count_of(auths.size()) + " for 12 more months?")) {
          throw Error(ErrorKind::Refused, "confirmation cancelled; nothing was written");
        }
      }
      agreed = keys_of(auths);
    }
    std::vector<AuthKey> keys;
    std::vector<std::optional<Instant>> before;
    const auto written = ctx.write(
        [&](State& state, rules::Outcome& out) {
          std::vector<Authorization*> auths =
              opts->all ? select_all(state) : resolve_targets(state, opts->targets, opts->filters.seller);
          if (agreed) {
            std::erase_if(auths, [&](const Authorization* a) {
              return std::find(agreed->begin(), agreed->end(), AuthKey{a->seller_id, a->developer_id}) == agreed->end();
            });
          }
          for (Authorization* a : auths) {
            before.push_back(rules::view(state, *a, now).expires_at);
            rules::confirm(state, *a, now, actor, out);
          }
          keys = keys_of(auths);
        },
        opts->dry_run);
    const bool none = opts->all && keys.empty();
    if (none) {
      ctx.notice(std::string("no active authorization matches; nothing to confirm") +
                 (opts->dry_run ? "; nothing was written" : ""));
    }
    if (opts->dry_run) {
      if (!none) ctx.notice("dry run: would confirm " + count_of(keys.size()) + "; nothing was written");
      print_expiry_changes(ctx, written.state, keys, before);
      return;
    }
    print_affected(ctx, written.state, keys);
  });
}

}  // namespace dac::cli
