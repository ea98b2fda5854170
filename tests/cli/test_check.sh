#!/usr/bin/env bash
# dac check: a Nagios/Icinga plugin. One line on stdout, performance data in
# the standard grammar, exit 0/1/2/3, every error UNKNOWN.
source "$(dirname "$0")/lib.sh"

# perfdata_ok: stdout is one line "DAC STATE - text | perfdata" whose perfdata
# follows 'label'=value[UOM];[warn];[crit];[min];[max].
perfdata_ok() {
  python3 - "$OUT_FILE" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
lines = text.split("\n")
assert len(lines) == 2 and lines[1] == "", f"not exactly one line: {text!r}"
m = re.fullmatch(r"DAC (OK|WARNING|CRITICAL|UNKNOWN) - ([^|]+?)(?: \| (.*))?", lines[0])
assert m, f"not a plugin line: {lines[0]!r}"
perf = m.group(3)
if m.group(1) != "UNKNOWN":
    assert perf, "no performance data"
    num = r"-?[0-9]+(?:\.[0-9]+)?"
    rng = rf"@?(?:{num}|~)?:?(?:{num})?"
    # A value is a number with its unit, or U when it cannot be determined
    # (Nagios plugin guidelines, "Performance data").
    item = rf"(?:'[^'=]+'|[^'= ]+)=(?:U|{num}(?:s|ms|us|%|B|KB|MB|TB|c)?)(?:;(?:{rng})?){{0,4}}"
    for part in perf.split(" "):
        assert re.fullmatch(item, part), f"bad perfdata item {part!r}"
    # The same labels in the same order every time, so graphs do not break.
    labels = [p.split("=", 1)[0] for p in perf.split(" ")]
    assert labels == ["expiring", "suspended", "active", "min_days_left"], f"label set {labels}"
PY
}

# perf VALUE_LABEL: the value of one perfdata item.
perf() { sed -n 's/.*| //p' "$OUT_FILE" | tr ' ' '\n' | sed -n "s/^'\{0,1\}$1'\{0,1\}=\([-0-9]*\).*/\1/p"; }

setup_store --enabled-at 2026-01-01
must grant 123456789012 --nickname "Khaos Control" --token "$TOKEN1" --at 2026-01-01
must grant 210987654321 --nickname Linnworks --token "$TOKEN2" --at 2026-01-01
must grant 300000000003 --nickname "Own Account" --token "$TOKEN3" --own --at 2026-01-01
must confirm Linnworks   # expires 2027-11-26

# Everything expires 2027-01-01T00:00:00Z except Linnworks (2027-11-26T12:00:00Z).
run check --warn 30d --crit 7d
expect_rc 0
check "OK line parses" perfdata_ok
expect_out_matches '^DAC OK - 3 active authorizations, none expire within 30d \(next: Khaos Control in 35d\) \| '
check "expiring=0" [ "$(perf expiring)" = 0 ]
check "active=3" [ "$(perf active)" = 3 ]
check "suspended=0" [ "$(perf suspended)" = 0 ]
check "min_days_left=35" [ "$(perf min_days_left)" = 35 ]
expect_out_contains "min_days_left=35;30:;7:;;"
expect_err_empty

DAC_NOW=2026-12-20T00:00:00Z run check --warn 30d --crit 7d
expect_rc 1
check "WARNING line parses" perfdata_ok
expect_out_matches '^DAC WARNING - 1 authorization expires within 30d \(first: Khaos Control in 12d\) \| expiring=1;;;0 suspended=0;;;0 active=3;;;0'

DAC_NOW=2026-12-28T00:00:00Z run check --warn 30d --crit 7d
expect_rc 2
check "CRITICAL line parses" perfdata_ok
expect_out_contains "DAC CRITICAL - 1 authorization expires within 7d (first: Khaos Control in 4d)"

# The expiry instant itself counts as suspended: CRITICAL.
DAC_NOW=2027-01-01T00:00:00Z run check --warn 30d --crit 7d
expect_rc 2
check "suspended line parses" perfdata_ok
expect_out_contains "DAC CRITICAL - 1 authorization suspended (Khaos Control)"
check "suspended=1" [ "$(perf suspended)" = 1 ]
check "active=2" [ "$(perf active)" = 2 ]

# One second before it: not yet suspended, CRITICAL by --crit.
DAC_NOW=2026-12-31T23:59:59Z run check --warn 30d --crit 7d
expect_rc 2
expect_out_contains "(first: Khaos Control in 1s)"
check "suspended=0 a second before" [ "$(perf suspended)" = 0 ]

# --seller narrows it; an unknown seller is UNKNOWN.
must seller add "$SELLER2" --enabled-at 2026-01-01
DAC_NOW=2027-01-01T00:00:00Z run check --warn 30d --crit 7d --seller "$SELLER2"
expect_rc 0
expect_out_contains "DAC OK - 0 active authorizations"
# Nothing active: min_days_left stays, as U (unknown), so the label set is stable.
check "OK line without anything active parses" perfdata_ok
expect_out_is "DAC OK - 0 active authorizations, none expire within 30d | expiring=0;;;0 suspended=0;;;0 active=0;;;0 min_days_left=U;30:;7:;;"
# Only the own account active (it never expires): U too.
must grant 300000000004 --nickname "Own 2" --token "$TOKEN4" --own --seller "$SELLER2" --at 2026-01-01
DAC_NOW=2027-01-01T00:00:00Z run check --warn 30d --crit 7d --seller "$SELLER2"
expect_rc 0
check "own only: line parses" perfdata_ok
expect_out_contains "active=1;;;0 min_days_left=U;30:;7:;;"
run check --warn 30d --crit 7d --seller NOSUCHSELLER00
expect_rc 3
check "UNKNOWN line parses" perfdata_ok
expect_out_matches '^DAC UNKNOWN - no seller NOSUCHSELLER00'
expect_err_prefix

# Every error is UNKNOWN (3), with one line on stdout.
for args in "--warn 30m --crit 7d" "--warn 30d" "--warn 7d --crit 30d" "--warn 30d --crit 7d --bogus" "--warn 0d --crit 0d"; do
  # shellcheck disable=SC2086
  run check $args
  expect_rc 3
  check "UNKNOWN line for: check $args" perfdata_ok
  expect_out_matches '^DAC UNKNOWN - '
done

# An unknown option is named, even when a required one is missing too.
for args in "--bogus" "--warn 30d --bogus" "--bogus --crit 7d"; do
  # shellcheck disable=SC2086
  run check $args
  expect_rc 3
  check "UNKNOWN line for: check $args" perfdata_ok
  expect_out_is "DAC UNKNOWN - unknown option --bogus"
  expect_err_contains "--bogus"
  expect_err_not_contains "is required"
done
run check --warn 30d
expect_rc 3
expect_out_contains "--crit is required"

snapshot_store
new_store missing
run check --warn 30d --crit 7d
expect_rc 3
expect_out_matches "^DAC UNKNOWN - no store at .*[/_]missing"
expect_err_contains "dac init"

export DAC_STORE=$SNAPSHOT_DIR
if on_json; then
  printf '{"format": "dac-store", "version": 1,' >"$DAC_STORE/state.json.bad"
  cp "$DAC_STORE/state.json" "$TEST_DIR/state.good"
  cp "$DAC_STORE/state.json.bad" "$DAC_STORE/state.json"
  run check --warn 30d --crit 7d
  expect_rc 3
  expect_out_matches '^DAC UNKNOWN - .*state.json: not valid JSON at line 1'
  cp "$TEST_DIR/state.good" "$DAC_STORE/state.json"
  rm "$DAC_STORE/state.json.bad"
fi

# check never writes, even when suspensions are due.
snapshot_store
DAC_NOW=2027-06-01T00:00:00Z run check --warn 30d --crit 7d
expect_rc 2
expect_store_unchanged

finish
