#!/usr/bin/env bash
# dac metrics: Prometheus text exposition, checked by a parser of the format,
# written atomically with --output.
source "$(dirname "$0")/lib.sh"

# exposition_ok FILE: every line is a HELP/TYPE comment or a sample of a
# declared metric, label values properly escaped, values numeric.
exposition_ok() {
  python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
assert text.endswith("\n"), "must end with a newline"
helps, types = set(), {}
name = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
label_value = r'"(?:[^"\\\n]|\\[\\"n])*"'
labels = rf"\{{(?:[a-zA-Z_][a-zA-Z0-9_]*={label_value})(?:,[a-zA-Z_][a-zA-Z0-9_]*={label_value})*\}}"
seen = set()
for line in text.splitlines():
    if m := re.fullmatch(rf"# HELP ({name}) .+", line):
        helps.add(m.group(1))
    elif m := re.fullmatch(rf"# TYPE ({name}) (counter|gauge|histogram|summary|untyped)", line):
        assert m.group(1) not in types, f"TYPE twice for {m.group(1)}"
        types[m.group(1)] = m.group(2)
    elif m := re.fullmatch(rf"({name})({labels})? (-?[0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?)", line):
        assert m.group(1) in types and m.group(1) in helps, f"sample before HELP/TYPE: {line!r}"
        key = (m.group(1), m.group(2))
        assert key not in seen, f"duplicate series {line!r}"
        seen.add(key)
    else:
        raise AssertionError(f"not exposition format: {line!r}")
PY
}

sample() { grep -v '^#' "$OUT_FILE" | grep -F "$1" | sed 's/.* //'; }

# promtool_ok FILE: Prometheus' own checker (Debian's prometheus package)
# parses and lints the file: exit 0, nothing to say.
promtool_ok() {
  local out
  out=$(promtool check metrics <"$1" 2>&1) && [[ -z $out ]] || { echo "$out" >&2; return 1; }
}

# expect_text WHAT GOT WANT: GOT is exactly WANT.
expect_text() { if [[ $2 == "$3" ]]; then ok; else fail "$1" "$3" "$2"; fi; }

setup_store --enabled-at 2026-01-01
must grant 123456789012 --nickname 'Khaos "Control" \ Ltd' --token "$TOKEN1" --at 2026-01-01
must grant 210987654321 --nickname Linnworks --token "$TOKEN2" --at 2026-01-01
must grant 300000000003 --nickname "Own" --token "$TOKEN3" --own --at 2026-01-01
must grant 400000000004 --nickname "Gone" --token "$TOKEN4" --at 2026-01-01
must revoke Gone --yes

run metrics
expect_rc 0
check "metrics parse as Prometheus text exposition" exposition_ok "$OUT_FILE"
expect_out_contains '# TYPE dac_authorization_expiry_timestamp_seconds gauge'
# 2027-01-01T00:00:00Z
expect_out_contains 'dac_authorization_expiry_timestamp_seconds{seller_id="A1B2C3D4E5F6G7",developer_id="123456789012",nickname="Khaos \"Control\" \\ Ltd"} 1798761600'
expect_out_contains 'developer_id="210987654321",nickname="Linnworks"} 1798761600'
expect_out_not_contains 'nickname="Own"'
expect_out_not_contains 'nickname="Gone"'
check "promtool check metrics" promtool_ok "$OUT_FILE"
# Per seller (issue 13 item 13), the own account left out: active was 3 with it.
check "active=2, own left out" [ "$(sample 'dac_authorizations{seller_id="A1B2C3D4E5F6G7",status="active"}')" = 2 ]
check "suspended=0" [ "$(sample 'dac_authorizations{seller_id="A1B2C3D4E5F6G7",status="suspended"}')" = 0 ]
check "revoked=1" [ "$(sample 'dac_authorizations{seller_id="A1B2C3D4E5F6G7",status="revoked"}')" = 1 ]
expect_out_not_contains 'dac_authorizations{status='
# The last write was the revocation, at DAC_NOW 2026-11-26T12:00:00Z.
check "last write" [ "$(sample 'dac_store_last_write_timestamp_seconds ')" = 1795694400 ]
expect_out_not_contains "amzn.mws"
expect_err_empty

# Statuses are as of now: after the expiry both count as suspended.
DAC_NOW=2027-01-01T00:00:00Z run metrics
check "suspended after expiry" [ "$(sample 'dac_authorizations{seller_id="A1B2C3D4E5F6G7",status="suspended"}')" = 2 ]
check "active after expiry: only the own account, not counted" \
  [ "$(sample 'dac_authorizations{seller_id="A1B2C3D4E5F6G7",status="active"}')" = 0 ]

# Every seller has its three series, zeros too, so an integrator alerts per customer.
must seller add "$SELLER2" --enabled-at 2026-01-01
must grant 500000000005 --nickname "Other" --token "$TOKEN1" --seller "$SELLER2" --at 2026-01-01
must seller add B0000000000000000001 --enabled-at 2026-01-01
DAC_NOW=2027-01-01T00:00:00Z run metrics
check "three sellers parse" exposition_ok "$OUT_FILE"
check "three sellers: promtool" promtool_ok "$OUT_FILE"
expect_text "dac_authorizations by seller and status" "$(grep '^dac_authorizations{' "$OUT_FILE")" \
  'dac_authorizations{seller_id="A1B2C3D4E5F6G7",status="active"} 0
dac_authorizations{seller_id="A1B2C3D4E5F6G7",status="suspended"} 2
dac_authorizations{seller_id="A1B2C3D4E5F6G7",status="revoked"} 1
dac_authorizations{seller_id="B0000000000000000001",status="active"} 0
dac_authorizations{seller_id="B0000000000000000001",status="suspended"} 0
dac_authorizations{seller_id="B0000000000000000001",status="revoked"} 0
dac_authorizations{seller_id="Z9Y8X7W6V5U4T3",status="active"} 0
dac_authorizations{seller_id="Z9Y8X7W6V5U4T3",status="suspended"} 1
dac_authorizations{seller_id="Z9Y8X7W6V5U4T3",status="revoked"} 0'


# --output replaces the file atomically, owner-only unless --mode says otherwise.
mkdir -p "$TEST_DIR/textfile"
echo "old" >"$TEST_DIR/textfile/dac.prom"
run metrics --output "$TEST_DIR/textfile/dac.prom"
expect_rc 0
expect_out_empty
check "output file parses" exposition_ok "$TEST_DIR/textfile/dac.prom"
check "output file is 0600" [ "$(stat -c %a "$TEST_DIR/textfile/dac.prom")" = 600 ]
check "no temp file left" [ "$(ls -A "$TEST_DIR/textfile")" = dac.prom ]
run metrics --output "$TEST_DIR/textfile/dac.prom" --mode 644
check "--mode 644" [ "$(stat -c %a "$TEST_DIR/textfile/dac.prom")" = 644 ]

check "--mode 644: promtool" promtool_ok "$TEST_DIR/textfile/dac.prom"

run metrics --output "$TEST_DIR/textfile/dac.prom" --mode 999
expect_error 2 "--mode"
# Write bits for group or others are refused: whoever may write the file may
# feed the monitoring false numbers. Nothing is written.
cp "$TEST_DIR/textfile/dac.prom" "$TEST_DIR/prom.before"
for mode in 777 666 664 646 0622 620; do
  run metrics --output "$TEST_DIR/textfile/dac.prom" --mode "$mode"
  expect_error 2 "--mode $mode lets group or others write the metrics file" "use 600, or 644"
  check "--mode $mode: the file is untouched" cmp -s "$TEST_DIR/textfile/dac.prom" "$TEST_DIR/prom.before"
  check "--mode $mode: no temp file left" [ "$(ls -A "$TEST_DIR/textfile")" = dac.prom ]
done
for mode in 640 400 0600; do
  run metrics --output "$TEST_DIR/textfile/dac.prom" --mode "$mode"
  expect_rc 0
  check "--mode $mode accepted" [ "$(stat -c %a "$TEST_DIR/textfile/dac.prom")" = "${mode#0}" ]
done
run metrics --output "$TEST_DIR/no/such/folder/dac.prom"
expect_rc 4
expect_err_contains "no/such/folder"

new_store missing
run metrics
expect_error 4 "no store at"

finish
