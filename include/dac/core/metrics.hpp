#pragma once

#include <string>

#include "dac/core/model.hpp"

namespace dac {

// The store as Prometheus text exposition (for node_exporter's textfile
// collector): each authorisation's expiry, counts by seller and status (own
// accounts left out), and when the store was last written. Statuses are as of `now`.
[[nodiscard]] std::string render_metrics(const State& state, Instant now);

}  // namespace dac
