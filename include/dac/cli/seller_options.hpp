#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "dac/cli/context.hpp"

namespace dac::cli {

// The options `init` and `seller add` share: which seller, and its confirmation switch.
struct NewSellerOptions {
  std::string seller_id;
  std::string name;
  std::optional<std::string> enabled_at;
  bool disabled = false;
  std::optional<std::string> reason;

  // Adds the options; the seller ID is an argument (seller add) or --seller (init).
  void add_to(CLI::App& command, bool seller_as_argument);

  // Adds the seller to `state`, with its events, as of `now`.
  void apply(Context& ctx, State& state, rules::Outcome& out) const;
};

}  // namespace dac::cli
