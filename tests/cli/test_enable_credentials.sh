# dac enable / disable (R1, R3, R4) and dac credentials (R9).
source "$(dirname "$0")/lib.sh"

# Now is 2026-11-26T12:00:00Z.
setup_store --enabled-at 2025-01-01
must grant 100000000001 --nickname "Alpha" --token "$TOKEN1" --at 2025-12-10T12:00:00Z   # expires 2026-12-10T12:00Z
must grant 100000000003 --nickname "Gamma" --token "$TOKEN3" --at 2025-11-01T08:00:00Z   # suspended 2026-11-01T08:00Z
must grant 100000000004 --nickname "Own App" --token "$TOKEN4" --own --at 2025-02-01

row_of() { run list --status all --developer "$1" --format json; }

# --- disable: no access expires while it is off ---------------------------------
run disable --reason "paused by Amazon"
expect_rc 0
expect_out_empty
row_of 100000000001
expect_json_eq '[d[0]["status"], d[0]["last_confirmed_at"], d[0]["expires_at"], d[0]["days_left"]]' \
  '["active", "2025-12-10T12:00:00Z", null, null]'
# Access already suspended stays suspended, with its frozen dates (R1, R8a).
row_of 100000000003
expect_json_eq '[d[0]["status"], d[0]["last_confirmed_at"], d[0]["expires_at"]]' \
  '["suspended", "2025-11-01T08:00:00Z", "2026-11-01T08:00:00Z"]'
run history --format json
expect_json_eq '[(e["event"], e["effective_at"], e["recorded_at"], e["developer_id"], e["reason"]) for e in d][-1]' \
  "[\"confirmation_disabled\", \"$DAC_NOW\", \"$DAC_NOW\", null, \"paused by Amazon\"]"
run seller list --format json
expect_json_eq 'd[0]["confirmation_enabled"]' 'false'

# Far past the old expiry, nothing is suspended, by reads or writes.
DAC_NOW=2028-01-01T00:00:00Z row_of 100000000001
expect_json_eq '[d[0]["status"], d[0]["expires_at"]]' '["active", null]'
DAC_NOW=2028-01-01T00:00:00Z run grant 100000000005 --nickname "Eps" --token "$TOKEN2"
expect_rc 0
DAC_NOW=2028-01-01T00:00:00Z run history --format json
expect_json_eq '[e["event"] for e in d if e["event"] == "suspended" and e["developer_id"] == "100000000001"]' '[]'

# --expiring finds nothing without an expiration.
DAC_NOW=2028-01-01T00:00:00Z run list --expiring 10y --format json
expect_rc 0
expect_out_is '[]'

# Disabling again: exit 0, a notice, nothing written.
snapshot_store
DAC_NOW=2028-01-01T00:00:00Z run disable
expect_rc 0
expect_err_prefix
expect_store_unchanged

# --- enable --at: every authorisation gets 12 months from that instant (R3) -------
DAC_NOW=2028-01-01T00:00:00Z run enable --at 2027-12-15T06:00:00Z --reason "back on"
expect_rc 0
expect_out_empty
DAC_NOW=2028-01-01T00:00:00Z row_of 100000000001
expect_json_eq '[d[0]["status"], d[0]["authorized_at"], d[0]["last_confirmed_at"], d[0]["expires_at"], d[0]["days_left"]]' \
  '["active", "2025-12-10T12:00:00Z", "2027-12-15T06:00:00Z", "2028-12-15T06:00:00Z", 349]'
# A grant younger than enabled_at keeps its own date.
DAC_NOW=2028-01-01T00:00:00Z row_of 100000000005
expect_json_eq '[d[0]["last_confirmed_at"], d[0]["expires_at"]]' '["2028-01-01T00:00:00Z", "2029-01-01T00:00:00Z"]'
# The own account still never expires; the suspended one stays suspended.
DAC_NOW=2028-01-01T00:00:00Z row_of 100000000004
expect_json_eq '[d[0]["status"], d[0]["expires_at"]]' '["active", null]'
DAC_NOW=2028-01-01T00:00:00Z row_of 100000000003
expect_json_eq '[d[0]["status"], d[0]["expires_at"]]' '["suspended", "2026-11-01T08:00:00Z"]'
DAC_NOW=2028-01-01T00:00:00Z run history --format json
expect_json_eq '[(e["event"], e["effective_at"], e["recorded_at"], e["reason"]) for e in d][-1]' \
  '["confirmation_enabled", "2027-12-15T06:00:00Z", "2028-01-01T00:00:00Z", "back on"]'
DAC_NOW=2028-01-01T00:00:00Z run seller list --format json
expect_json_eq '[d[0]["confirmation_enabled"], d[0]["enabled_at"]]' '[true, "2027-12-15T06:00:00Z"]'

# Enabling again: exit 0, a notice, nothing written.
snapshot_store
DAC_NOW=2028-01-01T00:00:00Z run enable
expect_rc 0
expect_err_prefix
expect_store_unchanged

# --at in the future, or impossible: usage errors, nothing written.
DAC_NOW=2028-01-01T00:00:00Z run disable
expect_rc 0
snapshot_store
DAC_NOW=2028-01-01T00:00:00Z run enable --at 2028-01-01T00:00:01Z
expect_error 2
DAC_NOW=2028-01-01T00:00:00Z run enable --at 2027-02-29
expect_error 2
DAC_NOW=2028-01-01T00:00:00Z run enable --seller NOSUCHSELLER1
check "enable for a seller not in the store fails" test "$RC" -ne 0
expect_err_prefix
expect_store_unchanged

# enable without --at: enabled now.
DAC_NOW=2028-02-01T00:00:00Z run enable
expect_rc 0
DAC_NOW=2028-02-01T00:00:00Z row_of 100000000001
expect_json_eq '[d[0]["last_confirmed_at"], d[0]["expires_at"]]' '["2028-02-01T00:00:00Z", "2029-02-01T00:00:00Z"]'

# --- a store that starts disabled ---------------------------------------------------
new_store off
setup_store --disabled
must grant 100000000001 --nickname "Alpha" --token "$TOKEN1" --at 2020-01-01
row_of 100000000001
expect_json_eq '[d[0]["status"], d[0]["last_confirmed_at"], d[0]["expires_at"], d[0]["days_left"]]' \
  '["active", "2020-01-01T00:00:00Z", null, null]'
# Switching it on, dated in the past, suspends at the next write what has come due.
run enable --at 2025-06-01T00:00:00Z
expect_rc 0
row_of 100000000001
expect_json_eq '[d[0]["status"], d[0]["last_confirmed_at"], d[0]["expires_at"]]' \
  '["suspended", "2025-06-01T00:00:00Z", "2026-06-01T00:00:00Z"]'
run history 100000000001 --format json
expect_json_eq '[(e["event"], e["effective_at"]) for e in d]' \
  '[["granted", "2020-01-01T00:00:00Z"], ["suspended", "2026-06-01T00:00:00Z"]]'

# --- several sellers: each its own switch --------------------------------------------
new_store two
setup_store --enabled-at 2025-01-01
must seller add "$SELLER2" --enabled-at 2025-01-01
must grant 100000000001 --seller "$SELLER" --nickname "Alpha" --token "$TOKEN1" --at 2026-06-01
must grant 100000000001 --seller "$SELLER2" --nickname "Alpha" --token "$TOKEN2" --at 2026-06-01
run disable --seller "$SELLER2"
expect_rc 0
run list --format json
expect_json_eq '[(r["seller_id"], r["expires_at"]) for r in d]' \
  "[[\"$SELLER\", \"2027-06-01T00:00:00Z\"], [\"$SELLER2\", null]]"
run seller list --format json
expect_json_eq '[s["confirmation_enabled"] for s in d]' '[true, false]'
run history --format json
expect_json_eq '[(e["seller_id"], e["developer_id"]) for e in d if e["event"] == "confirmation_disabled"]' \
  "[[\"$SELLER2\", null]]"

# --- credentials (R9) -----------------------------------------------------------------
new_store creds
setup_store --enabled-at 2025-01-01
must grant 100000000001 --nickname "Alpha" --token "$TOKEN1" --at 2026-06-01
# No own account yet.
run credentials
check "credentials without an own account fails" test "$RC" -ne 0
expect_out_empty
expect_err_prefix
expect_err_not_contains "$TOKEN1"

must grant 999988887777 --nickname "Our app" --token "$TOKEN4" --own --at 2024-01-01
run credentials
expect_rc 0
expect_out_contains "$TOKEN4"
expect_out_contains "999988887777"
expect_out_not_contains "$TOKEN1"
run credentials --format json
expect_rc 0
expect_json
expect_json_eq 'd["mws_auth_token"]' "\"$TOKEN4\""
expect_json_eq 'd["developer_id"]' '"999988887777"'
expect_json_eq 'd["seller_id"]' "\"$SELLER\""
run credentials --format csv
expect_rc 0
expect_out_contains "$TOKEN4"

# Confirming the own account changes nothing and succeeds with a notice.
snapshot_store
run confirm 999988887777
expect_rc 0
expect_err_prefix
expect_store_unchanged
# ... also long after a year, when it would have expired if it were not own.
DAC_NOW=2030-01-01T00:00:00Z run list --own --format json
expect_json_eq '[d[0]["status"], d[0]["expires_at"], d[0]["days_left"]]' '["active", null, null]'

# Several sellers: credentials needs --seller.
must seller add "$SELLER2" --enabled-at 2025-01-01
run credentials
expect_error 2 "$SELLER" "$SELLER2"
run credentials --seller "$SELLER" --format json
expect_rc 0
expect_json_eq 'd["mws_auth_token"]' "\"$TOKEN4\""
run credentials --seller "$SELLER2"
check "credentials for a seller without an own account fails" test "$RC" -ne 0
expect_out_empty
expect_err_prefix

finish
