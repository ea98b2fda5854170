# Secrets and file modes: tokens masked everywhere but credentials and
# --reveal-tokens, never in history or messages; owner-only files (SPEC §6).
source "$(dirname "$0")/lib.sh"

SECRET=amzn.mws.5ec7e7aa-1234-4bcd-8ef0-abcdefabcdef
SECRET_UPPER=amzn.mws.5EC7E7AA-1234-4BCD-8EF0-ABCDEFABCDEF
SECRET_MASKED="amzn.mws.5ec7…cdef"
OWN_SECRET=amzn.mws.0dd0c0de-9876-4321-a1b2-c3d4e5f60718
OWN_MASKED="amzn.mws.0dd0…0718"
STDIN_SECRET=amzn.mws.77777777-8888-4999-aaaa-bbbbccccdddd
# Distinctive middle parts: a leak of any of them is a leak.
PARTS=(5ec7e7aa-1234-4bcd-8ef0-abcdefabcdef 4bcd-8ef0 0dd0c0de-9876 9876-4321-a1b2 77777777-8888 4999-aaaa-bbbb)

# Everything dac prints goes into these, to be searched at the end.
ALL_OUT=$TEST_DIR/all-stdout
ALL_ERR=$TEST_DIR/all-stderr
: >"$ALL_OUT"
: >"$ALL_ERR"
collect() {
  cat "$OUT_FILE" >>"$ALL_OUT"
  cat "$ERR_FILE" >>"$ALL_ERR"
}
no_secret_in() {
  local f=$1 p
  for p in "${PARTS[@]}"; do
    grep -qiF -- "$p" "$f" && return 1
  done
  return 0
}

# --- owner-only files, even under umask 000 -------------------------------------------
umask 000
run init --seller "$SELLER" --enabled-at 2025-01-01
expect_rc 0
collect
# --token-file PATH (with a trailing newline).
printf '%s\n' "$SECRET_UPPER" >"$TEST_DIR/token.txt"
run grant 100000000001 --nickname "Alpha" --token-file "$TEST_DIR/token.txt" --at 2026-06-01
expect_rc 0
collect
# --token-file - (stdin).
run_stdin "$STDIN_SECRET" grant 100000000002 --nickname "Beta" --token-file - --at 2026-06-01
expect_rc 0
collect
run grant 100000000009 --nickname "Our app" --token "$OWN_SECRET" --own --at 2024-01-01
expect_rc 0
collect
run confirm Alpha --reason "fine"
expect_rc 0
collect
if on_json; then
  check "store folder is 0700 under umask 000" test "$(stat -c %a "$DAC_STORE")" = 700
  for f in state.json history.jsonl lock; do
    check "$f is 0600 under umask 000" test "$(stat -c %a "$DAC_STORE/$f")" = 600
  done
  check "no other files in the store" test "$(ls -A "$DAC_STORE" | sort | tr '\n' ' ')" = "history.jsonl lock state.json "
fi
umask 022

# The tokens were stored, lower-case.
run list --reveal-tokens --format json --sort developer
expect_json_eq '[r["mws_auth_token"] for r in d]' "[\"$SECRET\", \"$STDIN_SECRET\", \"$OWN_SECRET\"]"
run list --format json --sort developer
expect_json_eq '[r["mws_auth_token"] for r in d]' "[\"$SECRET_MASKED\", \"amzn.mws.7777…dddd\", \"$OWN_MASKED\"]"
collect

# --- the token is nowhere but credentials and --reveal-tokens -----------------------------
for fmt in table json csv; do
  for args in "list" "list --status all" "show Alpha" "show Beta" "show 100000000009" "history" "history Alpha" \
    "history --verify" "seller list" "confirm --all --dry-run" "list --as-of 2030-01-01"; do
    # shellcheck disable=SC2086
    run $args --format "$fmt"
    expect_rc 0
    collect
    # shellcheck disable=SC2086
    run -v $args --format "$fmt"
    collect
  done
done
run show Alpha
expect_out_contains "$SECRET_MASKED"
run show Alpha --reveal-tokens
expect_out_contains "$SECRET"
run credentials
expect_rc 0
expect_out_contains "$OWN_SECRET"
expect_out_not_contains "$SECRET"
expect_out_not_contains "$STDIN_SECRET"
check "credentials prints nothing secret on stderr" no_secret_in "$ERR_FILE"

# Refusals and errors that involve a token.
snapshot_store
run grant 100000000001 --nickname "Alpha" --token "$SECRET"
expect_error 1
collect
run grant 100000000003 --nickname "Gamma" --token "${SECRET}0"
expect_error 2 "token"
collect
run grant 100000000003 --nickname "Gamma" --token "${SECRET/amzn.mws./amzn.MWS.}"
expect_error 2
collect
printf 'not-a-token %s\n' "$SECRET" >"$TEST_DIR/bad-token.txt"
run grant 100000000003 --nickname "Gamma" --token-file "$TEST_DIR/bad-token.txt"
expect_error 2 "token"
collect
run grant 100000000003 --nickname "Gamma" --token-file "$TEST_DIR/no-such-file"
expect_error 2 "no-such-file"
collect
run_stdin "" grant 100000000003 --nickname "Gamma" --token-file -
expect_error 2 "token"
collect
run -v grant 100000000003 --nickname "Gamma" --token "$SECRET" --seller NOSUCHSELLER1
check "grant for an unknown seller fails" test "$RC" -ne 0
collect
run grant 1234 --nickname "Gamma" --token "$SECRET"
expect_error 2
collect
expect_store_unchanged

check "no token in any stdout (but credentials / --reveal-tokens)" no_secret_in "$ALL_OUT"
check "no token in any stderr" no_secret_in "$ALL_ERR"
check "stderr output was collected" test -s "$ALL_ERR"
open_history
check "no token in the history" no_secret_in "$HISTORY_FILE"
check "the history holds no token at all" bash -c "! grep -qi 'amzn\.mws' '$HISTORY_FILE'"

# --- a corrupt state.json is reported without echoing the token near the error -------
save_store pristine
if on_json; then
  python3 - "$DAC_STORE/state.json" "$SECRET" <<'PY'
import sys
p, secret = sys.argv[1], sys.argv[2]
text = open(p).read()
assert secret in text
open(p, "w").write(text.replace(secret + '"', secret + "\x01\"", 1))
PY
  run list
  expect_error 4 "state.json"
  check "the parse error does not echo the token" no_secret_in "$ERR_FILE"
  run grant 100000000003 --nickname "Gamma" --token "$TOKEN3"
  expect_error 4 "state.json"
  check "the parse error does not echo the token (write)" no_secret_in "$ERR_FILE"
  restore_store pristine
fi
# A stored token that is not valid is reported without its value.
open_state
sed -i "s/$SECRET/${SECRET}ff/" "$STATE_FILE"
close_state
run list
expect_error 4 "mws_auth_token"
check "an invalid stored token is not echoed" no_secret_in "$ERR_FILE"
# A write that reads the record (the team store reads only what a write
# touches: docs/store-format.md, "What a command reads").
run confirm 100000000001
expect_error 4 "mws_auth_token"
check "an invalid stored token is not echoed (write)" no_secret_in "$ERR_FILE"
restore_store pristine

# --- revoke erases the token from the store -------------------------------------------------
run revoke Alpha --yes
expect_rc 0
check "revoked token gone from the store" bash -c "! grep -qiF '5ec7e7aa'" <(store_dump)
run list --status revoked --reveal-tokens --format json
expect_json_eq '[r["mws_auth_token"] for r in d]' '[null]'
check "other tokens kept" grep -qF "$STDIN_SECRET" <(store_dump)
if on_json; then
  check "modes kept after writes: state.json" test "$(stat -c %a "$DAC_STORE/state.json")" = 600
  check "modes kept after writes: history.jsonl" test "$(stat -c %a "$DAC_STORE/history.jsonl")" = 600
fi

finish
