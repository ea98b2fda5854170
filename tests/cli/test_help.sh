# Help for people who have never read the specification (issue 13, item 8):
# plain words, examples that work, the global options in every command's
# help, `dac help COMMAND`, "did you mean" for mistyped commands and options,
# choices in any case (item 9), and nothing wider than an 80-column terminal.
source "$(dirname "$0")/lib.sh"
json_only "help does not depend on the backend, and its examples run in sandboxes that are JSON stores"

GLOBALS=(--store --format --color --actor -v --verbose -q --quiet --wait)

# Every command path, as words: "list", "seller add"...
paths=()
for cmd in $("$DAC" __complete commands); do
  paths+=("$cmd")
  for sub in $("$DAC" __complete commands "$cmd"); do paths+=("$cmd $sub"); done
done
check "the commands include help" bash -c '[[ " $* " == *" help "* ]]' _ "${paths[@]}"

# --- dac --help --------------------------------------------------------------------------------
run --help
expect_rc 0
main_help=$OUT
expect_out_not_matches '\(R[0-9]'
expect_out_contains "Examples:"
expect_out_contains "dac help COMMAND"
for o in "${GLOBALS[@]}"; do expect_out_matches "^  ($o|-., $o)[ ,]"; done
# One plain line per command.
for p in "${paths[@]}"; do
  [[ $p == *" "* ]] && continue
  expect_out_matches "^  $p +[A-Z]"
done
LAST_CMD="dac --help"
check "dac --help: each command's line fits on one line" \
  bash -c '! sed -n "/^Set up:/,/^Global options/p" <<<"$1" | grep -q "^                          [^ ]"' _ "$main_help"
LAST_CMD="dac --help | wc -L"
check "dac --help fits 80 columns" test "$(printf '%s' "$main_help" | wc -L)" -le 80

run help
expect_rc 0
check "dac help prints dac --help" test "$OUT" = "$main_help"

# --- every command's help -----------------------------------------------------------------------
for p in "${paths[@]}"; do
  read -ra words <<<"$p"
  run "${words[@]}" --help
  expect_rc 0
  help=$OUT
  expect_out_not_matches '\(R[0-9]'
  expect_out_matches "^Usage: dac $p"
  expect_out_contains "Global options (before or after the command):"
  for o in "${GLOBALS[@]}"; do expect_out_matches "^  ($o|-., $o)[ ,]"; done
  n=$(printf '%s\n' "$help" | sed -n '/^Examples:/,$p' | grep -c '^  dac ')
  check "dac $p --help has at least two examples ($n)" test "$n" -ge 2
  LAST_CMD="dac $p --help | wc -L"
  check "dac $p --help fits 80 columns" test "$(printf '%s' "$help" | wc -L)" -le 80
  run help "${words[@]}"
  expect_rc 0
  check "dac help $p == dac $p --help" test "$OUT" = "$help"
done
run list --help
expect_out_contains "--expiring DURATION"
expect_out_contains "--format FORMAT"

# A terminal narrower than 80 columns gets help as wide as it is.
LAST_CMD="dac --help on a 60-column terminal"
narrow=$(script -qec "stty cols 60 rows 40; '$DAC' --help" /dev/null </dev/null | tr -d '\r')
# (but for the examples' command lines, which are not broken)
check "dac --help on a 60-column terminal fits it" test "$(grep -v '^  dac ' <<<"$narrow" | wc -L)" -le 60
check "dac --help on a 60-column terminal still lists the commands" grep -q '^  confirm ' <<<"$narrow"

# --- the examples work -------------------------------------------------------------------------
# Each runs in a sandbox: the first-session examples of dac --help one after
# the other in an empty folder, init's in an empty folder, grant's in a store
# with a seller, the others in a copy of a store with a few developers.
dac() { "$DAC" "$@"; }
TOKEN_OWN=amzn.mws.0a0b0c0d-1e1f-2a2b-3c3d-4e4f5a5b5c5d
make_sandbox() { # DIR [seller|full]
  mkdir -p "$1/home/.config/dac"
  printf '%s\n' "$TOKEN1" >"$1/token.txt"
  printf 'http://127.0.0.1:9/hook\n' >"$1/slack-url.txt"
  printf 'http://127.0.0.1:9/hook\n' >"$1/teams-url.txt"
  printf '[webhook]\nurl = "http://127.0.0.1:9/hook"\n' >"$1/home/.config/dac/config.toml"
  chmod 600 "$1"/*.txt "$1/home/.config/dac/config.toml"
  "$DAC" key generate example.com/dac-audit --output "$1/home/audit.key" -q >/dev/null  # checkpoint's examples
  printf 'developer_id,nickname,authorized_at,mws_auth_token\n444455556666,Importer,2026-05-01,%s\n' \
    "$TOKEN3" >"$1/developers.csv"
  [[ ${2:-} ]] || return 0
  DAC_STORE=$1/store "$DAC" init --seller A1B2C3D4E5F6G7 --enabled-at 2025-01-01 -q
  [[ $2 == full ]] || return 0
  DAC_STORE=$1/store "$DAC" grant 1234-5678-9012 --nickname "Khaos Control" --token "$TOKEN1" --at 2025-12-10 -q
  DAC_STORE=$1/store "$DAC" grant 2222-3333-4444 --nickname Repricer --token "$TOKEN2" --at 2025-06-01 -q
  DAC_STORE=$1/store "$DAC" grant 1111-2222-3333 --nickname "My app" --token "$TOKEN_OWN" --own --at 2025-01-01 -q
}
make_sandbox "$TEST_DIR/sandbox-seller" seller
make_sandbox "$TEST_DIR/sandbox-full" full
make_sandbox "$TEST_DIR/sandbox-session"

EXAMPLE_DATABASES=0
run_example() { # SANDBOX LINE
  local line=$2
  # Asking needs a terminal, sending needs a network: the test has neither.
  [[ $line == "dac revoke "* && $line != *--yes* ]] && line+=" --yes"
  [[ $line == "dac notify"* && $line != *--dry-run* ]] && line+=" --dry-run"
  line=${line//\/var\/lib\/prometheus\/node-exporter\//"$1/"}
  # The team store's examples go to a database of the test's server, or are
  # skipped (with a line saying so) when there is none.
  if [[ $line == *"postgresql://dac@db.example/dac?sslmode=verify-full"* ]]; then
    if ! psql -XAtqc 'select 1' >/dev/null 2>&1; then
      echo "skipped without a PostgreSQL server: $line"
      line=true
    else
      make_pg_location "example_$((++EXAMPLE_DATABASES))"
      line=${line//"'postgresql://dac@db.example/dac?sslmode=verify-full'"/$LOCATION}
    fi
  fi
  LAST_CMD="(in $1) $line"
  (cd "$1" && HOME=$1/home DAC_STORE=$1/store eval "$line") >"$OUT_FILE" 2>"$ERR_FILE" </dev/null
  RC=$?
  _slurp OUT "$OUT_FILE"
  _slurp ERR "$ERR_FILE"
}

examples_of() { sed -n '/^Examples:/,$p' | sed -n 's/^  \(dac .*\)/\1/p'; }

while IFS= read -r line; do
  run_example "$TEST_DIR/sandbox-session" "$line"
  expect_rc 0
done < <("$DAC" --help | examples_of)

for p in "${paths[@]}"; do
  read -ra words <<<"$p"
  while IFS= read -r line; do
    box=$TEST_DIR/box
    rm -rf "$box"
    case $p in
      init) make_sandbox "$box" ;;
      grant) cp -a "$TEST_DIR/sandbox-seller" "$box" ;;
      *) cp -a "$TEST_DIR/sandbox-full" "$box" ;;
    esac
    run_example "$box" "$line"
    if [[ $p == check ]]; then
      check "$line: a check state (0-2), not UNKNOWN ($RC)" test "$RC" -le 2
    else
      expect_rc 0
    fi
  done < <("$DAC" "${words[@]}" --help | examples_of)
done

# --- did you mean ---------------------------------------------------------------------------------
setup_store --enabled-at 2025-01-01
must grant 100000000001 --nickname "Alpha" --token "$TOKEN1" --at 2026-06-01
must grant 100000000002 --nickname "Beta" --token "$TOKEN2" --at 2026-07-01
snapshot_store

run lsit
expect_error 2 "unknown command 'lsit'"
expect_err_contains "dac: hint: did you mean 'list'? see: dac --help"
run List
expect_error 2 "did you mean 'list'?"
run conf
expect_error 2 "did you mean 'confirm'?"
# A shortened name beats a near miss ("list" is fewer edits from "hist").
run hist
expect_error 2 "unknown command 'hist'" "did you mean 'history'?"
expect_err_not_contains "'list'"
# The help of a command that does not exist is an unknown command too.
run lsit --help
expect_error 2 "unknown command 'lsit'" "did you mean 'list'? see: dac --help"
run seller ad --help
expect_error 2 "unknown command 'seller ad'" "did you mean 'add'?"
run xyzzy
expect_error 2 "unknown command 'xyzzy'"
expect_err_contains "dac: hint: see: dac --help"
expect_err_not_contains "did you mean"
run list --expring 30d
expect_error 2 "unknown option --expring"
expect_err_contains "dac: hint: did you mean --expiring? see: dac list --help"
expect_err_not_contains "30d"
run list --expring=30d
expect_error 2 "unknown option --expring"
expect_err_contains "did you mean --expiring?"
run confirm Alpha --dryrun
expect_error 2 "unknown option --dryrun" "did you mean --dry-run? see: dac confirm --help"
run --formt json list
expect_error 2 "unknown option --formt" "did you mean --format? see: dac list --help"
run list --sellr "$SELLER"
expect_error 2 "did you mean --seller?"
run show Alpha --expiring 30d
expect_error 2 "dac show has no option --expiring" "dac list" "see: dac show --help"
run seller --name Shop
expect_error 2 "dac seller has no option --name" "dac seller add" "see: dac seller --help"
run list -x
expect_error 2 "unknown option -x" "see: dac list --help"
expect_err_not_contains "did you mean"
run seller ad Z9Y8X7W6V5U4T3
expect_error 2 "unknown command 'seller ad'" "did you mean 'add'? see: dac seller --help"
run list --status actve
expect_error 2 "actve" "active, suspended, revoked or all" "see: dac list --help"
run list --format
expect_error 2 "--format needs a value" "see: dac list --help"
run list extra-argument
expect_error 2 "extra-argument" "see: dac list --help"
run grant 100000000009 --token "$TOKEN3"
expect_error 2 "--nickname" "see: dac grant --help"
# A monitoring check names the unknown option too (in its UNKNOWN line).
run check --warn 30d --crit 7d --bogus
expect_rc 3
expect_out_contains "--bogus"
expect_err_contains "unknown option --bogus"
run check --bogus
expect_rc 3
expect_err_contains "unknown option --bogus"

# dac help COMMAND.
run help bogus
expect_error 2 "unknown command 'bogus'" "see: dac --help"
run help lsit
expect_error 2 "unknown command 'lsit'" "did you mean 'list'? see: dac --help"
run help seller ad
expect_error 2 "unknown command 'seller ad'" "did you mean 'add'? see: dac seller --help"

# Bare dac, and a command that needs one: a usage error that lists the commands.
run
expect_error 2 "a command is required" "where COMMAND is init, seller" " list, " "help"
expect_err_contains "dac: hint: see what each one does: dac --help"
run --format json
expect_error 2 "a command is required"
run seller
expect_error 2 "a command is required: dac seller COMMAND" "add or list" "see what each one does: dac seller --help"
expect_store_unchanged

# --- choices in any case (item 9) ---------------------------------------------------------------
run list --status active --format json
lower=$OUT
run list --status Active --format JSON
expect_rc 0
check "--status Active --format JSON == --status active --format json" test "$OUT" = "$lower"
run list --format Csv --sort NICKNAME --color NEVER
expect_rc 0
csv=$OUT
run list --format csv --sort nickname --color never
check "--format Csv --sort NICKNAME == --format csv --sort nickname" test "$OUT" = "$csv"
run list --format TABLE --color Always
expect_rc 0
expect_out_matches $'\e\\['
run --format JSON history Alpha
expect_rc 0
expect_json
printf 'http://127.0.0.1:9/hook\n' >"$TEST_DIR/hook.txt"
chmod 600 "$TEST_DIR/hook.txt"
run notify --webhook-file "$TEST_DIR/hook.txt" --webhook-format teams --dry-run
teams=$OUT
run notify --webhook-file "$TEST_DIR/hook.txt" --webhook-format Teams --dry-run
expect_rc 0
check "--webhook-format Teams == --webhook-format teams" test "$OUT" = "$teams"
expect_store_unchanged

finish
