# dac grant (SPEC §1 fields, R2, R3, R10, R11; §2 time input).
source "$(dirname "$0")/lib.sh"

setup_store --enabled-at 2025-01-01

# --- a grant with every field ------------------------------------------------
run grant 1234-5678-9012 --nickname "Khaos Control" --token "$TOKEN1" --at 2026-03-01T12:00:00Z --reason "new 3PL"
expect_rc 0
expect_out_contains "123456789012"
expect_out_contains "Khaos Control"
expect_out_not_contains "$TOKEN1"
run list --format json
expect_rc 0
expect_json_eq 'd' "[{\"seller_id\": \"$SELLER\", \"developer_id\": \"123456789012\", \"nickname\": \"Khaos Control\",
  \"own\": false, \"status\": \"active\", \"authorized_at\": \"2026-03-01T12:00:00Z\",
  \"last_confirmed_at\": \"2026-03-01T12:00:00Z\", \"expires_at\": \"2027-03-01T12:00:00Z\", \"days_left\": 95,
  \"mws_auth_token\": \"$TOKEN1_MASKED\"}]"

# The history records it: effective at the authorisation date, recorded now.
run history 123456789012 --format json
expect_rc 0
expect_json_eq '[(e["event"], e["effective_at"], e["recorded_at"], e["developer_id"], e["actor"], e["reason"]) for e in d]' \
  "[[\"granted\", \"2026-03-01T12:00:00Z\", \"$DAC_NOW\", \"123456789012\", \"tester\", \"new 3PL\"]]"

# --- developer ID forms: grouped with '-' or spaces, leading zeros kept -------
run grant "0000 1111 2222" --nickname "Zeros" --token "$TOKEN2" --at 2026-06-01
expect_rc 0
run grant 000033334444 --nickname "More zeros" --token "$TOKEN3" --at 2026-06-01
expect_rc 0
run list --format json --sort developer
expect_json_eq '[r["developer_id"] for r in d]' '["000011112222", "000033334444", "123456789012"]'

# --- times: a date is midnight UTC; offsets convert; fractions are dropped ----
run list --developer 000011112222 --format json
expect_json_eq 'd[0]["authorized_at"]' '"2026-06-01T00:00:00Z"'
new_store times
setup_store --enabled-at 2025-01-01
run grant 100000000001 --nickname "Offset" --token "$TOKEN1" --at 2026-06-01T14:00:00+02:00
expect_rc 0
run grant 100000000002 --nickname "Fraction" --token "$TOKEN2" --at 2026-06-01T12:00:00.789Z
expect_rc 0
run grant 100000000003 --nickname "Negative offset" --token "$TOKEN3" --at 2026-05-31T23:30:00-05:00
expect_rc 0
run list --format json --sort developer
expect_json_eq '[r["authorized_at"] for r in d]' '["2026-06-01T12:00:00Z", "2026-06-01T12:00:00Z", "2026-06-01T04:30:00Z"]'
expect_json_eq '[r["expires_at"] for r in d]' '["2027-06-01T12:00:00Z", "2027-06-01T12:00:00Z", "2027-06-01T04:30:00Z"]'

# Without --at, the authorisation date is now.
run grant 100000000004 --nickname "Now" --token "$TOKEN4"
expect_rc 0
run list --developer 100000000004 --format json
expect_json_eq '[d[0]["authorized_at"], d[0]["expires_at"], d[0]["days_left"]]' "[\"$DAC_NOW\", \"2027-11-26T12:00:00Z\", 365]"

# --- token: either case accepted, stored lower-case ---------------------------
new_store case
setup_store --enabled-at 2025-01-01
run grant 100000000002 --nickname "Upper hex" --token "amzn.mws.4EA39C1D-A2B3-4C5D-9E8F-0123ABCD4567"
expect_rc 0
run list --developer 100000000002 --reveal-tokens --format json
expect_json_eq 'd[0]["mws_auth_token"]' "\"$TOKEN1\""
check "the store holds the token lower-case" grep -q "$TOKEN1" <(store_dump)
check "the store does not hold the upper-case form" bash -c '! grep -q 4EA39C1D' <(store_dump)

# --- R3: confirmation switched on after the grant -----------------------------
new_store r3
setup_store --enabled-at 2026-01-01T00:00:00Z
run grant 100000000001 --nickname "Old one" --token "$TOKEN1" --at 2025-06-01T10:00:00Z
expect_rc 0
run list --format json
expect_json_eq '[d[0]["authorized_at"], d[0]["last_confirmed_at"], d[0]["expires_at"], d[0]["status"]]' \
  '["2025-06-01T10:00:00Z", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "active"]'

# --- a grant dated long ago is suspended at once, dated at its expiry (R5) ----
new_store past
setup_store --enabled-at 2025-01-01
run grant 100000000001 --nickname "Ancient" --token "$TOKEN1" --at 2025-02-10T09:00:00Z
expect_rc 0
run list --format json
expect_json_eq '[d[0]["status"], d[0]["expires_at"], d[0]["days_left"]]' '["suspended", "2026-02-10T09:00:00Z", -290]'
run history 100000000001 --format json
expect_json_eq '[(e["event"], e["effective_at"], e["recorded_at"]) for e in d]' \
  "[[\"granted\", \"2025-02-10T09:00:00Z\", \"$DAC_NOW\"], [\"suspended\", \"2026-02-10T09:00:00Z\", \"$DAC_NOW\"]]"

# --- R10: granting an active or suspended one is refused with a hint ----------
snapshot_store
run grant 100000000001 --nickname "Ancient" --token "$TOKEN2"
expect_error 1 "restore"
expect_err_not_contains "$TOKEN2"
expect_store_unchanged

new_store again
setup_store --enabled-at 2025-01-01
must grant 100000000001 --nickname "Khaos Control" --token "$TOKEN1" --at 2026-06-01
snapshot_store
run grant 1000-0000-0001 --nickname "Khaos Control" --token "$TOKEN2"
expect_error 1 "confirm"
expect_err_not_contains "$TOKEN2"
expect_err_not_contains "$TOKEN1"
expect_store_unchanged

# Re-grant of a revoked one starts afresh, history kept.
must revoke 100000000001 --yes
DAC_NOW=2026-12-01T08:00:00Z run grant 100000000001 --nickname "Khaos Again" --token "$TOKEN2"
expect_rc 0
DAC_NOW=2026-12-01T08:00:00Z run list --format json --reveal-tokens
expect_json_eq '[d[0]["nickname"], d[0]["status"], d[0]["authorized_at"], d[0]["last_confirmed_at"], d[0]["expires_at"], d[0]["mws_auth_token"]]' \
  "[\"Khaos Again\", \"active\", \"2026-12-01T08:00:00Z\", \"2026-12-01T08:00:00Z\", \"2027-12-01T08:00:00Z\", \"$TOKEN2\"]"
DAC_NOW=2026-12-01T08:00:00Z run history 100000000001 --format json
expect_json_eq '[e["event"] for e in d]' '["granted", "revoked", "granted"]'

# --- --own: never expires ------------------------------------------------------
new_store own
setup_store --enabled-at 2025-01-01
run grant 999988887777 --nickname "Our own app" --token "$TOKEN3" --own --at 2024-01-01
expect_rc 0
run list --format json
expect_json_eq '[d[0]["own"], d[0]["status"], d[0]["expires_at"], d[0]["days_left"]]' '[true, "active", null, null]'
DAC_NOW=2030-01-01T00:00:00Z run list --format json
expect_json_eq '[d[0]["status"], d[0]["expires_at"]]' '["active", null]'

# --- actor: --actor, else $USER, else the uid ---------------------------------
new_store actor
setup_store --enabled-at 2025-01-01
run grant 100000000001 --nickname "One" --token "$TOKEN1" --actor "ops-bot"
expect_rc 0
run_cmd env -u USER "$DAC" grant 100000000002 --nickname "Two" --token "$TOKEN2"
expect_rc 0
USER=alice run grant 100000000003 --nickname "Three" --token "$TOKEN3"
expect_rc 0
run history --format json
expect_json_eq '[e["actor"] for e in d if e["event"] == "granted"]' "[\"ops-bot\", \"uid $(id -u)\", \"alice\"]"

# --- usage errors write nothing -------------------------------------------------
snapshot_store
run grant 100000000009 --nickname "No token"
expect_error 2 "token"
run grant 100000000009 --nickname "Both" --token "$TOKEN4" --token-file /dev/null
expect_error 2
run grant 100000000009 --token "$TOKEN4"
expect_error 2
run grant --nickname "No ID" --token "$TOKEN4"
expect_error 2
run grant 100000000009 --nickname "Future" --token "$TOKEN4" --at 2026-11-26T12:00:01Z
expect_error 2 "future"
run grant 100000000009 --nickname "$(printf 'x%.0s' {1..65})" --token "$TOKEN4"
expect_error 2 "nickname"
run grant 100000000009 --nickname "Unknown seller" --token "$TOKEN4" --seller "$SELLER2"
check "grant for a seller not in the store fails" test "$RC" -ne 0
expect_err_prefix
expect_store_unchanged

# 64 code points (multi-byte) are fine.
run grant 100000000009 --nickname "$(printf 'é%.0s' {1..64})" --token "$TOKEN4"
expect_rc 0
run list --developer 100000000009 --format json
expect_json_eq 'len(d[0]["nickname"])' '64'

# --- nicknames that deceive (SPEC §1): refused with exit 2, nothing written ---------------
new_store deceive
setup_store --enabled-at 2025-01-01
must grant 123456789012 --nickname "Real Developer" --token "$TOKEN1" --at 2026-06-01
snapshot_store
for name in "1234-5678-9012" "123456789012" "1234 5678 9012" "9999-8888-7777"; do
  run grant 100000000001 --nickname "$name" --token "$TOKEN2"
  expect_error 2 "nickname" "developer ID"
done
run grant 100000000001 --nickname $'Zero\u200bWidth' --token "$TOKEN2"
expect_error 2 "nickname" "U+200B"
run grant 100000000001 --nickname $'Evil\u202egnp.exe' --token "$TOKEN2"
expect_error 2 "nickname" "U+202E"
expect_err_not_contains "gnp"
run grant 100000000001 --nickname $'\ufeffBOM' --token "$TOKEN2"
expect_error 2 "nickname" "U+FEFF"
run grant 100000000001 --nickname "   " --token "$TOKEN2"
expect_error 2 "nickname" "blank"
run grant 100000000001 --nickname $'\u00a0' --token "$TOKEN2"
expect_error 2 "nickname" "blank"
run grant 100000000001 --nickname " Padded" --token "$TOKEN2"
expect_error 2 "nickname" "starts with white space"
run grant 100000000001 --nickname $'Padded\u00a0' --token "$TOKEN2"
expect_error 2 "nickname" "U+00A0"
run grant 100000000001 --nickname $'Padded\u3000' --token "$TOKEN2"
expect_error 2 "nickname" "U+3000"
run grant 100000000001 --nickname "$(printf 'x%.0s' $(seq 65))" --token "$TOKEN2"
expect_error 2 "nickname" "65 characters"
expect_store_unchanged
# Next to the boundaries: 11 and 13 digits, 64 code points, spaces inside are names like any other.
run grant 100000000002 --nickname "12345678901" --token "$TOKEN2"
expect_rc 0
run grant 100000000003 --nickname "1234567890123" --token "$TOKEN3"
expect_rc 0
run grant 100000000004 --nickname $'Khaos\u00a0Control \u65e5\u672c' --token "$TOKEN4"
expect_rc 0
run grant 100000000005 --nickname "$(printf '\u00e9%.0s' $(seq 64))" --token "$TOKEN1"
expect_rc 0
# A TARGET of an ID's shape is an ID: the developer it names, never a nickname.
run show 1234-5678-9012 --format json
expect_rc 0
expect_json_eq '[d["developer_id"], d["nickname"]]' '["123456789012", "Real Developer"]'

# A store written before the rule holds such names: it still loads and works.
new_store legacy
setup_store --enabled-at 2025-01-01
must grant 100000000001 --nickname "Placeholder" --token "$TOKEN1" --at 2026-06-01
must grant 100000000002 --nickname "Other" --token "$TOKEN2" --at 2026-06-01
if on_json; then
  python3 - "$DAC_STORE/state.json" <<'PY'
import json, sys
p = sys.argv[1]
s = json.load(open(p))
for a in s["authorizations"]:
    if a["developer_id"] == "100000000001":
        a["nickname"] = "1234-5678-9012"
    else:
        a["nickname"] = " Padded\u200b"
json.dump(s, open(p, "w"))
PY
else
  pg_query "UPDATE dac_authorizations SET nickname = CASE developer_id WHEN '100000000001' THEN '1234-5678-9012'
            ELSE U&' Padded\200B' END" >/dev/null
fi
run list --format json
expect_rc 0
expect_json_eq 'sorted(r["nickname"] for r in d)' '[" Padded\u200b", "1234-5678-9012"]'
run confirm 100000000001
expect_rc 0
run list --developer 100000000001 --format json
expect_json_eq 'd[0]["last_confirmed_at"]' "\"$DAC_NOW\""

finish
