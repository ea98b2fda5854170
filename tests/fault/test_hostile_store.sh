# Hostile and broken stores (issue 3, item 7): truncated files, NUL bytes,
# 100,000 nested brackets, repeated keys, wrong types, huge numbers, invalid
# UTF-8, a newer version, an empty file, a folder where a file should be,
# symlinks, a store owned by another user. Every read and every write command
# on each: exit 4 with a "dac: " message naming the file and the place (line
# and column, or the field), no token in it, the store byte-identical.
source "$(dirname "$0")/lib.sh"

setup_store --enabled-at 2025-01-01
must grant 100000000001 --nickname "Alpha" --token "$TOKEN1" --at 2026-06-01
must grant 100000000002 --nickname "Beta" --token "$TOKEN2" --at 2025-11-01   # due: suspended
must grant 100000000009 --nickname "Own" --token "$TOKEN4" --own --at 2025-01-01
must grant 100000000003 --nickname "Gamma" --token "$TOKEN3" --at 2026-01-01
must revoke Gamma --yes
cp -a "$DAC_STORE" "$TEST_DIR/pristine"
restore_pristine() {
  chmod -R u+rwx "$DAC_STORE" 2>/dev/null
  rm -rf "$DAC_STORE"
  cp -a "$TEST_DIR/pristine" "$DAC_STORE"
}
printf 'developer_id,nickname,authorized_at,mws_auth_token\n100000000005,Epsilon,2026-01-01,%s\n' \
  amzn.mws.55555555-5555-4555-8555-555555555555 >"$TEST_DIR/import.csv"
printf 'http://127.0.0.1:9/hook\n' >"$TEST_DIR/webhook"
chmod 600 "$TEST_DIR/webhook"

# Every command that reads or writes the store (a line each).
COMMANDS=(
  "list" "list --format json" "list --format csv" "list --expiring 30d" "list --as-of 2027-01-01"
  "show Alpha" "show 100000000001 --format json" "history" "history Alpha" "history --verify"
  "seller list" "credentials" "metrics" "confirm --all --dry-run" "import $TEST_DIR/import.csv --dry-run"
  "grant 100000000004 --nickname Delta --token amzn.mws.44444444-4444-4444-8444-444444444444"
  "confirm Alpha" "confirm --all --yes" "revoke Alpha --yes" "restore Beta" "enable" "disable"
  "seller add Z9Y8X7W6V5U4T3 --name Other" "import $TEST_DIR/import.csv"
  "notify --webhook-file $TEST_DIR/webhook --dry-run" "notify --webhook-file $TEST_DIR/webhook --retries 0"
)
if [[ $SANITIZED == 1 ]]; then
  # Ten times slower: a read, a JSON read, the history, the writes that parse most.
  COMMANDS=("list" "list --format json" "history --verify" "show Alpha" "metrics" "confirm --all --dry-run"
    "import $TEST_DIR/import.csv --dry-run" "notify --webhook-file $TEST_DIR/webhook --dry-run"
    "grant 100000000004 --nickname Delta --token amzn.mws.44444444-4444-4444-8444-444444444444" "confirm --all --yes"
    "revoke Alpha --yes" "import $TEST_DIR/import.csv")
fi
# The commands that write.
WRITE_COMMANDS=("${COMMANDS[@]:$((SANITIZED == 1 ? 8 : 15))}")
# Reads of the history only (a broken history.jsonl does not stop the others).
HISTORY_COMMANDS=("history" "history Alpha" "history --verify" "show Alpha" "history --format json")

# Whether state.json itself is what is broken (check and completion read it too).
STATE_BROKEN=1

# try_commands PATTERN [COMMANDS...]: each command exits 4 (check: 3 UNKNOWN)
# with every stderr line starting "dac: ", a line matching the ERE PATTERN, no
# token and no "internal error"; the store stays byte for byte as it was.
try_commands() {
  local pattern=$1 cmd
  shift
  snapshot_store
  local target_before=""
  [[ -L $DAC_STORE/state.json ]] && target_before=$(sha256sum <"$DAC_STORE/state.json" 2>/dev/null)
  for cmd in "$@"; do
    # shellcheck disable=SC2086
    run $cmd
    expect_error 4
    expect_err_matches "$pattern"
    expect_err_not_contains "internal error"
    expect_err_not_contains "${TOKEN1#amzn.mws.}"
    expect_err_not_contains "${TOKEN2#amzn.mws.}"
    expect_err_not_contains "${TOKEN4#amzn.mws.}"
    expect_err_not_contains "44444444-4444"
  done
  if [[ $STATE_BROKEN == 1 ]]; then
    run check --warn 30d --crit 7d
    expect_rc 3
    expect_out_matches '^DAC UNKNOWN'
    expect_err_matches "$pattern"
    run __complete targets   # completion never complains: it offers nothing
    expect_rc 0
    expect_out_empty
  fi
  run init --seller "$SELLER"
  check "init refuses to touch it (exit $RC)" test "$RC" -ne 0
  expect_store_unchanged
  if [[ -n $target_before ]]; then
    check "the symlinked state is unchanged" test "$(sha256sum <"$DAC_STORE/state.json" 2>/dev/null)" = "$target_before"
  fi
}

# edit_state PYTHON: rewrites state.json; `s` is its text (bytes).
edit_state() {
  python3 - "$DAC_STORE/state.json" "$1" <<'PY'
import re, sys
path, code = sys.argv[1], sys.argv[2]
s = open(path, "rb").read()
orig = s
exec(code)
assert s != orig, "the edit changed nothing"
open(path, "wb").write(s)
PY
  check "the test's edit applies: $1" test $? -eq 0
}

SYNTAX='state\.json: not valid JSON at line [0-9]+, column [0-9]+ \(byte [0-9]+\)'
variant() {
  local name=$1 code=$2 pattern=$3
  restore_pristine
  edit_state "$code"
  echo "hostile: $name"
  try_commands "$pattern" "${COMMANDS[@]}"
}

# --- truncated, empty, NUL bytes -----------------------------------------------------
SIZE=$(wc -c <"$DAC_STORE/state.json")
variant "cut to 1 byte" 's = s[:1]' "$SYNTAX"
variant "cut in half" 's = s[:len(s) // 2]' "$SYNTAX"
variant "last 2 bytes cut" 's = s[:-2]' "$SYNTAX"
variant "empty" 's = b""' 'state\.json is empty'
variant "one NUL byte" 's = s[:100] + b"\0" + s[101:]' "$SYNTAX"
variant "all NUL bytes (what a crash can leave on some file systems)" 's = b"\0" * len(s)' "$SYNTAX"
variant "trailing garbage" 's = s + b"x"' "$SYNTAX"
variant "a comment" 's = b"// hand-edited\n" + s' "$SYNTAX"

# --- deep nesting: no stack overflow ----------------------------------------------------
variant "100,000 unclosed [" 's = b"[" * 100000' "$SYNTAX"
variant "100,000 nested arrays" 's = b"[" * 100000 + b"]" * 100000' 'state\.json: expected a JSON object'
variant "100,000 nested objects" 's = b"{\"a\":" * 100000 + b"1" + b"}" * 100000' 'state\.json: missing field'
variant "100,000 nested arrays as a field" \
  's = re.sub(rb"\"sellers\": \[.*?\n\t\]", b"\"sellers\": " + b"[" * 100000 + b"]" * 100000, s, count=1, flags=re.S)' \
  'state\.json\.sellers\[0\]'

# --- repeated keys: refused where they are, the value never echoed -------------------------
variant "version twice" 's = s.replace(b"\"version\": 2", b"\"version\": 2,\n\t\"version\": 2", 1)' \
  "$SYNTAX: the key \"version\" appears twice"
variant "a token twice" \
  's = s.replace(b"\"mws_auth_token\": \"", b"\"mws_auth_token\": \"amzn.mws.44444444-4444-4444-8444-444444444444\",\n\t\t\t\"mws_auth_token\": \"", 1)' \
  "$SYNTAX: the key \"mws_auth_token\" appears twice"
variant "status twice" 's = s.replace(b"\"status\": \"active\"", b"\"status\": \"revoked\", \"status\": \"active\"", 1)' \
  "$SYNTAX: the key \"status\" appears twice"

# --- wrong types and values --------------------------------------------------------------
variant "version as a string" 's = s.replace(b"\"version\": 2", b"\"version\": \"2\"", 1)' 'state\.json\.version'
variant "sellers an object" 's = re.sub(rb"\"sellers\": \[.*?\n\t\]", b"\"sellers\": {}", s, count=1, flags=re.S)' \
  'state\.json\.sellers'
variant "an authorization that is null" 's = s.replace(b"\"authorizations\": [", b"\"authorizations\": [null,", 1)' \
  'state\.json\.authorizations\[0\]'
variant "own as a string" 's = s.replace(b"\"own\": false", b"\"own\": \"false\"", 1)' \
  'state\.json\.authorizations\[[0-9]+\]\.own'
variant "developer ID as a number" \
  's = re.sub(rb"\"developer_id\": \"(\d+)\"", lambda m: b"\"developer_id\": " + m.group(1), s, count=1)' \
  'state\.json\.authorizations\[[0-9]+\]\.developer_id'
variant "developer ID of 11 digits" 's = s.replace(b"\"100000000001\"", b"\"10000000001\"", 1)' \
  'state\.json\.authorizations\[[0-9]+\]\.developer_id'
variant "token of the wrong shape" 's = s.replace(b"amzn.mws.", b"amzn.mws.x", 1)' \
  'state\.json\.authorizations\[[0-9]+\]\.mws_auth_token'
variant "token as a number" 's = re.sub(rb"\"mws_auth_token\": \"[^\"]*\"", b"\"mws_auth_token\": 42", s, count=1)' \
  'state\.json\.authorizations\[[0-9]+\]\.mws_auth_token'
variant "impossible date" 's = re.sub(rb"\"authorized_at\": \"[^\"]*\"", b"\"authorized_at\": \"2025-02-30T00:00:00Z\"", s, count=1)' \
  'state\.json\.authorizations\[[0-9]+\]\.authorized_at'
variant "unknown status" 's = s.replace(b"\"status\": \"active\"", b"\"status\": \"paused\"", 1)' \
  'state\.json\.authorizations\[[0-9]+\]\.status'
variant "history bytes negative" 's = re.sub(rb"\"bytes\": \d+", b"\"bytes\": -1", s, count=1)' 'state\.json\.history\.bytes'
variant "history events a fraction" 's = re.sub(rb"\"events\": \d+", b"\"events\": 1.5", s, count=1)' 'state\.json\.history\.events'
variant "root an array" 's = b"[]\n"' 'state\.json: expected a JSON object'
variant "root a string" 's = b"\"dac-store\"\n"' 'state\.json: expected a JSON object'
variant "not a dac store" 's = s.replace(b"\"format\": \"dac-store\"", b"\"format\": \"other\"", 1)' 'state\.json\.format'

# --- huge numbers ---------------------------------------------------------------------------
variant "version 1e400" 's = s.replace(b"\"version\": 2", b"\"version\": 1e400", 1)' "$SYNTAX: a number is too large"
variant "version 10^23" 's = s.replace(b"\"version\": 2", b"\"version\": 99999999999999999999999", 1)' 'state\.json\.version'
variant "version 2^64" 's = s.replace(b"\"version\": 2", b"\"version\": 18446744073709551616", 1)' 'state\.json\.version'
variant "version -2^63" 's = s.replace(b"\"version\": 2", b"\"version\": -9223372036854775808", 1)' 'state\.json\.version'
# A history length no file has: the state alone is consistent, so commands that
# read only the state go on; those that read or append to the history stop.
# (notify delivers before it writes: a delivery is tried, its record refused.)
STATE_BROKEN=0
restore_pristine
edit_state 's = re.sub(rb"\"bytes\": \d+", b"\"bytes\": 18446744073709551615", s, count=1)'
echo "hostile: history bytes 2^64-1"
try_commands 'history\.jsonl.*(cut|shorter)|event #[0-9]+ is missing' "${HISTORY_COMMANDS[@]}" "${WRITE_COMMANDS[@]:0:9}"
STATE_BROKEN=1

# --- invalid UTF-8 ----------------------------------------------------------------------------
variant "a 0xFF byte in a nickname" 's = s.replace(b"\"Alpha\"", b"\"Al\xffha\"", 1)' "$SYNTAX"
variant "an overlong encoding" 's = s.replace(b"\"Alpha\"", b"\"Al\xc0\xafha\"", 1)' "$SYNTAX"
variant "a lone surrogate escape" 's = s.replace(b"\"Alpha\"", b"\"Al\\ud800ha\"", 1)' "$SYNTAX"
variant "a control character in a nickname" 's = s.replace(b"\"Alpha\"", b"\"Al\\u001bha\"", 1)' \
  'state\.json\.authorizations\[[0-9]+\]\.nickname'

# --- a newer version: refused, never rewritten ------------------------------------------------
variant "version 3" 's = s.replace(b"\"version\": 2", b"\"version\": 3", 1)' 'version 3 is newer'
variant "version 99" 's = s.replace(b"\"version\": 2", b"\"version\": 99", 1)' 'version 99 is newer'

# --- a folder where a file should be ---------------------------------------------------------
for f in state.json history.jsonl lock; do
  restore_pristine
  rm "$DAC_STORE/$f"
  mkdir -m 700 "$DAC_STORE/$f"
  echo "hostile: $f is a folder"
  try_commands "$f is not a regular file" "${COMMANDS[@]}"
done

# --- symlinks: a dangling one and a loop are refused ---------------------------------------------
restore_pristine
ln -sf "$TEST_DIR/nowhere.json" "$DAC_STORE/state.json"
echo "hostile: state.json a dangling symlink"
try_commands 'state\.json' "${COMMANDS[@]}"
restore_pristine
rm "$DAC_STORE/state.json"
ln -s "$DAC_STORE/state.json" "$DAC_STORE/state.json"
echo "hostile: state.json a symlink to itself"
try_commands 'state\.json' "${COMMANDS[@]}"

# --- owned by another user ------------------------------------------------------------------------
restore_pristine
chown -R nobody "$DAC_STORE"
echo "hostile: store owned by nobody"
try_commands 'belongs to another user' "${COMMANDS[@]}"
run list
expect_err_contains "take it over with: chown -R \"\$(id -u)\" $DAC_STORE"
expect_err_not_contains "chown -R \"\$(id -u)\" $TEST_DIR "
for f in state.json history.jsonl lock; do
  restore_pristine
  chown nobody "$DAC_STORE/$f"
  echo "hostile: $f owned by nobody"
  try_commands "$f belongs to another user" "${COMMANDS[@]}"
done

# ...and run by another user: refused too; its owner may use it. That user
# must reach the binary and the store, wherever the clone and $TMPDIR are (a
# clone in /root is the usual case): both are copied to a folder of their own
# under /tmp, which every user can pass through.
restore_pristine
OTHER_DIR=$(mktemp -d /tmp/dac-other-user.XXXXXX)
trap 'chmod -R u+rwx "$TEST_DIR" 2>/dev/null; rm -rf "$TEST_DIR" "$OTHER_DIR"' EXIT
chmod 711 "$OTHER_DIR"   # nobody may pass through, not list; the store inside stays 0700
install -m 755 "$DAC" "$OTHER_DIR/dac"
cp -a "$DAC_STORE" "$OTHER_DIR/store"
other_store=$OTHER_DIR/store
check "the other user can run the copied dac" \
  setpriv --reuid=nobody --regid=nogroup --clear-groups "$OTHER_DIR/dac" --version
as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups env "DAC_STORE=$other_store" "DAC_NOW=$DAC_NOW" USER=nobody)
snapshot_store "$other_store"
for cmd in "list" "history --verify" "confirm Alpha"; do
  # shellcheck disable=SC2086
  run_cmd "${as_nobody[@]}" "$OTHER_DIR/dac" $cmd
  expect_error 4 "$other_store" "belongs to another user"
done
expect_store_unchanged
chown -R nobody "$other_store"
run_cmd "${as_nobody[@]}" "$OTHER_DIR/dac" confirm Alpha
expect_rc 0
run_cmd "${as_nobody[@]}" "$OTHER_DIR/dac" history --verify
expect_rc 0
rm -rf "$OTHER_DIR"

# --- a broken history.jsonl: reads of the history exit 4; others go on -----------------------------
STATE_BROKEN=0
history_variant() {
  local name=$1 code=$2 pattern=$3
  restore_pristine
  python3 - "$DAC_STORE/history.jsonl" "$code" <<'PY'
import sys
path, code = sys.argv[1], sys.argv[2]
lines = open(path, "rb").read().split(b"\n")[:-1]
size = sum(len(l) + 1 for l in lines)
exec(code)
data = b"".join(l + b"\n" for l in lines)
assert len(data) == size, "the edit must keep the committed length"
open(path, "wb").write(data)
PY
  check "the test's edit applies: $2" test $? -eq 0
  echo "hostile history: $name"
  try_commands "$pattern" "${HISTORY_COMMANDS[@]}"
}
history_variant "a NUL byte" 'lines[2] = lines[2][:30] + b"\0" + lines[2][31:]' 'history\.jsonl line 3|event #3'
history_variant "a 0xFF byte" 'lines[2] = lines[2][:30] + b"\xff" + lines[2][31:]' 'history\.jsonl line 3|event #3'
history_variant "a repeated key" \
  'lines[3] = lines[3].replace(b"\"reason\":null,", b"\"actor\":\"xyz\",", 1)' \
  'history\.jsonl line 4|event #4'
history_variant "nested brackets" 'lines[1] = b"[" * (len(lines[1]) // 2) + b"]" * (len(lines[1]) - len(lines[1]) // 2)' \
  'history\.jsonl line 2|event #2'
history_variant "all NUL bytes" 'lines = [b"\0" * len(l) for l in lines]' 'history\.jsonl line 1|event #1'

STATE_BROKEN=1

# --- a symlinked state.json is followed, and the link kept ----------------------------------------
restore_pristine
mkdir -m 700 "$TEST_DIR/elsewhere"
mv "$DAC_STORE/state.json" "$TEST_DIR/elsewhere/real-state.json"
ln -s ../elsewhere/real-state.json "$DAC_STORE/state.json"
touch "$TEST_DIR/elsewhere/.tmp-other-program"   # not dac's: must survive
run list --format json
expect_rc 0
expect_json_eq 'len(d)' 3
run confirm Alpha --reason "through the link"
expect_rc 0
check "state.json is still a symlink" test -L "$DAC_STORE/state.json"
check "to the same place" test "$(readlink "$DAC_STORE/state.json")" = "../elsewhere/real-state.json"
check "its target holds the change" grep -q "through the link" "$DAC_STORE/history.jsonl"
check "the target was replaced, still 0600" test "$(stat -c %a "$TEST_DIR/elsewhere/real-state.json")" = 600
run history --verify
expect_rc 0
run show Alpha --format json
expect_rc 0
check "no temp file of dac's next to the target" test -z "$(temp_files "$TEST_DIR/elsewhere" | grep -v other-program)"
check "another program's temp file next to the target survives" test -e "$TEST_DIR/elsewhere/.tmp-other-program"
# A dead writer's temp file next to the target is cleaned up by the next write.
touch "$TEST_DIR/elsewhere/.tmp-real-state.json-0123456789abcdef"
chmod 600 "$TEST_DIR/elsewhere/.tmp-real-state.json-0123456789abcdef"
run confirm Alpha
expect_rc 0
check "the dead writer's temp file is gone" test ! -e "$TEST_DIR/elsewhere/.tmp-real-state.json-0123456789abcdef"
check "another program's temp file still survives" test -e "$TEST_DIR/elsewhere/.tmp-other-program"

finish
