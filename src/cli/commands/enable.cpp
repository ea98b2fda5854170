#include "dac/cli/commands.hpp"

namespace dac::cli {

void add_enable_commands(CLI::App& app, Context& ctx) {
  struct Options {
    std::optional<std::string> seller;
    std::optional<std::string> at;
    std::optional<std::string> reason;
  };
  auto on = std::make_shared<Options>();
  auto* enable = app.add_subcommand(
      "enable",
      "Record that confirmation is switched on for a seller\n"
      "While Developer Access Confirmation is on, access expires 12 months after it was granted or last "
      "confirmed. Switching it on gives every developer 12 months from that moment; if it happened earlier "
      "than now, give the date with --at.");
  enable->footer(examples({
      {"Confirmation is on from now", "dac enable"},
      {"It was switched on on 1 March 2026, for one of your sellers",
       "dac enable --at 2026-03-01 --seller A1B2C3D4E5F6G7"},
  }));
  enable->add_option("--seller", on->seller, "The seller (needed when the store has several)");
  enable->add_option("--at", on->at, "When it was switched on (default: now)");
  add_reason_option(*enable, on->reason);
  enable->callback([&ctx, on] {
    const Instant at = parse_time_option(on->at, "--at", ctx.now(), true).value_or(ctx.now());
    const rules::Actor actor = ctx.actor(on->reason);
    (void)ctx.write([&](State& state, rules::Outcome& out) {
      Seller& seller = rules::pick_seller(state, on->seller);
      const std::size_t before = out.events.size();
      rules::enable(state, seller, at, ctx.now(), actor, out);
      if (out.events.size() > before)
        ctx.notice("confirmation enabled for seller " + seller.seller_id + " from " + format_instant(at));
    });
  });

  auto off = std::make_shared<Options>();
  auto* disable = app.add_subcommand("disable",
                                     "Record that confirmation is switched off for a seller\n"
                                     "While it is off, no access expires and nothing is suspended; access "
                                     "already suspended stays suspended.");
  disable->footer(examples({
      {"Confirmation is off from now", "dac disable"},
      {"For one of your sellers, saying why", "dac disable --seller A1B2C3D4E5F6G7 --reason \"not enrolled\""},
  }));
  disable->add_option("--seller", off->seller, "The seller (needed when the store has several)");
  add_reason_option(*disable, off->reason);
  disable->callback([&ctx, off] {
    const rules::Actor actor = ctx.actor(off->reason);
    (void)ctx.write([&](State& state, rules::Outcome& out) {
      Seller& seller = rules::pick_seller(state, off->seller);
      const std::size_t before = out.events.size();
      rules::disable(state, seller, ctx.now(), actor, out);
      if (out.events.size() > before)
        ctx.notice("confirmation disabled for seller " + seller.seller_id + ": no access expires while it is off");
    });
  });
}

}  // namespace dac::cli
