# The whole life of one authorisation, moving time with DAC_NOW:
# grant -> expiring soon -> suspended at the expiry instant -> restore ->
# confirm -> revoke -> re-grant; then the history chain (R2-R11).
source "$(dirname "$0")/lib.sh"

DEV=123456789012
T0=2026-01-15T10:00:00Z      # granted
EXP0=2027-01-15T10:00:00Z    # its first expiry
T5=2027-02-01T00:00:00Z      # restored
T6=2027-03-01T12:00:00Z      # confirmed
T7=2027-04-01T00:00:00Z      # revoked
T8=2027-05-01T00:00:00Z      # granted again

# row T: list --status all of $DEV as of DAC_NOW=T, as JSON.
row() { DAC_NOW=$1 run list --status all --developer "$DEV" --format json; }
# expect_row STATUS AUTHORIZED LAST_CONFIRMED EXPIRES DAYS_LEFT TOKEN(json)
expect_row() {
  expect_json_eq 'd' "[{\"seller_id\":\"$SELLER\",\"developer_id\":\"$DEV\",\"nickname\":\"Khaos Control\",\"own\":false,\"status\":\"$1\",\"authorized_at\":\"$2\",\"last_confirmed_at\":\"$3\",\"expires_at\":$4,\"days_left\":$5,\"mws_auth_token\":$6}]"
}

# --- grant ----------------------------------------------------------------------------------
DAC_NOW=$T0 setup_store --enabled-at 2025-01-01
DAC_NOW=$T0 run grant "$DEV" --nickname "Khaos Control" --token "$TOKEN1"
expect_rc 0
row "$T0"
expect_row active "$T0" "$T0" "\"$EXP0\"" 365 "\"$TOKEN1_MASKED\""
DAC_NOW=$T0 run show "$DEV" --format json
expect_rc 0
expect_json_eq '[d["status"], d["expires_at"], d["days_left"]]' "[\"active\", \"$EXP0\", 365]"
expect_json_eq '[(e["event"], e["effective_at"], e["recorded_at"]) for e in d["history"]]' "[[\"granted\", \"$T0\", \"$T0\"]]"
snapshot_store

# --- list --expiring 30d shows it when it is close --------------------------------------------
DAC_NOW=2026-12-01T10:00:00Z run list --expiring 30d --format json
expect_rc 0
expect_out_is '[]'
DAC_NOW=2026-12-01T10:00:00Z run list --expiring 45d --format json
expect_json_eq '[(r["developer_id"], r["days_left"]) for r in d]' "[[\"$DEV\", 45]]"
DAC_NOW=2026-12-01T10:00:00Z run list --expiring 44d --format json
expect_out_is '[]'
DAC_NOW=2026-12-20T10:00:00Z run list --expiring 30d --format json
expect_json_eq '[(r["developer_id"], r["status"], r["days_left"]) for r in d]' "[[\"$DEV\", \"active\", 26]]"
DAC_NOW=2026-12-20T10:00:00Z run list --expiring 30d
expect_out_matches "Khaos Control.*in 26 days"

# --- one second before expiry: active ----------------------------------------------------------
row 2027-01-15T09:59:59Z
expect_row active "$T0" "$T0" "\"$EXP0\"" 0 "\"$TOKEN1_MASKED\""
DAC_NOW=2027-01-15T09:59:59Z run list --expiring 1h --format json
expect_json_eq 'len(d)' '1'
DAC_NOW=2027-01-15T09:59:59Z run list --expired --format json
expect_out_is '[]'

# --- at the expiry instant: suspended, shown by reads without writing ----------------------------
row "$EXP0"
expect_row suspended "$T0" "$T0" "\"$EXP0\"" 0 "\"$TOKEN1_MASKED\""
DAC_NOW=$EXP0 run list --expired --format json
expect_json_eq '[r["developer_id"] for r in d]' "[\"$DEV\"]"
DAC_NOW=$EXP0 run list --expiring 30d --format json
expect_out_is '[]'
DAC_NOW=$EXP0 run list --status active --format json
expect_out_is '[]'
DAC_NOW=$EXP0 run show "Khaos Control" --format json
expect_json_eq '[d["status"], d["expires_at"], d["days_left"]]' "[\"suspended\", \"$EXP0\", 0]"
expect_json_eq '[e["event"] for e in d["history"]]' '["granted"]'
DAC_NOW=$EXP0 run show "Khaos Control"
expect_out_contains "suspended"
DAC_NOW=2027-01-20T00:00:00Z run history --format json
expect_json_eq '[e["event"] for e in d if e["event"] == "suspended"]' '[]'
DAC_NOW=2027-01-20T00:00:00Z run history --verify
expect_rc 0
row 2027-01-20T00:00:00Z
expect_row suspended "$T0" "$T0" "\"$EXP0\"" -5 "\"$TOKEN1_MASKED\""
# A refused write writes nothing either.
DAC_NOW=2027-01-20T00:00:00Z run confirm "$DEV"
expect_error 1 "restore"
DAC_NOW=2027-01-20T00:00:00Z run grant "$DEV" --nickname "Khaos Control" --token "$TOKEN2"
expect_error 1 "restore"
expect_store_unchanged

# --- restore: the suspension is recorded first, dated at the expiry instant ---------------------
DAC_NOW=$T5 run restore "$DEV" --reason "missed the e-mail"
expect_rc 0
row "$T5"
expect_row active "$T0" "$T5" '"2028-02-01T00:00:00Z"' 365 "\"$TOKEN1_MASKED\""
DAC_NOW=$T5 run history "$DEV" --format json
expect_json_eq '[(e["event"], e["effective_at"], e["recorded_at"], e["reason"]) for e in d]' \
  "[[\"granted\", \"$T0\", \"$T0\", null], [\"suspended\", \"$EXP0\", \"$T5\", null], [\"restored\", \"$T5\", \"$T5\", \"missed the e-mail\"]]"
expect_json_eq '[d[2]["actor"]]' '["tester"]'

# --- confirm ---------------------------------------------------------------------------------------
DAC_NOW=$T6 run confirm "khaos control" --reason "annual review"
expect_rc 0
row "$T6"
expect_row active "$T0" "$T6" '"2028-03-01T12:00:00Z"' 366 "\"$TOKEN1_MASKED\""
DAC_NOW=$T6 run history "$DEV" --format json
expect_json_eq '[(e["event"], e["effective_at"], e["recorded_at"], e["actor"], e["reason"]) for e in d][-1]' \
  "[\"confirmed\", \"$T6\", \"$T6\", \"tester\", \"annual review\"]"

# --- revoke ------------------------------------------------------------------------------------------
DAC_NOW=$T7 run revoke "$DEV" --reason "contract ended"
expect_error 2 "--yes"
DAC_NOW=$T7 run revoke "$DEV" --yes --reason "contract ended" --actor "alice"
expect_rc 0
row "$T7"
expect_row revoked "$T0" "$T6" null null null
check "the token is erased from the store" bash -c "! grep -qF '$TOKEN1'" <(store_dump)
DAC_NOW=$T7 run show "$DEV" --format json
expect_json_eq '[d["status"], d["mws_auth_token"], d["expires_at"], d["days_left"], d["last_confirmed_at"]]' \
  "[\"revoked\", null, null, null, \"$T6\"]"
# Hidden by default, and for good: years later nothing changes.
DAC_NOW=$T7 run list --format json
expect_out_is '[]'
row 2031-01-01T00:00:00Z
expect_row revoked "$T0" "$T6" null null null
DAC_NOW=$T7 run confirm "$DEV"
expect_error 1
DAC_NOW=$T7 run restore "$DEV"
expect_error 1 "grant"

# --- re-grant: afresh, history kept --------------------------------------------------------------------
DAC_NOW=$T8 run grant "$DEV" --nickname "Khaos Control" --token "$TOKEN2"
expect_rc 0
row "$T8"
expect_row active "$T8" "$T8" '"2028-05-01T00:00:00Z"' 366 "\"$TOKEN2_MASKED\""
DAC_NOW=$T8 run show "$DEV" --format json
expect_json_eq '[(e["event"], e["effective_at"]) for e in d["history"]]' \
  "[[\"granted\", \"$T0\"], [\"suspended\", \"$EXP0\"], [\"restored\", \"$T5\"], [\"confirmed\", \"$T6\"], [\"revoked\", \"$T7\"], [\"granted\", \"$T8\"]]"
DAC_NOW=$T8 run history --format json
expect_json_eq '[e["seq"] for e in d]' '[1, 2, 3, 4, 5, 6, 7, 8]'
expect_json_eq '[e["event"] for e in d]' \
  '["seller_added", "confirmation_enabled", "granted", "suspended", "restored", "confirmed", "revoked", "granted"]'
expect_json_eq '[e["recorded_at"] for e in d][2:]' "[\"$T0\", \"$T5\", \"$T5\", \"$T6\", \"$T7\", \"$T8\"]"
expect_json_eq '[e["actor"] for e in d][6]' '"alice"'
expect_json_eq '[e["reason"] for e in d][2:]' '[null, null, "missed the e-mail", "annual review", "contract ended", null]'
expect_json_eq 'all(d[i]["prev_hash"] == d[i-1]["hash"] for i in range(1, len(d)))' 'true'
open_history
check "no token in the history" bash -c "! grep -qi 'amzn\.mws' '$HISTORY_FILE'"

DAC_NOW=$T8 run history --verify
expect_rc 0
expect_err_empty

# One byte of one event (the confirmation, event 6) edited: verify names it.
open_history
python3 - "$HISTORY_FILE" <<'PY'
import sys
p = sys.argv[1]
data = bytearray(open(p, "rb").read())
start = sum(len(l) for l in data.split(b"\n")[:5]) + 5   # start of line 6
i = data.index(b"annual review", start)
data[i] = ord("A")
open(p, "wb").write(data)
PY
close_history
check "the edit hit event 6" grep -q '"Annual review"' "$HISTORY_FILE"
snapshot_store
DAC_NOW=$T8 run history --verify
expect_error 4
expect_err_matches 'event #?6([^0-9]|$)'
expect_store_unchanged

# --- the history is the same whether writes happened daily or once a year (R5) -------------------------
# Two authorisations expiring a day apart; store "daily" writes right after
# each expiry, store "yearly" once, a year later.
for s in daily yearly; do
  new_store "$s"
  DAC_NOW=$T0 setup_store --enabled-at 2025-01-01
  DAC_NOW=$T0 must grant "$DEV" --nickname "Khaos Control" --token "$TOKEN1"
  DAC_NOW=2026-01-16T10:00:00Z must grant 100000000002 --nickname "Second" --token "$TOKEN2"
done
new_store daily
DAC_NOW=2027-01-15T10:00:01Z must grant 900000000001 --nickname "Daily 1" --token "$TOKEN3"
DAC_NOW=2027-01-16T10:00:00Z must grant 900000000002 --nickname "Daily 2" --token "$TOKEN3"
DAC_NOW=2028-01-01T00:00:00Z run history --format json
daily=$(json_eval '[(e["developer_id"], e["effective_at"]) for e in d if e["event"] == "suspended"]')
check "daily: suspensions recorded at their expiry instants" test "$daily" = "[[\"$DEV\",\"$EXP0\"],[\"100000000002\",\"2027-01-16T10:00:00Z\"]]"
new_store yearly
DAC_NOW=2028-01-01T00:00:00Z must grant 900000000001 --nickname "Yearly" --token "$TOKEN3"
DAC_NOW=2028-01-01T00:00:00Z run history --format json
yearly=$(json_eval '[(e["developer_id"], e["effective_at"]) for e in d if e["event"] == "suspended"]')
check "yearly: the same suspensions, in expiry order" test "$yearly" = "$daily"
expect_json_eq '[e["recorded_at"] for e in d if e["event"] == "suspended"]' '["2028-01-01T00:00:00Z", "2028-01-01T00:00:00Z"]'
# The suspensions come before the change that brought them to light.
expect_json_eq '[e["event"] for e in d][-3:]' '["suspended", "suspended", "granted"]'
DAC_NOW=2028-01-01T00:00:00Z run history --verify
expect_rc 0

# --- 29 February: R4 clamps to the last day of the month -------------------------------------------------
new_store leap
DAC_NOW=2024-02-29T10:00:00Z setup_store --enabled-at 2024-01-01
DAC_NOW=2024-02-29T10:00:00Z run grant "$DEV" --nickname "Khaos Control" --token "$TOKEN1"
expect_rc 0
row 2024-02-29T10:00:00Z
expect_row active 2024-02-29T10:00:00Z 2024-02-29T10:00:00Z '"2025-02-28T10:00:00Z"' 365 "\"$TOKEN1_MASKED\""
row 2025-02-28T09:59:59Z
expect_row active 2024-02-29T10:00:00Z 2024-02-29T10:00:00Z '"2025-02-28T10:00:00Z"' 0 "\"$TOKEN1_MASKED\""
row 2025-02-28T10:00:00Z
expect_row suspended 2024-02-29T10:00:00Z 2024-02-29T10:00:00Z '"2025-02-28T10:00:00Z"' 0 "\"$TOKEN1_MASKED\""
DAC_NOW=2025-03-01T00:00:00Z run grant 100000000002 --nickname "Next" --token "$TOKEN2"
expect_rc 0
DAC_NOW=2025-03-01T00:00:00Z run history "$DEV" --format json
expect_json_eq '[(e["event"], e["effective_at"], e["recorded_at"]) for e in d]' \
  '[["granted", "2024-02-29T10:00:00Z", "2024-02-29T10:00:00Z"], ["suspended", "2025-02-28T10:00:00Z", "2025-03-01T00:00:00Z"]]'
# 31 August -> 31 August; 31 January -> 31 January; 31 March -> 31 March.
DAC_NOW=2025-09-01T00:00:00Z run grant 100000000003 --nickname "August" --token "$TOKEN3" --at 2025-08-31T23:59:59Z
expect_rc 0
DAC_NOW=2025-09-01T00:00:00Z run list --developer 100000000003 --format json
expect_json_eq 'd[0]["expires_at"]' '"2026-08-31T23:59:59Z"'
DAC_NOW=2025-09-01T00:00:00Z run grant 100000000004 --nickname "March" --token "$TOKEN4" --at 2025-03-31T00:00:00Z
DAC_NOW=2025-09-01T00:00:00Z run list --developer 100000000004 --format json
expect_json_eq 'd[0]["expires_at"]' '"2026-03-31T00:00:00Z"'
# Confirming on 29 February also clamps.
new_store leap2
DAC_NOW=2028-02-29T08:00:00Z setup_store --enabled-at 2027-01-01
DAC_NOW=2028-02-29T08:00:00Z must grant "$DEV" --nickname "Khaos Control" --token "$TOKEN1" --at 2027-06-01
DAC_NOW=2028-02-29T08:00:00Z run confirm "$DEV"
expect_rc 0
row 2028-02-29T08:00:00Z
expect_row active 2027-06-01T00:00:00Z 2028-02-29T08:00:00Z '"2029-02-28T08:00:00Z"' 365 "\"$TOKEN1_MASKED\""
DAC_NOW=2029-02-28T08:00:00Z run history --verify
expect_rc 0

finish
