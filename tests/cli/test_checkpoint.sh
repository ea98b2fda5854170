#!/usr/bin/env bash
# Checkpoints (SPEC §7, docs/checkpoints.md): dac key generate, dac checkpoint,
# and what history --verify --checkpoint --verifier finds in each bad input.
source "$(dirname "$0")/lib.sh"

setup_store
mkdir -p keys
VKEY_RE='^example\.com/audit\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$'

# --- key generate: the signer key owner-only in a new file, the verifier key on stdout ---------
run key generate example.com/audit --output keys/audit.key
expect_rc 0
expect_out_matches "$VKEY_RE"
check "stdout is one line" test "$(printf '%s' "$OUT" | wc -l)" -eq 1
expect_err_contains "signer key written to keys/audit.key"
expect_err_prefix
VKEY=${OUT%$'\n'}
check "the signer key file is 0600" test "$(stat -c %a keys/audit.key)" = 600
SKEY=$(cat keys/audit.key)
SECRET=$(cut -d+ -f5- <<<"$SKEY")
check "the file holds the signer key of the printed verifier key" \
  test "$(cut -d+ -f1-4 <<<"$SKEY")" = "PRIVATE+KEY+$(cut -d+ -f1-2 <<<"$VKEY")"
check "the secret is 33 bytes of base64" test "${#SECRET}" -eq 44
check "the signer key is one line ending in a newline" test "$(wc -l <keys/audit.key)" -eq 1
expect_out_not_contains "$SECRET"
expect_err_not_contains "$SECRET"
check "the signer key is not in the store" bash -c "! grep -qF '$SECRET'" <(store_dump)

before=$(sha256sum keys/audit.key)
run key generate example.com/audit --output keys/audit.key
expect_error 2 "keys/audit.key already exists"
check "an existing key file is left as it was" test "$(sha256sum keys/audit.key)" = "$before"

mkdir default && (cd default && "$DAC" key generate example.com/audit >/dev/null 2>&1)
check "without --output the key goes to NAME.key, '/' made '_'" test -f default/example.com_audit.key
check "... owner-only" test "$(stat -c %a default/example.com_audit.key)" = 600

run key generate example.com/audit --output -
expect_error 2 "never printed"
run key generate "two words" --output keys/two.key
expect_error 2 "invalid key name"
check "no key file for a bad name" test ! -e keys/two.key
run key generate a+b --output keys/two.key
expect_error 2 "invalid key name"
if on_json; then
  run key generate example.com/audit --output "$DAC_STORE/audit.key"
  expect_error 2 "must not be kept in the store"
  check "no key in the store" test ! -e "$DAC_STORE/audit.key"
fi
run key generate example.com/audit --output no/such/folder/audit.key
expect_error 2 "cannot create no/such/folder/audit.key"
run --format json key generate example.com/json --output keys/json.key
expect_rc 0
expect_json_eq 'list(d)' '["name","verifier","signer_key_file"]'
expect_json_eq 'd["signer_key_file"]' '"keys/json.key"'
run key generate
expect_error 2

# --- checkpoint: bad keys are refused before anything is read or written ----------------------
snapshot_store
cp keys/audit.key keys/open.key && chmod 644 keys/open.key
run checkpoint --key keys/open.key --output cp-open.note
expect_error 4 "keys/open.key is accessible by other users (mode 644)" "chmod 600 keys/open.key"
check "nothing written" test ! -e cp-open.note
printf 'PRIVATE+KEY+example.com/audit+00000000+AAAA\n' >keys/bad.key && chmod 600 keys/bad.key
run checkpoint --key keys/bad.key
expect_error 2 "keys/bad.key is not a signer key"
printf '%s\n' "$VKEY" >keys/audit.pub && chmod 600 keys/audit.pub
run checkpoint --key keys/audit.pub
expect_error 2 "holds a verifier key, not a signer key"
run checkpoint --key keys/missing.key
expect_error 2 "cannot read --key keys/missing.key"
run checkpoint
expect_error 2 "--key"
expect_store_unchanged

# --- a checkpoint of the store's head ---------------------------------------------------------
must grant 123456789012 --nickname "Khaos Control" --token "$TOKEN1" --at 2026-01-01
must confirm "Khaos Control"
snapshot_store
run checkpoint --key keys/audit.key
if [[ $RC -ne 0 && $ERR == *"no id yet"* ]]; then
  # This build does not give stores an id yet (store format 2 is not merged): the refusal is the test.
  expect_error 4 "no id yet" "upgrades the store"
  expect_store_unchanged
  echo "note: store format 2 (store ids) is not in this build: the checkpoint cases below did not run" >&2
  finish
fi
expect_rc 0
expect_err_empty
EVENTS=$(history_lines)
HEAD=$(event_field "$EVENTS" hash)
mapfile -t lines < <(printf '%s' "$OUT")
check "5 lines: origin, N, hash, blank, signature" test "${#lines[@]}" -eq 5
check "line 1 is 'dac-history ORIGIN'" grep -qE '^dac-history [^ ]+$' <<<"${lines[0]}"
check "line 2 is the number of events" test "${lines[1]}" = "$EVENTS"
check "line 3 is the head hash" test "${lines[2]}" = "$HEAD"
check "line 4 is blank" test -z "${lines[3]}"
check "line 5 is the signature of example.com/audit" \
  grep -qE '^— example\.com/audit [A-Za-z0-9+/]{91}=$' <<<"${lines[4]}"
ORIGIN=${lines[0]#dac-history }
expect_store_unchanged
CP_STDOUT=$OUT

run checkpoint --key keys/audit.key --output cp1.note
expect_rc 0
expect_out_empty
check "the file holds what stdout showed (Ed25519 is deterministic)" test "$(cat cp1.note; echo x)" = "${CP_STDOUT}x"
check "a checkpoint is public: 0644" test "$(stat -c %a cp1.note)" = 644
run checkpoint --key keys/audit.key --output cp1.note
expect_error 2 "cp1.note already exists"
expect_store_unchanged

# A second store: its own origin.
make_location other
DAC_STORE=$LOCATION "$DAC" init --seller "$SELLER" >/dev/null 2>&1
DAC_STORE=$LOCATION "$DAC" checkpoint --key keys/audit.key >other.note 2>/dev/null
check "another store has another origin" test "$(head -1 other.note)" != "dac-history $ORIGIN"

# --- history --verify --checkpoint ------------------------------------------------------------
printf '%s\n' "$VKEY" >audit.pub
run history --verify --checkpoint cp1.note --verifier "$VKEY"
expect_rc 0
run history --verify --checkpoint cp1.note --verifier audit.pub
expect_rc 0
must confirm "Khaos Control"
run history --verify --checkpoint cp1.note --verifier audit.pub
expect_rc 0

bad_checkpoint() {  # FILE TEXT...: history --verify --checkpoint FILE fails (exit 4) naming it
  local file=$1
  shift
  snapshot_store
  run history --verify --checkpoint "$file" --verifier "$VKEY"
  expect_error 4 "checkpoint $file" "$@"
  expect_store_unchanged
}
sed "2s/.*/$((EVENTS - 1))/" cp1.note >edited.note
bad_checkpoint edited.note "does not verify"
head -c 150 cp1.note >truncated.note
bad_checkpoint truncated.note "not a signed note"
bad_checkpoint other.note "is for store"
"$DAC" key generate example.com/audit --output keys/stranger.key >/dev/null 2>&1
"$DAC" checkpoint --key keys/stranger.key >stranger.note
bad_checkpoint stranger.note "signed by none of the given verifier keys"
run history --verify --checkpoint cp1.note --verifier example.com/audit+00000000+AAAA
expect_error 2 "verifier"
run history --verify --checkpoint missing.note --verifier "$VKEY"
expect_error 2 "missing.note"

# A forged history: one event changed and the whole chain recomputed, the state's head
# moved to match. --verify alone cannot tell; the checkpoint can.
save_store pristine
forge 'events[1]["actor"] = "mallet"' --move-head
run history --verify
expect_rc 0
bad_checkpoint cp1.note "rewritten"

# A history cut below the checkpoint's N.
restore_store pristine
forge "del events[$((EVENTS - 1)):]" --move-head
bad_checkpoint cp1.note "the history holds only $((EVENTS - 1))"

finish
