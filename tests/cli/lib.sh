# Helpers for the end-to-end tests: sourced by every tests/cli/test_*.sh,
# which CTest runs as `bash tests/cli/test_X.sh /path/to/dac`.
#
# Each script gets a fresh temp folder (removed on exit) holding its store,
# a fixed clock, and a `run` function that captures what dac prints:
#
#   run list --format json          # stdin is /dev/null: dac never waits on it
#   run_stdin "$text" grant ...     # the given text on stdin
#   DAC_NOW=2027-01-01T00:00:00Z run list    # a one-off environment change
#   expect_rc 0; expect_out_contains "Khaos"; expect_err_prefix
#
# Every assertion counts as one test; `finish` prints "N passed, M failed"
# and exits 1 when any failed.

set -u

if [[ $# -lt 1 || ! -x $1 ]]; then
  echo "usage: bash $0 /path/to/dac" >&2
  exit 2
fi
DAC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")

TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/dac-e2e.XXXXXX")
trap 'chmod -R u+rwx "$TEST_DIR" 2>/dev/null; rm -rf "$TEST_DIR"' EXIT
cd "$TEST_DIR" || exit 2

export DAC_STORE=$TEST_DIR/store
export DAC_NOW=2026-11-26T12:00:00Z
export USER=tester
export LC_ALL=C.UTF-8
unset NO_COLOR XDG_DATA_HOME TERM

# python3 through pyenv-style shims costs a shell script per call: resolve
# the interpreter once.
PYTHON=$(command python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || PYTHON=python3
python3() { "$PYTHON" "$@"; }

# Values used across the scripts.
SELLER=A1B2C3D4E5F6G7
SELLER2=Z9Y8X7W6V5U4T3
TOKEN1=amzn.mws.4ea39c1d-a2b3-4c5d-9e8f-0123abcd4567
TOKEN1_MASKED="amzn.mws.4ea3…4567"
TOKEN2=amzn.mws.11112222-3333-4444-5555-666677778888
TOKEN2_MASKED="amzn.mws.1111…8888"
TOKEN3=amzn.mws.aaaabbbb-cccc-dddd-eeee-ffff00001234
TOKEN3_MASKED="amzn.mws.aaaa…1234"
TOKEN4=amzn.mws.0a0b0c0d-1e1f-2a2b-3c3d-4e4f5a5b5c5d
TOKEN4_MASKED="amzn.mws.0a0b…5c5d"

PASSED=0
FAILED=0
OUT=""
ERR=""
RC=0
LAST_CMD="(nothing run yet)"
OUT_FILE=$TEST_DIR/.stdout
ERR_FILE=$TEST_DIR/.stderr

# Quotes arguments the way a person would type them again.
_quote_args() {
  local out="" a
  for a in "$@"; do
    if [[ $a =~ ^[A-Za-z0-9_./:=,+@%-]+$ ]]; then out+=" $a"; else out+=" $(printf '%q' "$a")"; fi
  done
  printf '%s' "${out# }"
}

# Reads a whole file into the named variable, trailing newlines included.
_slurp() {
  local -n _dest=$1
  _dest=$(cat "$2"; printf x)
  _dest=${_dest%x}
}

# run ARGS...: runs dac with stdin from /dev/null; sets OUT, ERR, RC.
run() {
  LAST_CMD="dac $(_quote_args "$@")"
  "$DAC" "$@" >"$OUT_FILE" 2>"$ERR_FILE" </dev/null
  RC=$?
  _slurp OUT "$OUT_FILE"
  _slurp ERR "$ERR_FILE"
}

# run_stdin TEXT ARGS...: runs dac with TEXT (plus a newline) on stdin.
run_stdin() {
  local input=$1
  shift
  LAST_CMD="printf '%s\\n' $(printf '%q' "$input") | dac $(_quote_args "$@")"
  printf '%s\n' "$input" | "$DAC" "$@" >"$OUT_FILE" 2>"$ERR_FILE"
  RC=${PIPESTATUS[1]}
  _slurp OUT "$OUT_FILE"
  _slurp ERR "$ERR_FILE"
}

# run_cmd CMD ARGS...: runs any command (env -i, flock ...) the same way.
run_cmd() {
  LAST_CMD=$(_quote_args "$@")
  "$@" >"$OUT_FILE" 2>"$ERR_FILE" </dev/null
  RC=$?
  _slurp OUT "$OUT_FILE"
  _slurp ERR "$ERR_FILE"
}

# on_tty ARGS...: like run, with stdout and stderr on a pseudo-terminal
# (script(1)) and stdin empty.
on_tty() {
  LAST_CMD="script -qec 'dac $*' /dev/null"
  script -qec "$(printf '%q ' "$DAC" "$@")" /dev/null </dev/null >"$OUT_FILE" 2>"$ERR_FILE"
  RC=$?
  _slurp OUT "$OUT_FILE"
  _slurp ERR "$ERR_FILE"
}

# ok / fail: record one assertion.
ok() { PASSED=$((PASSED + 1)); }

fail() {
  FAILED=$((FAILED + 1))
  # The line of the test script that made the failing assertion.
  local i line="?"
  for ((i = 1; i < ${#BASH_SOURCE[@]}; i++)); do
    if [[ ${BASH_SOURCE[i]} != */lib.sh ]]; then
      line=${BASH_LINENO[i - 1]}
      break
    fi
  done
  {
    printf 'FAIL %s:%s: %s\n' "$(basename "$0")" "$line" "$1"
    printf '  command:  %s\n' "$LAST_CMD"
    [[ $# -ge 2 ]] && printf '  expected: %s\n' "$2"
    [[ $# -ge 3 ]] && printf '  actual:   %s\n' "$3"
    printf '  exit:     %s\n' "$RC"
    printf '  stdout:   %s\n' "$(printf '%s' "$OUT" | head -c 2000 | sed '2,$s/^/            /')"
    printf '  stderr:   %s\n' "$(printf '%s' "$ERR" | head -c 2000 | sed '2,$s/^/            /')"
  } >&2
}

# check DESCRIPTION COMMAND...: a free-form assertion.
check() {
  local what=$1
  shift
  if "$@"; then ok; else fail "$what"; fi
}

expect_rc() {
  if [[ $RC -eq $1 ]]; then ok; else fail "exit code" "$1" "$RC"; fi
}

# expect_out: stdout equals stdin exactly (use a heredoc).
expect_out() {
  local want
  want=$(cat; printf x)
  want=${want%x}
  if [[ $OUT == "$want" ]]; then ok; else fail "stdout differs" "$(printf '%q' "$want")" "$(printf '%q' "$OUT")"; fi
}

# expect_out_is TEXT: stdout is TEXT and a newline.
expect_out_is() {
  if [[ $OUT == "$1"$'\n' ]]; then ok; else fail "stdout differs" "$(printf '%q' "$1"$'\n')" "$(printf '%q' "$OUT")"; fi
}

expect_out_empty() {
  if [[ -z $OUT ]]; then ok; else fail "stdout should be empty"; fi
}

expect_err_empty() {
  if [[ -z $ERR ]]; then ok; else fail "stderr should be empty"; fi
}

expect_out_contains() {
  if [[ $OUT == *"$1"* ]]; then ok; else fail "stdout should contain" "$1"; fi
}

expect_out_not_contains() {
  if [[ $OUT != *"$1"* ]]; then ok; else fail "stdout should not contain" "$1"; fi
}

# expect_out_matches ERE: some line of stdout matches.
expect_out_matches() {
  if grep -Eq -- "$1" "$OUT_FILE"; then ok; else fail "no line of stdout matches" "$1"; fi
}

expect_out_not_matches() {
  if ! grep -Eq -- "$1" "$OUT_FILE"; then ok; else fail "a line of stdout matches" "no line matching $1"; fi
}

expect_err_contains() {
  if [[ $ERR == *"$1"* ]]; then ok; else fail "stderr should contain" "$1"; fi
}

expect_err_not_contains() {
  if [[ $ERR != *"$1"* ]]; then ok; else fail "stderr should not contain" "$1"; fi
}

expect_err_matches() {
  if grep -Eq -- "$1" "$ERR_FILE"; then ok; else fail "no line of stderr matches" "$1"; fi
}

# expect_err_prefix: stderr is not empty and every line of it starts with "dac: ".
expect_err_prefix() {
  if [[ -n $ERR ]] && ! grep -vq '^dac: ' "$ERR_FILE"; then
    ok
  else
    fail "every stderr line should start with 'dac: '" "dac: ..." "$(grep -v '^dac: ' "$ERR_FILE" | head -1)"
  fi
}

# expect_error CODE [TEXT...]: exit CODE, nothing on stdout, a "dac: " message
# on stderr containing each TEXT.
expect_error() {
  expect_rc "$1"
  shift
  expect_out_empty
  expect_err_prefix
  local t
  for t in "$@"; do expect_err_contains "$t"; done
}

# expect_json: stdout parses as JSON.
expect_json() {
  if python3 -m json.tool "$OUT_FILE" >/dev/null 2>&1; then ok; else fail "stdout is not valid JSON"; fi
}

# json_eval EXPR: evaluates a Python expression over `d`, the parsed stdout,
# and prints it as compact JSON (keys in their order).
json_eval() {
  python3 -S - "$OUT_FILE" "$1" <<'PY'
import json, sys
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        d = json.load(f)
    print(json.dumps(eval(sys.argv[2]), ensure_ascii=False, separators=(",", ":")))
except Exception as e:
    print(f"<{type(e).__name__}: {e}>")
PY
}

# expect_json_eq EXPR JSON: the value of EXPR over the parsed stdout equals JSON
# (compared as JSON, so key order matters only through EXPR, e.g. list(d[0])).
expect_json_eq() {
  local result
  result=$(python3 -S - "$OUT_FILE" "$1" "$2" <<'PY'
import json, sys
def dump(v):
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))
try:
    want = dump(json.loads(sys.argv[3]))
except Exception as e:
    want = f"<expected value is not JSON: {e}>"
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        d = json.load(f)
    got = dump(eval(sys.argv[2]))
except Exception as e:
    got = f"<{type(e).__name__}: {e}>"
print("ok" if got == want else want + "\n" + got)
PY
)
  if [[ $result == ok ]]; then ok; else fail "JSON $1" "${result%%$'\n'*}" "${result#*$'\n'}"; fi
}

# The store's files and their checksums, modes included.
store_fingerprint() {
  local dir=${1:-$DAC_STORE}
  (cd "$dir" 2>/dev/null && for f in $(ls -A | sort); do
    printf '%s %s %s\n' "$f" "$(stat -c %a "$f")" "$(sha256sum <"$f" | cut -d' ' -f1)"
  done)
}

# snapshot_store [DIR]: remembers the store; expect_store_unchanged compares.
snapshot_store() {
  SNAPSHOT_DIR=${1:-$DAC_STORE}
  SNAPSHOT=$(store_fingerprint "$SNAPSHOT_DIR")
}

expect_store_unchanged() {
  local now
  now=$(store_fingerprint "$SNAPSHOT_DIR")
  if [[ $now == "$SNAPSHOT" ]]; then
    ok
  else
    fail "store changed" "$(printf '%s' "$SNAPSHOT" | tr '\n' ';')" "$(printf '%s' "$now" | tr '\n' ';')"
  fi
}

expect_store_changed() {
  local now
  now=$(store_fingerprint "$SNAPSHOT_DIR")
  if [[ $now != "$SNAPSHOT" ]]; then ok; else fail "store should have changed"; fi
}

# The number of events in the history file.
history_lines() { wc -l <"${1:-$DAC_STORE}/history.jsonl" | tr -d ' '; }

# event_field N KEY: a field of the Nth line of history.jsonl.
event_field() {
  python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[int(sys.argv[2])-1])[sys.argv[3]])' \
    "$DAC_STORE/history.jsonl" "$1" "$2"
}

# new_store NAME: points DAC_STORE at a fresh, not yet created store.
new_store() {
  export DAC_STORE=$TEST_DIR/$1
}

# setup_store [INIT ARGS...]: creates a store for $SELLER, or fails the script.
setup_store() {
  "$DAC" init --seller "$SELLER" "$@" </dev/null >/dev/null 2>"$ERR_FILE" || {
    echo "setup failed: dac init --seller $SELLER $*: $(cat "$ERR_FILE")" >&2
    exit 1
  }
}

# must ARGS...: runs dac for setting up a test; the script stops if it fails.
must() {
  run "$@"
  if [[ $RC -ne 0 ]]; then
    fail "setup command failed" "exit 0" "exit $RC"
    finish
  fi
}

# finish: the summary line; exit 1 when any assertion failed.
finish() {
  echo "$PASSED passed, $FAILED failed"
  [[ $FAILED -eq 0 ]] || exit 1
  exit 0
}
