#!/usr/bin/env bash
# Cron hygiene: dac run unattended behaves: no HOME is a clear error, no
# terminal means no prompt, colour or progress, and neither the locale nor
# the time zone changes what it prints.
source "$(dirname "$0")/lib.sh"

setup_store --enabled-at 2026-01-01
must grant 123456789012 --nickname "Khaos Contrôl – Straße 東京" --token "$TOKEN1" --at 2026-01-01
must grant 210987654321 --nickname Linnworks --token "$TOKEN2" --at 2026-06-01

# env -i: no HOME, no DAC_STORE. A clear error naming what to set, exit 4.
run_cmd env -i "$DAC" list
expect_error 4 "DAC_STORE" "HOME"
run_cmd env -i "$DAC" check --warn 30d --crit 7d
expect_rc 3
expect_out_matches '^DAC UNKNOWN - cannot tell where the store is'
# env -i with HOME pointing at a home without a store: the path it looked at.
mkdir -p "$TEST_DIR/home"
run_cmd env -i HOME="$TEST_DIR/home" "$DAC" list
expect_error 4 "$TEST_DIR/home/.local/share/dac" "dac init"
# ... and with DAC_STORE it just works.
run_cmd env -i "${PG_ENV[@]}" DAC_STORE="$DAC_STORE" DAC_NOW="$DAC_NOW" "$DAC" list --format json
expect_rc 0
expect_json_eq 'len(d)' '2'

# No terminal: revoke never prompts or waits; no colour, no escape codes.
run revoke Linnworks
expect_error 2 "--yes"
run list
expect_rc 0
check "no escape codes without a terminal" bash -c "! grep -q $'\x1b' '$OUT_FILE'"
check "no escape codes on stderr" bash -c "! grep -q $'\x1b' '$ERR_FILE'"

# No progress indicator without a terminal, even for a large import.
python3 - "$TEST_DIR/big.csv" "$SELLER" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("developer_id,nickname,authorized_at,mws_auth_token\n")
    for i in range(6000):
        f.write(f"{500000000000 + i},Dev {i},2026-05-01T00:00:00Z,amzn.mws.{i:08x}-0000-4000-8000-{i:012x}\n")
PY
run import "$TEST_DIR/big.csv"
expect_rc 0
expect_err_is() { if [[ $ERR == "$1"$'\n' ]]; then ok; else fail "stderr differs" "$1" "$ERR"; fi; }
expect_err_is "dac: imported 6000 authorizations"
check "no carriage returns (progress) on stderr" bash -c "! grep -q $'\r' '$ERR_FILE'"

# Locale: LANG unset, C or POSIX: the same bytes as under UTF-8, no crash.
run list --developer 123456789012
expect_rc 0
cp "$OUT_FILE" "$TEST_DIR/utf8.out"
for loc in C POSIX ""; do
  LAST_CMD="LC_ALL=$loc LANG=$loc dac list --developer 123456789012"
  LC_ALL=$loc LANG=$loc "$DAC" list --developer 123456789012 >"$OUT_FILE" 2>"$ERR_FILE" </dev/null
  RC=$?
  expect_rc 0
  check "same output under locale '$loc'" cmp -s "$OUT_FILE" "$TEST_DIR/utf8.out"
done
run_cmd env -u LANG -u LC_ALL -u LC_CTYPE "$DAC" list --developer 123456789012 --format json
expect_rc 0
expect_json_eq 'd[0]["nickname"]' '"Khaos Contrôl – Straße 東京"'

# Time zone: everything is UTC, whatever TZ says.
for args in "list" "list --format json" "list --format csv" "show 123456789012" "history" "check --warn 30d --crit 7d"; do
  # shellcheck disable=SC2086
  TZ=UTC "$DAC" $args >"$TEST_DIR/utc.out" 2>&1 </dev/null
  for tz in Pacific/Kiritimati America/St_Johns Asia/Kathmandu EST5EDT; do
    LAST_CMD="TZ=$tz dac $args"
    # shellcheck disable=SC2086
    TZ=$tz "$DAC" $args >"$OUT_FILE" 2>&1 </dev/null
    check "TZ=$tz: dac $args prints the same" cmp -s "$OUT_FILE" "$TEST_DIR/utc.out"
  done
done

# A read-only command under cron writes nothing even when suspensions are due.
snapshot_store
DAC_NOW=2027-06-01T00:00:00Z run list --expired
expect_rc 0
expect_out_contains "Khaos"
expect_store_unchanged

finish
