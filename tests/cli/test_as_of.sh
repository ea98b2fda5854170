# --as-of on every read command: the picture at an instant rebuilt from the
# history (SPEC §2, issue 12 item 1), relative TIME, and the clock behind the
# store's last write.
source "$(dirname "$0")/lib.sh"

TOKEN5=amzn.mws.55555555-6666-7777-8888-999900001111
TOKEN5_MASKED="amzn.mws.5555…1111"

# A store written over two years:
#   2025-01-01 init, confirmation on        2025-02-01 grant Khaos Control
#   2025-03-01 grant Linnworks              2025-06-01 revoke Linnworks
#   2026-01-15 confirm Khaos Control        2026-08-10 grant café
#   2026-08-20 revoke Khaos Control         2026-09-01 grant 100000000002 again, as Totally Different Co
#   2026-10-01 grant Late Co --at 2025-03-15 (recorded late; suspended at 2026-03-15 in the same write)
DAC_NOW=2025-01-01T00:00:00Z setup_store --enabled-at 2025-01-01
DAC_NOW=2025-02-01T00:00:00Z must grant 100000000001 --nickname "Khaos Control" --token "$TOKEN1"
DAC_NOW=2025-03-01T00:00:00Z must grant 100000000002 --nickname "Linnworks" --token "$TOKEN2"
DAC_NOW=2025-06-01T00:00:00Z must revoke Linnworks --yes
DAC_NOW=2026-01-15T00:00:00Z must confirm "Khaos Control"
DAC_NOW=2026-08-10T12:00:00Z must grant 100000000003 --nickname "café" --token "$TOKEN3"
DAC_NOW=2026-08-20T00:00:00Z must revoke "Khaos Control" --yes
DAC_NOW=2026-09-01T00:00:00Z must grant 100000000002 --nickname "Totally Different Co" --token "$TOKEN4"
DAC_NOW=2026-10-01T00:00:00Z must grant 100000000005 --nickname "Late Co" --token "$TOKEN5" --at 2025-03-15
snapshot_store

# --- before a grant: absent ---------------------------------------------------
run show café --as-of 2025-03-31
expect_error 3 "no authorization matches 'café' at 2025-03-31T00:00:00Z" "dac history café"
run show 100000000003 --as-of 2026-08-10T11:59:59Z --format json
expect_error 3 "no authorization matches '100000000003' at 2026-08-10T11:59:59Z"
# ... and exactly at it: there.
run show café --as-of 2026-08-10T12:00:00Z --format json
expect_rc 0
expect_err_empty
expect_json_eq '{k: d[k] for k in ["status", "authorized_at", "last_confirmed_at", "expires_at", "days_left", "mws_auth_token"]}' \
  '{"status": "active", "authorized_at": "2026-08-10T12:00:00Z", "last_confirmed_at": "2026-08-10T12:00:00Z", "expires_at": "2027-08-10T12:00:00Z", "days_left": 365, "mws_auth_token": "'"$TOKEN3_MASKED"'"}'

# --- "who had access on 31 March 2025?", for a JSON reader --------------------
run list --as-of 2025-03-31 --status all --format json
expect_rc 0
expect_err_empty
expect_out <<EOF
[
  {
    "seller_id": "$SELLER",
    "developer_id": "100000000001",
    "nickname": "Khaos Control",
    "own": false,
    "status": "active",
    "authorized_at": "2025-02-01T00:00:00Z",
    "last_confirmed_at": "2025-02-01T00:00:00Z",
    "expires_at": "2026-02-01T00:00:00Z",
    "days_left": 307,
    "mws_auth_token": null
  },
  {
    "seller_id": "$SELLER",
    "developer_id": "100000000002",
    "nickname": "Linnworks",
    "own": false,
    "status": "active",
    "authorized_at": "2025-03-01T00:00:00Z",
    "last_confirmed_at": "2025-03-01T00:00:00Z",
    "expires_at": "2026-03-01T00:00:00Z",
    "days_left": 335,
    "mws_auth_token": null
  },
  {
    "seller_id": "$SELLER",
    "developer_id": "100000000005",
    "nickname": "Late Co",
    "own": false,
    "status": "active",
    "authorized_at": "2025-03-15T00:00:00Z",
    "last_confirmed_at": "2025-03-15T00:00:00Z",
    "expires_at": "2026-03-15T00:00:00Z",
    "days_left": 349,
    "mws_auth_token": "$TOKEN5_MASKED"
  }
]
EOF

# The same as a table: Khaos Control active, café absent.
run list --as-of 2025-03-31
expect_rc 0
expect_err_empty
expect_out <<EOF
DEVELOPER     NICKNAME       STATUS  LAST CONFIRMED  EXPIRES
100000000001  Khaos Control  active  2025-02-01      2026-02-01 (in 307 days)
100000000002  Linnworks      active  2025-03-01      2026-03-01 (in 335 days)
100000000005  Late Co        active  2025-03-15      2026-03-15 (in 349 days)
EOF

# --- one second before a revocation, and at it ---------------------------------
run show "Khaos Control" --as-of 2026-08-19T23:59:59Z --format json
expect_rc 0
expect_json_eq '[d["status"], d["last_confirmed_at"], d["expires_at"], d["mws_auth_token"]]' \
  '["active", "2026-01-15T00:00:00Z", "2027-01-15T00:00:00Z", null]'
# Its history as it stood then: the events that had taken effect, not the revocation to come.
expect_json_eq '[e["event"] for e in d["history"]]' '["granted", "confirmed"]'
run show "Khaos Control" --as-of 2026-08-19T23:59:59Z
expect_out_not_contains "revoked"
run show "Khaos Control" --as-of 2026-08-20T00:00:00Z --format json
expect_rc 0
expect_json_eq '[e["event"] for e in d["history"]]' '["granted", "confirmed", "revoked"]'
expect_json_eq '[d["status"], d["last_confirmed_at"], d["expires_at"], d["days_left"], d["mws_auth_token"]]' \
  '["revoked", "2026-01-15T00:00:00Z", null, null, null]'
# Before its confirmation, twelve months from its grant.
run show 100000000001 --as-of 2026-01-14 --format json
expect_json_eq '[d["status"], d["expires_at"], d["days_left"]]' '["active", "2026-02-01T00:00:00Z", 18]'

# --- across a re-grant: the nickname it had then --------------------------------
run list --as-of 2026-08-31 --status revoked --format json
expect_rc 0
expect_json_eq '[[a["developer_id"], a["nickname"], a["status"], a["last_confirmed_at"], a["mws_auth_token"]] for a in d]' \
  '[["100000000001", "Khaos Control", "revoked", "2026-01-15T00:00:00Z", null], ["100000000002", "Linnworks", "revoked", "2025-03-01T00:00:00Z", null]]'
run list --as-of 2026-09-01 --developer 100000000002 --format json
expect_json_eq '[[a["nickname"], a["status"], a["authorized_at"], a["mws_auth_token"]] for a in d]' \
  '[["Totally Different Co", "active", "2026-09-01T00:00:00Z", "'"$TOKEN4_MASKED"'"]]'
# The current nickname names nothing in the past; the developer ID does.
run show "Totally Different Co" --as-of 2025-04-01
expect_error 3 "no authorization matches 'Totally Different Co' at 2025-04-01T00:00:00Z"
run show 100000000002 --as-of 2025-04-01 --format json
expect_json_eq '[d["nickname"], d["status"]]' '["Linnworks", "active"]'

# --- a grant recorded late counts from when it took effect ----------------------
run show "Late Co" --as-of 2026-03-14T23:59:59Z --format json
expect_json_eq '[d["status"], d["days_left"]]' '["active", 0]'
run show "Late Co" --as-of 2026-03-15T00:00:00Z --format json
expect_json_eq '[d["status"], d["expires_at"]]' '["suspended", "2026-03-15T00:00:00Z"]'

# --- before the store existed: empty --------------------------------------------
run list --as-of 2024-06-01 --status all --format json
expect_rc 0
expect_out_is "[]"

# --- check and metrics at an instant --------------------------------------------
run check --warn 30d --crit 7d --as-of 2025-03-31
expect_rc 0
expect_out_is "DAC OK - 3 active authorizations, none expire within 30d (next: Khaos Control in 307d) | expiring=0;;;0 suspended=0;;;0 active=3;;;0 min_days_left=307;30:;7:;;"
run check --warn 30d --crit 7d --as-of 2026-01-10
expect_rc 1
expect_out_contains "DAC WARNING"
expect_out_contains "first: Khaos Control"
run metrics --as-of 2025-03-31
expect_rc 0
expect_out_contains 'dac_authorizations{seller_id="'"$SELLER"'",status="active"} 3'
expect_out_contains 'dac_store_last_write_timestamp_seconds 1740787200'
expect_out_not_contains "100000000003"

# --- the future, and relative TIME ----------------------------------------------
# Now (2026-11-26) is after the last write: the stored records, the rules at TIME.
run list --as-of +1mo --format json
expect_rc 0
expect_err_empty
expect_json_eq '[[a["nickname"], a["status"], a["days_left"]] for a in d]' \
  '[["Late Co", "suspended", -287], ["café", "active", 227], ["Totally Different Co", "active", 248]]'
run list --as-of=-30d --format json --status all
expect_json_eq '[a["nickname"] for a in d]' '["Late Co", "café", "Totally Different Co", "Khaos Control"]'
# -100d is 2026-08-18: before Khaos Control's revocation and the re-grant.
run list --as-of -100d --format json --status all
expect_rc 0
expect_json_eq '[[a["nickname"], a["status"]] for a in d]' \
  '[["Late Co", "suspended"], ["Khaos Control", "active"], ["café", "active"], ["Linnworks", "revoked"]]'
run list --as-of -30m
expect_error 2 "invalid --as-of offset '30m'" "1mo"
run list --as-of yesterday
expect_error 2 "--as-of"

# --- the clock behind the store's last write ------------------------------------
DAC_NOW=2026-01-01T00:00:00Z run list --status all --format json
expect_rc 0
expect_err_is() { if [[ $ERR == "$1"$'\n' ]]; then ok; else fail "stderr differs" "$1" "$ERR"; fi; }
expect_err_is "dac: the clock (2026-01-01T00:00:00Z) is behind the store's last write (2026-10-01T00:00:00Z): records are shown as last written, their status as of the clock; check the system clock or DAC_NOW"
expect_json_eq 'len(d)' '4'
# An --as-of that names its instant does not depend on the clock: no notice.
DAC_NOW=2026-01-01T00:00:00Z run list --as-of 2025-03-31 --format json
expect_err_empty
expect_json_eq 'len(d)' '3'
# Never the notice that blamed an --as-of nobody gave.
DAC_NOW=2026-01-01T00:00:00Z run show café
expect_err_not_contains "--as-of"
expect_err_contains "the clock (2026-01-01T00:00:00Z) is behind"

# Reads never write.
expect_store_unchanged

# --- a grant recorded late whose 12 months ran out while confirmation was on,
# before a disable (R5, R1): suspended at that expiry and for good, though
# confirmation is off when it is recorded ------------------------------------
new_store late
DAC_NOW=2024-01-01T00:00:00Z setup_store --disabled
DAC_NOW=2024-12-31T22:00:00Z must enable
DAC_NOW=2026-01-01T00:00:00Z must disable
DAC_NOW=2026-06-13T00:00:00Z run grant 100000000007 --nickname "Late Again" --token "$TOKEN5" --at 2024-12-10T06:00:00Z
expect_rc 0
expect_out_contains "suspended"
DAC_NOW=2026-06-13T00:00:00Z run history 100000000007 --format json
expect_json_eq '[(e["event"], e["effective_at"], e["recorded_at"], e["actor"]) for e in d]' \
  '[["granted", "2024-12-10T06:00:00Z", "2026-06-13T00:00:00Z", "'"$USER"'"], ["suspended", "2025-12-31T22:00:00Z", "2026-06-13T00:00:00Z", "dac"]]'
for t in 2025-12-31T22:00:00Z 2026-01-01T00:00:00Z 2026-06-13T00:00:00Z; do
  DAC_NOW=2026-06-13T00:00:00Z run show 100000000007 --as-of $t --format json
  expect_json_eq '[d["status"], d["last_confirmed_at"], d["expires_at"]]' \
    '["suspended", "2024-12-31T22:00:00Z", "2025-12-31T22:00:00Z"]'
done
DAC_NOW=2026-06-13T00:00:00Z run show 100000000007 --as-of 2025-12-31T21:59:59Z --format json
expect_json_eq 'd["status"]' '"active"'
DAC_NOW=2026-06-13T00:00:00Z run history --verify
expect_rc 0

finish
