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

# This folder (forge.py, pg_history.py), before the cd below.
LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/dac-e2e.XXXXXX")
trap 'drop_test_databases; chmod -R u+rwx "$TEST_DIR" 2>/dev/null; rm -rf "$TEST_DIR"' EXIT
cd "$TEST_DIR" || exit 2

# The backend the suite runs against: json (the default), or postgresql with
# DAC_TEST_BACKEND=postgresql and a server that libpq's PG* variables reach,
# as pg_virtualenv gives (scripts/test.sh runs the suite under it). Each store
# is then a database of its own, dropped on exit. Without a server the
# PostgreSQL run is skipped (exit 77), unless DAC_TEST_REQUIRE_POSTGRESQL=1.
BACKEND=${DAC_TEST_BACKEND:-json}
PG_DATABASES=()
PG_PREFIX=dac_e2e_$(basename "$TEST_DIR" | sed 's/.*\.//' | tr 'A-Z' 'a-z')
drop_test_databases() {
  local db
  for db in "${PG_DATABASES[@]}"; do dropdb -w --if-exists --force "$db" >/dev/null 2>&1; done
}
if [[ $BACKEND == postgresql ]]; then
  if ! psql -wXAtqc 'select 1' >/dev/null 2>&1; then
    if [[ ${DAC_TEST_REQUIRE_POSTGRESQL:-0} == 1 ]]; then
      echo "no PostgreSQL server reachable (PGHOST=${PGHOST:-} PGPORT=${PGPORT:-}), and DAC_TEST_REQUIRE_POSTGRESQL=1" >&2
      exit 1
    fi
    echo "skipped: no PostgreSQL server reachable (run the suite under pg_virtualenv, as scripts/test.sh does)"
    exit 77
  fi
  # The password as a team member keeps it: in a password file, not the
  # environment, so that `env -i` runs (cron) reach the server with PG_ENV.
  if [[ -n ${PGPASSWORD:-} ]]; then
    (umask 077 && printf '*:*:*:*:%s\n' "$PGPASSWORD" >"$TEST_DIR/.pgpass")
    export PGPASSFILE=$TEST_DIR/.pgpass
    unset PGPASSWORD
  fi
elif [[ $BACKEND != json ]]; then
  echo "DAC_TEST_BACKEND must be json or postgresql, not $BACKEND" >&2
  exit 2
fi

# What an `env -i` run needs to reach the store's server: nothing for JSON.
PG_ENV=()
if [[ $BACKEND == postgresql ]]; then
  for v in PGHOST PGPORT PGUSER PGPASSFILE; do [[ -n ${!v:-} ]] && PG_ENV+=("$v=${!v}"); done
fi

# on_json: whether the store is the JSON one (for a part of a script about its files).
on_json() { [[ $BACKEND == json ]]; }

# json_only WHY: the rest of this script is about the JSON store's files
# (their modes, their bytes, editing them by hand): skipped on PostgreSQL.
json_only() {
  if [[ $BACKEND != json ]]; then
    echo "skipped on $BACKEND: $1"
    exit 77
  fi
}

# postgresql_only WHY: the script is about the team store (run as cli-pg.*).
postgresql_only() {
  if [[ $BACKEND != postgresql ]]; then
    echo "skipped on $BACKEND: $1"
    exit 77
  fi
}

# make_pg_location NAME: sets LOCATION to a new, empty database of the
# test's server (dropped on exit), as a store location; the same one again
# for a NAME given before.
make_pg_location() {
  local db
  db=${PG_PREFIX}_$(printf '%s' "$1" | tr -c 'a-zA-Z0-9' _ | tr 'A-Z' 'a-z')
  LOCATION=postgresql:///$db
  [[ " ${PG_DATABASES[*]} " == *" $db "* ]] && return  # back to a store made before
  # UTF8 whatever the cluster's default: one made without a locale (a minimal
  # Debian's) is SQL_ASCII, which stores dac's UTF-8 but refuses the tests' U&'' literals.
  createdb -w -E UTF8 -T template0 "$db" || { echo "setup failed: createdb $db" >&2; exit 1; }
  PG_DATABASES+=("$db")
}

# make_location NAME: sets LOCATION to where a store called NAME lives on
# this backend: a folder in the test's temp folder, or a new, empty database.
make_location() {
  if [[ $BACKEND == json ]]; then
    LOCATION=$TEST_DIR/$1
  else
    make_pg_location "$1"
  fi
}

# The database of a PostgreSQL store location.
_pg_db() { local l=${1:-$DAC_STORE}; l=${l#postgresql:///}; printf '%s' "${l%%\?*}"; }

# pg_query SQL [LOCATION]: runs SQL on the store's database; prints rows, fields separated by |.
pg_query() { psql -wXAtq -v ON_ERROR_STOP=1 -d "$(_pg_db "${2:-}")" -c "$1"; }

make_location store
export DAC_STORE=$LOCATION
MAIN_STORE=$DAC_STORE  # the store the script starts with, for going back to it
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

# The store's files and their checksums, modes included; on PostgreSQL, a
# checksum of every table's rows.
store_fingerprint() {
  local dir=${1:-$DAC_STORE}
  if [[ $dir == postgresql://* ]]; then
    # (pg_dump's \restrict lines carry a random key: left out.)
    pg_dump --data-only --no-owner -d "$(_pg_db "$dir")" 2>&1 | grep -v -e '^--' -e '^\\restrict' -e '^\\unrestrict' |
      sha256sum
    return
  fi
  (cd "$dir" 2>/dev/null && for f in $(ls -A | sort); do
    printf '%s %s %s\n' "$f" "$(stat -c %a "$f")" "$(sha256sum <"$f" | cut -d' ' -f1)"
  done)
}

# open_history: sets HISTORY_FILE to the history as a file a test may read
# and edit by hand: the JSON store's history.jsonl itself, or a copy of a
# PostgreSQL store's, which close_history writes back past dac and the
# append-only trigger (tests/cli/pg_history.py), as the tables' owner can.
open_history() {
  if [[ $DAC_STORE == postgresql://* ]]; then
    HISTORY_FILE=$TEST_DIR/.history.jsonl
    python3 "$LIB_DIR/pg_history.py" get "$(_pg_db)" "$HISTORY_FILE"
  else
    HISTORY_FILE=$DAC_STORE/history.jsonl
  fi
}

close_history() {
  if [[ $DAC_STORE == postgresql://* ]]; then
    python3 "$LIB_DIR/pg_history.py" put "$(_pg_db)" "$HISTORY_FILE" "$@"
  fi
}

# edit_history CMD...: runs CMD... HISTORY_FILE between open_history and close_history.
edit_history() {
  open_history
  "$@" "$HISTORY_FILE"
  close_history
}

# What messages call the history: its file, or its table.
if [[ $BACKEND == json ]]; then HISTORY_NAME=history.jsonl; else HISTORY_NAME=dac_history; fi

# open_state / close_state: the same for state.json (STATE_FILE): on
# PostgreSQL the tables as state.json's JSON (tests/cli/pg_state.py), which
# close_state writes back.
open_state() {
  if [[ $DAC_STORE == postgresql://* ]]; then
    STATE_FILE=$TEST_DIR/.state.json
    python3 "$LIB_DIR/pg_state.py" get "$(_pg_db)" "$STATE_FILE"
  else
    STATE_FILE=$DAC_STORE/state.json
  fi
}

close_state() {
  if [[ $DAC_STORE == postgresql://* ]]; then python3 "$LIB_DIR/pg_state.py" put "$(_pg_db)" "$STATE_FILE"; fi
}

# forge EDIT [--move-head]: tests/cli/forge.py on the store, of either backend.
forge() {
  local forger
  forger=$LIB_DIR/forge.py
  if [[ $DAC_STORE != postgresql://* ]]; then
    python3 "$forger" "$DAC_STORE" "$@"
    return
  fi
  local dir=$TEST_DIR/.forge
  rm -rf "$dir" && mkdir "$dir"
  open_history
  cp "$HISTORY_FILE" "$dir/history.jsonl"
  pg_query "SELECT json_build_object('history', json_build_object('head', hash, 'bytes', bytes, 'events', events))
            FROM dac_head" >"$dir/state.json"
  python3 "$forger" "$dir" "$@"
  cp "$dir/history.jsonl" "$HISTORY_FILE"
  if [[ ${2:-} == --move-head ]]; then close_history "$dir/state.json"; else close_history; fi
}

# save_store NAME / restore_store NAME: keeps a copy of the store as it is,
# and later puts it back in its place.
save_store() {
  if [[ $DAC_STORE == postgresql://* ]]; then
    createdb -w -T "$(_pg_db)" "${PG_PREFIX}_saved_$1" && PG_DATABASES+=("${PG_PREFIX}_saved_$1")
  else
    rm -rf "$TEST_DIR/.saved-$1" && cp -a "$DAC_STORE" "$TEST_DIR/.saved-$1"
  fi
}

restore_store() {
  if [[ $DAC_STORE == postgresql://* ]]; then
    dropdb -w --force "$(_pg_db)" && createdb -w -T "${PG_PREFIX}_saved_$1" "$(_pg_db)"
  else
    rm -rf "$DAC_STORE" && cp -a "$TEST_DIR/.saved-$1" "$DAC_STORE"
  fi
}

# store_exists / no_store: whether DAC_STORE holds a store (its state.json,
# or dac's tables in the database).
store_exists() {
  if [[ $DAC_STORE == postgresql://* ]]; then
    [[ $(pg_query "SELECT to_regclass('dac_head') IS NOT NULL" 2>/dev/null) == t ]]
  else
    [[ -e $DAC_STORE/state.json ]]
  fi
}
no_store() { ! store_exists; }

# store_dump: everything the store holds, as text (its files, or its tables'
# rows), for checking what is and is not in it.
store_dump() {
  if [[ $DAC_STORE == postgresql://* ]]; then
    pg_dump --data-only -d "$(_pg_db)"
  else
    cat "$DAC_STORE"/*
  fi
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

# The number of events in the history.
history_lines() {
  local store=${1:-$DAC_STORE}
  if [[ $store == postgresql://* ]]; then
    pg_query 'SELECT count(*) FROM dac_history' "$store"
  else
    wc -l <"$store/history.jsonl" | tr -d ' '
  fi
}

# history_line N: the Nth event's line, as history.jsonl holds it.
history_line() {
  if [[ $DAC_STORE == postgresql://* ]]; then
    pg_query "SELECT line FROM dac_history WHERE seq = $1"
  else
    sed -n "$1p" "$DAC_STORE/history.jsonl"
  fi
}

# event_field N KEY: a field of the Nth event.
event_field() {
  history_line "$1" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())[sys.argv[1]])' "$2"
}

# new_store NAME: points DAC_STORE at a fresh, not yet created store.
new_store() {
  make_location "$1"
  export DAC_STORE=$LOCATION
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
