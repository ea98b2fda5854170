#!/usr/bin/env bash
# Runs every end-to-end script (tests/cli/test_*.sh) with dac and dac-send
# under valgrind memcheck: each process's invalid reads and writes, uses of
# uninitialised values and definite leaks go to a log of its own, and the run
# fails if any log is not empty or any script fails. Too slow for CI (about
# 12 minutes on 2 cores); run it by hand after changing memory-heavy code:
#
#   tests/memcheck.sh [BUILD_DIR]     (default: build; a RelWithDebInfo build is best)
#
# valgrind reads the binary's debug information at every start, so it runs
# copies without it (symbols are kept: reports name functions). Rerun a
# reported case on the unstripped binary for file and line.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" && pwd)
command -v valgrind >/dev/null || { echo "tests/memcheck.sh: valgrind is not installed" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/dac-memcheck.XXXXXX")
mkdir -p "$work/bin" "$work/logs" "$work/out"
strip --strip-debug -o "$work/bin/dac.real" "$build/dac"
strip --strip-debug -o "$work/bin/dac-send.real" "$build/dac-send"
# The wrappers sit where dac looks for dac-send: next to the binary it runs as.
for name in dac dac-send; do
  cat >"$work/bin/$name" <<EOF
#!$(command -v bash)
exec $(command -v valgrind) -q --error-exitcode=97 --leak-check=full --errors-for-leak-kinds=definite \\
  --log-file="$work/logs/$name.%p.log" "$work/bin/$name.real" "\$@"
EOF
  chmod 755 "$work/bin/$name"
done

export work
ls tests/cli/test_*.sh | xargs -P "$(nproc)" -I{} bash -c \
  'bash {} "$work/bin/dac" >"$work/out/$(basename {}).log" 2>&1; echo "$(basename {}) $?" >>"$work/results"'

failed=0
while read -r script rc; do
  if [[ $rc != 0 && $rc != 77 ]]; then  # 77: a script for the other backend, skipped
    echo "FAIL: $script (exit $rc): $work/out/$script.log"
    failed=1
  fi
done <"$work/results"
runs=$(find "$work/logs" -name 'dac.*.log' | wc -l)
sends=$(find "$work/logs" -name 'dac-send.*.log' | wc -l)
reports=$(find "$work/logs" -type f -size +0 | wc -l)
checks=$(cat "$work/out"/*.log | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' |
  awk '{p += $1; f += $2} END {print p " passed, " f " failed"}')
echo "memcheck: $(wc -l <"$work/results") scripts, $runs dac and $sends dac-send processes, $checks;" \
  "$reports with memcheck reports"
if ((reports > 0)); then
  find "$work/logs" -type f -size +0 -print -exec head -30 {} \;
  failed=1
fi
if ((failed)); then
  echo "tests/memcheck.sh: kept $work" >&2
  exit 1
fi
rm -rf "$work"
