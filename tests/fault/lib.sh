# Helpers for the fault tests: sourced by every tests/fault/test_*.sh, which
# CTest runs as `bash tests/fault/test_X.sh /path/to/dac`. They build on the
# end-to-end helpers (run, expect_*, snapshot_store, finish) and add:
#
#   FAULT_SHIM            the LD_PRELOAD shim (tests/fault/fault_inject.cpp)
#   run_faulty ENV... -- ARGS...   runs dac with the shim and ENV (DAC_FAULT_AT=3 ...)
#   count_ops ARGS...     how many operations the shim counts for a command
#   store_files DIR       state.json and history.jsonl with their checksums
#   temp_files [DIR]      the temp files left in a store
FAULT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$FAULT_DIR/../cli/lib.sh"
# CMake builds the shim next to dac: BUILD/tests/fault/libdac_fault_inject.so.
FAULT_SHIM=${DAC_FAULT_SHIM:-$(dirname "$DAC")/tests/fault/libdac_fault_inject.so}
if [[ ! -f $FAULT_SHIM ]]; then
  echo "FAIL: the fault-injection shim is missing: $FAULT_SHIM (build the whole project)" >&2
  exit 1
fi
# A sanitizer build runs dac about ten times slower: the long sweeps then take
# samples (the full sweeps run in the normal build).
SANITIZED=0
if ldd "$DAC" 2>/dev/null | grep -Eq 'lib(a|ub)san'; then SANITIZED=1; fi
export DAC_FAULT_SANITIZED=$SANITIZED
# A sanitizer build insists that its runtime comes first; the shim only wraps
# libc calls and hands them on, so that check can be skipped.
FAULT_ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

# run_faulty [VAR=VALUE...] -- ARGS...: run with the shim preloaded and the
# given fault settings; sets OUT, ERR, RC like run.
run_faulty() {
  local env=()
  while [[ $# -gt 0 && $1 != -- ]]; do
    env+=("$1")
    shift
  done
  shift
  LAST_CMD="${env[*]} dac $(_quote_args "$@")"
  env LD_PRELOAD="$FAULT_SHIM" ASAN_OPTIONS="$FAULT_ASAN_OPTIONS" "${env[@]}" "$DAC" "$@" \
    >"$OUT_FILE" 2>"$ERR_FILE" </dev/null
  RC=$?
  _slurp OUT "$OUT_FILE"
  _slurp ERR "$ERR_FILE"
}

# count_ops ARGS...: prints how many operations the shim counts while dac runs
# ARGS on a scratch copy of the store (the store itself is not touched).
count_ops() {
  local scratch=$TEST_DIR/.count-store log=$TEST_DIR/.count-log
  rm -rf "$scratch" "$log"
  [[ -e $DAC_STORE ]] && cp -a "$DAC_STORE" "$scratch"
  DAC_STORE=$scratch run_faulty DAC_FAULT_LOG="$log" -- "$@"
  if [[ $RC -ne 0 ]]; then
    echo "count_ops: dac $* failed (exit $RC): $ERR" >&2
    echo 0
  else
    wc -l <"$log" | tr -d ' '
  fi
  rm -rf "$scratch" "$log"
}

# store_files [DIR]: the state and the history with their checksums (what a
# user could tell apart), without the lock and temp files.
store_files() {
  local dir=${1:-$DAC_STORE} f
  for f in state.json history.jsonl; do
    if [[ -e $dir/$f ]]; then
      printf '%s %s\n' "$f" "$(sha256sum <"$dir/$f" | cut -d' ' -f1)"
    else
      printf '%s missing\n' "$f"
    fi
  done
}

# temp_files [DIR]: the names of the temp files left in a store folder.
temp_files() {
  (cd "${1:-$DAC_STORE}" 2>/dev/null && ls -A | grep '^\.tmp-' || true)
}

# python3 with the fault helpers (tests/fault/faults.py) importable.
fault_python() {
  PYTHONPATH=$FAULT_DIR${PYTHONPATH:+:$PYTHONPATH} python3 "$@"
}
