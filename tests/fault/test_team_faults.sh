# Faults on the team store (SPEC §6a, issue 14), against a real server:
# - 8 processes x 100 commands at once: exactly 800 events, chain intact;
# - SIGKILL of dac at 1,000 random instants during writes: each command is
#   there whole or not at all, and the events are exactly those of the
#   commands that exited 0 plus those killed after their commit (told apart by
#   the history: each command's developer is its own);
# - the server restarted (pg_ctlcluster … restart -m fast) and dac's backends
#   killed (pg_terminate_backend) in the middle of writes: every command
#   either succeeds or exits 4 saying what happened; nothing that succeeded is
#   lost; the chain and the inventory verify.
source "$(dirname "$0")/lib.sh"
postgresql_only "the team store's faults (the JSON store's are the other fault tests)"

WORKERS=8
PER_WORKER=100 # half grants, half confirmations
KILLS=1000
if [[ $SANITIZED == 1 ]]; then # ten times slower: samples
  PER_WORKER=20
  KILLS=100
fi

setup_store --enabled-at 2025-01-01
must grant 100000000001 --nickname "Alpha" --token "$TOKEN1" --at 2026-06-01

token_of() { printf 'amzn.mws.%08x-0000-4000-8000-%012x' "$1" "$2"; }

# --- 8 x 100 at once ------------------------------------------------------------------------
BASE_EVENTS=$(history_lines)
worker() { # W: grants developer 7WW000000III and confirms it, for I < PER_WORKER / 2
  local w=$1 i dev fails=0
  for ((i = 0; i < PER_WORKER / 2; i++)); do
    dev=$(printf '7%02d%09d' "$w" "$i")
    "$DAC" -q --wait 5min grant "$dev" --nickname "Worker $w dev $i" --token "$(token_of "$w" "$i")" \
      >/dev/null 2>>"$TEST_DIR/worker$w.err" </dev/null || fails=$((fails + 1))
    "$DAC" -q --wait 5min confirm "$dev" --reason "worker $w" >/dev/null 2>>"$TEST_DIR/worker$w.err" </dev/null ||
      fails=$((fails + 1))
  done
  echo "$fails" >"$TEST_DIR/worker$w.result"
}
start=$(date +%s%N)
pids=()
for ((w = 1; w <= WORKERS; w++)); do
  worker "$w" &
  pids+=($!)
done
wait "${pids[@]}"
echo "team faults: $WORKERS x $PER_WORKER commands in $((($(date +%s%N) - start) / 1000000)) ms"
LAST_CMD="$WORKERS workers x $PER_WORKER commands"
for ((w = 1; w <= WORKERS; w++)); do
  check "worker $w: all $PER_WORKER commands succeeded: $(head -c 300 "$TEST_DIR/worker$w.err")" \
    test "$(cat "$TEST_DIR/worker$w.result")" -eq 0
done
CHANGES=$((WORKERS * PER_WORKER))
check "the history holds exactly $CHANGES more events" test "$(history_lines)" -eq $((BASE_EVENTS + CHANGES))
run history --verify
expect_rc 0
expect_out_contains "$((BASE_EVENTS + CHANGES)) events verified"
run history --format json
expect_json_eq '[e["seq"] for e in d] == list(range(1, len(d) + 1))' 'true'
expect_json_eq "all([e['developer_id'] for e in d if e['developer_id'] and e['developer_id'][1:3] == '%02d' % w] == [x for i in range($PER_WORKER // 2) for x in ['7%02d%09d' % (w, i)] * 2] for w in range(1, $WORKERS + 1))" 'true'
run list --format json --status all
expect_json_eq 'len([r for r in d if r["developer_id"].startswith("7") and r["last_confirmed_at"]])' $((CHANGES / 2))

# --- SIGKILL at random instants ---------------------------------------------------------------
# Command i grants developer 8000000IIIII: whether it committed is whether
# the history holds that grant.
BASE_EVENTS=$(history_lines)
: >"$TEST_DIR/kills"
start=$(date +%s%N)
for ((i = 0; i < KILLS; i++)); do
  dev=$(printf '8%011d' "$i")
  "$DAC" -q --wait 1min grant "$dev" --nickname "Killed $i" --token "$(token_of 99 "$i")" \
    >/dev/null 2>&1 </dev/null &
  pid=$!
  sleep "$(printf '0.%03d' $((RANDOM % 40)))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  echo "$dev $?" >>"$TEST_DIR/kills"
done
echo "team faults: $KILLS killed writers in $((($(date +%s%N) - start) / 1000000)) ms"
run history --format json
python3 - "$OUT_FILE" "$TEST_DIR/kills" >"$TEST_DIR/kill-report" <<'PY'
import json, sys
events = json.load(open(sys.argv[1]))
granted = {e["developer_id"] for e in events if e["event"] == "granted" and e["developer_id"].startswith("8")}
ok = killed_after = killed_before = lost = 0
for line in open(sys.argv[2]):
    dev, rc = line.split()
    if rc == "0":
        ok += 1
        lost += dev not in granted
    elif dev in granted:
        killed_after += 1
    else:
        killed_before += 1
print(ok, killed_after, killed_before, lost, len(granted))
PY
read -r exited_0 killed_after killed_before lost granted <"$TEST_DIR/kill-report"
echo "team faults: $exited_0 exited 0, $killed_after killed after their commit, $killed_before before"
LAST_CMD="$KILLS writers killed at random instants"
check "no command that exited 0 is missing ($lost)" test "$lost" -eq 0
check "the grants are exactly those exited 0 plus those killed after commit ($granted)" \
  test "$granted" -eq $((exited_0 + killed_after))
check "the history grew by one event per grant" test "$(history_lines)" -eq $((BASE_EVENTS + granted))
check "some were killed before their commit ($killed_before), some finished ($exited_0)" \
  test "$killed_before" -gt 0 -a "$exited_0" -gt 0
run history --verify
expect_rc 0

# --- the server restarted, dac's backends terminated, in the middle of writes ---------------
# writers TAG N: N grants of developers 9TTTIIIIIIII, each one's exit code and stderr kept.
writers() {
  local tag=$1 n=$2 i dev rc
  for ((i = 0; i < n; i++)); do
    dev=$(printf '9%03d%08d' "$tag" "$i")
    "$DAC" -q --wait 1min grant "$dev" --nickname "Cut $tag $i" --token "$(token_of "$tag" "$i")" \
      >/dev/null 2>"$TEST_DIR/cut-$tag-$i.err" </dev/null
    rc=$?
    echo "$dev $rc" >>"$TEST_DIR/cut-$tag"
  done
}
# expect_cut_outcome TAG...: every command succeeded or failed with exit 4
# saying what happened; every one that succeeded is there; the store verifies.
expect_cut_outcome() {
  local tag dev rc others=0 failed=0 lost=0 unclear=0
  run history --format json
  local granted
  granted=$(python3 -c 'import json,sys; print(" ".join(e["developer_id"] for e in json.load(open(sys.argv[1])) if e["event"] == "granted"))' "$OUT_FILE")
  for tag in "$@"; do
    while read -r dev rc; do
      if [[ $rc == 0 ]]; then
        [[ " $granted " == *" $dev "* ]] || lost=$((lost + 1))
      elif [[ $rc == 4 ]]; then
        failed=$((failed + 1))
        grep -Eq '^dac: (the connection to the store at .* was lost|cannot connect to the store at)' \
          "$TEST_DIR/cut-$tag-$((10#${dev:4})).err" || unclear=$((unclear + 1))
      else
        others=$((others + 1))
      fi
    done <"$TEST_DIR/cut-$tag"
  done
  LAST_CMD="writers cut off ($*)"
  echo "team faults ($*): $failed commands cut off"
  check "every command exited 0 or 4 ($others did not)" test "$others" -eq 0
  check "every cut-off command said what happened ($unclear did not)" test "$unclear" -eq 0
  check "nothing that succeeded was lost ($lost)" test "$lost" -eq 0
  run history --verify
  expect_rc 0
}

cluster=$(pg_lsclusters -h | awk -v port="${PGPORT:-5432}" '$3 == port { print $1, $2 }')
LAST_CMD="pg_lsclusters"
check "the test's cluster is found (port ${PGPORT:-})" test -n "$cluster"
for tag in 101 102 103; do writers "$tag" 40 & done
sleep 1
pg_ctlcluster $cluster restart -m fast
wait
expect_cut_outcome 101 102 103

for tag in 201 202 203; do writers "$tag" 40 & done
for ((k = 0; k < 10; k++)); do
  sleep 0.2
  pg_query "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'dac'" >/dev/null
done
wait
expect_cut_outcome 201 202 203

finish
