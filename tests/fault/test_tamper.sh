# Tampering (issue 3, item 6): one byte flipped in each history event in turn,
# a middle event deleted, two events swapped, the last k dropped, an event
# repeated, a key repeated to hide a value, a value re-spelt with an escape.
# Each time `dac history --verify` exits 4 and names the first bad event, and
# nothing is written.
source "$(dirname "$0")/lib.sh"

# --- one byte at a time (tests/fault/faults.py flips) ------------------------------
fault_python "$FAULT_DIR/faults.py" flips "$DAC" "$FAULT_SHIM" "$TEST_DIR/flips" >"$TEST_DIR/flips.out" 2>&1
flips_rc=$?
LAST_CMD="faults.py flips"
grep -v ' passed, .* failed$' "$TEST_DIR/flips.out"
check "every flipped byte is detected and its event named ($(tail -1 "$TEST_DIR/flips.out"))" test "$flips_rc" -eq 0

# --- a store with a dozen events ------------------------------------------------------
setup_store --enabled-at 2025-01-01
for i in 1 2 3 4 5; do
  must grant "10000000000$i" --nickname "Dev $i" --token "amzn.mws.0000000$i-1111-4222-8333-44445555666$i" --at 2026-0$i-01
done
for i in 1 2 3; do must confirm "Dev $i" --reason "review $i"; done
must revoke "Dev 4" --yes
run history --verify
expect_rc 0
EVENTS=$(history_lines)
check "the store has a dozen events ($EVENTS)" test "$EVENTS" -ge 11
cp -a "$DAC_STORE" "$TEST_DIR/pristine"
restore_pristine() { rm -rf "$DAC_STORE"; cp -a "$TEST_DIR/pristine" "$DAC_STORE"; }

# edit_history PYTHON: rewrites history.jsonl; `lines` is its list of lines (bytes, no newline).
edit_history() {
  python3 - "$DAC_STORE/history.jsonl" "$1" <<'PY'
import sys
path, code = sys.argv[1], sys.argv[2]
lines = open(path, "rb").read().split(b"\n")[:-1]
exec(code)
open(path, "wb").write(b"".join(l + b"\n" for l in lines))
PY
}

# expect_tampered SEQ: verify exits 4 naming event #SEQ first; the store is unchanged.
expect_tampered() {
  snapshot_store
  run history --verify
  expect_error 4 "event #$1"
  local first
  first=$(grep -o 'event #[0-9]*' "$ERR_FILE" | head -1)
  check "the first event named is #$1 (got '$first')" test "$first" = "event #$1"
  # In JSON (SPEC §3): the one object whatever the outcome, and the error on stderr.
  run history --verify --format json
  expect_rc 4
  expect_json_eq 'd["ok"]' 'false'
  expect_json_eq '__import__("re").findall(r"event #[0-9]+", d["problem"])[:1]' "[\"event #$1\"]"
  expect_err_prefix
  expect_err_contains "event #$1"
  expect_store_unchanged
}

# --- a middle event deleted: the event now in its place is the first bad one ----------
for k in 2 5 $((EVENTS / 2)) $((EVENTS - 1)); do
  restore_pristine
  edit_history "del lines[$k - 1]"
  expect_tampered "$k"
done

# --- two events swapped: the first of them ----------------------------------------------
for pair in "1 2" "3 7" "5 6" "$((EVENTS - 1)) $EVENTS" "2 $EVENTS"; do
  read -r a b <<<"$pair"
  restore_pristine
  edit_history "lines[$a - 1], lines[$b - 1] = lines[$b - 1], lines[$a - 1]"
  expect_tampered "$a"
done

# --- the last k events dropped: the first missing one; writers refuse too ---------------
for k in 1 2 3 $((EVENTS - 1)) "$EVENTS"; do
  restore_pristine
  edit_history "del lines[len(lines) - $k:]"
  expect_tampered $((EVENTS - k + 1))
  expect_err_contains "cut off"
  run confirm "Dev 5"
  expect_error 4 "history.jsonl" "cut"
  expect_store_unchanged
done

# --- an event repeated, or inserted: the one after the original ---------------------------
restore_pristine
edit_history "lines.insert(3, lines[2])"
expect_tampered 4

# --- the same values spelt differently: a repeated key hiding the real actor, an escape, a space
restore_pristine
edit_history 'lines[4] = lines[4].replace(b"{\"actor\":", b"{\"actor\":\"mallory\",\"actor\":", 1)'
check "the test repeated a key" grep -q '"actor":"mallory","actor":' "$DAC_STORE/history.jsonl"
expect_tampered 5
restore_pristine
edit_history 'lines[5] = lines[5].replace(b"\"actor\":\"tester\"", b"\"actor\":\"\\u0074ester\"", 1)'
check "the test escaped a letter" grep -qF '"actor":"\u0074ester"' "$DAC_STORE/history.jsonl"
expect_tampered 6
restore_pristine
edit_history 'lines[6] = lines[6].replace(b",", b", ", 1)'
expect_tampered 7

# --- a history whose every hash was recomputed (same length) ends at a head the state does not record
restore_pristine
python3 "$(dirname "$0")/../cli/forge.py" "$DAC_STORE" 'assert events[2]["actor"] == "tester"; events[2]["actor"] = "mallet"'
snapshot_store
run history --verify
expect_error 4 "head"
expect_store_unchanged

# --- the pristine store still verifies: the test did not break it ---------------------------
restore_pristine
run history --verify
expect_rc 0
expect_out_contains "$EVENTS events verified"

finish
