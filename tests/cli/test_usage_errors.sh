# Usage errors: exit 2, a "dac: " message, nothing written (SPEC §1, §2, §3, §5).
source "$(dirname "$0")/lib.sh"

setup_store --enabled-at 2025-01-01
must grant 100000000001 --nickname "Alpha" --token "$TOKEN1" --at 2026-06-01
must grant 100000000002 --nickname "Beta" --token "$TOKEN2" --at 2026-07-01
snapshot_store

# --- unknown options and commands ------------------------------------------------------
run list --bogus
expect_error 2 "--bogus"
# The hint names the help of the command at fault, not only dac --help.
expect_err_contains "dac: hint: see: dac list --help"
run --bogus list
expect_error 2 "--bogus"
run frobnicate
expect_error 2 "frobnicate"
run frobnicate --format json
expect_error 2 "frobnicate"
run
expect_error 2
run seller
expect_error 2
run seller frob
expect_error 2 "frob"
expect_err_contains "see: dac seller --help"
run seller add --bogus
expect_error 2 "--bogus" "see: dac seller add --help"
run list extra-argument
expect_error 2 "extra-argument"
run --format xml list
expect_error 2 "xml"
run --color sometimes list
expect_error 2 "sometimes"
run list --format
expect_error 2
run --version
expect_rc 0
expect_out_matches '^dac '
run --help
expect_rc 0
expect_out_contains "list"
expect_out_contains "grant"

# --- developer IDs ------------------------------------------------------------------------
for bad in 12345678901 1234567890123 12345678901a abcdefghijkl "1234_5678_9012" "" "-123456789012"; do
  run grant "$bad" --nickname "Bad" --token "$TOKEN3"
  expect_error 2 "developer ID"
  run list --developer "$bad"
  expect_error 2
done
for bad in 12345678901 1234567890123 12345678901a; do
  run confirm "$bad"
  check "confirm $bad is not found (3) or a usage error (2)" test "$RC" -eq 2 -o "$RC" -eq 3
  expect_err_prefix
done
# The accepted forms.
run list --developer "1234 5678 9012" --format json
expect_rc 0
run list --developer 1000-0000-0001 --format json
expect_json_eq '[r["nickname"] for r in d]' '["Alpha"]'

# --- seller IDs ------------------------------------------------------------------------------
for bad in a1b2c3d4e5f6g7 A1B2C3D4E A1B2C3D4E5F6G7H8I9J0K "A1B2C3D4E5F6G-" "A1B2 C3D4E5F6"; do
  run seller add "$bad"
  expect_error 2 "seller ID"
done

# --- nicknames -----------------------------------------------------------------------------
run grant 100000000003 --nickname "" --token "$TOKEN3"
expect_error 2 "nickname"
run grant 100000000003 --nickname "$(printf 'n%.0s' {1..65})" --token "$TOKEN3"
expect_error 2 "nickname"
run grant 100000000003 --nickname $'tab\there' --token "$TOKEN3"
expect_error 2 "nickname"
run grant 100000000003 --nickname $'new\nline' --token "$TOKEN3"
expect_error 2 "nickname"
run grant 100000000003 --nickname $'\xff\xfe' --token "$TOKEN3"
expect_error 2 "nickname"

# --- tokens: refused, and never echoed ------------------------------------------------------
for bad in \
  "amzn.mws.9c1d2e3f-f563-7709-4bae-0123abcd456" \
  "amzn.mws.9c1d2e3f-f563-7709-4bae-0123abcd45678" \
  "amzn.mws.9c1d2e3ff563-7709-4bae-0123abcd45678" \
  "amzn.mws.9c1d2e3f-f563-7709-4bae-0123abcd456g" \
  "amzn.xyz.9c1d2e3f-f563-7709-4bae-0123abcd4567" \
  "9c1d2e3f-f563-7709-4bae-0123abcd4567" \
  "amzn.mws.{9c1d2e3f-f563-7709-4bae-0123abcd4567}" \
  " amzn.mws.9c1d2e3f-f563-7709-4bae-0123abcd4567"; do
  run grant 100000000003 --nickname "Gamma" --token "$bad"
  expect_error 2 "token"
  expect_err_not_contains "$bad"
  expect_err_not_contains "9c1d2e3f"
  expect_err_not_contains "0123abcd"
done

# --- times ------------------------------------------------------------------------------------
for bad in 2025-02-30 2025-02-29 2025-13-01 2025-00-10 2025-04-31 2025-1-01 \
  2025-06-01T24:00:00Z 2025-06-01T12:60:00Z 2025-06-01T12:00:60Z 2025-06-01T12:00Z \
  2025-06-01T12:00:00+25:00 2025-06-01T12:00:00+02:60 2025-06-01T12:00:00 2025-06-01T12:00:00+0200 \
  "next tuesday" 1700000000; do
  run grant 100000000003 --nickname "Gamma" --token "$TOKEN3" --at "$bad"
  expect_error 2 "$bad"
  run list --as-of "$bad"
  expect_error 2 "$bad"
done
# A leap day is fine, in a leap year.
run list --as-of 2024-02-29 --format json
expect_rc 0
# An authorisation date after now is refused, even by a second.
run grant 100000000003 --nickname "Gamma" --token "$TOKEN3" --at 2026-11-26T12:00:01Z
expect_error 2 "future"
run grant 100000000003 --nickname "Gamma" --token "$TOKEN3" --at 2026-11-26T13:00:00+00:59
expect_error 2 "future"
run enable --at 2027-01-01
expect_error 2
# --as-of may lie in the future.
run list --as-of 2030-01-01 --format json
expect_rc 0

# --- durations ------------------------------------------------------------------------------
for bad in 0d -1d 99999999999y 99999999999999999999d 30 d abc 1.5d P PT P1H 30x ""; do
  run list --expiring "$bad"
  expect_error 2
done
run list --expiring 30m
expect_error 2 "30m" "1mo"
run confirm --all --expiring 30m --dry-run
expect_error 2 "1mo"
run list --expiring 0d
expect_error 2 "0d"
run list --expiring -1d
expect_error 2
run list --expiring 99999999999y
expect_error 2 "99999999999y"
for good in 12h 30d 2w 1mo 1y P30D PT12H P1Y P1Y2M3DT4H; do
  run list --expiring "$good" --format json
  expect_rc 0
  expect_json
done
run --wait 30m confirm Alpha
expect_error 2 "1mo"
run --wait 30m list
expect_error 2 "1mo"
run history --wait 1mo
expect_error 2 "--wait"
run --wait -1s confirm Alpha
expect_error 2
run --wait soon confirm Alpha
expect_error 2

# --- DAC_NOW ----------------------------------------------------------------------------------
for bad in garbage 2025-02-30 2026-11-26T12:00:00 "2026-11-26T12:00:00+25:00"; do
  DAC_NOW=$bad run list
  expect_error 2 "DAC_NOW"
  DAC_NOW=$bad run confirm Alpha
  expect_error 2 "DAC_NOW"
done
DAC_NOW=2026-11-26T14:00:00+02:00 run list --format json --developer 100000000001
expect_json_eq 'd[0]["days_left"]' '186'

# --- global options before and after the command --------------------------------------------
run --format json list
expect_rc 0
before=$OUT
run list --format json
expect_rc 0
check "dac --format json list == dac list --format json" test "$before" = "$OUT"
run --format csv --color never list --status all
before=$OUT
run list --status all --color never --format csv
check "dac --format csv --color never list == dac list ... --format csv" test "$before" = "$OUT"
run --store "$DAC_STORE" --format json history Alpha
before=$OUT
run history Alpha --format json --store "$DAC_STORE"
expect_rc 0
check "--store and --format after history" test "$before" = "$OUT"
run -q confirm 100000000001
expect_rc 0
expect_err_empty
run confirm 100000000002 -q
expect_rc 0
expect_err_empty
run --actor "alice" confirm Alpha --reason "a"
expect_rc 0
run confirm Beta --reason "b" --actor "bob"
expect_rc 0
run history --format json
expect_json_eq '[(e["actor"], e["reason"]) for e in d][-2:]' '[["alice", "a"], ["bob", "b"]]'
snapshot_store

# --- ambiguous target, bad --actor / --reason -------------------------------------------------
must grant 100000000003 --nickname "alpha" --token "$TOKEN3" --at 2026-06-01
snapshot_store
run confirm ALPHA
expect_error 2 "100000000001" "100000000003"
run show alpha
expect_error 2 "100000000001" "100000000003"
run confirm 100000000001 --actor ""
expect_error 2
run confirm 100000000001 --reason $'two\nlines'
expect_error 2
expect_store_unchanged

finish
