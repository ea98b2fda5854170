#!/usr/bin/env bash
# Checks the C++ sources: clang-format (the repo's .clang-format) and
# clang-tidy (the repo's .clang-tidy; every finding is an error).
#
#   scripts/lint.sh               every tracked .cpp/.hpp; clang-tidy on every
#                                 source of the build, headers through them
#   scripts/lint.sh FILES...      only these (a header gets clang-format only:
#                                 clang-tidy sees it through the sources that include it)
#
# clang-tidy reads the compilation database of BUILD_DIR (default build,
# $DAC_LINT_BUILD), configured here if missing, plus that of the fuzz targets
# (tests/fuzz, configured with clang into build-fuzz, $DAC_LINT_FUZZ_BUILD),
# since they are a project of their own. Runs on $(nproc) cores ($DAC_LINT_JOBS).
# Exit 1 on any finding; the last line is a one-line summary.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${DAC_LINT_BUILD:-build}
fuzz_build=${DAC_LINT_FUZZ_BUILD:-build-fuzz}
jobs=${DAC_LINT_JOBS:-$(nproc)}
tidy=${DAC_CLANG_TIDY:-$(command -v clang-tidy-14 || command -v clang-tidy)}
format=${DAC_CLANG_FORMAT:-$(command -v clang-format-14 || command -v clang-format)}

# The compilation database: the normal build's, and the fuzz targets' own files.
if [[ ! -f $build/compile_commands.json ]]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
db=$build/lint
mkdir -p "$db"
fuzz_db='[]'
clangxx=$(command -v clang++-14 || command -v clang++ || true)
if [[ -n $clangxx ]]; then
  if [[ ! -f $fuzz_build/compile_commands.json ]]; then
    cmake -S tests/fuzz -B "$fuzz_build" -G Ninja -DCMAKE_CXX_COMPILER="$clangxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
  fi
  [[ -f $fuzz_build/compile_commands.json ]] && fuzz_db=$fuzz_build/compile_commands.json
fi
if [[ $fuzz_db == '[]' ]]; then
  jq '.' "$build/compile_commands.json" >"$db/compile_commands.json"
else
  jq -s --arg fuzz "$root/tests/fuzz/" '.[0] + [.[1][] | select(.file | startswith($fuzz))]' \
    "$build/compile_commands.json" "$fuzz_db" >"$db/compile_commands.json"
fi
mapfile -t db_sources < <(jq -r '.[].file' "$db/compile_commands.json" | sed "s|^$root/||" | sort -u)

# What to check.
if (($#)); then
  mapfile -t format_files < <(printf '%s\n' "$@" | sed "s|^$root/||; s|^\./||" | grep -E '\.(cpp|hpp)$' || true)
  mapfile -t tidy_files < <(printf '%s\n' "${format_files[@]}" | grep -Fxf <(printf '%s\n' "${db_sources[@]}") || true)
  for f in "${format_files[@]}"; do
    [[ -f $f ]] || { echo "lint: no such file: $f" >&2; exit 2; }
    if [[ $f == *.cpp ]] && ! printf '%s\n' "${tidy_files[@]}" | grep -qFx "$f"; then
      echo "lint: $f is not in the build's compilation database: clang-format only" >&2
    fi
  done
else
  # The list comes from git: without it, or outside a clone, checking "0 files" would pass.
  tracked=$(git ls-files '*.cpp' '*.hpp') || { echo "lint: cannot list the tracked sources (git ls-files failed; scripts/deps.sh installs git)" >&2; exit 2; }
  mapfile -t format_files <<<"$tracked"
  tidy_files=("${db_sources[@]}")
fi

# (a) clang-format: no file differs from its formatted self.
unformatted=0
if ((${#format_files[@]})); then
  while read -r f; do
    echo "lint: not clang-formatted: $f (clang-format -i $f)"
    unformatted=$((unformatted + 1))
  done < <(printf '%s\0' "${format_files[@]}" |
    xargs -0 -n 1 -P "$jobs" sh -c '"$1" --dry-run -Werror --style=file "$2" >/dev/null 2>&1 || echo "$2"' _ "$format" |
    sort)
fi

# (b) clang-tidy, one process per source, $jobs at a time. GCC's own warning
# options (-Wno-restrict) are unknown to clang: not a finding. The longest
# first (the unit tests parse Catch2, the CLI CLI11: two to three times a core
# source), so that no core waits at the end on one long source.
mapfile -t tidy_files < <(printf '%s\n' "${tidy_files[@]}" | grep -v '^$' |
  awk '{ print ($0 ~ /^(tests\/unit|src\/cli)\//) ? 0 : 1, $0 }' | sort -s -k1,1n | cut -d' ' -f2-)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
start=$(date +%s)
if ((${#tidy_files[@]})); then
  printf '%s\0' "${tidy_files[@]}" |
    xargs -0 -n 1 -P "$jobs" sh -c \
      'log="$3/$(printf %s "$4" | tr / _).log"; "$1" -p "$2" --quiet --extra-arg=-Wno-unknown-warning-option "$4" >"$log" 2>&1 || echo "$4" >>"$log.failed"' \
      _ "$tidy" "$db" "$out"
fi
seconds=$(($(date +%s) - start))
# A part's public header is seen through its link build/parts/<part>/dac/<part>
# (cmake/DacParts.cmake): name it by its real path, include/dac/<part>/.
unlink="s|^${build#"$root"/}/parts/[a-z]*/dac/|include/dac/|"
# A finding in a header shows once per source that includes it: count it once.
cat "$out"/*.log 2>/dev/null | grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error): .*\[[^]]+\]$' |
  sed "s|^$root/||; $unlink" | sort -u >"$out/findings" || true
findings=$(wc -l <"$out/findings")
crashed=$( (cat "$out"/*.failed 2>/dev/null || true) | while read -r f; do
  # A source whose clang-tidy failed without a finding (it did not compile, or clang-tidy crashed).
  log="$out/$(printf %s "$f" | tr / _).log"
  grep -qE '\[[^]]+\]$' "$log" || { echo "$f" >&2; sed 's/^/    /' "$log" | head -20 >&2; echo "$f"; }
done | wc -l)
if ((findings)); then
  cat "$out"/*.log | sed "s|^$root/||; $unlink" | grep -vE '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Error while processing ' || true
  echo "lint: findings per file:"
  cut -d: -f1 "$out/findings" | sort | uniq -c | sort -rn | sed 's/^/  /'
fi

status=0
((unformatted || findings || crashed)) && status=1
echo "lint: clang-format ${#format_files[@]} files, $unformatted unformatted; clang-tidy ${#tidy_files[@]} sources," \
  "$findings findings$( ((crashed)) && echo ", $crashed failed to run") in ${seconds}s on $jobs jobs: $( ((status)) && echo FAILED || echo ok)"
exit "$status"
