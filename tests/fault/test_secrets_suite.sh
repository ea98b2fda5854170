# Secrets (issue 3, item 9): every command of the whole CLI test suite
# (tests/cli/test_*.sh) run again under umask 000 and -v. For each dac run:
# every file it creates is 0600 and every folder 0700 (a metrics file gets the
# --mode asked for); the token is in no file but the state, on no stdout but
# that of `credentials` and `--reveal-tokens`, and on no stderr or log line.
#
# The CLI scripts run against a wrapper in place of dac, which records what
# each run printed and, through the fault shim's log, what it created, wrote
# and renamed. Their own assertions do not count here (-v may add lines they
# do not expect); what dac printed and created does.
source "$(dirname "$0")/lib.sh"

CLI_DIR=$(cd "$FAULT_DIR/../cli" && pwd)
LOG=$TEST_DIR/log
mkdir -p "$LOG" "$TEST_DIR/bin"
: >"$LOG/violations"

# A full token (the hint's documented example is not a secret).
TOKEN_RE='amzn\.mws\.[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'
EXAMPLE_TOKEN=amzn.mws.4ea38b7b-f563-7709-4bae-87aeaf1e4567

# The wrapper keeps dac's environment as the scripts set it (some clear it
# with env -i), so it names every program by its full path.
cat >"$TEST_DIR/bin/dac" <<EOF
#!$(command -v bash)
# dac under umask 000 and -v, recording what it printed, created, wrote and renamed.
umask 000
rec=\$($(command -v mktemp) -d "$LOG/run.XXXXXX")
printf '%s\n' "\$@" >"\$rec/args"
LD_PRELOAD="$FAULT_SHIM" ASAN_OPTIONS="$FAULT_ASAN_OPTIONS" DAC_FAULT_LOG="\$rec/ops" \\
  $(command -v setpriv) --pdeathsig KILL -- "$DAC" -v "\$@" >"\$rec/stdout" 2>"\$rec/stderr"
rc=\$?
$(command -v cat) "\$rec/stdout"
$(command -v cat) "\$rec/stderr" >&2
PATH="$PATH" TOKEN_RE='$TOKEN_RE' EXAMPLE_TOKEN=$EXAMPLE_TOKEN $(command -v bash) "$TEST_DIR/bin/inspect" "\$rec" "\$@"
exit \$rc
EOF
cat >"$TEST_DIR/bin/inspect" <<'EOF'
# inspect REC ARGS...: checks one dac run right after it ended.
rec=$1
shift
violation() { printf 'dac %s: %s\n' "$*" "$V" >>"${rec%/*}/violations"; }
tokens() { grep -Eoi "$TOKEN_RE" "$1" 2>/dev/null | grep -viF "$EXAMPLE_TOKEN"; }
reveal=0 mode=600
prev=""
for a in "$@"; do
  [[ $a == credentials || $a == --reveal-tokens ]] && reveal=1
  [[ $prev == --mode ]] && mode=$a
  prev=$a
done
if ((!reveal)) && [[ -n $(tokens "$rec/stdout") ]]; then V="a token on stdout" violation "$@"; fi
if [[ -n $(tokens "$rec/stderr") ]]; then V="a token on stderr" violation "$@"; fi
[[ -f $rec/ops ]] || exit 0
declare -A seen
while read -r _ op path; do
  [[ -n ${seen[$op $path]} ]] && continue
  seen[$op $path]=1
  [[ $path == /* && -e $path ]] || continue
  case $op in
    mkdir)
      m=$(stat -c %a "$path")
      [[ $m == 700 ]] || { V="created the folder $path with mode $m" violation "$@"; }
      ;;
    create | rename | write)
      [[ -f $path ]] || continue
      m=$(stat -c %a "$path")
      # 0600, or what --mode asked for (metrics --output).
      if [[ $op != write && $m != 600 && $m != "$mode" ]]; then
        V="$op $path with mode $m" violation "$@"
      fi
      if [[ -n $(tokens "$path") ]] && ! grep -q '"format": "dac-store"' "$path"; then
        V="a token in $path, which is not the state" violation "$@"
      fi
      ;;
  esac
done <"$rec/ops"
EOF
chmod 755 "$TEST_DIR/bin/dac"

# Run every CLI script against the wrapper.
scripts=0
runs_before=0
scripts_to_run=("$CLI_DIR"/test_*.sh)
if [[ $SANITIZED == 1 ]]; then
  # Ten times slower, and the modes and masks do not depend on the build: a sample.
  scripts_to_run=("$CLI_DIR"/test_{secrets,grant,import,init_seller,metrics}.sh)
fi
for script in "${scripts_to_run[@]}"; do
  name=$(basename "$script" .sh)
  start=$(date +%s)
  timeout 600 bash "$script" "$TEST_DIR/bin/dac" >"$LOG/$name.out" 2>&1 </dev/null
  rc=$?
  runs=$(find "$LOG" -maxdepth 1 -name 'run.*' | wc -l)
  echo "secrets: $name: $((runs - runs_before)) dac runs in $(($(date +%s) - start))s ($(tail -1 "$LOG/$name.out"); exit $rc)"
  # Its own failures are expected where -v adds a line or the wrapper is visible; shown for the curious.
  grep -A3 -m2 '^FAIL' "$LOG/$name.out" | sed 's/^/    /'
  runs_before=$runs
  scripts=$((scripts + 1))
done
LAST_CMD="the CLI suite under umask 000 and -v"
check "ran the $scripts CLI scripts" test "$scripts" -ge $((SANITIZED == 1 ? 5 : 8))
check "they ran dac ($runs_before times)" test "$runs_before" -ge $((SANITIZED == 1 ? 150 : 500))
made=$(cat "$LOG"/run.*/ops 2>/dev/null | awk '$2 == "create" || $2 == "mkdir"' | wc -l)
check "dac created files and folders ($made)" test "$made" -ge 50
revealed=$(for r in "$LOG"/run.*; do grep -qxE 'credentials|--reveal-tokens' "$r/args" && grep -Eqi "$TOKEN_RE" "$r/stdout" && echo x; done | wc -l)
check "the wrapper sees tokens where they belong: credentials and --reveal-tokens ($revealed runs)" test "$revealed" -ge 3
if [[ -s $LOG/violations ]]; then
  sort -u "$LOG/violations" | head -50 >&2
fi
check "no file or folder of the wrong mode, no token out of place ($(sort -u "$LOG/violations" | wc -l) violations)" \
  test ! -s "$LOG/violations"

finish
