#include <catch2/catch.hpp>
#include <chrono>

#include "dac/app/apply.hpp"
#include "dac/app/import.hpp"
#include "fixture.hpp"

using namespace std::chrono_literals;
using dac::ErrorKind;
using dac::EventType;
using dac::Instant;
using dac::State;
using dac::Status;
using dac::test::at;
using dac::test::error_from;
using dac::test::k_app_actor;
using dac::test::k_app_seller;
namespace app = dac::app;
namespace rules = dac::rules;

TEST_CASE_METHOD(dac::test::AppStore, "apply_change records the suspensions due before the change", "[app]") {
  grant("111122223333", at("2025-02-01T00:00:00Z"));
  const Instant now = at("2026-03-01T00:00:00Z");
  bool changed = false;
  const app::Applied done = app::apply_change(*store, now, {}, [&](State& state, rules::Outcome&) {
    // The change sees the state with the suspension already recorded (R5).
    changed = true;
    CHECK(state.find(k_app_seller, "111122223333")->status == Status::Suspended);
  });
  CHECK(changed);
  REQUIRE(done.outcome.events.size() == 1);
  CHECK(done.outcome.events[0].type == EventType::Suspended);
  CHECK(done.outcome.events[0].effective_at == at("2026-02-01T00:00:00Z"));
  CHECK(done.outcome.events[0].recorded_at == now);
  const State stored = store->load();
  CHECK(stored.find(k_app_seller, "111122223333")->status == Status::Suspended);
  CHECK(stored.history.events == 4);  // seller added, confirmation enabled, granted, suspended
}

TEST_CASE_METHOD(dac::test::AppStore, "apply_change records a suspension the change brings due", "[app]") {
  const Instant now = at("2026-03-01T00:00:00Z");
  // Granted 13 months ago: already past its expiry when it is recorded.
  const auto request = request_for("444455556666", at("2025-02-01T00:00:00Z"));
  const app::Applied done = app::apply_change(
      *store, now, {}, [&](State& state, rules::Outcome& out) { rules::grant(state, request, now, k_app_actor, out); });
  REQUIRE(done.outcome.events.size() == 2);
  CHECK(done.outcome.events[0].type == EventType::Granted);
  CHECK(done.outcome.events[1].type == EventType::Suspended);
  CHECK(done.outcome.events[1].effective_at == at("2026-02-01T00:00:00Z"));
  CHECK(store->load().find(k_app_seller, "444455556666")->status == Status::Suspended);
}

TEST_CASE_METHOD(dac::test::AppStore, "a dry run changes the state in memory and writes nothing", "[app]") {
  grant("111122223333", at("2025-02-01T00:00:00Z"));
  const std::string state_before = file("state.json");
  const std::string history_before = file("history.jsonl");
  const Instant now = at("2026-03-01T00:00:00Z");
  const auto request = request_for("444455556666", at("2026-02-15T00:00:00Z"));
  app::WriteOptions options;
  options.dry_run = true;
  std::size_t told = 0;
  options.before_commit = [&](const rules::Outcome& out) { told = out.events.size(); };
  const app::Applied done = app::apply_change(*store, now, options, [&](State& state, rules::Outcome& out) {
    rules::grant(state, request, now, k_app_actor, out);
  });
  CHECK(done.outcome.events.size() == 2);  // the due suspension and the grant
  CHECK(told == 2);
  CHECK(done.state.find(k_app_seller, "444455556666") != nullptr);
  CHECK(file("state.json") == state_before);
  CHECK(file("history.jsonl") == history_before);
  CHECK(store->load().find(k_app_seller, "444455556666") == nullptr);
}

TEST_CASE_METHOD(dac::test::AppStore, "apply_change waits for the lock, then gives up with Busy", "[app]") {
  auto held = store->begin(1s);
  const auto other = dac::open_json_store(dir);
  app::WriteOptions options;
  options.wait = 200ms;
  bool changed = false;
  const auto started = std::chrono::steady_clock::now();
  const dac::Error e = error_from([&] {
    (void)app::apply_change(*other, at("2026-03-01T00:00:00Z"), options,
                            [&](State&, rules::Outcome&) { changed = true; });
  });
  CHECK(e.kind() == ErrorKind::Busy);
  CHECK(std::chrono::steady_clock::now() - started >= 200ms);
  CHECK_FALSE(changed);
}

TEST_CASE_METHOD(dac::test::AppStore, "an import with a bad row reports it and writes nothing", "[app]") {
  const std::string history_before = file("history.jsonl");
  app::ImportRequest request;
  request.text =
      "developer_id,nickname,authorized_at,mws_auth_token\n"
      "111122223333,Feeds,2026-01-01,amzn.mws.00000000-0000-0000-0000-111122223333\n"
      "12,Broken,2026-01-01,amzn.mws.00000000-0000-0000-0000-000000000012\n";
  request.where = "devs.csv";
  request.actor = k_app_actor;
  std::size_t reported = 0;
  request.report_problems = [&](const dac::ImportPlan& plan) { reported = plan.problems.size(); };
  const dac::Error e = error_from([&] { (void)app::import_csv(*store, at("2026-03-01T00:00:00Z"), {}, request); });
  CHECK(e.kind() == ErrorKind::Usage);
  CHECK(std::string(e.what()) == "1 row cannot be imported; nothing was written");
  CHECK(reported == 1);
  CHECK(file("history.jsonl") == history_before);
}

TEST_CASE_METHOD(dac::test::AppStore, "an import counts the rows already past their expiry", "[app]") {
  app::ImportRequest request;
  request.text =
      "developer_id,nickname,authorized_at,mws_auth_token\n"
      "111122223333,Feeds,2025-02-01,amzn.mws.00000000-0000-0000-0000-111122223333\n"
      "444455556666,Repricer,2026-01-01,amzn.mws.00000000-0000-0000-0000-444455556666\n";
  request.where = "devs.csv";
  request.actor = k_app_actor;
  std::size_t last = 0;
  request.progress = [&](std::size_t done, std::size_t) { last = done; };
  const app::Imported done = app::import_csv(*store, at("2026-03-01T00:00:00Z"), {}, request);
  CHECK(done.plan.grants.size() == 2);
  CHECK(done.suspended == 1);
  CHECK(last == 2);
  CHECK(store->load().authorizations.size() == 2);
}
