# Concurrent writers and the lock (issue 3, items 2 and 3).
# - 8 processes x 100 commands (grants of distinct developers and their
#   confirmations) all at once: exactly 800 changes in the state and the
#   history, the chain verifies, nothing lost.
# - Writers that cannot get the lock within --wait exit 5 and write nothing,
#   also under real contention.
# - The lock sits on a file that the atomic rename never replaces.
# - kill -9 of a process holding the lock (a dac stopped mid-write, or flock):
#   the next command proceeds, also under a German locale (exit codes only,
#   never message text).
source "$(dirname "$0")/lib.sh"

WORKERS=8
PER_WORKER=100   # half grants, half confirmations

setup_store --enabled-at 2025-01-01
must grant 100000000001 --nickname "Alpha" --token "$TOKEN1" --at 2026-06-01
BASE_EVENTS=$(history_lines)
LOCK_INODE=$(stat -c %i "$DAC_STORE/lock")
STATE_INODE=$(stat -c %i "$DAC_STORE/state.json")

# worker W: grants developer 7WW000000III and confirms it, for I < PER_WORKER / 2.
worker() {
  local w=$1 i dev fails=0 busy=0 rc
  for ((i = 0; i < PER_WORKER / 2; i++)); do
    dev=$(printf '7%02d%09d' "$w" "$i")
    "$DAC" -q --wait 5min grant "$dev" --nickname "Worker $w dev $i" \
      --token "$(printf 'amzn.mws.%08x-0000-4000-8000-%012x' "$w" "$i")" >/dev/null 2>>"$TEST_DIR/worker$w.err" </dev/null
    rc=$?
    ((rc == 5)) && busy=$((busy + 1))
    ((rc != 0)) && fails=$((fails + 1))
    "$DAC" -q --wait 5min confirm "$dev" --reason "worker $w" >/dev/null 2>>"$TEST_DIR/worker$w.err" </dev/null
    rc=$?
    ((rc == 5)) && busy=$((busy + 1))
    ((rc != 0)) && fails=$((fails + 1))
  done
  echo "$fails $busy" >"$TEST_DIR/worker$w.result"
}

start=$(date +%s)
pids=()
for ((w = 1; w <= WORKERS; w++)); do
  worker "$w" &
  pids+=($!)
done
wait "${pids[@]}"
elapsed=$(($(date +%s) - start))
echo "concurrency: $WORKERS x $PER_WORKER commands in ${elapsed}s"

LAST_CMD="$WORKERS workers x $PER_WORKER commands"
total_fails=0
for ((w = 1; w <= WORKERS; w++)); do
  read -r fails busy <"$TEST_DIR/worker$w.result"
  check "worker $w: all $PER_WORKER commands succeeded ($fails failed, $busy busy): $(head -c 300 "$TEST_DIR/worker$w.err")" \
    test "$fails" -eq 0
  total_fails=$((total_fails + fails))
done
CHANGES=$((WORKERS * PER_WORKER))
check "history holds exactly $CHANGES more events" test "$(history_lines)" -eq $((BASE_EVENTS + CHANGES))
run history --verify
expect_rc 0
expect_out_contains "$((BASE_EVENTS + CHANGES)) events verified"
run history --format json
expect_json_eq 'len([e for e in d if e["event"] == "granted" and e["developer_id"].startswith("7")])' $((CHANGES / 2))
expect_json_eq 'len([e for e in d if e["event"] == "confirmed" and e["developer_id"].startswith("7")])' $((CHANGES / 2))
expect_json_eq '[e["seq"] for e in d] == list(range(1, len(d) + 1))' 'true'
# Each worker's own changes are in the order it made them.
expect_json_eq 'all([e["developer_id"] for e in d if e["developer_id"] and e["developer_id"][1:3] == "%02d" % w] == [x for i in range(50) for x in ["7%02d%09d" % (w, i)] * 2] for w in range(1, 9))' 'true'
run list --format json --developer 700000000000 --status all
run list --format json --status all
expect_json_eq 'len([r for r in d if r["developer_id"].startswith("7")])' $((CHANGES / 2))
check "every confirmation is in the state" python3 - "$DAC_STORE/state.json" <<'PY'
import json, sys
state = json.load(open(sys.argv[1]))
mine = [a for a in state["authorizations"] if a["developer_id"].startswith("7")]
assert len(mine) == 400, len(mine)
assert all(a["confirmed_at"] for a in mine)
PY
check "the lock file was never replaced" test "$(stat -c %i "$DAC_STORE/lock")" = "$LOCK_INODE"
check "state.json was replaced by renames" test "$(stat -c %i "$DAC_STORE/state.json")" != "$STATE_INODE"
check "no temp file left" test -z "$(temp_files)"

# --- under contention with --wait 0s: each writer either writes or exits 5 having written nothing
before=$(history_lines)
pids=()
for ((w = 1; w <= WORKERS; w++)); do
  (
    ok=0
    for ((i = 0; i < 10; i++)); do
      "$DAC" -q --wait 0s confirm "$(printf '7%02d%09d' "$w" "$i")" >/dev/null 2>"$TEST_DIR/nowait$w-$i.err" </dev/null
      rc=$?
      if ((rc == 0)); then
        ok=$((ok + 1))
      elif ((rc != 5)); then
        echo "unexpected exit $rc: $(cat "$TEST_DIR/nowait$w-$i.err")" >&2
      elif ! grep -q 'busy' "$TEST_DIR/nowait$w-$i.err"; then
        echo "exit 5 without saying the store is busy: $(cat "$TEST_DIR/nowait$w-$i.err")" >&2
      fi
    done
    echo "$ok" >"$TEST_DIR/nowait$w.ok"
  ) &
  pids+=($!)
done
wait "${pids[@]}"
written=0
for ((w = 1; w <= WORKERS; w++)); do written=$((written + $(cat "$TEST_DIR/nowait$w.ok"))); done
LAST_CMD="$WORKERS writers x 10 with --wait 0s"
echo "concurrency: with --wait 0s, $written of $((WORKERS * 10)) writes got the lock, the others exited 5"
check "exactly one event per successful writer: those that exited 5 wrote nothing ($written)" \
  test "$(history_lines)" -eq $((before + written))
run history --verify
expect_rc 0

# --- a lock holder killed with -9 ----------------------------------------------------
# hold_with_stopped_dac N: starts a confirm that stops itself (SIGSTOP) at its
# Nth counted operation, holding the lock; sets HOLDER.
hold_with_stopped_dac() {
  env LD_PRELOAD="$FAULT_SHIM" ASAN_OPTIONS="$FAULT_ASAN_OPTIONS" DAC_FAULT_AT="$1" DAC_FAULT_STOP=1 \
    "$DAC" -q confirm Alpha --reason "stopped holder" </dev/null >/dev/null 2>&1 &
  HOLDER=$!
  local i state
  for ((i = 0; i < 200; i++)); do
    state=$(awk '{print $3}' "/proc/$HOLDER/stat" 2>/dev/null)
    [[ $state == T ]] && return 0
    sleep 0.05
  done
  echo "the holder did not stop" >&2
  return 1
}

# lock_holder_killed LABEL: the whole sequence, in the current environment.
lock_holder_killed() {
  local label=$1 at
  # Stopped before its first append (op 2), and after appending but before committing (op 3).
  for at in 2 3; do
    LAST_CMD="($label) a dac stopped at op $at holds the lock"
    check "($label) the holder stopped at op $at" hold_with_stopped_dac "$at"
    snapshot_store
    run --wait 1s confirm "$(printf '7%02d%09d' 1 0)"
    expect_rc 5
    run --wait 0s grant 100000000002 --nickname "Beta" --token "$TOKEN2"
    expect_rc 5
    expect_err_not_contains "$TOKEN2"
    expect_store_unchanged
    run list --format json   # readers take no lock
    expect_rc 0
    kill -9 "$HOLDER"
    wait "$HOLDER" 2>/dev/null
    run --wait 1s confirm "$(printf '7%02d%09d' 1 0)" --reason "after the holder died ($label, op $at)"
    expect_rc 0
    run history --verify
    expect_rc 0
    run history --format json
    expect_json_eq '[e["reason"] for e in d].count("stopped holder")' '0'
    expect_json_eq 'd[-1]["reason"]' "\"after the holder died ($label, op $at)\""
    check "($label) no temp file left" test -z "$(temp_files)"
  done
  # Another program holding the lock with flock(2), killed with -9. (Not
  # flock(1): the command it runs inherits the lock and outlives it.)
  python3 -c 'import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.flock(fd, fcntl.LOCK_EX)
open(sys.argv[2], "w").write(str(os.getpid()))
time.sleep(60)' "$DAC_STORE/lock" "$TEST_DIR/locked" </dev/null >/dev/null 2>&1 &
  local launcher=$! i
  for ((i = 0; i < 200; i++)); do
    [[ -s $TEST_DIR/locked ]] && break
    sleep 0.05
  done
  HOLDER=$(cat "$TEST_DIR/locked")  # python itself, not a launcher in front of it
  rm -f "$TEST_DIR/locked"
  run --wait 0s confirm Alpha
  expect_rc 5
  kill -9 "$HOLDER"
  wait "$launcher" 2>/dev/null
  run --wait 1s confirm Alpha
  expect_rc 0
}

lock_holder_killed "C locale"

# A German locale, built privately (no system change): strerror and friends
# speak German, so only exit codes and errno can be trusted.
if mkdir -p "$TEST_DIR/locale" && localedef -i de_DE -f UTF-8 "$TEST_DIR/locale/de_DE.UTF-8" >/dev/null 2>&1; then
  export LOCPATH=$TEST_DIR/locale
  GERMAN=$(LC_ALL=de_DE.UTF-8 python3 -c 'import locale, os; locale.setlocale(locale.LC_ALL, ""); print(os.strerror(11))')
  echo "concurrency: German locale in use (EAGAIN: $GERMAN)"
else
  echo "concurrency: localedef could not build de_DE.UTF-8; running with LANG set anyway" >&2
fi
export LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8 LANGUAGE=de
lock_holder_killed "German locale"
unset LANG LC_ALL LANGUAGE LOCPATH
export LC_ALL=C.UTF-8

finish
