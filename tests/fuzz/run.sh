#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for SECONDS (default
# 60) on a copy of its seed corpus; exits 1 if any target finds a crash, a
# leak, undefined behaviour or a broken invariant (the input is kept in
# BUILD/artifacts/TARGET/). Prints executions per second and coverage.
#
#   tests/fuzz/run.sh [SECONDS] [BUILD_DIR]      (default BUILD_DIR: build-fuzz)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
build=${2:-build-fuzz}
cxx=${DAC_FUZZ_CXX:-$(command -v clang++-14 || command -v clang++)}

cmake -S tests/fuzz -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja --quiet -C "$build"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Each target runs for SECONDS on one core, $(nproc) at a time ($DAC_FUZZ_JOBS):
# the same fuzzing per target in a fraction of the wall time.
jobs=${DAC_FUZZ_JOBS:-$(nproc)}
targets=(store_loader history time_parsers csv_import)

# Runs one target; its log is BUILD/TARGET.log, its exit status BUILD/TARGET.status.
fuzz_one() {
  local target=$1 corpus=$build/corpus/$1 artifacts=$build/artifacts/$1 dict=() rc=0
  rm -rf "$corpus"
  mkdir -p "$corpus" "$artifacts"
  cp tests/fuzz/corpus/"$target"/* "$corpus"/
  [[ -f tests/fuzz/$target.dict ]] && dict=(-dict="tests/fuzz/$target.dict")
  # -timeout: one input taking longer than 10 s is a finding too.
  "$build/fuzz_$target" "$corpus" "${dict[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 >"$build/$target.log" 2>&1 || rc=$?
  echo "$rc" >"$build/$target.status"
}

for target in "${targets[@]}"; do
  rm -f "$build/$target.status"  # a target that dies before writing its own counts as failed
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
  fuzz_one "$target" &
done
wait

failed=0
for target in "${targets[@]}"; do
  log=$build/$target.log
  if [[ $(cat "$build/$target.status" 2>/dev/null) == 0 ]]; then
    status=ok
  else
    status=FAILED
    failed=1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p' <<<"$last")
  printf 'fuzz %-13s %s: %s runs in %ss, %s exec/s, coverage %s edges, %s features, corpus %s\n' \
    "$target" "$status" "${runs:-?}" "$seconds" "${speed:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}"
  if [[ $status != ok ]]; then
    grep -E 'ERROR|BUG|SUMMARY|Test unit written|runtime error' "$log" | head -20 >&2
  fi
done
exit "$failed"
