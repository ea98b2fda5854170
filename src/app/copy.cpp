#include "dac/app/copy.hpp"

#include <memory>
#include <string>

#include "dac/app/verify.hpp"
#include "dac/core/error.hpp"

namespace dac::app {

Copied copy_store(Store& from, const std::string& location) {
  const Verified source = verify_history(from);
  if (!source.ok) {
    throw_store("the store " + from.describe() + " fails its check, so it was not copied: " + source.problem,
                source.hint);
  }
  // What was verified is what is copied: the snapshot at its head. (A writer
  // may have appended since; the copy then ends at the head it loaded.)
  const State state = from.load();
  copy_into_store(location, state,
                  [&](const std::function<void(std::string_view)>& visit) { from.read_history_lines(state, visit); });
  const std::string hint = "remove the copy and try again; the source was left as it was";
  std::unique_ptr<Store> copy;
  Verified copied;
  try {
    copy = open_store(location);
    copied = verify_history(*copy);
  } catch (const Error& e) {
    throw_store("the copy at " + shown_location(location) + " does not open as a store: " + e.what(), hint);
  }
  if (!copied.ok || copied.head != state.history.hash || copied.events != state.history.events) {
    throw_store("the copy at " + copy->describe() +
                    " does not verify as its source does: " + (copied.ok ? "it ends at another head" : copied.problem),
                hint);
  }
  return Copied{copy->describe(), state.sellers.size(), state.authorizations.size(), state.history.events,
                state.history.hash};
}

}  // namespace dac::app
