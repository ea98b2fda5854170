#!/usr/bin/env bash
# Installs what is missing, builds dac, and runs every test: once in a normal
# build and once under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh

jobs=$(nproc)

echo "== build (RelWithDebInfo)"
scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo
echo "== tests"
ctest --test-dir build --output-on-failure -j "$jobs"
echo "== benchmark, quick sizes (fails on a wrong answer or a crash, not on a missed target)"
bench/run --quick --dac build/dac

echo "== build (ASan + UBSan)"
scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DDAC_SANITIZE=ON
echo "== tests under ASan + UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs" -E '^fault\.test_(crash|disk_full)$'
# (The crash and disk-full loops kill or starve dac thousands of times: under
# ASan they outlast CTest's timeout on 2 cores, and they ran above unsanitized.)
