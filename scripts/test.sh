#!/usr/bin/env bash
# Installs what is missing, builds dac, checks the sources (clang-format,
# clang-tidy, the parts' boundaries), and runs every test: once in a normal
# build and once under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $(id -u) -ne 0 ]]; then
  echo "scripts/test.sh: run it as root: it installs packages, and some tests hand a store to another user" \
    "(see README.md)" >&2
  exit 2
fi
scripts/deps.sh

jobs=$(nproc)
# Each phase is announced with the seconds spent so far, so a slow run shows where its time went.
phase() { echo "== [${SECONDS}s] $*"; }

phase "build (RelWithDebInfo)"
scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo
phase "lint: clang-format and clang-tidy over every source (scripts/lint.sh)"
scripts/lint.sh
phase "the parts: planted forbidden includes fail to build, headers and symbols audited (scripts/check-layers.sh)"
scripts/check-layers.sh build
phase "tests, on both backends (the team store's on a throw-away PostgreSQL cluster: pg_virtualenv)"
# pg_virtualenv -t creates a temporary cluster (in /tmp, even as root) on a free port, runs ctest with
# libpq's PG* variables pointing at it, and removes it. The cli-pg.* and fault-pg.* tests
# (tests/CMakeLists.txt) then must find it: without, they would be skipped.
DAC_TEST_REQUIRE_POSTGRESQL=1 pg_virtualenv -t ctest --test-dir build --output-on-failure -j "$jobs"
phase "benchmark, quick sizes (fails on a wrong answer or a crash, not on a missed target)"
bench/run --quick --dac build/dac

phase "build (ASan + UBSan)"
scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DDAC_SANITIZE=ON
phase "tests under ASan + UBSan"
# (The fault tests see the sanitizer build and take samples of their longest
# sweeps there: every kill point and fault point once, 100 random kills.)
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs" -E '^(cli|fault)-pg[.]'
# (The team store's run is left out here: the same scripts, the same code
# but for src/store/pg*.cpp, and the CI's hour has no room for it twice.)

phase "fuzzing: each libFuzzer target for 60 s (fails on any crash)"
tests/fuzz/run.sh 60 build-fuzz
phase "all passed"
