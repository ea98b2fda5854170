# Torn history tail (issue 3, item 5): a crash between appending to
# history.jsonl and committing state.json leaves events, or half of one, past
# what the state records. Readers ignore them, every whole committed record
# verifies, and the next write cuts them off instead of gluing onto them.
# A history cut short of what the state records is refused (exit 4).
source "$(dirname "$0")/lib.sh"

setup_store --enabled-at 2025-01-01
must grant 100000000001 --nickname "Alpha" --token "$TOKEN1" --at 2026-06-01
must grant 100000000002 --nickname "Beta" --token "$TOKEN2" --at 2026-06-01
cp -a "$DAC_STORE" "$TEST_DIR/pristine"
restore_pristine() { rm -rf "$DAC_STORE"; cp -a "$TEST_DIR/pristine" "$DAC_STORE"; }
COMMITTED=$(wc -c <"$DAC_STORE/history.jsonl")
EVENTS=$(history_lines)

# A record of what a writer that died would have appended: a real event line.
NEXT_LINE=$(
  cp -a "$DAC_STORE" "$TEST_DIR/scratch"
  DAC_STORE=$TEST_DIR/scratch "$DAC" -q confirm Alpha >/dev/null 2>&1 </dev/null
  tail -n 1 "$TEST_DIR/scratch/history.jsonl"
)
check "the would-be record is a whole event" test "${#NEXT_LINE}" -gt 100

# every_line_whole: each line of history.jsonl is a JSON object ending in a newline.
every_line_whole() {
  python3 - "$DAC_STORE/history.jsonl" <<'PY'
import json, sys
data = open(sys.argv[1], "rb").read()
assert data.endswith(b"\n"), "the history does not end with a newline"
for line in data.split(b"\n")[:-1]:
    json.loads(line)
PY
}

for cut in 1 17 $((${#NEXT_LINE} / 2)) $((${#NEXT_LINE} - 1)) "${#NEXT_LINE}" whole; do
  restore_pristine
  if [[ $cut == whole ]]; then
    printf '%s\n' "$NEXT_LINE" >>"$DAC_STORE/history.jsonl"   # a whole record, never committed
  else
    printf '%s' "${NEXT_LINE:0:cut}" >>"$DAC_STORE/history.jsonl"
  fi
  LAST_CMD="(history with $cut bytes of an uncommitted record)"
  check "the history is longer than committed ($cut)" test "$(wc -c <"$DAC_STORE/history.jsonl")" -gt "$COMMITTED"

  # Readers: the committed records, all of them whole and verified.
  snapshot_store
  run history --verify
  expect_rc 0
  expect_out_contains "$EVENTS events verified"
  run history --format json
  expect_rc 0
  expect_json_eq 'len(d)' "$EVENTS"
  run list --format json
  expect_rc 0
  expect_json_eq 'len(d)' 2
  expect_store_unchanged

  # The next write cuts the tail, then appends its own event on a line of its own.
  run confirm Beta --reason "after a crash"
  expect_rc 0
  check "history.jsonl holds whole records only" every_line_whole
  check "the uncommitted record is gone" test "$(grep -c '"event":"confirmed","hash"' "$DAC_STORE/history.jsonl")" -eq 1
  check "one event more than before" test "$(history_lines)" -eq $((EVENTS + 1))
  run history --verify
  expect_rc 0
  expect_out_contains "$((EVENTS + 1)) events verified"
  run history Beta --format json
  expect_json_eq '[e["event"] for e in d]' '["granted", "confirmed"]'
  expect_json_eq 'd[-1]["reason"]' '"after a crash"'
done

# --- a history cut short of what the state records: refused, never repaired ----------
for keep in 0 1 $((COMMITTED / 2)) $((COMMITTED - 1)); do
  restore_pristine
  head -c "$keep" "$TEST_DIR/pristine/history.jsonl" >"$DAC_STORE/history.jsonl"
  snapshot_store
  run history --verify
  expect_error 4
  run history
  expect_error 4 "history.jsonl" "cut"
  run confirm Alpha
  expect_error 4 "history.jsonl" "cut"
  run grant 100000000003 --nickname "Gamma" --token "$TOKEN3"
  expect_error 4 "history.jsonl"
  expect_err_not_contains "$TOKEN3"
  expect_store_unchanged
done

finish
