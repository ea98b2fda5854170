# dac list: filters, sort, --as-of, JSON and CSV of SPEC §4.
source "$(dirname "$0")/lib.sh"

# Now is 2026-11-26T12:00:00Z. Confirmation on since 2025-01-01 for both sellers.
#   seller 1: Alpha  100000000001  granted 2025-12-10T12:00Z  expires 2026-12-10T12:00Z (14 days)
#             Beta   100000000002  granted 2026-06-01         expires 2027-06-01 (186.5 days)
#             Gamma  100000000003  granted 2025-11-01T08:00Z  suspended at 2026-11-01T08:00Z (-25.2 days)
#             Own    100000000004  own                        never expires
#             Eps    100000000005  revoked
#   seller 2: Delta  099999999999  granted 2025-12-10T12:00Z  expires 2026-12-10T12:00Z
#             Fox    100000000001  granted 2025-12-10T12:00Z  expires 2026-12-10T12:00Z
setup_store --enabled-at 2025-01-01
must seller add "$SELLER2" --enabled-at 2025-01-01
NICK_B='Beta, "Inc"'
must grant 100000000001 --seller "$SELLER" --nickname "Alpha" --token "$TOKEN1" --at 2025-12-10T12:00:00Z
must grant 100000000002 --seller "$SELLER" --nickname "$NICK_B" --token "$TOKEN2" --at 2026-06-01
must grant 100000000003 --seller "$SELLER" --nickname "Gamma" --token "$TOKEN3" --at 2025-11-01T08:00:00Z
must grant 100000000004 --seller "$SELLER" --nickname "Own Account" --token "$TOKEN4" --own --at 2025-02-01
must grant 100000000005 --seller "$SELLER" --nickname "Epsilon" --token "$TOKEN1" --at 2026-03-01
must revoke 100000000005 --seller "$SELLER" --yes
must grant 099999999999 --seller "$SELLER2" --nickname "Delta" --token "$TOKEN2" --at 2025-12-10T12:00:00Z
must grant 100000000001 --seller "$SELLER2" --nickname "Foxtrot" --token "$TOKEN3" --at 2025-12-10T12:00:00Z

S1=$SELLER
S2=$SELLER2
KEYS='[[r["seller_id"], r["developer_id"]] for r in d]'
snapshot_store

# --- default: all but revoked, expires asc (nulls last), then seller, then developer
run list --format json
expect_rc 0
expect_json
expect_err_empty
expect_json_eq "$KEYS" "[[\"$S1\",\"100000000003\"],[\"$S1\",\"100000000001\"],[\"$S2\",\"099999999999\"],[\"$S2\",\"100000000001\"],[\"$S1\",\"100000000002\"],[\"$S1\",\"100000000004\"]]"

# The exact objects, in field order.
expect_json_eq '[list(r) for r in d][0]' '["seller_id","developer_id","nickname","own","status","authorized_at","last_confirmed_at","expires_at","days_left","mws_auth_token"]'
expect_json_eq 'all(list(r) == list(d[0]) for r in d)' 'true'
expect_json_eq 'd[1]' "{\"seller_id\":\"$S1\",\"developer_id\":\"100000000001\",\"nickname\":\"Alpha\",\"own\":false,\"status\":\"active\",\"authorized_at\":\"2025-12-10T12:00:00Z\",\"last_confirmed_at\":\"2025-12-10T12:00:00Z\",\"expires_at\":\"2026-12-10T12:00:00Z\",\"days_left\":14,\"mws_auth_token\":\"$TOKEN1_MASKED\"}"
expect_json_eq 'd[4]' "{\"seller_id\":\"$S1\",\"developer_id\":\"100000000002\",\"nickname\":\"Beta, \\\"Inc\\\"\",\"own\":false,\"status\":\"active\",\"authorized_at\":\"2026-06-01T00:00:00Z\",\"last_confirmed_at\":\"2026-06-01T00:00:00Z\",\"expires_at\":\"2027-06-01T00:00:00Z\",\"days_left\":186,\"mws_auth_token\":\"$TOKEN2_MASKED\"}"
# Suspended: expires_at is the instant it was suspended; days_left rounds down, negative once past.
expect_json_eq 'd[0]' "{\"seller_id\":\"$S1\",\"developer_id\":\"100000000003\",\"nickname\":\"Gamma\",\"own\":false,\"status\":\"suspended\",\"authorized_at\":\"2025-11-01T08:00:00Z\",\"last_confirmed_at\":\"2025-11-01T08:00:00Z\",\"expires_at\":\"2026-11-01T08:00:00Z\",\"days_left\":-26,\"mws_auth_token\":\"$TOKEN3_MASKED\"}"
# Own account: nulls, as JSON null (not strings).
expect_json_eq 'd[5]' "{\"seller_id\":\"$S1\",\"developer_id\":\"100000000004\",\"nickname\":\"Own Account\",\"own\":true,\"status\":\"active\",\"authorized_at\":\"2025-02-01T00:00:00Z\",\"last_confirmed_at\":\"2025-02-01T00:00:00Z\",\"expires_at\":null,\"days_left\":null,\"mws_auth_token\":\"$TOKEN4_MASKED\"}"

# --- --status ----------------------------------------------------------------
run list --format json --status all
expect_rc 0
expect_json_eq "$KEYS" "[[\"$S1\",\"100000000003\"],[\"$S1\",\"100000000001\"],[\"$S2\",\"099999999999\"],[\"$S2\",\"100000000001\"],[\"$S1\",\"100000000002\"],[\"$S1\",\"100000000004\"],[\"$S1\",\"100000000005\"]]"
run list --format json --status revoked
expect_rc 0
# Revoked: token erased (null), no expiration, the date last confirmed it had.
expect_json_eq 'd' "[{\"seller_id\":\"$S1\",\"developer_id\":\"100000000005\",\"nickname\":\"Epsilon\",\"own\":false,\"status\":\"revoked\",\"authorized_at\":\"2026-03-01T00:00:00Z\",\"last_confirmed_at\":\"2026-03-01T00:00:00Z\",\"expires_at\":null,\"days_left\":null,\"mws_auth_token\":null}]"
run list --format json --status active
expect_json_eq "$KEYS" "[[\"$S1\",\"100000000001\"],[\"$S2\",\"099999999999\"],[\"$S2\",\"100000000001\"],[\"$S1\",\"100000000002\"],[\"$S1\",\"100000000004\"]]"
run list --format json --status suspended
expect_json_eq "$KEYS" "[[\"$S1\",\"100000000003\"]]"
run list --status bogus
expect_error 2

# --- --expired -----------------------------------------------------------------
run list --format json --expired
expect_rc 0
expect_json_eq "$KEYS" "[[\"$S1\",\"100000000003\"]]"

# --- --expiring: active and now < expires_at <= now + DUR ------------------------
run list --format json --expiring 30d
expect_rc 0
expect_json_eq "$KEYS" "[[\"$S1\",\"100000000001\"],[\"$S2\",\"099999999999\"],[\"$S2\",\"100000000001\"]]"
run list --format json --expiring 14d
expect_json_eq "$KEYS" "[[\"$S1\",\"100000000001\"],[\"$S2\",\"099999999999\"],[\"$S2\",\"100000000001\"]]"
run list --format json --expiring P14D
expect_json_eq 'len(d)' '3'
run list --format json --expiring 336h
expect_json_eq 'len(d)' '3'
run list --format json --expiring 2w
expect_json_eq 'len(d)' '3'
run list --format json --expiring PT335H
expect_rc 0
expect_out_is '[]'
run list --format json --expiring 1y
expect_json_eq "$KEYS" "[[\"$S1\",\"100000000001\"],[\"$S2\",\"099999999999\"],[\"$S2\",\"100000000001\"],[\"$S1\",\"100000000002\"]]"
run list --format json --expiring 6mo
expect_json_eq 'len(d)' '3'
run list --format json --expiring 7mo
expect_json_eq 'len(d)' '4'

# --- --seller, --developer, --own / --no-own ----------------------------------------
run list --format json --seller "$S2"
expect_json_eq "$KEYS" "[[\"$S2\",\"099999999999\"],[\"$S2\",\"100000000001\"]]"
run list --format json --developer 1000-0000-0001
expect_json_eq "$KEYS" "[[\"$S1\",\"100000000001\"],[\"$S2\",\"100000000001\"]]"
run list --format json --developer 100000000001 --seller "$S2"
expect_json_eq "$KEYS" "[[\"$S2\",\"100000000001\"]]"
run list --format json --own
expect_json_eq "$KEYS" "[[\"$S1\",\"100000000004\"]]"
run list --format json --no-own
expect_json_eq "$KEYS" "[[\"$S1\",\"100000000003\"],[\"$S1\",\"100000000001\"],[\"$S2\",\"099999999999\"],[\"$S2\",\"100000000001\"],[\"$S1\",\"100000000002\"]]"
run list --format json --no-own --expiring 30d --seller "$S1"
expect_json_eq "$KEYS" "[[\"$S1\",\"100000000001\"]]"
run list --developer 12345
expect_error 2
run list --seller NOSUCHSELLER1
check "--seller naming no seller of the store fails" test "$RC" -ne 0
expect_err_prefix

# --- contradictory filters: usage errors that say why (exit 2), before the store is read --
for filters in "--expiring 30d --expired" "--expiring 30d --status suspended" "--expiring 30d --status revoked" \
  "--expired --status active" "--expired --status revoked" "--own --no-own" "--own --expired" \
  "--own --expiring 30d" "--own --status suspended" "--attention --expired" "--attention --expiring 30d" \
  "--attention --status all" "--attention --own"; do
  # shellcheck disable=SC2086
  run list $filters
  expect_error 2
  # Each message names what clashes.
  first=${filters%% *}
  expect_err_contains "$first"
done
run list --expiring 30d --expired
expect_error 2 "--expiring" "--expired" "--attention"
# Compatible ones still work.
run list --format json --expiring 30d --status active
expect_json_eq 'len(d)' '3'
run list --format json --expiring 30d --status all
expect_json_eq 'len(d)' '3'
run list --format json --expired --status suspended
expect_json_eq "$KEYS" "[[\"$S1\",\"100000000003\"]]"

# --- --attention [DUR]: suspended, or active and expiring within DUR (default 30d) -------
run list --format json --attention
expect_rc 0
expect_json_eq "$KEYS" "[[\"$S1\",\"100000000003\"],[\"$S1\",\"100000000001\"],[\"$S2\",\"099999999999\"],[\"$S2\",\"100000000001\"]]"
run list --format json --attention 7mo
expect_json_eq "$KEYS" "[[\"$S1\",\"100000000003\"],[\"$S1\",\"100000000001\"],[\"$S2\",\"099999999999\"],[\"$S2\",\"100000000001\"],[\"$S1\",\"100000000002\"]]"
run list --format json --attention=1d --seller "$S1"
expect_json_eq "$KEYS" "[[\"$S1\",\"100000000003\"]]"
run list --format json --attention 1d
expect_json_eq "$KEYS" "[[\"$S1\",\"100000000003\"]]"
run list --attention 30m
expect_error 2 "--attention" "1mo"
run list --attention
expect_rc 0
expect_out_matches '^A1B2C3D4E5F6G7 +100000000003 +Gamma +suspended '

# --- --sort ------------------------------------------------------------------------
run list --format json --sort nickname
expect_json_eq '[r["nickname"] for r in d]' '["Alpha", "Beta, \"Inc\"", "Delta", "Foxtrot", "Gamma", "Own Account"]'
run list --format json --sort developer
expect_json_eq "$KEYS" "[[\"$S2\",\"099999999999\"],[\"$S1\",\"100000000001\"],[\"$S2\",\"100000000001\"],[\"$S1\",\"100000000002\"],[\"$S1\",\"100000000003\"],[\"$S1\",\"100000000004\"]]"
run list --format json --sort seller
expect_json_eq '[r["seller_id"] for r in d]' "[\"$S1\",\"$S1\",\"$S1\",\"$S1\",\"$S2\",\"$S2\"]"
run list --format json --sort expires
expect_json_eq "$KEYS" "[[\"$S1\",\"100000000003\"],[\"$S1\",\"100000000001\"],[\"$S2\",\"099999999999\"],[\"$S2\",\"100000000001\"],[\"$S1\",\"100000000002\"],[\"$S1\",\"100000000004\"]]"
run list --sort bogus
expect_error 2

# --- --as-of: the picture at another instant --------------------------------------
# One second before the expiry instant: active, 0 whole days left.
run list --format json --developer 100000000001 --seller "$S1" --as-of 2026-12-10T11:59:59Z
expect_json_eq '[d[0]["status"], d[0]["days_left"]]' '["active", 0]'
# At the expiry instant itself: suspended.
run list --format json --developer 100000000001 --seller "$S1" --as-of 2026-12-10T12:00:00Z
expect_json_eq '[d[0]["status"], d[0]["expires_at"], d[0]["days_left"]]' '["suspended", "2026-12-10T12:00:00Z", 0]'
# One second later than now: 13.99 days round down to 13.
run list --format json --developer 100000000001 --seller "$S1" --as-of 2026-11-26T12:00:01Z
expect_json_eq 'd[0]["days_left"]' '13'
# Who will be suspended by Christmas if nobody acts.
run list --format json --as-of 2026-12-25 --status suspended
expect_json_eq "$KEYS" "[[\"$S1\",\"100000000003\"],[\"$S1\",\"100000000001\"],[\"$S2\",\"099999999999\"],[\"$S2\",\"100000000001\"]]"
run list --format json --as-of 2026-12-25 --expired
expect_json_eq 'len(d)' '4'
run list --format json --as-of 2026-12-25 --status suspended --developer 100000000001 --seller "$S1"
expect_json_eq 'd[0]["days_left"]' '-15'
# An earlier instant, with an offset: 70.5 days before Alpha's expiry.
run list --format json --as-of 2026-10-01T02:00:00+02:00 --developer 100000000001 --seller "$S1"
expect_json_eq '[d[0]["status"], d[0]["days_left"]]' '["active", 70]'
run list --format json --as-of 2026-12-04 --expiring 7d
expect_json_eq 'len(d)' '3'
run list --as-of 2026-02-30
expect_error 2

# Reads never write, even when they show suspensions due.
expect_store_unchanged

# --- empty result: header-only table, [], CSV header; exit 0 -----------------------
run list --expiring 1h
expect_rc 0
expect_err_empty
check "empty table has one line" test "$(printf '%s' "$OUT" | wc -l)" -eq 1
expect_out_contains "DEVELOPER"
expect_out_contains "NICKNAME"
expect_out_contains "STATUS"
expect_out_contains "EXPIRES"
run list --expiring 1h --format json
expect_rc 0
expect_out_is '[]'
run list --expiring 1h --format csv
expect_rc 0
expect_out <<<"seller_id,developer_id,nickname,own,status,authorized_at,last_confirmed_at,expires_at,days_left,mws_auth_token"$'\r'

# --- CSV: same columns, RFC 4180 (CRLF, quoting) ------------------------------------
run list --format csv --developer 100000000002
expect_rc 0
printf -v want '%s\r\n%s\r\n' \
  "seller_id,developer_id,nickname,own,status,authorized_at,last_confirmed_at,expires_at,days_left,mws_auth_token" \
  "$S1,100000000002,\"Beta, \"\"Inc\"\"\",false,active,2026-06-01T00:00:00Z,2026-06-01T00:00:00Z,2027-06-01T00:00:00Z,186,$TOKEN2_MASKED"
expect_out <<<"${want%$'\n'}"
run list --format csv --own
expect_out_contains "$S1,100000000004,Own Account,true,active,2025-02-01T00:00:00Z,2025-02-01T00:00:00Z,,,$TOKEN4_MASKED"$'\r\n'
run list --format csv --status all
check "CSV parses back to the JSON rows" python3 - "$OUT_FILE" "$DAC" <<'PY'
import csv, json, subprocess, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
js = json.loads(subprocess.run([sys.argv[2], "list", "--status", "all", "--format", "json"], capture_output=True, stdin=subprocess.DEVNULL).stdout)
def cell(v):
    if v is None: return ""
    if isinstance(v, bool): return "true" if v else "false"
    return str(v)
sys.exit(0 if len(rows) == len(js) == 7 and all({k: cell(v) for k, v in j.items()} == r for r, j in zip(rows, js)) else 1)
PY

# --- tables ---------------------------------------------------------------------
run list
expect_rc 0
expect_err_empty
expect_out_contains "Alpha"
expect_out_contains "in 14 days"
expect_out_matches "Gamma.*suspended"
expect_out_matches "Gamma.*2[56] days ago"
expect_out_not_contains "Epsilon"
expect_out_not_contains "$TOKEN1"
expect_out_not_contains "$TOKEN1_MASKED"
run list --status all
expect_out_contains "Epsilon"
expect_out_matches "Epsilon.*revoked"

expect_store_unchanged
# --as-of before the store's last change is the past rebuilt from the history
# (SPEC §2, issue 12): no notice, and nothing granted after it is listed.
run list --as-of 2020-01-01
expect_rc 0
expect_err_empty
expect_out_not_contains "Alpha"
run list --as-of 2030-01-01
expect_rc 0
expect_err_empty

# Bad filter values are usage errors even before the store is opened.
new_store never-created
run list --expiring 30m
expect_error 2 "ambiguous" "1mo"
run list --developer 12345
expect_error 2 "invalid developer ID"

finish
