// Fuzzes the CSV reader and `dac import`'s planning against a store with two
// sellers and authorisations in every state. Nothing may crash or throw
// anything but dac::Error; every row is reported with a line that exists; and
// a plan without problems applies in full (validated first, all or nothing).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "dac/core/csv.hpp"
#include "dac/core/error.hpp"
#include "dac/core/import.hpp"
#include "dac/core/rules.hpp"

namespace {

[[noreturn]] void bug(const char* what) {
  (void)std::fprintf(stderr, "BUG: %s\n", what);
  std::abort();
}

const dac::Instant k_now = dac::parse_instant("2026-11-26T12:00:00Z");

dac::State make_state() {
  using namespace dac;
  State state;
  rules::Outcome out;
  const rules::Actor actor{"fuzz", std::nullopt};
  rules::add_seller(state, "A1B2C3D4E5F6G7", "Shop", parse_instant("2025-01-01"), k_now, actor, out);
  rules::add_seller(state, "Z9Y8X7W6V5U4T3", "Outlet", std::nullopt, k_now, actor, out);
  rules::GrantRequest g;
  g.seller_id = "A1B2C3D4E5F6G7";
  g.developer_id = "100000000001";
  g.nickname = "Alpha";
  g.token = "amzn.mws.4ea39c1d-a2b3-4c5d-9e8f-0123abcd4567";
  g.authorized_at = parse_instant("2026-06-01");
  rules::grant(state, g, k_now, actor, out);
  g.developer_id = "100000000002";
  g.nickname = "Beta";
  g.authorized_at = parse_instant("2025-06-01");
  rules::grant(state, g, k_now, actor, out);
  rules::record_due_suspensions(state, k_now, out);
  g.developer_id = "100000000003";
  g.nickname = "Gamma";
  rules::grant(state, g, k_now, actor, out);
  rules::revoke(state, *state.find("A1B2C3D4E5F6G7", "100000000003"), k_now, actor, out);
  return state;
}

std::size_t count_lines(std::string_view text) {
  std::size_t n = 1;
  for (const char c : text) n += c == '\n' ? 1 : 0;
  return n;
}

// The CSV reader: every record on a line that exists, or a usage error.
void check_read_csv(std::string_view text, std::size_t lines) {
  try {
    dac::read_csv(text, "import.csv", [&](dac::CsvRecord& record) {
      if (record.line == 0 || record.line > lines) bug("a record on a line that does not exist");
    });
  } catch (const dac::Error& e) {
    if (e.kind() != dac::ErrorKind::Usage) bug("bad CSV is not a usage error");
  }
}

// Validated first: every grant of a plan without problems applies.
void check_plan_applies(const dac::State& base, const dac::ImportPlan& plan) {
  dac::State state = base;
  dac::rules::Outcome out;
  try {
    for (const dac::rules::GrantRequest& g : plan.grants) {
      dac::rules::grant(state, g, k_now, dac::rules::Actor{"fuzz", std::nullopt}, out);
    }
  } catch (const dac::Error&) {
    bug("an import that was planned without problems failed when applied");
  }
  if (out.events.size() < plan.grants.size()) bug("a planned grant recorded no event");
}

// The plan: problems on lines that exist; without problems, it applies in full.
void check_plan(const dac::State& base, std::string_view text, std::size_t lines,
                const std::optional<std::string>& seller, bool skip_existing) {
  try {
    const dac::ImportPlan plan = dac::plan_import(base, text, "import.csv", seller, skip_existing, k_now);
    for (const dac::ImportProblem& p : plan.problems) {
      if (p.line == 0 || p.line > lines) bug("a problem reported on a line that does not exist");
    }
    if (plan.problems.empty()) check_plan_applies(base, plan);
  } catch (const dac::Error&) {
    // A file that cannot be planned at all (no header, unknown column): a usage error for the user.
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const dac::State base = make_state();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::size_t lines = count_lines(text);

  check_read_csv(text, lines);
  for (const bool skip_existing : {false, true}) {
    for (const std::optional<std::string>& seller :
         {std::optional<std::string>(), std::optional<std::string>("A1B2C3D4E5F6G7")}) {
      check_plan(base, text, lines, seller, skip_existing);
    }
  }
  return 0;
}
