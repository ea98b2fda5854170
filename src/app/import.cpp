#include "dac/app/import.hpp"

#include <algorithm>
#include <cstdint>

#include "dac/core/error.hpp"
#include "dac/core/plural.hpp"

namespace dac::app {

namespace {

// Refuses a plan with problems, after `request` has reported them.
[[noreturn]] void refuse_plan(const ImportRequest& request, const ImportPlan& plan) {
  if (request.report_problems) request.report_problems(plan);
  const bool only_refusals = std::all_of(plan.problems.begin(), plan.problems.end(),
                                         [](const ImportProblem& p) { return p.kind == ErrorKind::Refused; });
  throw Error(
      only_refusals ? ErrorKind::Refused : ErrorKind::Usage,
      plural(static_cast<std::int64_t>(plan.problems.size()), "row") + " cannot be imported; nothing was written");
}

// How many of the planned grants are suspended in `state` at `now`.
std::size_t count_suspended(const State& state, const ImportPlan& plan, Instant now) {
  std::size_t suspended = 0;
  for (const rules::GrantRequest& g : plan.grants) {
    const Authorization* a = state.find(g.seller_id, g.developer_id);
    if (a != nullptr && rules::view(state, *a, now).status == Status::Suspended) ++suspended;
  }
  return suspended;
}

}  // namespace

Imported import_csv(Store& store, Instant now, const WriteOptions& options, const ImportRequest& request) {
  Imported done;
  done.applied = apply_change(store, now, options, [&](State& state, rules::Outcome& out) {
    done.plan = plan_import(state, request.text, request.where, request.seller, request.skip_existing, now);
    if (!done.plan.problems.empty()) refuse_plan(request, done.plan);
    const std::size_t total = done.plan.grants.size();
    for (std::size_t i = 0; i < total; ++i) {
      rules::grant(state, done.plan.grants[i], now, request.actor, out);
      if (request.progress) request.progress(i + 1, total);
    }
  });
  done.suspended = count_suspended(done.applied.state, done.plan, now);
  return done;
}

}  // namespace dac::app
