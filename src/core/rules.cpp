#include "dac/core/rules.hpp"

#include <algorithm>
#include <tuple>

#include "dac/core/error.hpp"
#include "dac/core/ids.hpp"

namespace dac::rules {

namespace {

Event make_event(EventType type, Instant effective_at, Instant now, const std::string& seller_id,
                 std::optional<std::string> developer_id, const Actor& actor) {
  Event e;
  e.type = type;
  e.effective_at = effective_at;
  e.recorded_at = now;
  e.seller_id = seller_id;
  e.developer_id = std::move(developer_id);
  e.actor = actor.name;
  e.reason = actor.reason;
  return e;
}

Event make_event(EventType type, Instant effective_at, Instant now, const Authorization& auth, const Actor& actor) {
  return make_event(type, effective_at, now, auth.seller_id, auth.developer_id, actor);
}

const Seller& seller_of(const State& state, const Authorization& auth) {
  const Seller* seller = state.find_seller(auth.seller_id);
  if (seller == nullptr) {
    throw_store("authorization " + auth.developer_id + " belongs to unknown seller " + auth.seller_id);
  }
  return *seller;
}

// R3 for an active authorisation.
Instant live_last_confirmed(const Seller& seller, const Authorization& auth) {
  Instant t = auth.authorized_at;
  if (auth.confirmed_at) t = std::max(t, *auth.confirmed_at);
  if (seller.confirmation_enabled && seller.enabled_at) t = std::max(t, *seller.enabled_at);
  return t;
}

// R4 and R9 for an active authorisation.
std::optional<Instant> live_expiry(const Seller& seller, const Authorization& auth) {
  if (auth.own || !seller.confirmation_enabled) return std::nullopt;
  return add_months(live_last_confirmed(seller, auth), k_access_months);
}

[[noreturn]] void refuse(const std::string& message, const std::string& hint = {}) {
  throw Error(ErrorKind::Refused, message, hint);
}

// "no seller X in the store", the one message for a seller ID the store does not hold.
[[noreturn]] void no_such_seller(std::string_view seller_id, std::string_view hint) {
  throw Error(ErrorKind::NotFound, "no seller " + std::string(seller_id) + " in the store", std::string(hint));
}

}  // namespace

void freeze(const Seller& seller, Authorization& auth, Status status, Instant ended_at) {
  if (auth.status == Status::Active) auth.frozen_last_confirmed_at = live_last_confirmed(seller, auth);
  auth.status = status;
  auth.ended_at = ended_at;
}

View view(const State& state, const Authorization& auth, Instant at) {
  View v;
  switch (auth.status) {
    case Status::Active: {
      const Seller& seller = seller_of(state, auth);
      v.last_confirmed_at = live_last_confirmed(seller, auth);
      v.expires_at = live_expiry(seller, auth);
      // R5: the expiry instant itself counts as expired.
      v.status = (v.expires_at && *v.expires_at <= at) ? Status::Suspended : Status::Active;
      break;
    }
    case Status::Suspended:
      v.status = Status::Suspended;
      v.last_confirmed_at = auth.frozen_last_confirmed_at.value_or(auth.authorized_at);
      v.expires_at = auth.ended_at;
      break;
    case Status::Revoked:
      v.status = Status::Revoked;
      v.last_confirmed_at = auth.frozen_last_confirmed_at.value_or(auth.authorized_at);
      break;
  }
  if (v.expires_at) v.days_left = days_between(at, *v.expires_at);
  return v;
}

void record_due_suspensions(State& state, Instant now, Outcome& out) {
  std::vector<std::pair<Instant, Authorization*>> due;
  for (Authorization& auth : state.authorizations) {
    if (auth.status != Status::Active) continue;
    const auto expiry = live_expiry(seller_of(state, auth), auth);
    if (expiry && *expiry <= now) due.emplace_back(*expiry, &auth);
  }
  std::sort(due.begin(), due.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first, a.second->seller_id, a.second->developer_id) <
           std::tie(b.first, b.second->seller_id, b.second->developer_id);
  });
  const Actor automatic{std::string(k_automatic_actor), std::nullopt};
  for (auto& [expiry, auth] : due) {
    freeze(seller_of(state, *auth), *auth, Status::Suspended, expiry);
    out.events.push_back(make_event(EventType::Suspended, expiry, now, *auth, automatic));
  }
}

void record_late_suspension(Authorization& auth, const std::vector<OnPeriod>& closed, Instant now, Outcome& out) {
  if (auth.status != Status::Active || auth.own) return;
  for (const OnPeriod& period : closed) {
    if (period.until <= auth.authorized_at) continue;
    // The 12 months from the later of its date and the period's start, or,
    // when confirmed before they ran out, from that confirmation.
    const Instant first_expiry = add_months(std::max(auth.authorized_at, period.from), k_access_months);
    const Instant last_confirmed = last_confirmed_in_period(auth, period.from, first_expiry);
    const Instant expiry = add_months(last_confirmed, k_access_months);
    if (expiry > period.until) continue;
    auth.frozen_last_confirmed_at = last_confirmed;
    auth.status = Status::Suspended;
    auth.ended_at = expiry;
    const Actor automatic{std::string(k_automatic_actor), std::nullopt};
    out.events.push_back(make_event(EventType::Suspended, expiry, now, auth, automatic));
    return;
  }
}

Instant last_confirmed_in_period(const Authorization& auth, Instant from, Instant at) {
  Instant t = std::max(auth.authorized_at, from);
  if (auth.confirmed_at && *auth.confirmed_at < at) t = std::max(t, *auth.confirmed_at);
  return t;
}

void add_seller(State& state, const std::string& seller_id, const std::string& name, std::optional<Instant> enabled_at,
                Instant now, const Actor& actor, Outcome& out) {
  if (state.find_seller(seller_id) != nullptr) {
    refuse("seller " + seller_id + " is already in the store", "see them with: dac seller list");
  }
  if (enabled_at && *enabled_at > now) {
    throw_usage("confirmation cannot be enabled in the future (" + format_instant(*enabled_at) + ")");
  }
  Seller seller;
  seller.seller_id = seller_id;
  seller.name = name;
  seller.confirmation_enabled = enabled_at.has_value();
  seller.enabled_at = enabled_at;
  state.add_seller(seller);
  // R12: the seller's name; its switch is rebuilt from the confirmation events.
  Event added = make_event(EventType::SellerAdded, now, now, seller_id, std::nullopt, actor);
  added.seller_name = name;
  out.events.push_back(std::move(added));
  if (enabled_at) {
    out.events.push_back(make_event(EventType::ConfirmationEnabled, *enabled_at, now, seller_id, std::nullopt, actor));
  }
}

void grant(State& state, const GrantRequest& request, Instant now, const Actor& actor, Outcome& out) {
  (void)require_seller(state, request.seller_id, "add it with: dac seller add " + request.seller_id);
  if (request.authorized_at > now) {
    throw_usage("the authorisation date " + format_instant(request.authorized_at) + " is in the future");
  }
  if (request.last_confirmed_at &&
      (*request.last_confirmed_at > now || *request.last_confirmed_at < request.authorized_at)) {
    throw_usage("last_confirmed_at must lie between the authorisation date and now");
  }
  if (request.own) {
    // Only this seller's records: an import of many own accounts was quadratic.
    for (const std::size_t i : state.positions_of_seller(request.seller_id)) {
      const Authorization& other = state.authorizations[i];
      if (other.own && other.seller_id == request.seller_id && other.status != Status::Revoked &&
          other.developer_id != request.developer_id) {
        refuse("seller " + request.seller_id + " already has its own developer account " + describe(other));
      }
    }
  }

  Authorization* existing = state.find(request.seller_id, request.developer_id);
  if (existing != nullptr && existing->status == Status::Active) {
    refuse(describe(*existing) + " is already granted and active",
           "to extend it, run: dac confirm " + existing->developer_id);
  }
  if (existing != nullptr && existing->status == Status::Suspended) {
    refuse(describe(*existing) + " is suspended", "to give access back, run: dac restore " + existing->developer_id);
  }
  if (existing != nullptr && existing->ended_at && request.authorized_at < *existing->ended_at) {
    // R13: a re-grant cannot take effect before the revocation it follows.
    refuse("the grant of " + describe(*existing) + " at " + format_instant(request.authorized_at) +
               " is before its revocation (" + format_instant(*existing->ended_at) +
               "); a new grant starts after the old one ended",
           "give --at " + format_instant(*existing->ended_at) + " or later (default: now)");
  }
  if (existing == nullptr) {
    Authorization fresh;
    fresh.seller_id = request.seller_id;
    fresh.developer_id = request.developer_id;
    existing = &state.add_authorization(std::move(fresh));
  }
  // R10: a revoked one starts afresh; its history is kept.
  Authorization& auth = *existing;
  auth = Authorization{};
  auth.seller_id = request.seller_id;
  auth.developer_id = request.developer_id;
  auth.nickname = request.nickname;
  auth.own = request.own;
  auth.authorized_at = request.authorized_at;
  auth.token = request.token;
  if (request.last_confirmed_at && *request.last_confirmed_at > request.authorized_at) {
    auth.confirmed_at = request.last_confirmed_at;
  }
  // R12: what the grant sets, so the history alone rebuilds the record.
  Event granted = make_event(EventType::Granted, request.authorized_at, now, auth, actor);
  granted.nickname = auth.nickname;
  granted.own = auth.own;
  granted.last_confirmed_at = auth.confirmed_at;
  out.events.push_back(std::move(granted));
}

void confirm(State& state, Authorization& auth, Instant now, const Actor& actor, Outcome& out) {
  switch (auth.status) {
    case Status::Revoked:
      refuse(describe(auth) + " is revoked and cannot be confirmed",
             "grant it again with: dac grant " + auth.developer_id + " --nickname ... --token-file ...");
    case Status::Suspended:
      refuse(describe(auth) + " is suspended and cannot be confirmed",
             "give access back with: dac restore " + auth.developer_id);
    case Status::Active:
      break;
  }
  if (auth.own) {
    out.notices.push_back(describe(auth) + " is the seller's own account and never expires; nothing to confirm");
    return;
  }
  (void)state;
  auth.confirmed_at = now;
  out.events.push_back(make_event(EventType::Confirmed, now, now, auth, actor));
}

void revoke(State& state, Authorization& auth, Instant now, const Actor& actor, Outcome& out) {
  if (auth.own) {
    refuse(describe(auth) + " is the seller's own developer account and can never be revoked");
  }
  if (auth.status == Status::Revoked) {
    out.notices.push_back(describe(auth) + " is already revoked; nothing changed");
    return;
  }
  freeze(seller_of(state, auth), auth, Status::Revoked, now);
  auth.token.reset();
  out.events.push_back(make_event(EventType::Revoked, now, now, auth, actor));
}

void restore(State& state, Authorization& auth, Instant now, const Actor& actor, Outcome& out) {
  (void)state;
  switch (auth.status) {
    case Status::Revoked:
      refuse(describe(auth) + " is revoked and cannot be restored",
             "grant it again with: dac grant " + auth.developer_id + " --nickname ... --token-file ...");
    case Status::Active:
      out.notices.push_back(describe(auth) + " is already active; nothing changed");
      return;
    case Status::Suspended:
      break;
  }
  auth.status = Status::Active;
  auth.confirmed_at = now;
  auth.frozen_last_confirmed_at.reset();
  auth.ended_at.reset();
  out.events.push_back(make_event(EventType::Restored, now, now, auth, actor));
}

void enable(State& state, Seller& seller, Instant at, Instant now, const Actor& actor, Outcome& out) {
  (void)state;
  if (at > now) throw_usage("confirmation cannot be enabled in the future (" + format_instant(at) + ")");
  if (seller.confirmation_enabled) {
    out.notices.push_back("confirmation is already enabled for seller " + seller.seller_id + " (since " +
                          (seller.enabled_at ? format_instant(*seller.enabled_at) : "?") + "); nothing changed");
    return;
  }
  // R13: not before the seller's last switch, so replay by effective instant
  // gives one answer.
  const std::optional<Instant> last_switch = std::max(seller.enabled_at, seller.disabled_at);
  if (last_switch && at < *last_switch) {
    refuse("confirmation cannot be enabled from " + format_instant(at) + " for seller " + seller.seller_id +
               ": that is before its last switch (" +
               (seller.disabled_at == last_switch ? "disabled at " : "enabled at ") + format_instant(*last_switch) +
               ")",
           "give --at " + format_instant(*last_switch) + " or later (default: now)");
  }
  seller.confirmation_enabled = true;
  seller.enabled_at = at;
  out.events.push_back(make_event(EventType::ConfirmationEnabled, at, now, seller.seller_id, std::nullopt, actor));
}

void disable(State& state, Seller& seller, Instant now, const Actor& actor, Outcome& out) {
  (void)state;
  if (!seller.confirmation_enabled) {
    out.notices.push_back("confirmation is already disabled for seller " + seller.seller_id + "; nothing changed");
    return;
  }
  seller.confirmation_enabled = false;
  seller.disabled_at = now;
  out.events.push_back(make_event(EventType::ConfirmationDisabled, now, now, seller.seller_id, std::nullopt, actor));
}

void require_time_forward(const State& state, Instant now) {
  if (!state.written_at || now >= *state.written_at) return;
  refuse("the clock (" + format_instant(now) + ") is behind the store's last write (" +
             format_instant(*state.written_at) + "); nothing was written",
         "check the system clock (date -u), and DAC_NOW if it is set: a write may not be dated before the last one");
}

const Seller& require_seller(const State& state, std::string_view seller_id, std::string_view hint) {
  const Seller* seller = state.find_seller(seller_id);
  if (seller == nullptr) no_such_seller(seller_id, hint);
  return *seller;
}

Seller& require_seller(State& state, std::string_view seller_id, std::string_view hint) {
  Seller* seller = state.find_seller(seller_id);
  if (seller == nullptr) no_such_seller(seller_id, hint);
  return *seller;
}

Seller& pick_seller(State& state, const std::optional<std::string>& seller_id) {
  if (seller_id) return require_seller(state, *seller_id);
  if (state.sellers.size() == 1) return state.sellers.front();
  if (state.sellers.empty()) throw_store("the store has no seller", "add one with: dac seller add SELLER_ID");
  std::string names;
  for (const Seller& s : state.sellers) names += (names.empty() ? "" : ", ") + s.seller_id;
  throw_usage("the store has several sellers (" + names + "); say which with --seller");
}

Authorization& find_target(State& state, std::string_view target, const std::optional<std::string>& seller_id) {
  if (seller_id) (void)require_seller(state, *seller_id);
  const bool by_id = looks_like_developer_id(target);
  const std::string id = by_id ? parse_developer_id(target) : std::string{};
  std::vector<Authorization*> matches;
  for (Authorization& auth : state.authorizations) {
    if (seller_id && auth.seller_id != *seller_id) continue;
    if (by_id ? auth.developer_id == id : nickname_equals(auth.nickname, target)) matches.push_back(&auth);
  }
  if (matches.empty()) {
    throw Error(ErrorKind::NotFound,
                "no authorization matches '" + std::string(target) + "'" +
                    (seller_id ? " for seller " + *seller_id : std::string{}),
                "see them all with: dac list --status all");
  }
  if (matches.size() > 1) {
    std::string candidates;
    for (const Authorization* a : matches) {
      candidates +=
          (candidates.empty() ? "" : ", ") + a->nickname + " (" + a->developer_id + " at seller " + a->seller_id + ")";
    }
    // --seller helps only when the matches are at more than one seller.
    const bool one_seller = std::all_of(matches.begin(), matches.end(), [&](const Authorization* a) {
      return a->seller_id == matches.front()->seller_id;
    });
    throw_usage("'" + std::string(target) + "' is ambiguous: it matches " + candidates,
                by_id                     ? "say which seller with --seller"
                : seller_id || one_seller ? "name it by one of those developer IDs"
                                          : "name it by developer ID, or narrow it with --seller");
  }
  return *matches.front();
}

std::string describe(const Authorization& auth) { return auth.nickname + " (" + auth.developer_id + ")"; }

}  // namespace dac::rules
