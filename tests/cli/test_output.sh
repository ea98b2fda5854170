# Output: colour only on a terminal or --color always, NO_COLOR, stdout vs stderr,
# -q, JSON that always parses, tables with relative times (SPEC §3, §4).
source "$(dirname "$0")/lib.sh"

setup_store --enabled-at 2025-01-01 --name "Main shop"
NICK_ODD='Ünïcødé "quoted" \back\slash, ☕'
must grant 100000000001 --nickname "Alpha" --token "$TOKEN1" --at 2025-12-10T12:00:00Z   # 14 days left
must grant 100000000002 --nickname "$NICK_ODD" --token "$TOKEN2" --at 2026-06-01
must grant 100000000003 --nickname "Gamma" --token "$TOKEN3" --at 2025-11-01T08:00:00Z   # suspended
must grant 100000000004 --nickname "Own App" --token "$TOKEN4" --own --at 2025-02-01
must grant 100000000005 --nickname "Eps" --token "$TOKEN1" --at 2026-03-01
must revoke Eps --yes --reason "gone"

ESC=$'\x1b'
no_escapes() { [[ $OUT != *"$ESC"* && $ERR != *"$ESC"* ]]; }

# --- no escape codes when stdout is not a terminal ------------------------------------
for args in "list" "list --status all" "list --reveal-tokens" "history" "show Alpha" "show Gamma" "seller list" \
  "credentials" "list --format json" "list --format csv" "history --verify"; do
  # shellcheck disable=SC2086
  run $args
  expect_rc 0
  check "no escape codes: dac $args" no_escapes
done
run confirm 100000000004
check "no escape codes in notices" no_escapes
run show Nobody
check "no escape codes in errors" no_escapes

# --- --color always adds them; --color never and NO_COLOR remove them on a terminal ---
run --color always list
expect_rc 0
expect_out_contains "$ESC["
run list --color always --status all
expect_out_contains "$ESC["
on_tty list
expect_rc 0
expect_out_contains "$ESC["
expect_out_contains "Alpha"
NO_COLOR=1 on_tty list
expect_rc 0
expect_out_contains "Alpha"
expect_out_not_contains "$ESC"
on_tty list --color never
expect_out_contains "Alpha"
expect_out_not_contains "$ESC"
on_tty --color never history
expect_out_contains "granted"
expect_out_not_contains "$ESC"
NO_COLOR=1 run list --color auto
check "NO_COLOR, not a terminal: no escapes" no_escapes
# Machine formats stay clean even on a terminal or with --color always.
on_tty list --format json
expect_out_not_contains "$ESC"
run list --format json --color always
expect_out_not_contains "$ESC"
expect_json
run history --format json --color always
expect_out_not_contains "$ESC"
expect_json
run list --format csv --color always
expect_out_not_contains "$ESC"

# --- results on stdout; notices and errors on stderr, "dac: " each -------------------------
run confirm "Own App"
expect_rc 0
expect_err_prefix
expect_out_not_contains "dac:"
run restore Alpha
expect_rc 0
expect_err_prefix
expect_out_not_contains "dac:"
run revoke Eps --yes
expect_rc 0
expect_err_prefix
expect_out_not_contains "dac:"
run show Nobody
expect_error 3
run list --bogus
expect_error 2
run confirm Gamma
expect_error 1
new_store fresh
run init --seller "$SELLER"
expect_rc 0
expect_out_empty
expect_err_prefix
export DAC_STORE=$MAIN_STORE

# -q / --quiet silence notices, not errors.
run -q confirm "Own App"
expect_rc 0
expect_err_empty
run confirm "Own App" --quiet
expect_rc 0
expect_err_empty
run revoke Eps --yes -q
expect_rc 0
expect_err_empty
run restore Alpha -q
expect_rc 0
expect_err_empty
run confirm --all --dry-run -q --format json
expect_rc 0
expect_err_empty
expect_json
new_store quiet
run -q init --seller "$SELLER"
expect_rc 0
expect_err_empty
export DAC_STORE=$MAIN_STORE
run -q show Nobody
expect_error 3
run show Nobody --quiet
expect_error 3
run -q list --bogus
expect_error 2

# -v adds detail on stderr only; stdout stays clean.
run -v list --format json
expect_rc 0
expect_json
run list -v --format json
expect_json
DAC_NOW=2026-11-26T13:00:00Z run -v confirm Alpha --format json
expect_rc 0
expect_json
expect_err_prefix
DAC_NOW=2026-11-26T13:00:00Z run --verbose list
expect_rc 0
expect_out_contains "Alpha"
check "-v: no stderr line leaks into stdout" test "$(grep -c '^dac: ' "$OUT_FILE")" -eq 0
snapshot_store

# --- --format json always parses --------------------------------------------------------------
# At the instant of the last write: SPEC R13 refuses a write (a dry run too)
# dated before it.
export DAC_NOW=2026-11-26T13:00:00Z
for args in "list" "list --status all" "list --expiring 1h" "list --status revoked" "list --reveal-tokens" \
  "show Alpha" "show Eps" "show 100000000004" "show 100000000002" "history" "history Alpha" "history --since 2030-01-01" \
  "history --verify" "seller list" "credentials" "confirm --all --dry-run" "confirm --all --expiring 1h --dry-run"; do
  # shellcheck disable=SC2086
  run $args --format json
  expect_rc 0
  expect_json
  # shellcheck disable=SC2086
  run --format json $args
  expect_json
done
export DAC_NOW=2026-11-26T12:00:00Z
expect_store_unchanged
DAC_NOW=2026-11-27T00:00:00Z run --format json grant 100000000006 --nickname "Zeta" --token "$TOKEN2"
expect_rc 0
expect_json
expect_json_eq '[r["developer_id"] for r in d]' '["100000000006"]'
DAC_NOW=2026-11-27T00:00:00Z run --format json confirm Zeta Alpha
expect_rc 0
expect_json
expect_json_eq 'sorted(r["developer_id"] for r in d)' '["100000000001", "100000000006"]'
DAC_NOW=2026-11-27T00:00:00Z run --format json revoke Zeta --yes
expect_rc 0
expect_json
expect_json_eq '[(r["developer_id"], r["status"], r["mws_auth_token"]) for r in d]' '[["100000000006", "revoked", null]]'
DAC_NOW=2026-11-27T00:00:00Z run --format json restore Gamma
expect_rc 0
expect_json
expect_json_eq '[(r["developer_id"], r["status"]) for r in d]' '[["100000000003", "active"]]'
DAC_NOW=2026-11-27T00:00:00Z run --format json confirm "Own App"
expect_rc 0
expect_json

# Odd nicknames survive JSON and CSV unchanged.
run list --developer 100000000002 --format json
expect_json_eq 'd[0]["nickname"]' "$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$NICK_ODD")"
run list --developer 100000000002 --format csv
check "CSV round-trips the nickname" python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
sys.exit(0 if len(rows) == 1 and rows[0]["nickname"] == sys.argv[2] else 1)' "$OUT_FILE" "$NICK_ODD"

# Every time in JSON is RFC 3339 UTC with seconds and Z.
run list --status all --format json
expect_json_eq 'all(r[k] is None or __import__("re").fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r[k]) is not None for r in d for k in ("authorized_at", "last_confirmed_at", "expires_at"))' 'true'
run history --format json
expect_json_eq 'all(__import__("re").fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", e[k]) is not None for e in d for k in ("effective_at", "recorded_at"))' 'true'

# --- tables: relative times, masked or revealed tokens, every field in show -----------------------
DAC_NOW=2026-11-27T00:00:00Z run list --developer 100000000002
expect_rc 0
expect_out_contains "$NICK_ODD"
run list --developer 100000000002
expect_out_matches "active.*2027-06-01.*in 186 days"
run list --as-of 2026-12-01T00:00:00Z --developer 100000000002
expect_out_matches "in 182 days"
run list --status all
expect_out_matches "Eps.*revoked"
run list --expired --as-of 2027-07-01T00:00:00Z --developer 100000000002
expect_out_matches "suspended.*2027-06-01.*30 days ago"
run list --reveal-tokens
expect_out_contains "$TOKEN2"
run show 100000000002
expect_rc 0
expect_out_contains "$NICK_ODD"
expect_out_contains "100000000002"
expect_out_contains "$SELLER"
expect_out_contains "active"
expect_out_contains "2026-06-01"
expect_out_contains "2027-06-01"
expect_out_contains "$TOKEN2_MASKED"
expect_out_not_contains "$TOKEN2"
expect_out_contains "granted"
run show Eps
expect_out_contains "revoked"
expect_out_contains "gone"
expect_out_not_contains "$TOKEN1"
run show Eps --format json
expect_json_eq '[d["status"], d["mws_auth_token"], d["expires_at"]]' '["revoked", null, null]'
expect_json_eq '[e["event"] for e in d["history"]]' '["granted", "revoked"]'
expect_json_eq 'list(d)[:10]' '["seller_id","developer_id","nickname","own","status","authorized_at","last_confirmed_at","expires_at","days_left","mws_auth_token"]'

# --- issue 13 item 14: show colours the status (and expiry) as list does ------------------
new_store colours
setup_store --enabled-at 2025-01-01
must grant 100000000001 --nickname "Soon" --token "$TOKEN1" --at 2025-12-10T12:00:00Z   # 14 days left
must grant 100000000002 --nickname "Later" --token "$TOKEN2" --at 2026-06-01
must grant 100000000003 --nickname "Gone" --token "$TOKEN3" --at 2025-11-01T08:00:00Z   # suspended
on_tty show Soon
expect_rc 0
expect_out_matches "status +${ESC}\\[33mactive${ESC}\\[0m"
expect_out_matches "expires_at +${ESC}\\[33m2026-12-10"
on_tty show Later
expect_out_matches "status +${ESC}\\[32mactive"
on_tty show Gone
expect_out_matches "status +${ESC}\\[31msuspended"
run --color always show Gone
expect_out_matches "status +${ESC}\\[31msuspended"
run show Gone
check "show, not a terminal: no escapes" no_escapes
NO_COLOR=1 on_tty show Gone
expect_out_contains "suspended"
expect_out_not_contains "$ESC"
on_tty show Gone --color never
expect_out_not_contains "$ESC"

# --- issue 13 item 11: the relative time agrees with days_left; long spans in years ----------
# Gone expired 2025-11-01T08:00Z + 12 months = 2026-11-01T08:00Z: 25 days 4 hours ago, day -26.
run show Gone
expect_out_matches "expires_at +2026-11-01T08:00:00Z \\(26 days ago\\)"
expect_out_matches "days_left +-26$"
run show Gone --format json
expect_json_eq 'd["days_left"]' '-26'
run list --developer 100000000003
expect_out_matches "Gone.*2026-11-01 \\(26 days ago\\)"
# A span of years: 2023-06-01 to 2026-11-26 is 3 years and 5 whole months.
must grant 100000000004 --nickname "Old" --token "$TOKEN4" --at 2023-06-01
run show Old
expect_out_matches "authorized_at +2023-06-01T00:00:00Z \\(3 years 5 months ago\\)"
run list --developer 100000000002 --as-of 2029-01-01
expect_out_matches "Later.*2027-06-01 \\(1 year 7 months ago\\)"

# --- issue 13 item 14: singular and plural, and hints that fit what was given ---------------
run confirm --all --expiring 20d --dry-run
expect_rc 0
expect_err_contains "would confirm 1 authorization;"
expect_err_not_contains "(s)"
run confirm --all --dry-run
expect_err_contains "would confirm 2 authorizations;"
must grant 100000000005 --nickname "Soon" --token "$TOKEN1" --at 2026-01-01
# Both at the one seller: --seller would not help, the developer ID does.
run show Soon
expect_error 2 "ambiguous" "100000000001" "100000000005"
expect_err_not_contains "narrow it with --seller"
expect_err_contains "name it by one of those developer IDs"
run show Soon --seller "$SELLER"
expect_error 2 "ambiguous" "100000000001" "100000000005"
expect_err_not_contains "narrow it with --seller"
expect_err_contains "developer ID"
# At two sellers, --seller narrows it.
must seller add "$SELLER2" --name Other
must grant 100000000006 --nickname "Soon" --token "$TOKEN2" --seller "$SELLER2" --at 2026-01-01
run show Soon --seller "$SELLER2"
expect_rc 0
run show Soon
expect_error 2 "ambiguous" "100000000006"
expect_err_contains "name it by developer ID, or narrow it with --seller"

finish
