# Bad command input (issue 3, item 8): every option of every command fed bad
# values — IDs of 11 and 13 digits, letters, empty nicknames, control
# characters, invalid UTF-8, tokens of the wrong shape, impossible dates,
# offsets like +25:00, durations like 0d, -1d, 99999999999y, 1m. Each time:
# exit 2 (check: 3, UNKNOWN, as SPEC §4 says), a "dac: " message that names
# what was wrong, no token echoed, and nothing written.
source "$(dirname "$0")/lib.sh"

setup_store --enabled-at 2025-01-01
must seller add "$SELLER2" --name "Outlet"
must grant 100000000001 --nickname "Alpha" --token "$TOKEN1" --at 2026-06-01 --seller "$SELLER"
must grant 100000000002 --nickname "Beta" --token "$TOKEN2" --at 2025-06-01 --seller "$SELLER"   # suspended
printf '%s\n' "$TOKEN3" >"$TEST_DIR/token"
snapshot_store

CODE=2
# bad TEXT ARGS...: dac ARGS exits $CODE, says TEXT (case-insensitive), writes nothing.
bad() {
  local text=$1
  shift
  run "$@"
  expect_rc "$CODE"
  if [[ $CODE -eq 3 ]]; then expect_out_matches '^DAC UNKNOWN'; else expect_out_empty; fi
  expect_err_prefix
  if grep -qiF -- "$text" "$ERR_FILE"; then ok; else fail "the message should say" "$text"; fi
  expect_err_not_contains "${TOKEN1#amzn.mws.}"
  expect_err_not_contains "${TOKEN3#amzn.mws.}"
  expect_err_not_contains "internal error"
}

BAD_IDS=(12345678901 1234567890123 12345678901a abcdefghijkl "" "1234--5678-9012" "1234 5678 901" "-123456789012")
BAD_SELLERS=(a1b2c3d4e5f6g7 A1B2C3D4E "A1B2C3D4E5F6G7H8I9J0K" "A1B2 C3D4E5F6" "" $'A1B2C3D4E5\tF6')
BAD_TIMES=(2025-02-30 2025-13-01 2025-00-10 2025-1-1 20250101 "2025-03-01T25:00:00Z" "2025-03-01T12:60:00Z"
  "2025-03-01T12:00:00+25:00" "2025-03-01T12:00:00+02:60" "2025-03-01T12:00:00" "2025-03-01T12:00Z" yesterday ""
  "2025-03-01T12:00:00Zjunk")
BAD_DURATIONS=(0d -1d 99999999999y 99999999999999999999d 1m 30m abc d 1.5d "" P PT P1 -P1D "1 d" 1x)
BAD_TEXTS=("" $'tab\there' $'new\nline' $'esc\e[31m' $'bad\xffutf8' $'\x7fdel')
BAD_TOKENS=(amzn.mws.123 "amzn.mws.4ea39c1d-a2b3-4c5d-9e8f-0123abcd456" "amzn.mws.4ea39c1d-a2b3-4c5d-9e8f-0123abcd45678"
  "amzn.mws.4ea39c1da2b3-4c5d-9e8f-0123abcd4567-" "amzn.mws.4ea39c1g-a2b3-4c5d-9e8f-0123abcd4567"
  "mws.4ea39c1d-a2b3-4c5d-9e8f-0123abcd4567" "" "${TOKEN3} ")

# --- developer IDs: grant's DEV_ID and every --developer ----------------------------------
for id in "${BAD_IDS[@]}"; do
  bad "developer ID" grant "$id" --nickname "Gamma" --token "$TOKEN3"
  bad "developer" list --developer "$id"
  bad "developer" confirm --all --developer "$id"
done

# --- seller IDs: init, seller add, and every --seller -----------------------------------------
for s in "${BAD_SELLERS[@]}"; do
  bad "seller ID" --store "$TEST_DIR/new-store" init --seller "$s"
  bad "seller ID" seller add "$s"
  bad "seller" grant 100000000003 --nickname "Gamma" --token "$TOKEN3" --seller "$s"
  for cmd in "list" "history" "confirm Alpha" "confirm --all" "revoke Alpha --yes" "restore Beta" "enable" "disable" \
    "credentials" "show Alpha"; do
    # shellcheck disable=SC2086
    bad "seller" $cmd --seller "$s"
  done
  bad "seller" import "$TEST_DIR/token" --seller "$s"
done
check "init with a bad seller created nothing" test ! -e "$TEST_DIR/new-store"

# --- nicknames, names, reasons, actors: empty, control characters, invalid UTF-8, too long ------
LONG=$(printf 'x%.0s' $(seq 65))
for t in "${BAD_TEXTS[@]}" "$LONG"; do
  bad "nickname" grant --seller "$SELLER" 100000000003 --nickname "$t" --token "$TOKEN3"
  [[ $t == "$LONG" ]] && continue   # 65 characters are fine as a reason or a name
  bad "reason" confirm Alpha --reason "$t"
  bad "reason" revoke Alpha --yes --reason "$t"
  bad "reason" restore Beta --reason "$t"
  bad "reason" grant --seller "$SELLER" 100000000003 --nickname "Gamma" --token "$TOKEN3" --reason "$t"
  bad "reason" enable --seller "$SELLER" --reason "$t"
  bad "reason" seller add Z1Z2Z3Z4Z5Z6Z7 --reason "$t"
  bad "actor" --actor "$t" confirm Alpha
  [[ -n $t ]] && bad "name" seller add Z1Z2Z3Z4Z5Z6Z7 --name "$t"
done
# The user's name from the environment, when it cannot be recorded: a usage error, not a crash.
for t in $'bad\xffutf8' $'esc\e[31m'; do
  USER=$t bad "USER" confirm Alpha
done

# --- tokens of the wrong shape: never echoed -----------------------------------------------------
for t in "${BAD_TOKENS[@]}"; do
  bad "token" grant --seller "$SELLER" 100000000003 --nickname "Gamma" --token "$t"
  [[ $t == *" " ]] && continue   # a token file may end in blanks: they are trimmed
  printf '%s' "$t" >"$TEST_DIR/bad-token"
  bad "token" grant --seller "$SELLER" 100000000003 --nickname "Gamma" --token-file "$TEST_DIR/bad-token"
  run_stdin "$t" grant --seller "$SELLER" 100000000003 --nickname "Gamma" --token-file -
  expect_rc 2
  [[ -n $t ]] && expect_err_not_contains "$t"
done
bad "token" grant --seller "$SELLER" 100000000003 --nickname "Gamma"
bad "token-file" grant --seller "$SELLER" 100000000003 --nickname "Gamma" --token-file "$TEST_DIR/missing"
bad "token" grant --seller "$SELLER" 100000000003 --nickname "Gamma" --token "$TOKEN3" --token-file "$TEST_DIR/token"

# --- times: --at, --enabled-at, --as-of, --since ---------------------------------------------------
for t in "${BAD_TIMES[@]}"; do
  bad "--at" grant --seller "$SELLER" 100000000003 --nickname "Gamma" --token "$TOKEN3" --at "$t"
  bad "--at" enable --seller "$SELLER" --at "$t"
  bad "--enabled-at" seller add Z1Z2Z3Z4Z5Z6Z7 --enabled-at "$t"
  bad "--enabled-at" --store "$TEST_DIR/new-store" init --seller "$SELLER" --enabled-at "$t"
  bad "--as-of" list --as-of "$t"
  bad "--as-of" show Alpha --as-of "$t"
  bad "--since" history --since "$t"
done
# In the future: refused for grants and switches, not for --as-of.
bad "future" grant --seller "$SELLER" 100000000003 --nickname "Gamma" --token "$TOKEN3" --at 2030-01-01
bad "future" enable --seller "$SELLER" --at 2030-01-01
bad "future" --store "$TEST_DIR/new-store" init --seller "$SELLER" --enabled-at 2030-01-01
check "no bad init created a store" test ! -e "$TEST_DIR/new-store"

# --- durations: --expiring, --wait, and check's --warn/--crit (UNKNOWN, exit 3) ---------------------
for d in "${BAD_DURATIONS[@]}"; do
  bad "--expiring" list --expiring "$d"
  bad "--expiring" confirm --all --expiring "$d"
  [[ $d == 0d ]] && continue   # waiting 0s for the lock is fine
  bad "--wait" --wait "$d" confirm Alpha
  bad "--wait" --wait "$d" list
done
bad "--wait" --wait 1mo confirm Alpha
CODE=3
for d in "${BAD_DURATIONS[@]}"; do
  bad "--warn" check --warn "$d" --crit 7d
  bad "--crit" check --warn 30d --crit "$d"
done
CODE=2
bad "30d" list --expiring 30m   # the hint says what was meant

# --- enumerations and the rest ------------------------------------------------------------------------
bad "--format" --format xml list
bad "--color" --color sometimes list
bad "--status" list --status paused
bad "--sort" list --sort colour
bad "--mode" metrics --mode 999
bad "--mode" metrics --mode rw-r--r--
bad "--output" metrics --output ""
bad "--store" --store "" list
bad "--own" list --own --no-own
bad "--disabled" --store "$TEST_DIR/new-store" init --seller "$SELLER" --disabled --enabled-at 2025-01-01
bad "--yes" revoke Alpha
bad "--bogus" confirm Alpha --bogus
bad "extra" list extra
bad "frobnicate" frobnicate

# --- import: bad rows, every one reported with its line, nothing written --------------------------------
cat >"$TEST_DIR/bad.csv" <<EOF
developer_id,nickname,authorized_at,mws_auth_token
12345678901,Short,2026-01-01,amzn.mws.11111111-1111-4111-8111-111111111111
100000000005,,2026-01-01,amzn.mws.22222222-2222-4222-8222-222222222222
100000000006,Bad date,2025-02-30,amzn.mws.33333333-3333-4333-8333-333333333333
100000000007,Bad token,2026-01-01,amzn.mws.4444
100000000008,Future,2030-01-01,amzn.mws.55555555-5555-4555-8555-555555555555
100000000009,Good,2026-01-01,amzn.mws.66666666-6666-4666-8666-666666666666
EOF
bad "line 2" import "$TEST_DIR/bad.csv" --seller "$SELLER"
for line in 3 4 5 6; do expect_err_contains "line $line"; done
expect_err_not_contains "line 7"
expect_err_not_contains "amzn.mws.4444"
printf 'developer_id,nickname\n100000000005,Epsilon\n' >"$TEST_DIR/columns.csv"
bad "authorized_at" import "$TEST_DIR/columns.csv"
printf 'developer_id,nickname,authorized_at,mws_auth_token\n"100000000005,Open quote,2026-01-01,%s\n' "$TOKEN3" \
  >"$TEST_DIR/quote.csv"
bad "quote" import "$TEST_DIR/quote.csv"
: >"$TEST_DIR/empty.csv"
bad "empty" import "$TEST_DIR/empty.csv"
bad "missing.csv" import "$TEST_DIR/missing.csv"

expect_store_unchanged
run history --verify
expect_rc 0

finish
