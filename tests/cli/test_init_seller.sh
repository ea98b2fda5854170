# dac init, dac seller add, dac seller list (SPEC §3, R1, §6).
source "$(dirname "$0")/lib.sh"

# --- init creates the store, owner-only ------------------------------------
run init --seller "$SELLER" --name "Main shop"
expect_rc 0
expect_out_empty
expect_err_prefix
check "the store exists" store_exists
if on_json; then
  check "state.json exists" test -f "$DAC_STORE/state.json"
  check "history.jsonl exists" test -f "$DAC_STORE/history.jsonl"
  check "store folder is 0700" test "$(stat -c %a "$DAC_STORE")" = 700
  check "state.json is 0600" test "$(stat -c %a "$DAC_STORE/state.json")" = 600
  check "history.jsonl is 0600" test "$(stat -c %a "$DAC_STORE/history.jsonl")" = 600
fi

# Confirmation starts on, enabled now.
run seller list --format json
expect_rc 0
expect_json
expect_json_eq '[s["seller_id"] for s in d]' "[\"$SELLER\"]"
expect_json_eq 'd[0]["confirmation_enabled"]' 'true'
expect_json_eq 'd[0]["enabled_at"]' "\"$DAC_NOW\""
expect_json_eq 'd[0]["name"]' '"Main shop"'

run seller list
expect_rc 0
expect_out_contains "$SELLER"
expect_out_contains "Main shop"
expect_out_contains "enabled"
# Tables print dates, as list does; JSON (above) and CSV keep RFC 3339 (issue 13 item 14).
expect_out_matches "enabled since ${DAC_NOW%%T*} "
expect_out_not_contains "$DAC_NOW"
run seller list --format csv
expect_out_contains ",$DAC_NOW,"

# The history records that confirmation was switched on, now.
run history --format json
expect_rc 0
expect_json_eq '[e["effective_at"] for e in d if e["event"] == "confirmation_enabled"]' "[\"$DAC_NOW\"]"
expect_json_eq '{e["actor"] for e in d} == {"tester"}' 'true'

# --- init on an existing store is refused and changes nothing --------------
snapshot_store
run init --seller "$SELLER2"
check "init over an existing store fails" test "$RC" -ne 0
expect_out_empty
expect_err_prefix
expect_err_contains "$DAC_STORE"
expect_store_unchanged

# A store whose state.json was lost still holds its history: init never wipes it.
if on_json; then
  new_store lost
  setup_store
  must grant 123456789012 --nickname "Khaos Control" --token "$TOKEN1" --at 2026-06-01
  rm "$DAC_STORE/state.json"
  snapshot_store
  run init --seller "$SELLER"
  expect_error 4 "history.jsonl" "state.json"
  expect_store_unchanged
  check "the history was kept" test "$(history_lines)" -eq 3
fi

# --- init with bad input creates nothing -----------------------------------
new_store bad1
run init --seller a1b2c3d4e5f6g7
expect_error 2 "a1b2c3d4e5f6g7"
check "no store created for a bad seller ID" no_store

new_store bad2
run init --seller "$SELLER" --enabled-at 2026-11-27
expect_error 2
check "no store created for a future --enabled-at" no_store

new_store bad3
run init --seller "$SELLER" --enabled-at 2025-01-01 --disabled
expect_error 2
check "no store created for --enabled-at with --disabled" no_store

new_store bad4
run init
expect_error 2
check "no store created without --seller" no_store

new_store bad5
run init --seller "$SELLER" --enabled-at 2025-02-30
expect_error 2
check "no store created for an impossible --enabled-at" no_store

# --- init --enabled-at and --disabled --------------------------------------
new_store enabled
run init --seller "$SELLER" --enabled-at 2025-01-01T08:30:00+02:00
expect_rc 0
run seller list --format json
expect_json_eq 'd[0]["confirmation_enabled"]' 'true'
expect_json_eq 'd[0]["enabled_at"]' '"2025-01-01T06:30:00Z"'
run history --format json
expect_json_eq '[e["effective_at"] for e in d if e["event"] == "confirmation_enabled"]' '["2025-01-01T06:30:00Z"]'
expect_json_eq '[e["recorded_at"] for e in d if e["event"] == "confirmation_enabled"]' "[\"$DAC_NOW\"]"

new_store disabled
run init --seller "$SELLER" --disabled
expect_rc 0
run seller list --format json
expect_json_eq 'd[0]["confirmation_enabled"]' 'false'
run seller list
expect_out_contains "disabled"
run history --format json
expect_json_eq '[e for e in d if e["event"] == "confirmation_enabled"]' '[]'

# --reason is kept; an existing empty folder is made owner-only.
new_store existing
on_json && mkdir -m 755 "$DAC_STORE"
run init --seller "$SELLER" --reason "first setup" --actor "ops"
expect_rc 0
on_json && check "an existing folder becomes 0700" test "$(stat -c %a "$DAC_STORE")" = 700
run history --format json
expect_json_eq '{(e["actor"], e["reason"]) for e in d} == {("ops", "first setup")}' 'true'

# --- seller add: several sellers --------------------------------------------
new_store multi
setup_store --enabled-at 2025-01-01
run seller add "$SELLER2" --name "Second shop" --disabled --reason "second account"
expect_rc 0
expect_out_empty
run seller list --format json
expect_rc 0
expect_json_eq '[s["seller_id"] for s in d]' "[\"$SELLER\", \"$SELLER2\"]"
expect_json_eq '[s["confirmation_enabled"] for s in d]' '[true, false]'

snapshot_store
run seller add "$SELLER2"
check "adding a seller twice fails" test "$RC" -ne 0
expect_out_empty
expect_err_prefix
expect_store_unchanged

run seller add "bad-seller"
expect_error 2
expect_store_unchanged

# A command that must pick one seller, without --seller, lists them (exit 2).
run grant 123456789012 --nickname "Khaos Control" --token "$TOKEN1"
expect_error 2 "$SELLER" "$SELLER2" "--seller"
expect_store_unchanged
run credentials
expect_error 2 "$SELLER" "$SELLER2"
run enable
expect_error 2 "$SELLER" "$SELLER2"
run disable
expect_error 2 "$SELLER" "$SELLER2"
expect_store_unchanged

# With --seller it works, for either seller.
run grant 123456789012 --nickname "Khaos Control" --token "$TOKEN1" --seller "$SELLER2"
expect_rc 0
run list --format json
expect_json_eq '[(r["seller_id"], r["developer_id"]) for r in d]' "[[\"$SELLER2\", \"123456789012\"]]"

# A store with one seller never asks for it.
new_store single
setup_store --enabled-at 2025-01-01
run grant 123456789012 --nickname "Khaos Control" --token "$TOKEN1" --at 2026-06-01
expect_rc 0
run list --format json
expect_json_eq '[r["seller_id"] for r in d]' "[\"$SELLER\"]"

# seller list on a missing store is a store error.
new_store nowhere
run seller list
expect_error 4 "$DAC_STORE" "dac init"
check "seller list does not create a store" no_store
run seller add "$SELLER2"
expect_error 4 "$DAC_STORE" "dac init"
check "seller add does not create a store" no_store

finish
