#!/usr/bin/env bash
# Proves that the parts of dac (docs/architecture.md) are enforced, not just
# respected:
#
#  (a) planted includes: in a scratch copy of the tracked sources, each
#      forbidden arrow (a lower part including a header of a part it may not
#      use) is planted into one source of the lower part, and compiling that
#      one object must fail with "No such file or directory". Controls: the
#      unplanted object compiles, and an allowed arrow (store -> core) compiles.
#  (b) third-party and system headers (all in /usr/include, visible to every
#      target): from the real build's dependency log (ninja -t deps), no object
#      of the core depends on OpenSSL, libsodium, libpq, nlohmann-json, CLI11, spdlog, curl or an
#      I/O header; no object of util/store on CLI11, spdlog or curl (notify: CLI11, curl); no
#      object but dac-send's on curl.
#  (c) symbols: libdac_core.a has no undefined reference to the clock, the
#      environment or file I/O (the core takes `now` as a parameter).
#
#   scripts/check-layers.sh [BUILD_DIR]     (default build: built, for (b) and (c))
#
# Exit 1 on a violation, with a line naming the object and what it must not use.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${1:-build}
failures=0
fail() {
  echo "layers: FAIL: $*"
  failures=$((failures + 1))
}

# What each part may use (CMakeLists.txt of each part links exactly these).
declare -A allowed=(
  [core]=""
  [util]="core"
  [store]="core util"
  [notify]="core util"
  [app]="core util store notify"
)
parts=(core util store notify app cli)
present() { [[ -d src/$1 && -d include/dac/$1 ]]; }

# ---------------------------------------------------------------- (a)
start=$(date +%s)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/dac-layers.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
# The tracked files come from git: without it the scratch copy would be empty.
git ls-files >/dev/null || { echo "layers: cannot list the tracked files (git ls-files failed; scripts/deps.sh installs git)" >&2; exit 2; }
# The tracked files as they are in the work tree (uncommitted changes count).
git ls-files -z | while IFS= read -r -d '' f; do [[ -e $f ]] && printf '%s\0' "$f"; done |
  tar --null -T - -cf - | tar -xf - -C "$scratch"
cmake -S "$scratch" -B "$scratch/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDAC_BUILD_TESTS=OFF >/dev/null

# One object of a part's library (its first source) and one public header of it.
object_of() { ninja -C "$scratch/build" -t targets all | sed -n "s|^\(src/$1/CMakeFiles/dac_$1\.dir/[^:]*\.cpp\.o\): .*|\1|p" | head -1; }
source_of() { sed "s|^src/$1/CMakeFiles/dac_$1\.dir/\(.*\)\.o$|src/$1/\1|" <<<"$2"; }
header_of() { (cd include && ls dac/"$1"/*.hpp | head -1); }

# Compiles OBJECT of the scratch build with `#include "HEADER"` planted at the
# top of SOURCE; prints the compiler's output to $scratch/out.
compile_planted() {
  local source=$1 object=$2 header=$3
  cp "$scratch/$source" "$scratch/saved.cpp"
  [[ -n $header ]] && { printf '#include "%s"\n' "$header"; cat "$scratch/saved.cpp"; } >"$scratch/$source"
  local rc=0
  ninja -C "$scratch/build" "$object" >"$scratch/out" 2>&1 || rc=$?
  cp "$scratch/saved.cpp" "$scratch/$source"
  return "$rc"
}

arrows=0
for low in core util store notify app; do
  present "$low" || continue
  object=$(object_of "$low")
  [[ -n $object ]] || { fail "no object of dac_$low in the build"; continue; }
  source=$(source_of "$low" "$object")
  for high in "${parts[@]}"; do
    [[ $high == "$low" ]] && continue
    present "$high" || continue
    [[ " ${allowed[$low]} " == *" $high "* ]] && continue
    header=$(header_of "$high")
    arrows=$((arrows + 1))
    if compile_planted "$source" "$object" "$header"; then
      fail "$low -> $high: $source with #include \"$header\" compiles: dac_$low sees the headers of $high"
    elif grep -q "$header: No such file or directory" "$scratch/out"; then
      echo "layers: $low -> $high forbidden: $source with #include \"$header\": No such file or directory: ok"
    else
      fail "$low -> $high: $source with #include \"$header\" fails, but not for want of the header:"
      sed 's/^/    /' "$scratch/out" | head -20
    fi
  done
done
# Controls: the same object unplanted compiles, and so does an allowed arrow.
object=$(object_of core)
if compile_planted "$(source_of core "$object")" "$object" ""; then
  echo "layers: control: $(source_of core "$object") as it is compiles: ok"
else
  fail "control: $(source_of core "$object") does not compile unplanted:"
  sed 's/^/    /' "$scratch/out" | head -20
fi
object=$(object_of store)
header=$(header_of core)
if compile_planted "$(source_of store "$object")" "$object" "$header"; then
  echo "layers: store -> core allowed: $(source_of store "$object") with #include \"$header\" compiles: ok"
else
  fail "store -> core: $(source_of store "$object") with #include \"$header\" does not compile:"
  sed 's/^/    /' "$scratch/out" | head -20
fi
# A relative include ("../store/x.hpp") would walk around the include roots.
while IFS= read -r hit; do
  fail "relative include, past the parts' include roots: $hit"
done < <(git grep -nE '^\s*#\s*include\s*"\.\./' -- src include || true)
echo "layers: (a) $arrows forbidden arrows planted, 2 controls, $failures failures ($(($(date +%s) - start))s)"

# ---------------------------------------------------------------- (b)
[[ -f $build/build.ninja ]] || { echo "layers: no build in $build (scripts/build.sh $build first)" >&2; exit 2; }
if ! ninja --quiet -C "$build" >"$scratch/out" 2>&1; then
  cat "$scratch/out"
  echo "layers: FAIL: $build does not build" >&2
  exit 1
fi
core_forbidden='/(openssl|sodium|postgresql|nlohmann|CLI|spdlog|curl)/|/(fstream|iostream|filesystem|unistd\.h|fcntl\.h)$'
lower_forbidden='/(CLI|spdlog|curl)/'
# notify logs its delivery steps and clear-text warnings through spdlog, in
# their place among the CLI's own lines; CLI11 and curl it may not read.
notify_forbidden='/(CLI|curl)/'
curl_forbidden='/curl/'
# ninja -t deps: "OBJECT: #deps N, ..." then one indented line per header it read.
audit=$(ninja -C "$build" -t deps | awk -v core="$core_forbidden" -v lower="$lower_forbidden" -v notify="$notify_forbidden" -v curl="$curl_forbidden" '
  /^[^ ]/ {
    object = $1; sub(/:$/, "", object)
    target = object; sub(/\.dir\/.*/, "", target); sub(/.*CMakeFiles\//, "", target)
    objects[target]++
    if (target == "dac_core") pattern = core
    else if (target == "dac_util" || target == "dac_store") pattern = lower
    else if (target == "dac_notify") pattern = notify
    else if (target == "dac-send") pattern = ""
    else pattern = curl
    next
  }
  NF && pattern != "" && $1 ~ pattern { print "FAIL\t" object " (" target ") depends on " $1 }
  END { for (t in objects) print "COUNT\t" t "\t" objects[t] }')
while IFS=$'\t' read -r kind what; do
  if [[ $kind == FAIL ]]; then fail "$what"; fi
done <<<"$audit"
for target in dac_core dac_util dac_store dac_notify dac_app dac_cli dac-send; do
  n=$(awk -F'\t' -v t="$target" '$1 == "COUNT" && $2 == t { print $3 }' <<<"$audit")
  [[ -z $n && $target == dac_app ]] && continue
  echo "layers: (b) $target: ${n:-0} objects, every header each one read audited"
  [[ -n $n ]] || fail "ninja -t deps lists no object of $target: build $build first"
done

# ---------------------------------------------------------------- (c)
archive=$build/src/core/libdac_core.a
[[ -f $archive ]] || { fail "no $archive"; archive=; }
if [[ -n $archive ]]; then
  # The clock, the environment, file I/O, by their (mangled) names.
  symbols='getenv|secure_getenv|clock_gettime|time|gettimeofday|_ZNSt6chrono3_V212system_clock3nowEv|_ZNSt6chrono3_V212steady_clock3nowEv|open|open64|openat|fopen|fopen64|read|write|creat'
  undefined=$(nm -A -u "$archive")
  while IFS=$'\t' read -r member symbol; do
    fail "${member%:} uses $(c++filt "$symbol"): the core has no clock, no environment and no I/O"
  done < <(awk -v re="^($symbols)\$" '$NF ~ re { print $1 "\t" $NF }' <<<"$undefined")
  echo "layers: (c) $archive: $(wc -l <<<"$undefined") undefined references, checked against getenv," \
    "secure_getenv, clock_gettime, time, gettimeofday, system_clock::now, steady_clock::now, open, fopen, read, write"
fi

if ((failures)); then
  echo "layers: $failures violations: FAILED"
  exit 1
fi
echo "layers: ok"
