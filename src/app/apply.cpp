#include "dac/app/apply.hpp"

namespace dac::app {

Applied apply_change(Store& store, Instant now, const WriteOptions& options, const Change& change) {
  const auto asked = std::chrono::steady_clock::now();
  auto tx = store.begin(options.wait);
  if (options.on_locked) {
    options.on_locked(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - asked));
  }
  State& state = tx->state();
  rules::require_time_forward(state, now);  // R13, before anything is recorded
  rules::Outcome out;
  rules::record_due_suspensions(state, now, out);
  change(state, out);
  rules::record_due_suspensions(state, now, out);
  if (options.before_commit) options.before_commit(out);
  if (!options.dry_run) tx->commit(out.events, now);
  return Applied{std::move(out), std::move(state)};
}

}  // namespace dac::app
