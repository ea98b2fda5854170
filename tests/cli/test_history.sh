# dac history: listing, filters, JSON, and the tamper-evident chain (R11, §3, §4).
source "$(dirname "$0")/lib.sh"

# A history written over several months, each change effective when recorded.
#   1 seller_added  2 confirmation_enabled  3 granted A  4 granted B
#   5 confirmed A (ops, "r1")  6 revoked B  7 confirmed A
DAC_NOW=2026-01-01T00:00:00Z setup_store --enabled-at 2025-01-01
DAC_NOW=2026-02-01T00:00:00Z must grant 100000000001 --nickname "Alpha" --token "$TOKEN1"
DAC_NOW=2026-03-01T00:00:00Z must grant 100000000002 --nickname "Beta" --token "$TOKEN2"
DAC_NOW=2026-04-01T00:00:00Z must confirm Alpha --reason "r1" --actor ops
DAC_NOW=2026-05-01T00:00:00Z must revoke Beta --yes
DAC_NOW=2026-06-01T00:00:00Z must confirm Alpha
snapshot_store

# --- the whole history, in recorded order ---------------------------------------
run history --format json
expect_rc 0
expect_json
expect_err_empty
expect_json_eq '[list(e) for e in d][0]' '["seq","event","effective_at","recorded_at","seller_id","developer_id","nickname","actor","reason","hash","prev_hash"]'
expect_json_eq 'all(list(e) == list(d[0]) for e in d)' 'true'
expect_json_eq '[e["seq"] for e in d]' '[1, 2, 3, 4, 5, 6, 7]'
expect_json_eq '[e["event"] for e in d]' '["seller_added", "confirmation_enabled", "granted", "granted", "confirmed", "revoked", "confirmed"]'
expect_json_eq '[e["developer_id"] for e in d]' '[null, null, "100000000001", "100000000002", "100000000001", "100000000002", "100000000001"]'
expect_json_eq '{e["seller_id"] for e in d} == {"'"$SELLER"'"}' 'true'
expect_json_eq '[e["actor"] for e in d]' '["tester", "tester", "tester", "tester", "ops", "tester", "tester"]'
expect_json_eq '[e["reason"] for e in d]' '[null, null, null, null, "r1", null, null]'
expect_json_eq '[e["effective_at"] for e in d][2:]' '["2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z", "2026-06-01T00:00:00Z"]'
expect_json_eq '[e["recorded_at"] for e in d]' '["2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z", "2026-06-01T00:00:00Z"]'
expect_json_eq 'd[1]["effective_at"]' '"2025-01-01T00:00:00Z"'
# SHA-256 hashes, each event chained to the one before.
expect_json_eq 'all(len(e["hash"]) == 64 and all(c in "0123456789abcdef" for c in e["hash"]) for e in d)' 'true'
expect_json_eq 'all(d[i]["prev_hash"] == d[i-1]["hash"] for i in range(1, len(d)))' 'true'
expect_json_eq 'len({e["hash"] for e in d})' '7'

run history
expect_rc 0
expect_err_empty
expect_out_contains "seller_added"
expect_out_contains "confirmation_enabled"
expect_out_contains "granted"
expect_out_contains "revoked"
expect_out_contains "Alpha"
expect_out_contains "r1"
expect_out_contains "ops"
check "the table has a header and 7 rows" test "$(printf '%s' "$OUT" | wc -l)" -eq 8
expect_out_not_contains "$TOKEN1"

run history --format csv
expect_rc 0
check "CSV history: 7 rows with the JSON columns" python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
sys.exit(0 if rows[0] == ["seq","event","effective_at","recorded_at","seller_id","developer_id","nickname","actor","reason","hash","prev_hash"] and len(rows) == 8 else 1)
' "$OUT_FILE"

# --- TARGET and --since -----------------------------------------------------------
run history Alpha --format json
expect_rc 0
expect_json_eq '[(e["seq"], e["event"]) for e in d]' '[[3, "granted"], [5, "confirmed"], [7, "confirmed"]]'
run history 1000-0000-0002 --format json
expect_json_eq '[(e["seq"], e["event"]) for e in d]' '[[4, "granted"], [6, "revoked"]]'
run history --since 2026-04-01 --format json
expect_rc 0
expect_json_eq '[e["seq"] for e in d]' '[5, 6, 7]'
run history --since 2026-04-01T00:00:01Z --format json
expect_json_eq '[e["seq"] for e in d]' '[6, 7]'
run history --since 2026-04-01T02:00:00+02:00 --format json
expect_json_eq '[e["seq"] for e in d]' '[5, 6, 7]'
run history Beta --since 2026-04-01 --format json
expect_json_eq '[e["seq"] for e in d]' '[6]'
run history --since 2026-06-02 --format json
expect_rc 0
expect_out_is '[]'
run history --since 2026-06-02
expect_rc 0
check "empty history table: header only" test "$(printf '%s' "$OUT" | wc -l)" -eq 1
run history "Nobody"
expect_error 3 "Nobody"
run history 100000000099
expect_error 3 "100000000099"
run history --since 2026-13-01
expect_error 2
run history --since yesterday
expect_error 2

# --- the table: both instants and the nickname at each event (SPEC §4) ------------
run history
expect_out_matches '^SEQ +EFFECTIVE +RECORDED +EVENT +SELLER +DEVELOPER +NICKNAME +ACTOR +REASON'
# Event 2 took effect in 2025 (init --enabled-at) but was recorded in 2026.
expect_out_matches '^2 +2025-01-01T00:00:00Z +2026-01-01T00:00:00Z +confirmation_enabled +'"$SELLER"' +— +— +tester'
expect_out_matches '^6 +2026-05-01T00:00:00Z +2026-05-01T00:00:00Z +revoked +'"$SELLER"' +100000000002 +Beta +tester'
run history --format json
expect_json_eq '[e["nickname"] for e in d]' '[null, null, "Alpha", "Beta", "Alpha", "Beta", "Alpha"]'
run show Alpha --format json
expect_json_eq '[e["nickname"] for e in d["history"]]' '["Alpha", "Alpha", "Alpha"]'

# --- --until: effective at or before TIME (inclusive, like --since) --------------------
run history --until 2026-04-01 --format json
expect_rc 0
expect_json_eq '[e["seq"] for e in d]' '[1, 2, 3, 4, 5]'
run history --until 2026-03-31T23:59:59Z --format json
expect_json_eq '[e["seq"] for e in d]' '[1, 2, 3, 4]'
run history --since 2026-03-01 --until 2026-05-01 --format json
expect_json_eq '[e["seq"] for e in d]' '[4, 5, 6]'
run history --until 2025-12-31 --format json
expect_json_eq '[e["seq"] for e in d]' '[2]'
run history --since 2026-05-01 --until 2026-04-01 --format json
expect_rc 0
expect_out_is '[]'
run history --until 2026-13-01
expect_error 2 "--until"

# --- --after SEQ: recorded after event SEQ ------------------------------------------------
run history --after 4 --format json
expect_rc 0
expect_err_empty
expect_json_eq '[e["seq"] for e in d]' '[5, 6, 7]'
run history --after 1 --format json
expect_json_eq '[e["seq"] for e in d]' '[2, 3, 4, 5, 6, 7]'
run history --after 6 Beta --format json
expect_out_is '[]'
run history --after 7 --format json
expect_rc 0
expect_err_empty
expect_out_is '[]'
# Beyond the end: empty, exit 0, and a notice (a history shorter than a noted seq was cut).
run history --after 8 --format json
expect_rc 0
expect_out_is '[]'
expect_err_prefix
expect_err_contains "--after 8" "7 events"
run history --after 99 --format json -q
expect_rc 0
expect_err_empty
for bad in 0 -1 +3 abc 1.5 "" " 3" 3x 99999999999999999999999; do
  run history --after "$bad"
  expect_error 2 "--after" "whole number from 1"
done

# --- --event TYPE: one type, a comma list, repeated ---------------------------------------
run history --event granted --format json
expect_rc 0
expect_json_eq '[e["seq"] for e in d]' '[3, 4]'
run history --event granted,revoked --format json
expect_json_eq '[e["seq"] for e in d]' '[3, 4, 6]'
run history --event confirmed --event seller_added --format json
expect_json_eq '[e["seq"] for e in d]' '[1, 5, 7]'
run history --event REVOKED --format json
expect_json_eq '[e["seq"] for e in d]' '[6]'
run history --event suspended --format json
expect_rc 0
expect_out_is '[]'
# A revocation selected alone still shows the nickname its grant gave.
run history --event revoked
expect_out_matches '^6 .* +revoked +'"$SELLER"' +100000000002 +Beta '
run history --event grant
expect_error 2 "'grant' is not an event type"
expect_err_contains "seller_added, granted, confirmed, suspended, restored, revoked, confirmation_enabled, confirmation_disabled, reminded, inventory_recorded"

# --- --actor NAME: exactly that actor, before or after the command --------------------------
run history --actor ops --format json
expect_rc 0
expect_json_eq '[e["seq"] for e in d]' '[5]'
run history --actor OPS --format json
expect_out_is '[]'
run history --actor op --format json
expect_out_is '[]'
run --actor ops history --format json
expect_json_eq '[e["seq"] for e in d]' '[5]'
run history --actor tester --event confirmed --after 5 --format json
expect_json_eq '[e["seq"] for e in d]' '[7]'
expect_store_unchanged

# --- --verify checks the whole history: nothing narrows it ----------------------------------
for args in "Alpha" "--seller $SELLER" "--since 2026-01-01" "--until 2026-01-01" "--after 3" "--event granted" \
  "--actor ops"; do
  # shellcheck disable=SC2086 # the words of $args are separate arguments
  run history --verify $args
  expect_error 2 "--verify checks the whole history"
done
run --actor ops history --verify
expect_error 2 "--verify checks the whole history" "--actor"
run history --checkpoint "$TEST_DIR/none.note"
expect_error 2 "--checkpoint goes with --verify"
run history --verifier "$TEST_DIR/none.pub"
expect_error 2 "--verifier goes with --verify"
run history --verify --verifier "$TEST_DIR/none.pub"
expect_error 2 "--verifier needs a --checkpoint"
run history --verify --checkpoint "$TEST_DIR/none.note"
expect_error 2 "--checkpoint needs the --verifier"
expect_store_unchanged

# --- --verify --format json: one object ---------------------------------------------------
run history --verify --format json
expect_rc 0
expect_err_empty
expect_json_eq 'list(d)' '["ok", "events", "head", "problem"]'
expect_json_eq '[d["ok"], d["events"], d["problem"]]' '[true, 7, null]'
expect_json_eq 'len(d["head"])' '64'

# --- --verify: intact ------------------------------------------------------------------
run history --verify
expect_rc 0
expect_out_contains "7"
expect_store_unchanged

# --- tampering --------------------------------------------------------------------------
# tamper_byte N OLD NEW: in line N of history.jsonl, finds OLD (after the
# first 10 bytes) and replaces its first byte by the one byte NEW.
tamper_byte() {
  open_history
  python3 - "$HISTORY_FILE" "$@" <<'PY'
import sys
path, n, old, new = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode(), sys.argv[4].encode()
lines = open(path, "rb").read().split(b"\n")
assert len(new) == 1
i = lines[n - 1].index(old, 10)
lines[n - 1] = lines[n - 1][:i] + new + lines[n - 1][i + 1:]
open(path, "wb").write(b"\n".join(lines))
PY
  close_history
}
save_store pristine
restore_pristine() { restore_store pristine; }

# One byte of event 5's reason.
tamper_byte 5 r1 R
snapshot_store
run history --verify
expect_error 4
expect_err_matches 'event #?5([^0-9]|$)'
expect_store_unchanged
# In JSON: the object all the same, and the error on stderr.
run history --verify --format json
expect_rc 4
expect_json
expect_json_eq 'list(d)' '["ok", "events", "head", "problem"]'
expect_json_eq 'd["ok"]' 'false'
expect_json_eq 'bool(__import__("re").search(r"event #?5([^0-9]|$)", d["problem"]))' 'true'
expect_err_prefix
expect_err_matches 'event #?5([^0-9]|$)'

# One byte of event 3's date.
restore_pristine
tamper_byte 3 2026-02-01 3
run history --verify
expect_error 4
expect_err_matches 'event #?3([^0-9]|$)'

# One byte of event 1 that breaks its JSON.
restore_pristine
tamper_byte 1 '"' "'"
run history --verify
expect_error 4
expect_err_matches 'event #?1([^0-9]|$)'

# One byte of event 7's actor (the last one).
restore_pristine
tamper_byte 7 tester X
run history --verify
expect_error 4
expect_err_matches 'event #?7([^0-9]|$)'

# The last line deleted.
restore_pristine
edit_history sed -i '$d'
snapshot_store
run history --verify
expect_error 4
expect_store_unchanged

# A middle line deleted.
restore_pristine
edit_history sed -i '4d'
run history --verify
expect_error 4
expect_err_matches 'event #?4([^0-9]|$)'

# Two events swapped.
restore_pristine
edit_history python3 -c '
import sys
p = sys.argv[1]; l = open(p).read().splitlines(True); l[4], l[5] = l[5], l[4]; open(p, "w").write("".join(l))
'
run history --verify
expect_error 4
expect_err_matches 'event #?5([^0-9]|$)'

# An event inserted (a copy of event 6 after itself).
restore_pristine
edit_history python3 -c '
import sys
p = sys.argv[1]; l = open(p).read().splitlines(True); l.insert(6, l[5]); open(p, "w").write("".join(l))
'
run history --verify
expect_rc 4

# The whole file emptied.
restore_pristine
edit_history truncate -s 0
run history --verify
expect_error 4

# A line that is not JSON, or not an event: history names the file and line.
restore_pristine
tamper_byte 3 '"' x
run history
expect_error 4 "$HISTORY_NAME" "line 3"
run show Alpha
expect_error 4 "$HISTORY_NAME" "line 3"
restore_pristine
edit_history sed -i '4s/"granted"/"grunted"/'
run history
expect_error 4 "$HISTORY_NAME" "line 4"

# A write that died after appending to the history but before committing the
# state leaves an uncommitted tail: readers see the previous state, and the
# next write replaces the tail. (The team store has no such tail: a command
# is one transaction.)
if on_json; then
  restore_pristine
  snapshot_store
  printf '{"seq":8,"event":"confirmed","half-written":' >>"$DAC_STORE/history.jsonl"
  run history --format json
  expect_rc 0
  expect_json_eq '[e["seq"] for e in d]' '[1, 2, 3, 4, 5, 6, 7]'
  run history --verify
  expect_rc 0
  DAC_NOW=2026-07-01T00:00:00Z run confirm Alpha
  expect_rc 0
  DAC_NOW=2026-07-01T00:00:00Z run history --format json
  expect_json_eq '[(e["seq"], e["event"], e["effective_at"]) for e in d][-1]' '[8, "confirmed", "2026-07-01T00:00:00Z"]'
  check "the torn line is gone" bash -c "! grep -q half-written '$DAC_STORE/history.jsonl'"
  run history --verify
  expect_rc 0
fi

restore_pristine
run history --verify
expect_rc 0

# --- a change recorded late: --after finds it, --since does not (issue 12 item 4) ----------
new_store late
DAC_NOW=2026-01-01T00:00:00Z setup_store
DAC_NOW=2026-02-01T00:00:00Z must grant 100000000001 --nickname "Alpha" --token "$TOKEN1"
# The auditor's last audit, on 2026-02-01, ended at event 3.
DAC_NOW=2026-03-01T00:00:00Z must grant 100000000002 --nickname "Beta" --token "$TOKEN2" --at 2026-01-15
DAC_NOW=2026-03-01T00:00:00Z run history --after 3 --format json
expect_rc 0
expect_json_eq '[(e["seq"], e["event"], e["effective_at"], e["recorded_at"], e["nickname"]) for e in d]' \
  '[[4, "granted", "2026-01-15T00:00:00Z", "2026-03-01T00:00:00Z", "Beta"]]'
DAC_NOW=2026-03-01T00:00:00Z run history --since 2026-02-01 --format json
expect_json_eq '[e["seq"] for e in d]' '[3]'
DAC_NOW=2026-03-01T00:00:00Z run history --after 3
expect_out_matches '^4 +2026-01-15T00:00:00Z +2026-03-01T00:00:00Z +granted +'"$SELLER"' +100000000002 +Beta '

# --- the nickname at each event: a re-grant under another name (issue 12 item 4) ----------
new_store regrant
DAC_NOW=2026-01-01T00:00:00Z setup_store
DAC_NOW=2026-01-01T00:00:00Z must grant 123456789012 --nickname "Khaos Control" --token "$TOKEN1"
DAC_NOW=2026-02-01T00:00:00Z must revoke 123456789012 --yes --reason "contract ended"
DAC_NOW=2026-03-01T00:00:00Z must grant 123456789012 --nickname "Totally Different Co" --token "$TOKEN2"
DAC_NOW=2026-03-01T00:00:00Z run history 123456789012 --format json
expect_rc 0
expect_json_eq '[(e["event"], e["nickname"]) for e in d]' \
  '[["granted", "Khaos Control"], ["revoked", "Khaos Control"], ["granted", "Totally Different Co"]]'
DAC_NOW=2026-03-01T00:00:00Z run history 123456789012
expect_out_matches '^4 .* +revoked +'"$SELLER"' +123456789012 +Khaos Control +tester +contract ended'
expect_out_matches '^5 .* +granted +'"$SELLER"' +123456789012 +Totally Different Co +tester'
DAC_NOW=2026-03-01T00:00:00Z run history --event revoked --format json
expect_json_eq '[e["nickname"] for e in d]' '["Khaos Control"]'
DAC_NOW=2026-03-01T00:00:00Z run show "Totally Different Co" --format json
expect_json_eq '[e["nickname"] for e in d["history"]]' '["Khaos Control", "Khaos Control", "Totally Different Co"]'

finish
