#!/usr/bin/env bash
# dac import: CSV bulk grants, every row checked first, all or nothing, and a
# round trip from one store's `list --format csv --reveal-tokens` to another.
source "$(dirname "$0")/lib.sh"

HEADER=developer_id,nickname,authorized_at,mws_auth_token
setup_store --enabled-at 2024-01-01

cat >"$TEST_DIR/good.csv" <<CSV
$HEADER,own
1234-5678-9012,Khaos Control,2026-03-01T12:00:00Z,$TOKEN1,
210987654321,"Linn, ""works""",2024-02-29T10:00:00Z,$TOKEN2,false
300000000003,Own Account,2024-01-01,$TOKEN3,true
CSV

snapshot_store
run import "$TEST_DIR/good.csv" --dry-run
expect_rc 0
expect_err_contains "dry run: would import 3 authorizations; 1 of them is already past its expiry and would be recorded as suspended; nothing was written"
# Nothing to list before the real import: the hint says so.
expect_err_contains "dac: hint: once imported, see them with: dac list --expired"
expect_store_unchanged

run import "$TEST_DIR/good.csv" --reason "migration"
expect_rc 0
expect_err_contains "imported 3 authorizations; 1 of them is already past its expiry and is recorded as suspended"
expect_err_contains "dac: hint: see them with: dac list --expired"
run list --status all --format json
expect_json_eq '[a["developer_id"] for a in d]' '["210987654321","123456789012","300000000003"]'
expect_json_eq 'd[0]["nickname"]' '"Linn, \"works\""'
# Granted on 29 February 2024: suspended at 2025-02-28T10:00:00Z, recorded by the import's write.
expect_json_eq '[d[0]["status"], d[0]["expires_at"]]' '["suspended","2025-02-28T10:00:00Z"]'
expect_json_eq 'd[2]["own"]' 'true'
run history --format json
expect_json_eq '[e["event"] for e in d][-4:]' '["granted","granted","granted","suspended"]'
expect_json_eq 'd[-2]["reason"]' '"migration"'

# Rows the store already holds are refused, each named by its line; nothing written.
snapshot_store
run import "$TEST_DIR/good.csv"
expect_rc 1
expect_err_contains "good.csv line 2: the store already holds Khaos Control (123456789012)"
expect_err_contains "good.csv line 3:"
expect_err_contains "good.csv line 4:"
expect_err_contains "3 rows cannot be imported; nothing was written"
expect_store_unchanged
run import "$TEST_DIR/good.csv" --skip-existing
expect_rc 0
expect_err_contains "imported 0 authorizations, skipped 3 already in the store"

# Bad rows: every one reported with its line, exit 2, nothing written.
cat >"$TEST_DIR/bad.csv" <<CSV
$HEADER
11111111111,Eleven digits,2026-01-01,$TOKEN4
400000000004,,2026-01-01,$TOKEN4
500000000005,Bad date,2025-02-30,$TOKEN4
600000000006,Future,2027-01-01,$TOKEN4
700000000007,Bad token,2026-01-01,amzn.mws.nope
800000000008,Masked,2026-01-01,amzn.mws.4ea3…4567
900000000009,"Multi
line",2026-01-01,$TOKEN4
900000000010,Fine,2026-01-01,$TOKEN4
900000000010,Twice,2026-01-01,$TOKEN4
900000000011,Too,many,fields,here
900000000012,1234-5678-9012,2026-01-01,$TOKEN4
900000000013,Zero​Width,2026-01-01,$TOKEN4
900000000014, Padded,2026-01-01,$TOKEN4
900000000015,"   ",2026-01-01,$TOKEN4
CSV
snapshot_store
run import "$TEST_DIR/bad.csv"
expect_rc 2
expect_err_prefix
expect_err_contains "bad.csv line 2: invalid developer ID '11111111111'"
expect_err_contains "bad.csv line 3: invalid nickname: must not be empty"
expect_err_contains "bad.csv line 4: invalid authorized_at '2025-02-30'"
expect_err_contains "bad.csv line 5: authorized_at 2027-01-01 is in the future"
expect_err_contains "bad.csv line 6: invalid MWS auth token"
expect_err_contains "bad.csv line 7: mws_auth_token is masked"
expect_err_contains "bad.csv line 8: invalid nickname: control characters"
expect_err_contains "bad.csv line 11: developer 900000000010 at seller A1B2C3D4E5F6G7 appears twice"
expect_err_contains "bad.csv line 12: 5 fields where the header has 4"
expect_err_contains "bad.csv line 13: invalid nickname '1234-5678-9012': it has the shape of a developer ID"
expect_err_contains "bad.csv line 14: invalid nickname: character 5 is U+200B"
expect_err_contains "bad.csv line 15: invalid nickname: it starts with white space"
expect_err_contains "bad.csv line 16: invalid nickname: it is blank"
expect_err_contains "13 rows cannot be imported"
expect_err_not_contains "amzn.mws.nope"
expect_store_unchanged

# Many problems: on a terminal the first 20 and a count; all of them with -v or when not a terminal.
{
  echo "$HEADER"
  for i in $(seq 10 34); do echo "9300000000$i,Dup $i,2026-01-01,$TOKEN4"; echo "9300000000$i,Dup $i,2026-01-01,$TOKEN4"; done
} >"$TEST_DIR/many.csv"
run import "$TEST_DIR/many.csv"
expect_rc 2
check "every problem is listed when stderr is not a terminal" test "$(grep -c 'many.csv line' "$ERR_FILE")" -eq 25
expect_err_not_contains "more"
on_tty import "$TEST_DIR/many.csv"
expect_rc 2
check "a terminal shows the first 20 problems" test "$(grep -c 'many.csv line' "$OUT_FILE")" -eq 20
expect_out_contains "many.csv line 3: developer 930000000010"
expect_out_contains "dac: …and 5 more; all of them with -v"
expect_out_contains "25 rows cannot be imported; nothing was written"
on_tty -v import "$TEST_DIR/many.csv"
expect_rc 2
check "-v shows all problems on a terminal" test "$(grep -c 'many.csv line' "$OUT_FILE")" -eq 25
expect_out_not_contains "more; all"
expect_store_unchanged

# Every row already past its expiry.
printf '%s\n940000000001,Old,2024-03-01,%s\n940000000002,Older,2024-02-01,%s\n' "$HEADER" "$TOKEN4" "$TOKEN3" >"$TEST_DIR/old.csv"
run import "$TEST_DIR/old.csv" --dry-run
expect_rc 0
expect_err_contains "would import 2 authorizations; all of them are already past their expiry and would be recorded as suspended"
expect_store_unchanged

# Header problems.
printf 'developer_id,nickname,authorized_at\n' >"$TEST_DIR/nohead.csv"
run import "$TEST_DIR/nohead.csv"
expect_error 2 "no 'mws_auth_token' column"
printf '%s,colour\n' "$HEADER" >"$TEST_DIR/unknown.csv"
run import "$TEST_DIR/unknown.csv"
expect_error 2 "unknown column 'colour'"
: >"$TEST_DIR/empty.csv"
run import "$TEST_DIR/empty.csv"
expect_error 2 "is empty"
printf '%s\n"unclosed,x,2026-01-01,%s\n' "$HEADER" "$TOKEN4" >"$TEST_DIR/quote.csv"
run import "$TEST_DIR/quote.csv"
expect_error 2 "line 2: a quoted field is not closed"
run import "$TEST_DIR/missing.csv"
expect_error 2 "cannot read"
run import "$TEST_DIR"
expect_error 2 "Is a directory"
expect_store_unchanged

# From stdin, CRLF line endings, a byte order mark.
printf '\xef\xbb\xbf%s\r\n910000000012,From Stdin,2026-06-01T00:00:00Z,%s\r\n' "$HEADER" "$TOKEN4" >"$TEST_DIR/crlf.csv"
LAST_CMD="dac import - < crlf.csv"
"$DAC" import - <"$TEST_DIR/crlf.csv" >"$OUT_FILE" 2>"$ERR_FILE"
RC=$?
_slurp OUT "$OUT_FILE"
_slurp ERR "$ERR_FILE"
expect_rc 0
expect_err_contains "imported 1 authorization"
expect_err_not_contains "suspended"

# Several sellers: rows need a seller_id, or --seller.
must seller add "$SELLER2" --enabled-at 2024-01-01
printf '%s\n920000000013,No Seller,2026-01-01,%s\n' "$HEADER" "$TOKEN4" >"$TEST_DIR/noseller.csv"
run import "$TEST_DIR/noseller.csv"
expect_error 2 "line 2: no seller_id, and the store has several sellers"
run import "$TEST_DIR/noseller.csv" --seller "$SELLER2"
expect_rc 0
run list --seller "$SELLER2" --format json
expect_json_eq '[a["nickname"] for a in d]' '["No Seller"]'

# Round trip: list --format csv --reveal-tokens of this store imports into a
# fresh one (same confirmation start) and lists identically.
must confirm "Khaos Control"
run list --format csv --reveal-tokens --status all
cp "$OUT_FILE" "$TEST_DIR/export.csv"
run list --format csv --reveal-tokens
cp "$OUT_FILE" "$TEST_DIR/before.csv"
new_store copy
setup_store --enabled-at 2024-01-01
must seller add "$SELLER2" --enabled-at 2024-01-01
run list --format csv --reveal-tokens
run import "$TEST_DIR/before.csv"
expect_rc 0
run list --format csv --reveal-tokens
check "round trip lists identically" cmp -s "$OUT_FILE" "$TEST_DIR/before.csv"
run history --verify
expect_rc 0

finish
