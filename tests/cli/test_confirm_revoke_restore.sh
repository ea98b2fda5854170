# dac confirm / revoke / restore (R6, R7, R8, R9; several targets all or nothing).
source "$(dirname "$0")/lib.sh"

# run_with_silent_stdin ARGS...: runs dac (like run, at most 10 s) with stdin
# a pipe that stays open, and silent, for 30 s; sets WAITED (seconds taken).
run_with_silent_stdin() {
  local fifo=$TEST_DIR/silent-fifo holder start=$SECONDS
  LAST_CMD="timeout 10 dac $(_quote_args "$@") <fifo (held open by sleep 30)"
  rm -f "$fifo"
  mkfifo "$fifo"
  sleep 30 >"$fifo" &
  holder=$!
  timeout 10 "$DAC" "$@" <"$fifo" >"$OUT_FILE" 2>"$ERR_FILE"
  RC=$?
  kill "$holder" 2>/dev/null
  wait "$holder" 2>/dev/null
  _slurp OUT "$OUT_FILE"
  _slurp ERR "$ERR_FILE"
  WAITED=$((SECONDS - start))
}

# Now is 2026-11-26T12:00:00Z; confirmation on since 2025-01-01.
setup_store --enabled-at 2025-01-01
must grant 100000000001 --nickname "Alpha" --token "$TOKEN1" --at 2025-12-10T12:00:00Z   # expires in 14 days
must grant 100000000002 --nickname "Beta" --token "$TOKEN2" --at 2026-06-01               # expires 2027-06-01
must grant 100000000003 --nickname "Gamma" --token "$TOKEN3" --at 2025-11-01T08:00:00Z   # suspended 2026-11-01T08:00Z
must grant 100000000004 --nickname "Own App" --token "$TOKEN4" --own --at 2025-02-01
must grant 100000000006 --nickname "Twin" --token "$TOKEN1" --at 2026-02-01
must grant 100000000007 --nickname "twin" --token "$TOKEN2" --at 2026-02-01

view_of() { run list --status all --developer "$1" --format json; }
# on_tty_with INPUT ARGS...: dac ARGS on a pseudo-terminal (stdin, stdout and
# stderr), INPUT typed after a moment; OUT holds all it printed.
on_tty_with() {
  local input=$1
  shift
  LAST_CMD="printf '$input' | script -qec 'dac $*' /dev/null"
  (sleep 0.3; printf "$input") | script -qec "$(printf '%q ' "$DAC" "$@")" /dev/null >"$OUT_FILE" 2>"$ERR_FILE"
  RC=$?
  _slurp OUT "$OUT_FILE"
  _slurp ERR "$ERR_FILE"
}
events_of() { run history "$1" --format json; }

# --- several targets: all or nothing ----------------------------------------------
snapshot_store
run confirm 100000000001 100000000002 100000000099
expect_error 3 "100000000099"
expect_store_unchanged
run confirm Alpha "No such developer"
expect_error 3 "No such developer"
expect_store_unchanged
run revoke 100000000001 100000000099 --yes
expect_error 3 "100000000099"
expect_store_unchanged
run restore 100000000003 100000000099
expect_error 3
expect_store_unchanged
# One refused (Gamma is suspended) refuses the whole command.
run confirm 100000000001 100000000003
expect_error 1 "restore"
expect_store_unchanged
# Revoking Alpha and the own account: refused, Alpha stays.
run revoke 100000000001 100000000004 --yes
expect_error 1
expect_store_unchanged
# Restoring Gamma and a revoked one is tested below, once there is a revoked one.

# --- ambiguous nickname: exit 2, listing the candidates -----------------------------
run confirm twin
expect_error 2 "100000000006" "100000000007"
run revoke TWIN --yes
expect_error 2 "100000000006" "100000000007"
run show Twin
expect_error 2 "100000000006" "100000000007"
expect_store_unchanged

# --- confirm (R6) ---------------------------------------------------------------------
run confirm ALPHA --reason "still our 3PL"
expect_rc 0
expect_out_contains "100000000001"
view_of 100000000001
expect_json_eq '[d[0]["status"], d[0]["authorized_at"], d[0]["last_confirmed_at"], d[0]["expires_at"], d[0]["days_left"]]' \
  "[\"active\", \"2025-12-10T12:00:00Z\", \"$DAC_NOW\", \"2027-11-26T12:00:00Z\", 365]"
events_of 100000000001
expect_json_eq '[(e["event"], e["effective_at"], e["recorded_at"], e["actor"], e["reason"]) for e in d][-1]' \
  "[\"confirmed\", \"$DAC_NOW\", \"$DAC_NOW\", \"tester\", \"still our 3PL\"]"

# Confirming again later moves the date again.
DAC_NOW=2026-12-01T00:00:00Z run confirm 1000-0000-0001
expect_rc 0
DAC_NOW=2026-12-01T00:00:00Z view_of 100000000001
expect_json_eq '[d[0]["last_confirmed_at"], d[0]["expires_at"]]' '["2026-12-01T00:00:00Z", "2027-12-01T00:00:00Z"]'

# Several targets at once.
DAC_NOW=2026-12-01T00:00:00Z run confirm 100000000002 100000000006
expect_rc 0
DAC_NOW=2026-12-01T00:00:00Z run list --format json --developer 100000000002
expect_json_eq 'd[0]["expires_at"]' '"2027-12-01T00:00:00Z"'
DAC_NOW=2026-12-01T00:00:00Z run list --format json --developer 100000000006
expect_json_eq 'd[0]["expires_at"]' '"2027-12-01T00:00:00Z"'

# --dry-run with targets prints the new dates and writes nothing.
snapshot_store
DAC_NOW=2026-12-05T00:00:00Z run confirm Beta --dry-run --format json
expect_rc 0
expect_json_eq '[(r["developer_id"], r["last_confirmed_at"], r["expires_at"]) for r in d]' \
  '[["100000000002", "2026-12-05T00:00:00Z", "2027-12-05T00:00:00Z"]]'
expect_store_unchanged

# SPEC R13 (time runs forward): no write may be dated before the confirmations
# above, so the rest of this part runs a day after them.
export DAC_NOW=2026-12-02T00:00:00Z

# The same developer at two sellers: the ID alone is ambiguous; --seller narrows it.
must seller add "$SELLER2" --enabled-at 2025-01-01
must grant 100000000001 --seller "$SELLER2" --nickname "Alpha" --token "$TOKEN3" --at 2026-02-01
snapshot_store
run confirm 100000000001
expect_error 2 "$SELLER" "$SELLER2"
run revoke Alpha --yes
expect_error 2 "$SELLER" "$SELLER2"
expect_store_unchanged
run confirm 100000000001 --seller "$SELLER2"
expect_rc 0
run list --developer 100000000001 --format json
expect_json_eq '[(r["seller_id"], r["last_confirmed_at"]) for r in d]' \
  "[[\"$SELLER\", \"2026-12-01T00:00:00Z\"], [\"$SELLER2\", \"$DAC_NOW\"]]"

# Own account: nothing to confirm; exit 0 with a notice, nothing written (R9).
snapshot_store
run confirm 100000000004
expect_rc 0
expect_err_prefix
expect_store_unchanged

# Suspended: refused with a hint to restore (R6).
run confirm Gamma
expect_error 1 "restore"
expect_store_unchanged

# Neither TARGET nor --all; both.
run confirm
expect_error 2
run confirm Alpha --all
expect_error 2
expect_store_unchanged

# --- confirm --all [filters] [--dry-run] ---------------------------------------------------
export DAC_NOW=2026-11-26T12:00:00Z
new_store all
setup_store --enabled-at 2025-01-01
must grant 100000000001 --nickname "Alpha" --token "$TOKEN1" --at 2025-12-10T12:00:00Z   # 14 days left
must grant 100000000002 --nickname "Beta" --token "$TOKEN2" --at 2026-06-01               # 186 days left
must grant 100000000003 --nickname "Gamma" --token "$TOKEN3" --at 2025-11-01T08:00:00Z   # suspended
must grant 100000000004 --nickname "Own App" --token "$TOKEN4" --own --at 2025-02-01     # never expires
must grant 100000000005 --nickname "Delta" --token "$TOKEN1" --at 2025-12-20              # 23.5 days left

snapshot_store
run confirm --all --expiring 30d --dry-run
expect_rc 0
expect_out_contains "100000000001"
expect_out_contains "100000000005"
expect_out_not_contains "100000000002"
expect_out_not_contains "100000000003"
expect_out_not_contains "100000000004"
expect_err_prefix
expect_store_unchanged
run confirm --all --expiring 30d --dry-run --format json
expect_rc 0
expect_json_eq '[r["developer_id"] for r in d]' '["100000000001", "100000000005"]'
expect_store_unchanged

# --dry-run shows each one's expiry before → after, in the table and in JSON.
run confirm --all --expiring 30d --dry-run
expect_out_matches '^100000000001 +Alpha +2026-12-10 \(in 14 days\) +→ +2027-11-26 '
expect_out_matches '^100000000005 +Delta +2026-12-20 \(in 23 days\) +→ +2027-11-26 '
expect_err_contains "would confirm 2 authorizations; nothing was written"
run confirm --all --expiring 30d --dry-run --format json
expect_json_eq '[(r["developer_id"], r["previous_expires_at"], r["expires_at"]) for r in d]' \
  '[["100000000001", "2026-12-10T12:00:00Z", "2027-11-26T12:00:00Z"], ["100000000005", "2026-12-20T00:00:00Z", "2027-11-26T12:00:00Z"]]'
expect_store_unchanged
# Nothing matches: one notice, not a second "would confirm 0".
run confirm --all --expiring 1h --dry-run
expect_rc 0
expect_out_matches '^DEVELOPER +NICKNAME +EXPIRES NOW +AFTER$'   # an empty table (SPEC §4)
check "one line on stderr: $ERR" test "$ERR" = $'dac: no active authorization matches; nothing to confirm; nothing was written\n'
expect_store_unchanged

# Without a terminal, --all requires --yes (exit 2, a hint), writes nothing, never reads stdin.
run confirm --all --expiring 30d
expect_error 2 "no terminal" "--yes"
expect_store_unchanged
run_stdin y confirm --all
expect_error 2 "--yes"
expect_store_unchanged
run_with_silent_stdin confirm --all
expect_error 2 "--yes"
check "confirm --all did not wait on an open stdin" test "$WAITED" -lt 5
expect_store_unchanged

# On a terminal the prompt lists what it will confirm: seller, developer, nickname, expiry.
on_tty_with 'n\n' confirm --all --expiring 30d
expect_rc 1
expect_out_contains "About to confirm 2 authorizations"
expect_out_matches '^A1B2C3D4E5F6G7 +100000000001 +Alpha +2026-12-10 \(in 14 days\)'
expect_out_matches '^A1B2C3D4E5F6G7 +100000000005 +Delta +2026-12-20 \(in 23 days\)'
expect_out_not_contains "Beta"
expect_out_contains "cancelled"
expect_store_unchanged

# Filters confirm --all cannot honour: it confirms active ones, never the own account.
for filter in "--expired" "--status suspended" "--status revoked" "--own"; do
  # shellcheck disable=SC2086
  run confirm --all $filter --dry-run
  expect_error 2 "confirm --all"
done
run confirm --all --expired --yes
expect_error 2 "suspended" "dac restore"
expect_store_unchanged
# ... and its help no longer offers --expired.
run confirm --help
expect_rc 0
expect_out_not_contains "--expired"

run confirm --all --expiring 30d --reason "monthly review" --yes
expect_rc 0
run list --format json
expect_json_eq 'sorted([r["developer_id"], r["last_confirmed_at"]] for r in d)' \
  "[[\"100000000001\", \"$DAC_NOW\"], [\"100000000002\", \"2026-06-01T00:00:00Z\"], [\"100000000003\", \"2025-11-01T08:00:00Z\"], [\"100000000004\", \"2025-02-01T00:00:00Z\"], [\"100000000005\", \"$DAC_NOW\"]]"
run history --format json
expect_json_eq '[(e["developer_id"], e["reason"]) for e in d if e["event"] == "confirmed"]' \
  '[["100000000001", "monthly review"], ["100000000005", "monthly review"]]'

# --all without filters: every active one, own and suspended skipped.
DAC_NOW=2026-12-01T00:00:00Z run confirm --all --yes
expect_rc 0
DAC_NOW=2026-12-01T00:00:00Z run history --format json --since 2026-12-01
expect_json_eq 'sorted(e["developer_id"] for e in d if e["event"] == "confirmed")' '["100000000001", "100000000002", "100000000005"]'
expect_json_eq '[e for e in d if e["event"] != "confirmed"]' '[]'

# --all that matches nothing: exit 0, nothing written.
snapshot_store
DAC_NOW=2026-12-01T00:00:00Z run confirm --all --expiring 1d --yes
expect_rc 0
expect_store_unchanged
DAC_NOW=2026-12-01T00:00:00Z run confirm --all --expiring 1d --format json --yes
expect_rc 0
expect_out_is '[]'
# --all with a filter other than --expiring.
DAC_NOW=2026-12-02T00:00:00Z run confirm --all --developer 100000000002 --format json --yes
expect_rc 0
expect_json_eq '[(r["developer_id"], r["last_confirmed_at"]) for r in d]' '[["100000000002", "2026-12-02T00:00:00Z"]]'

# On a terminal, yes confirms exactly what was listed; many are listed as the first 20 and a count.
new_store many
setup_store --enabled-at 2025-01-01
for i in $(seq 10 34); do
  must grant "2000000000$i" --nickname "Dev $i" --token "$TOKEN1" --at 2026-01-01
done
snapshot_store
on_tty_with 'n\n' confirm --all
expect_rc 1
expect_out_contains "About to confirm 25 authorizations"
expect_out_contains "…and 5 more"
check "the prompt lists 20 of them" test "$(grep -Ec '^A1B2C3D4E5F6G7 +2[0-9]+ +Dev ' "$OUT_FILE")" -eq 20
expect_store_unchanged
on_tty_with 'y\n' confirm --all --reason "asked on a terminal"
expect_rc 0
run history --format json --since "$DAC_NOW"
expect_json_eq '[(e["event"], e["reason"]) for e in d if e["developer_id"] and (e["event"] != "confirmed" or e["reason"] != "asked on a terminal")]' '[]'
expect_json_eq 'len([e for e in d if e["event"] == "confirmed"])' '25'

# --- revoke (R7) ----------------------------------------------------------------------------
new_store revoke
setup_store --enabled-at 2025-01-01
must grant 100000000001 --nickname "Alpha" --token "$TOKEN1" --at 2025-12-10T12:00:00Z
must grant 100000000002 --nickname "Beta" --token "$TOKEN2" --at 2026-06-01
must grant 100000000003 --nickname "Gamma" --token "$TOKEN3" --at 2025-11-01T08:00:00Z   # suspended
must grant 100000000004 --nickname "Own App" --token "$TOKEN4" --own --at 2025-02-01

# Without a terminal and without --yes: exit 2 at once, never waiting on stdin.
snapshot_store
run revoke Alpha
expect_error 2 "--yes"
expect_store_unchanged
# stdin is a pipe that stays open (and silent) for 30 seconds.
run_with_silent_stdin revoke Alpha
expect_error 2 "--yes"
check "revoke did not wait on an open stdin" test "$WAITED" -lt 5
expect_store_unchanged
LAST_CMD="echo y | dac revoke Alpha"
echo y | "$DAC" revoke Alpha >"$OUT_FILE" 2>"$ERR_FILE"
RC=${PIPESTATUS[1]}
_slurp OUT "$OUT_FILE"
_slurp ERR "$ERR_FILE"
expect_error 2 "--yes"
expect_store_unchanged

# On a terminal it asks; anything but yes declines (exit 1) and writes nothing.
on_tty_with 'n\n' revoke Alpha
expect_rc 1
expect_out_contains "Alpha"
expect_store_unchanged
on_tty_with '\n' revoke Alpha
expect_rc 1
expect_store_unchanged
on_tty_with 'y\n' revoke Beta --reason "asked on a terminal"
expect_rc 0
run list --status revoked --format json
expect_json_eq '[r["developer_id"] for r in d]' '["100000000002"]'
run history Beta --format json
expect_json_eq '[(e["event"], e["reason"]) for e in d][-1]' '["revoked", "asked on a terminal"]'
# Granted again from now: SPEC R13 refuses a re-grant dated before its revocation.
must grant 100000000002 --nickname "Beta" --token "$TOKEN2"
snapshot_store

run revoke Alpha --yes --reason "contract ended"
expect_rc 0
check "the token is erased from state.json" bash -c "! grep -q '$TOKEN1' '$DAC_STORE/state.json'"
check "the token is nowhere in the store" bash -c "! grep -rq '$TOKEN1' '$DAC_STORE'"
view_of 100000000001
expect_json_eq 'd' "[{\"seller_id\":\"$SELLER\",\"developer_id\":\"100000000001\",\"nickname\":\"Alpha\",\"own\":false,\"status\":\"revoked\",\"authorized_at\":\"2025-12-10T12:00:00Z\",\"last_confirmed_at\":\"2025-12-10T12:00:00Z\",\"expires_at\":null,\"days_left\":null,\"mws_auth_token\":null}]"
events_of 100000000001
expect_json_eq '[(e["event"], e["effective_at"], e["actor"], e["reason"]) for e in d][-1]' \
  "[\"revoked\", \"$DAC_NOW\", \"tester\", \"contract ended\"]"
run list --format json
expect_json_eq '[r["developer_id"] for r in d]' '["100000000003", "100000000002", "100000000004"]'

# Revoking a revoked one: exit 0 with a notice, nothing written.
snapshot_store
run revoke Alpha --yes
expect_rc 0
expect_err_prefix
expect_store_unchanged
# ... even without --yes, there being nothing to ask about is no reason to fail? SPEC
# requires --yes without a terminal, so it stays a usage error.
run revoke Alpha
expect_error 2
expect_store_unchanged

# The own account can never be revoked.
run revoke "Own App" --yes
expect_error 1
expect_store_unchanged
run list --format json --own
expect_json_eq '[d[0]["status"], d[0]["mws_auth_token"]]' "[\"active\", \"$TOKEN4_MASKED\"]"

# A suspended one can be revoked; it keeps its frozen date last confirmed.
DAC_NOW=2026-11-27T00:00:00Z run revoke Gamma -y
expect_rc 0
DAC_NOW=2026-11-27T00:00:00Z view_of 100000000003
expect_json_eq '[d[0]["status"], d[0]["last_confirmed_at"], d[0]["expires_at"], d[0]["days_left"], d[0]["mws_auth_token"]]' \
  '["revoked", "2025-11-01T08:00:00Z", null, null, null]'

# Confirming a revoked one is refused.
run confirm Alpha
expect_error 1
# Several targets in one revoke.
DAC_NOW=2026-11-28T00:00:00Z run grant 100000000005 --nickname "Eps" --token "$TOKEN1"
expect_rc 0
DAC_NOW=2026-11-28T00:00:00Z run revoke Beta 100000000005 --yes
expect_rc 0
DAC_NOW=2026-11-28T00:00:00Z run list --format json --status revoked
expect_json_eq 'sorted(r["developer_id"] for r in d)' '["100000000001", "100000000002", "100000000003", "100000000005"]'

# --- restore (R8) -----------------------------------------------------------------------------
new_store restore
setup_store --enabled-at 2025-01-01
must grant 100000000001 --nickname "Alpha" --token "$TOKEN1" --at 2025-12-10T12:00:00Z
must grant 100000000003 --nickname "Gamma" --token "$TOKEN3" --at 2025-11-01T08:00:00Z   # suspended
must grant 100000000005 --nickname "Eps" --token "$TOKEN2" --at 2026-06-01
must revoke 100000000005 --yes

# A revoked one cannot be restored; with a suspended one in the same command, nothing happens.
snapshot_store
run restore Eps
expect_error 1 "grant"
expect_store_unchanged
run restore Gamma Eps
expect_error 1
expect_store_unchanged
view_of 100000000003
expect_json_eq 'd[0]["status"]' '"suspended"'

# Restoring an active one: exit 0 with a notice, nothing written.
run restore Alpha
expect_rc 0
expect_err_prefix
expect_store_unchanged

run restore gamma --reason "back in business"
expect_rc 0
view_of 100000000003
expect_json_eq '[d[0]["status"], d[0]["authorized_at"], d[0]["last_confirmed_at"], d[0]["expires_at"], d[0]["days_left"], d[0]["mws_auth_token"]]' \
  "[\"active\", \"2025-11-01T08:00:00Z\", \"$DAC_NOW\", \"2027-11-26T12:00:00Z\", 365, \"$TOKEN3_MASKED\"]"
events_of 100000000003
expect_json_eq '[(e["event"], e["effective_at"], e["reason"]) for e in d]' \
  "[[\"granted\", \"2025-11-01T08:00:00Z\", null], [\"suspended\", \"2026-11-01T08:00:00Z\", null], [\"restored\", \"$DAC_NOW\", \"back in business\"]]"
run confirm Gamma
expect_rc 0

run restore
expect_error 2

finish
