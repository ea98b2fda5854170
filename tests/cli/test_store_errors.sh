# Store errors (exit 4), the lock (exit 5), and where the store is (SPEC §5, §6).
source "$(dirname "$0")/lib.sh"
json_only "the JSON store's files, folders, modes and lock; the team store's errors are tests/cli/test_team_store.sh"

# --- missing store: exit 4 naming the path and suggesting dac init ----------------
new_store missing
for cmd in "list" "show Alpha" "history" "history --verify" "confirm Alpha" "confirm --all --yes" \
  "revoke Alpha --yes" "restore Alpha" "enable" "disable" "credentials" "seller list"; do
  # shellcheck disable=SC2086
  run $cmd
  expect_error 4 "$DAC_STORE" "dac init"
done
run grant 100000000001 --nickname "Alpha" --token "$TOKEN1"
expect_error 4 "$DAC_STORE" "dac init"
expect_err_not_contains "$TOKEN1"
check "no command but init creates the store" test ! -e "$DAC_STORE"

# A folder without state.json is no store either.
mkdir -m 700 "$DAC_STORE"
run list
expect_error 4 "$DAC_STORE" "dac init"
run grant 100000000001 --nickname "Alpha" --token "$TOKEN1"
expect_error 4 "$DAC_STORE"
check "nothing was created in the empty folder" test -z "$(ls -A "$DAC_STORE")"
# ... also when others may read it (mkdir's usual 755): the store is missing,
# which is what to fix, rather than the folder's mode.
chmod 755 "$DAC_STORE"
run list
expect_error 4 "state.json is missing" "dac init"
expect_err_not_contains "chmod"

# --- a healthy store to break ------------------------------------------------------
new_store main
setup_store --enabled-at 2025-01-01
must grant 100000000001 --nickname "Alpha" --token "$TOKEN1" --at 2026-06-01
must grant 100000000002 --nickname "Beta" --token "$TOKEN2" --at 2025-11-01   # suspended
cp -a "$DAC_STORE" "$TEST_DIR/pristine"
restore_pristine() { rm -rf "$DAC_STORE"; cp -a "$TEST_DIR/pristine" "$DAC_STORE"; }

# Every kind of command on a broken store: exit 4, nothing changed.
try_everything() {
  local code=$1
  shift
  snapshot_store
  run list
  expect_error "$code" "$@"
  run list --format json
  expect_error "$code" "$@"
  run show Alpha
  expect_error "$code" "$@"
  run history
  expect_error "$code" "$@"
  run confirm Alpha
  expect_error "$code" "$@"
  run revoke Alpha --yes
  expect_error "$code" "$@"
  run restore Beta
  expect_error "$code" "$@"
  run grant 100000000003 --nickname "Gamma" --token "$TOKEN3"
  expect_error "$code" "$@"
  expect_err_not_contains "$TOKEN3"
  run disable
  expect_error "$code" "$@"
  expect_store_unchanged
}

# --- corrupt state.json: the file, line and column ----------------------------------
python3 - "$DAC_STORE/state.json" <<'PY'
import sys
p = sys.argv[1]
lines = open(p).read().split("\n")
lines[4] = lines[4][:1] + "#" + lines[4][1:]   # line 5, column 2
open(p, "w").write("\n".join(lines))
PY
try_everything 4 "state.json"
run list
expect_err_matches 'line 5([^0-9]|$)'
expect_err_matches 'column 2([^0-9]|$)'

# Cut off in the middle.
restore_pristine
head -c 200 "$TEST_DIR/pristine/state.json" >"$DAC_STORE/state.json"
try_everything 4 "state.json"

# Empty.
restore_pristine
: >"$DAC_STORE/state.json"
try_everything 4 "state.json"

# Valid JSON, wrong content.
restore_pristine
sed -i 's/"status": "active"/"status": "bogus"/' "$DAC_STORE/state.json"
try_everything 4 "state.json"

# --- a store of a newer version: refused for reads and writes, never rewritten ------
restore_pristine
sed -i 's/"version": 2/"version": 99/' "$DAC_STORE/state.json"
check "the test edited the version" grep -q '"version": 99' "$DAC_STORE/state.json"
try_everything 4 "99"
run history --verify
expect_error 4 "99"

# --- unsafe permissions: refused with the chmod that fixes it ------------------------
restore_pristine
chmod 644 "$DAC_STORE/state.json"
try_everything 4 "chmod 600" "$DAC_STORE/state.json"
restore_pristine
chmod 640 "$DAC_STORE/history.jsonl"
try_everything 4 "chmod 600" "$DAC_STORE/history.jsonl"
restore_pristine
chmod 755 "$DAC_STORE"
try_everything 4 "chmod 700" "$DAC_STORE"
restore_pristine
chmod 604 "$DAC_STORE/state.json"
run list
expect_error 4 "chmod 600"

# --- the history file missing or cut ----------------------------------------------
restore_pristine
rm "$DAC_STORE/history.jsonl"
snapshot_store
run grant 100000000003 --nickname "Gamma" --token "$TOKEN3"
expect_error 4 "history.jsonl"
run history
expect_error 4 "history.jsonl"
expect_store_unchanged
check "history.jsonl was not recreated" test ! -e "$DAC_STORE/history.jsonl"

# --- the lock: busy after --wait, exit 5, nothing written ------------------------------
restore_pristine
# hold_lock SECONDS: holds the store lock with flock(1) in the background.
hold_lock() {
  rm -f "$TEST_DIR/holder.pid"
  flock "$DAC_STORE/lock" bash -c "echo \$\$ >'$TEST_DIR/holder.pid'; exec sleep $1" </dev/null >/dev/null 2>&1 &
  FLOCK_PID=$!
  local i
  for i in $(seq 100); do
    [[ -s $TEST_DIR/holder.pid ]] && break
    sleep 0.05
  done
  HOLDER_PID=$(cat "$TEST_DIR/holder.pid")
}
release_lock() {
  kill "$HOLDER_PID" 2>/dev/null
  wait "$FLOCK_PID" 2>/dev/null
}

hold_lock 30
snapshot_store
start=$(date +%s%N)
run --wait 1s confirm Alpha
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
expect_error 5
check "waited about 1s (${elapsed_ms}ms)" test "$elapsed_ms" -ge 900 -a "$elapsed_ms" -lt 5000
expect_store_unchanged
run grant 100000000003 --nickname "Gamma" --token "$TOKEN3" --wait 1s
expect_error 5
expect_err_not_contains "$TOKEN3"
expect_store_unchanged
run revoke Alpha --yes --wait 1s
expect_error 5
expect_store_unchanged
release_lock

# A writer waits for the lock within --wait and then writes.
hold_lock 1
run confirm Alpha --wait 10s
expect_rc 0
release_lock
run history Alpha --format json
expect_json_eq '[e["event"] for e in d]' '["granted", "confirmed"]'

# Concurrent writers never lose an update.
restore_pristine
pids=()
for i in 1 2 3 4 5 6; do
  "$DAC" grant "20000000000$i" --nickname "Parallel $i" --token "$TOKEN3" --wait 30s </dev/null >/dev/null 2>"$TEST_DIR/par$i.err" &
  pids+=($!)
done
par_fail=0
for p in "${pids[@]}"; do wait "$p" || par_fail=1; done
LAST_CMD="6 concurrent dac grant"
check "every concurrent grant succeeded" test "$par_fail" -eq 0
run list --format json --developer 200000000001
expect_json_eq 'len(d)' '1'
run list --format json --status all
expect_json_eq 'sorted(r["developer_id"] for r in d if r["developer_id"].startswith("2"))' \
  '["200000000001", "200000000002", "200000000003", "200000000004", "200000000005", "200000000006"]'
run history --format json
expect_json_eq 'len([e for e in d if e["event"] == "granted"])' '8'
run history --verify
expect_rc 0

# --- where the store is: --store, DAC_STORE, XDG_DATA_HOME/dac, ~/.local/share/dac ---
mk() { "$DAC" --store "$1" init --seller "$2" </dev/null >/dev/null 2>&1 || echo "setup: init $1 failed" >&2; }
mk "$TEST_DIR/loc/opt" OPTSELLER01
mk "$TEST_DIR/loc/env" ENVSELLER01
mk "$TEST_DIR/loc/xdg/dac" XDGSELLER01
mk "$TEST_DIR/loc/home/.local/share/dac" HOMESELLER01
E=(env -i "PATH=$PATH" DAC_NOW="$DAC_NOW" USER=tester)
ALL=("DAC_STORE=$TEST_DIR/loc/env" "XDG_DATA_HOME=$TEST_DIR/loc/xdg" "HOME=$TEST_DIR/loc/home")

run_cmd "${E[@]}" "${ALL[@]}" "$DAC" --store "$TEST_DIR/loc/opt" seller list --format json
expect_rc 0
expect_json_eq '[s["seller_id"] for s in d]' '["OPTSELLER01"]'
run_cmd "${E[@]}" "${ALL[@]}" "$DAC" seller list --format json --store "$TEST_DIR/loc/opt"
expect_json_eq '[s["seller_id"] for s in d]' '["OPTSELLER01"]'
run_cmd "${E[@]}" "${ALL[@]}" "$DAC" seller list --format json
expect_rc 0
expect_json_eq '[s["seller_id"] for s in d]' '["ENVSELLER01"]'
run_cmd "${E[@]}" "XDG_DATA_HOME=$TEST_DIR/loc/xdg" "HOME=$TEST_DIR/loc/home" "$DAC" seller list --format json
expect_rc 0
expect_json_eq '[s["seller_id"] for s in d]' '["XDGSELLER01"]'
run_cmd "${E[@]}" "HOME=$TEST_DIR/loc/home" "$DAC" seller list --format json
expect_rc 0
expect_json_eq '[s["seller_id"] for s in d]' '["HOMESELLER01"]'

# A cron job with the wrong HOME must not see an empty, happy inventory.
run_cmd "${E[@]}" "HOME=$TEST_DIR/loc/elsewhere" "$DAC" list
expect_error 4 "$TEST_DIR/loc/elsewhere/.local/share/dac" "dac init"
check "list did not create a store under the wrong HOME" test ! -e "$TEST_DIR/loc/elsewhere"

# No --store, DAC_STORE, XDG_DATA_HOME or HOME at all.
run_cmd env -i "$DAC" list
expect_error 4
expect_err_contains "HOME"
run_cmd env -i "$DAC" list --format json
expect_error 4
run_cmd env -i "$DAC" init --seller "$SELLER"
expect_error 4
run_cmd env -i "$DAC" grant 100000000001 --nickname "Alpha" --token "$TOKEN1"
expect_error 4
expect_err_not_contains "$TOKEN1"

# A relative XDG_DATA_HOME is ignored (XDG Base Directory spec), and dac says so
# rather than calling it unset (issue 13 item 14).
run_cmd "${E[@]}" "XDG_DATA_HOME=loc/xdg" "HOME=$TEST_DIR/loc/home" "$DAC" seller list --format json
expect_rc 0
expect_json_eq '[s["seller_id"] for s in d]' '["HOMESELLER01"]'
expect_err_contains "XDG_DATA_HOME='loc/xdg' is ignored because it is a relative path"
expect_err_contains "using $TEST_DIR/loc/home/.local/share/dac"
expect_err_prefix
run_cmd env -i "XDG_DATA_HOME=relative/data" "$DAC" list
expect_error 4 "XDG_DATA_HOME='relative/data' is ignored because it is a relative path"
expect_err_not_contains "XDG_DATA_HOME or HOME is set"
run_cmd env -i "XDG_DATA_HOME=relative/data" "$DAC" init --seller "$SELLER"
expect_error 4 "is ignored because it is a relative path"
check "init did not create the relative XDG folder" test ! -e "$TEST_DIR/relative"

# init creates exactly where it is told.
run_cmd "${E[@]}" "HOME=$TEST_DIR/loc/newhome" "$DAC" init --seller NEWSELLER01
expect_rc 0
check "init under HOME creates ~/.local/share/dac" test -f "$TEST_DIR/loc/newhome/.local/share/dac/state.json"
check "~/.local/share/dac is 0700" test "$(stat -c %a "$TEST_DIR/loc/newhome/.local/share/dac")" = 700

finish
