# history --verify rebuilds the inventory from the history and compares it
# with state.json (R12, issue 12 item 2): a hand edit of any field but a
# token is caught, naming the seller and developer, the field and both
# values; a token only as present or absent.
source "$(dirname "$0")/lib.sh"

# 1 seller_added  2 confirmation_enabled  3 granted Alpha  4 granted Beta
# 5 granted Own  6 confirmed Alpha  7 revoked Beta  8 suspended Gamma (recorded at 9)  9 granted Gamma --at
DAC_NOW=2025-01-01T00:00:00Z setup_store --enabled-at 2025-01-01 --name "Shop One"
DAC_NOW=2025-02-01T00:00:00Z must grant 100000000001 --nickname "Alpha" --token "$TOKEN1"
DAC_NOW=2025-03-01T00:00:00Z must grant 100000000002 --nickname "Beta" --token "$TOKEN2"
DAC_NOW=2025-03-01T00:00:00Z must grant 100000000003 --nickname "Own" --token "$TOKEN3" --own
DAC_NOW=2025-06-01T00:00:00Z must confirm Alpha
DAC_NOW=2025-07-01T00:00:00Z must revoke Beta --yes
DAC_NOW=2026-08-01T00:00:00Z must grant 100000000004 --nickname "Gamma" --token "$TOKEN4" --at 2025-02-01

run history --verify
expect_rc 0
expect_err_empty
expect_out_contains "history intact"
save_store pristine

# edit_state PYTHON: runs PYTHON on `s`, the parsed state.json, and writes it back
# as dac writes it (tabs, sorted keys), mode kept; starts from the pristine store.
# (On PostgreSQL: the same edit of the tables, through their state.json form.)
edit_state() {
  restore_store pristine
  open_state
  python3 - "$STATE_FILE" "$1" <<'PY'
import json, sys
path = sys.argv[1]
s = json.load(open(path, encoding="utf-8"))
def auth(dev):
    return next(a for a in s["authorizations"] if a["developer_id"] == dev)
def seller():
    return s["sellers"][0]
exec(sys.argv[2])
with open(path, "w", encoding="utf-8") as f:
    f.write(json.dumps(s, indent="\t", sort_keys=True, ensure_ascii=False) + "\n")
PY
  close_state
  snapshot_store
}

# expect_caught WHAT: --verify exits 4 naming WHAT; no token on stderr; nothing written.
expect_caught() {
  run history --verify
  expect_error 4 "history check failed: the inventory is not the one the history rebuilds: $1"
  local t
  for t in "$TOKEN1" "$TOKEN2" "$TOKEN3" "$TOKEN4" "$TOKEN1_MASKED" "$TOKEN2_MASKED"; do expect_err_not_contains "$t"; done
  expect_store_unchanged
}

# --- issue 12 item 2: a revoked developer made active again, with a token -------
edit_state 'b = auth("100000000002"); b.update(status="active", ended_at=None, frozen_last_confirmed_at=None, mws_auth_token="'"$TOKEN2"'")'
run history --verify
expect_rc 4
expect_out_empty
expect_err_is() { if [[ $ERR == "$1"$'\n'"$2"$'\n' ]]; then ok; else fail "stderr differs" "$1 / $2" "$ERR"; fi; }
expect_err_is "dac: history check failed: the inventory is not the one the history rebuilds: authorization 100000000002 (Beta) of seller $SELLER: status is active in the inventory but revoked in the history" \
  "dac: hint: the inventory of $DAC_STORE was changed outside dac; restore it from a backup"
expect_store_unchanged
run history --verify --format json
expect_rc 4

# --- each field of an authorisation ----------------------------------------------
edit_state 'auth("100000000001")["nickname"] = "Alpha Prime"'
expect_caught 'authorization 100000000001 (Alpha Prime) of seller '"$SELLER"': nickname is "Alpha Prime" in the inventory but "Alpha" in the history'
edit_state 'auth("100000000001")["own"] = True'
expect_caught "authorization 100000000001 (Alpha) of seller $SELLER: own is true in the inventory but false in the history"
edit_state 'auth("100000000001")["authorized_at"] = "2025-01-31T00:00:00Z"'
expect_caught "authorization 100000000001 (Alpha) of seller $SELLER: authorized_at is 2025-01-31T00:00:00Z in the inventory but 2025-02-01T00:00:00Z in the history"
edit_state 'auth("100000000001")["confirmed_at"] = "2026-06-01T00:00:00Z"'
expect_caught "authorization 100000000001 (Alpha) of seller $SELLER: confirmed_at is 2026-06-01T00:00:00Z in the inventory but 2025-06-01T00:00:00Z in the history"
edit_state 'auth("100000000001")["confirmed_at"] = None'
expect_caught "authorization 100000000001 (Alpha) of seller $SELLER: confirmed_at is null in the inventory but 2025-06-01T00:00:00Z in the history"
edit_state 'auth("100000000002")["frozen_last_confirmed_at"] = "2025-06-30T00:00:00Z"'
expect_caught "authorization 100000000002 (Beta) of seller $SELLER: frozen_last_confirmed_at is 2025-06-30T00:00:00Z in the inventory but 2025-03-01T00:00:00Z in the history"
edit_state 'auth("100000000002")["ended_at"] = "2027-01-01T00:00:00Z"'
expect_caught "authorization 100000000002 (Beta) of seller $SELLER: ended_at is 2027-01-01T00:00:00Z in the inventory but 2025-07-01T00:00:00Z in the history"
edit_state 'auth("100000000004")["status"] = "active"; auth("100000000004")["ended_at"] = None; auth("100000000004")["frozen_last_confirmed_at"] = None'
expect_caught "authorization 100000000004 (Gamma) of seller $SELLER: status is active in the inventory but suspended in the history"
edit_state 'auth("100000000004")["ended_at"] = "2026-02-02T00:00:00Z"'
expect_caught "authorization 100000000004 (Gamma) of seller $SELLER: ended_at is 2026-02-02T00:00:00Z in the inventory but 2026-02-01T00:00:00Z in the history"
# A token present on a revoked record, or absent on an active one: the store
# refuses to load it at all (exit 4, for every command), naming the field, never the value.
edit_state 'auth("100000000002")["mws_auth_token"] = "'"$TOKEN2"'"'
run history --verify
expect_error 4 "mws_auth_token: a revoked authorization keeps no token"
expect_err_not_contains "$TOKEN2"
edit_state 'auth("100000000001")["mws_auth_token"] = None'
run history --verify
expect_error 4 "mws_auth_token: missing token"
# Another token in place of the one granted is not the history's to know: it carries none.
edit_state 'auth("100000000001")["mws_auth_token"] = "'"$TOKEN2"'"'
run history --verify
expect_rc 0

# --- records added or removed ----------------------------------------------------
edit_state 's["authorizations"] = [a for a in s["authorizations"] if a["developer_id"] != "100000000003"]'
expect_caught "authorization 100000000003 (Own) of seller $SELLER is in the history but not in the inventory"
edit_state 'x = dict(auth("100000000001")); x.update(developer_id="100000000009", nickname="Ghost"); s["authorizations"].append(x)'
expect_caught "authorization 100000000009 (Ghost) of seller $SELLER is in the inventory but was never granted in the history"

# --- each field of a seller ------------------------------------------------------
edit_state 'seller()["name"] = "Shop Two"'
expect_caught "seller $SELLER: name is \"Shop Two\" in the inventory but \"Shop One\" in the history"
edit_state 'seller()["confirmation_enabled"] = False'
expect_caught "seller $SELLER: confirmation_enabled is false in the inventory but true in the history"
edit_state 'seller()["enabled_at"] = "2024-01-01T00:00:00Z"'
expect_caught "seller $SELLER: enabled_at is 2024-01-01T00:00:00Z in the inventory but 2025-01-01T00:00:00Z in the history"
edit_state 's["sellers"].append(dict(seller(), seller_id="Z9Y8X7W6V5U4T3"))'
expect_caught "seller Z9Y8X7W6V5U4T3 is in the inventory but was never added in the history"

# --- a broken chain is still named first -----------------------------------------
restore_store pristine
open_history
sed -i '4s/"actor":"tester"/"actor":"mallory"/' "$HISTORY_FILE"
close_history
run history --verify
expect_error 4 "history check failed: event #4 was altered"

finish
