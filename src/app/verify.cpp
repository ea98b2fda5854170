#include "dac/app/verify.hpp"

#include <utility>

#include "dac/app/checkpoint.hpp"
#include "dac/core/error.hpp"
#include "dac/core/json_text.hpp"
#include "dac/core/replay.hpp"

namespace dac::app {

namespace {

std::string value(const std::string& s) {
  std::string out;
  append_json_string(out, s);  // quoted, control characters escaped
  return out;
}
std::string value(bool b) { return b ? "true" : "false"; }
std::string value(Instant t) { return format_instant(t); }
std::string value(const std::optional<Instant>& t) { return t ? format_instant(*t) : "null"; }
std::string value(Status s) { return std::string(to_string(s)); }

// "FIELD is A in the inventory but B in the history", or nothing when equal.
template <typename T>
std::optional<std::string> field(std::string_view name, const T& stored, const T& rebuilt) {
  if (stored == rebuilt) return std::nullopt;
  return std::string(name) + " is " + value(stored) + " in the inventory but " + value(rebuilt) + " in the history";
}

std::string seller_name(const Seller& s) { return "seller " + s.seller_id; }

std::string auth_name(const Authorization& a) {
  return "authorization " + a.developer_id + " (" + a.nickname + ") of seller " + a.seller_id;
}

std::optional<std::string> seller_difference(const Seller& stored, const Seller& rebuilt, bool format1) {
  std::optional<std::string> d = field("name", stored.name, rebuilt.name);
  if (!d) d = field("confirmation_enabled", stored.confirmation_enabled, rebuilt.confirmation_enabled);
  if (!d) d = field("enabled_at", stored.enabled_at, rebuilt.enabled_at);
  if (!d && !format1) d = field("disabled_at", stored.disabled_at, rebuilt.disabled_at);
  return d;
}

// R7: a token exactly while the record is not revoked; its value is never shown.
std::optional<std::string> token_difference(const Authorization& stored) {
  const bool revoked = stored.status == Status::Revoked;
  if (revoked && stored.token) return "a token is present on a revoked record";
  if (!revoked && !stored.token) {
    return std::string("the token is absent on ") + (stored.status == Status::Active ? "an active" : "a suspended") +
           " record";
  }
  return std::nullopt;
}

std::optional<std::string> auth_difference(const Authorization& stored, const Authorization& rebuilt) {
  std::optional<std::string> d = field("status", stored.status, rebuilt.status);
  if (!d) d = field("nickname", stored.nickname, rebuilt.nickname);
  if (!d) d = field("own", stored.own, rebuilt.own);
  if (!d) d = field("authorized_at", stored.authorized_at, rebuilt.authorized_at);
  if (!d) d = field("confirmed_at", stored.confirmed_at, rebuilt.confirmed_at);
  if (!d) d = field("frozen_last_confirmed_at", stored.frozen_last_confirmed_at, rebuilt.frozen_last_confirmed_at);
  if (!d) d = field("ended_at", stored.ended_at, rebuilt.ended_at);
  if (!d) d = token_difference(stored);
  return d;
}

std::optional<std::string> sellers_difference(const State& rebuilt, const State& stored) {
  const bool format1 = stored.store_id.empty();
  for (const Seller& s : stored.sellers) {
    const Seller* r = rebuilt.find_seller(s.seller_id);
    if (r == nullptr) return seller_name(s) + " is in the inventory but was never added in the history";
    if (auto d = seller_difference(s, *r, format1)) return seller_name(s) + ": " + *d;
  }
  for (const Seller& r : rebuilt.sellers) {
    if (stored.find_seller(r.seller_id) == nullptr)
      return seller_name(r) + " is in the history but not in the inventory";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> inventory_difference(const State& rebuilt, const State& stored) {
  if (auto d = sellers_difference(rebuilt, stored)) return d;
  for (const Authorization& a : stored.authorizations) {
    const Authorization* r = rebuilt.find(a.seller_id, a.developer_id);
    if (r == nullptr) return auth_name(a) + " is in the inventory but was never granted in the history";
    if (auto d = auth_difference(a, *r)) return auth_name(a) + ": " + *d;
  }
  for (const Authorization& r : rebuilt.authorizations) {
    if (stored.find(r.seller_id, r.developer_id) == nullptr) {
      return auth_name(r) + " is in the history but not in the inventory";
    }
  }
  return std::nullopt;
}

Verified verify_history(Store& store, const std::vector<std::string>& checkpoint_files,
                        const std::vector<std::string>& verifiers) {
  const State state = store.load();
  Verified verified;
  verified.head = state.history.hash;
  // One pass checks the chain and rebuilds the inventory; the rebuild is
  // compared only once the chain and the checkpoints have passed.
  Replay replay(std::nullopt, &state);
  const VerifyReport chain = store.verify_history(state, [&](const Event& e) { replay.apply(e); });
  verified.events = chain.events_checked;
  if (!chain.ok) {
    verified.ok = false;
    verified.problem = chain.problem;
    verified.hint = "the history of " + store.describe() + " was changed outside dac; restore it from a backup";
    return verified;
  }
  const CheckpointCheck checkpoints = check_checkpoints(store, state, checkpoint_files, verifiers);
  if (!checkpoints.ok) {
    verified.ok = false;
    verified.problem = checkpoints.problem;
    verified.hint = "the history of " + store.describe() +
                    " no longer begins with what the checkpoint signed, or the checkpoint is not this store's or "
                    "not signed by the given keys; see docs/checkpoints.md";
    return verified;
  }
  const State rebuilt = replay.finish();
  if (auto d = inventory_difference(rebuilt, state)) {
    verified.ok = false;
    verified.problem = "the inventory is not the one the history rebuilds: " + *d;
    verified.hint = "the inventory of " + store.describe() + " was changed outside dac; restore it from a backup";
  }
  return verified;
}

void require_intact(const Verified& verified) {
  if (!verified.ok) throw_store("history check failed: " + verified.problem, verified.hint);
}

}  // namespace dac::app
