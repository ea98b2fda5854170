# Store format 2 (issue 12, SPEC R12, R13, §6, §7): a store written by an older
# dac (format 1, tests/fixtures/store-v1) reads as before and is upgraded by
# its first write; a newer format is refused; time runs forward.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/lib.sh"
json_only "store formats 1 and 2 are the JSON store's files (a format-1 fixture is a folder)"

FIXTURE=$ROOT/tests/fixtures/store-v1

# expect_eq WHAT ACTUAL EXPECTED: one assertion that two strings are equal.
expect_eq() {
  LAST_CMD=$1
  if [[ $2 == "$3" ]]; then ok; else fail "$1" "$3" "$2"; fi
}

# v1_store NAME: a private copy of the format-1 fixture, as DAC_STORE.
v1_store() {
  export DAC_STORE=$TEST_DIR/$1
  mkdir -p "$DAC_STORE"
  cp "$FIXTURE/state.json" "$FIXTURE/history.jsonl" "$DAC_STORE/"
  : >"$DAC_STORE/lock"
  chmod 700 "$DAC_STORE"
  chmod 600 "$DAC_STORE"/*
}

# state_eval EXPR: a Python expression over the parsed state.json, as JSON.
state_eval() {
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(eval(sys.argv[2]), separators=(",", ":")))' \
    "$DAC_STORE/state.json" "$1"
}

# events_eval EXPR: a Python expression over `e`, the list of history events.
events_eval() {
  python3 -c 'import json,sys; e=[json.loads(l) for l in open(sys.argv[1])]; print(json.dumps(eval(sys.argv[2]), separators=(",", ":")))' \
    "$DAC_STORE/history.jsonl" "$1"
}

# --- a format-1 store copies as the same files: format 1 until a write upgrades it ---------
v1_store v1-source
run store copy --to "$TEST_DIR/v1-copy"
expect_rc 0
for f in state.json history.jsonl; do
  check "store copy of a format-1 store gives the same $f" cmp "$FIXTURE/$f" "$TEST_DIR/v1-copy/$f"
done
run --store "$TEST_DIR/v1-copy" history --verify
expect_rc 0

# --- a format-1 store reads as it did ------------------------------------------------------
v1_store v1
export DAC_NOW=2026-03-01T00:00:00Z
snapshot_store
run list --status all --format json
expect_rc 0
expect_out_is "$(cat "$FIXTURE/expected-list.json")"
run list --status all
expect_rc 0
expect_out_is "$(cat "$FIXTURE/expected-list.txt")"
# What that dac printed, with the one field SPEC §3 has added since: each event's
# nickname. A format-1 event records none, so it is the stored one (the store
# never recorded the nickname of the revoked grant before it).
run show "Khaos Control II" --format json
expect_rc 0
expect_out_is "$(python3 -c '
import json, sys
show = json.load(open(sys.argv[1]))
def with_nickname(e):
    keys = list(e)
    keys.insert(keys.index("actor"), "nickname")
    return {k: show["nickname"] if k == "nickname" else e[k] for k in keys}
show["history"] = [with_nickname(e) for e in show["history"]]
print(json.dumps(show, indent=2, ensure_ascii=False))' "$FIXTURE/expected-show.json")"
run history --format json
expect_rc 0
expect_json_eq '[e["event"] for e in d]' \
  '["seller_added","confirmation_enabled","seller_added","granted","granted","granted","granted","confirmed","revoked","granted","confirmation_enabled","granted","confirmation_disabled","confirmation_enabled","suspended","confirmed"]'
run history --verify
expect_rc 0
expect_out_contains "16 events"
run seller list --format json
expect_rc 0
# Reads write nothing: the store stays format 1.
expect_store_unchanged
check "still format 1 after the reads" grep -q '"version": 1,' "$DAC_STORE/state.json"

# --- the first write upgrades it --------------------------------------------------------------
# On 2026-09-01 Khaos Control II (granted 2025-08-01) has expired: the write
# records its suspension (R5) after the upgrade, then its own change.
export DAC_NOW=2026-09-01T00:00:00Z
old_history=$(cat "$DAC_STORE/history.jsonl")
run confirm Feedvisor
expect_rc 0
expect_eq "version" "$(state_eval 'd["version"]')" "2"
expect_eq "a random id: 32 lower-case hex digits" \
  "$(state_eval 'bool(__import__("re").fullmatch("[0-9a-f]{32}", d["id"]))')" "true"
expect_eq "each seller has disabled_at" "$(state_eval '[("disabled_at" in s) for s in d["sellers"]]')" "[true,true]"
expect_eq "the events after the old ones" "$(events_eval '[(x["seq"], x["event"], x["developer_id"]) for x in e[16:]]')" \
  '[[17,"inventory_recorded",null],[18,"suspended","123456789012"],[19,"confirmed","222222222222"]]'
expect_eq "the old events are unchanged" "$(head -n 16 "$DAC_STORE/history.jsonl")" "$old_history"
expect_eq "the upgrade event" \
  "$(events_eval '[e[16][k] for k in ("effective_at", "recorded_at", "actor", "seller_id", "reason")]')" \
  '["2026-02-15T09:00:00Z","2026-09-01T00:00:00Z","dac","",null]'
# The inventory as loaded, before the write: Khaos Control II still active.
expect_eq "the recorded inventory" \
  "$(events_eval '[(a["developer_id"], a["nickname"], a["status"]) for a in e[16]["inventory"]["authorizations"]]')" \
  '[["111111111111","Acme own account","active"],["123456789012","Khaos Control II","active"],["222222222222","Feedvisor","active"],["444444444444","Lapsing Ltd","suspended"],["666666666666","Zeta Tools","active"]]'
expect_eq "the recorded sellers" \
  "$(events_eval '[(s["seller_id"], s["name"], s["confirmation_enabled"], s["enabled_at"]) for s in e[16]["inventory"]["sellers"]]')" \
  '[["A1B2C3D4E5F6G7","Acme Shop",true,"2025-01-01T00:00:00Z"],["Z9Y8X7W6V5U4T3","Zeta Store",true,"2025-11-01T12:00:00Z"]]'
check "no token in the history" bash -c "! grep -q 'amzn.mws' '$DAC_STORE/history.jsonl'"
run history --verify
expect_rc 0
expect_out_contains "19 events"
id=$(state_eval 'd["id"]')

# A second write: no second upgrade, the same id.
run revoke "Khaos Control II" --yes
expect_rc 0
expect_eq "one inventory_recorded event" "$(events_eval 'sum(x["event"] == "inventory_recorded" for x in e)')" "1"
expect_eq "the id is kept" "$(state_eval 'd["id"]')" "$id"
expect_eq "20 events" "$(history_lines)" "20"
run history --verify
expect_rc 0

# Grants and new sellers now carry what R12 rebuilds them from.
run grant 7777-7777-7777 --seller A1B2C3D4E5F6G7 --nickname "New Tools" --token "$TOKEN2" --at 2026-08-20
expect_rc 0
expect_eq "granted carries nickname and own" \
  "$(events_eval '[(e[-1]["event"], e[-1]["nickname"], e[-1]["own"], "last_confirmed_at" in e[-1])]')" \
  '[["granted","New Tools",false,false]]'
run seller add B0B0B0B0B0B0 --name "Bob's" --disabled
expect_rc 0
expect_eq "seller_added carries the name" "$(events_eval '[(e[-1]["event"], e[-1]["seller_name"])]')" \
  "[[\"seller_added\",\"Bob's\"]]"
run disable --seller Z9Y8X7W6V5U4T3
expect_rc 0
expect_eq "disable sets disabled_at" "$(state_eval '[s["disabled_at"] for s in d["sellers"] if s["seller_id"] == "Z9Y8X7W6V5U4T3"]')" \
  '["2026-09-01T00:00:00Z"]'
run history --verify
expect_rc 0

# --- a dry run writes nothing, so it does not upgrade -------------------------------------
v1_store v1-dry
snapshot_store
DAC_NOW=2026-09-01T00:00:00Z run confirm Feedvisor --dry-run
expect_rc 0
expect_store_unchanged

# --- a newer format is refused and never rewritten ---------------------------------------
v1_store v3
sed -i 's/"version": 1,/"version": 3,/' "$DAC_STORE/state.json"
check "the test set version 3" grep -q '"version": 3,' "$DAC_STORE/state.json"
snapshot_store
run list
expect_error 4 "store format version 3 is newer than this dac understands (2)" "upgrade dac"
DAC_NOW=2026-09-01T00:00:00Z run confirm Feedvisor
expect_error 4 "version 3"
run history --verify
expect_error 4 "version 3"
expect_store_unchanged

# --- format 2 without its id, or with a malformed one, is corrupt --------------------------
new_store v2
DAC_NOW=2026-01-01T00:00:00Z setup_store
check "a new store is format 2" grep -q '"version": 2,' "$DAC_STORE/state.json"
check "a new store has an id" grep -Eq '^	"id": "[0-9a-f]{32}",$' "$DAC_STORE/state.json"
cp "$DAC_STORE/state.json" "$TEST_DIR/v2-state.json"
sed -i '/^	"id": /d' "$DAC_STORE/state.json"
snapshot_store
run list
expect_error 4 "state.json" 'missing field "id"'
DAC_NOW=2026-02-01T00:00:00Z run grant 123456789012 --nickname X --token "$TOKEN1"
expect_error 4 'missing field "id"'
expect_store_unchanged
cp "$TEST_DIR/v2-state.json" "$DAC_STORE/state.json"
sed -i -E 's/^	"id": "[0-9a-f]{32}",$/	"id": "dac-history 1234",/' "$DAC_STORE/state.json"
run list
expect_error 4 "state.json.id" "32 lower-case hex digits"
cp "$TEST_DIR/v2-state.json" "$DAC_STORE/state.json"
sed -i -E 's/^	"id": "([0-9a-f]{32})",$/	"id": "\U\1",/' "$DAC_STORE/state.json"
run list
expect_error 4 "state.json.id"
cp "$TEST_DIR/v2-state.json" "$DAC_STORE/state.json"
sed -i '/"disabled_at": null,/d' "$DAC_STORE/state.json"
run list
expect_error 4 "state.json.sellers[0]" 'missing field "disabled_at"'

# Two stores never share an id.
new_store other
DAC_NOW=2026-01-01T00:00:00Z setup_store
other_id=$(state_eval 'd["id"]')
DAC_STORE=$TEST_DIR/v2
cp "$TEST_DIR/v2-state.json" "$DAC_STORE/state.json"
expect_eq "two stores, two ids" "$([[ $other_id != "$(state_eval 'd["id"]')" ]] && echo different)" "different"

# --- a grant recorded late on a format-1 store: the write that upgrades it reads
# the on-periods from the format-1 history (R5, R1) ---------------------------------------
# Zeta's first on-period is moved back a year (the chain recomputed, as
# forge.py does), so that a grant dated in it comes due before its disable.
v1_store v1-late
python3 "$ROOT/tests/cli/forge.py" "$DAC_STORE" \
  'events[10]["effective_at"] = "2024-08-15T00:00:00Z"' --move-head
export DAC_NOW=2026-03-01T00:00:00Z
run history --verify
expect_rc 0
run grant 777777777777 --seller Z9Y8X7W6V5U4T3 --nickname "Late V1" --token "$TOKEN3" --at 2024-09-01T00:00:00Z
expect_rc 0
expect_out_contains "suspended"
expect_eq "the write upgraded the store" "$(state_eval 'd["version"]')" "2"
expect_eq "suspended at the expiry in the period that ended, its dates then, for good" \
  "$(state_eval '[[a["status"], a["frozen_last_confirmed_at"], a["ended_at"]] for a in d["authorizations"] if a["developer_id"] == "777777777777"]')" \
  '[["suspended","2024-09-01T00:00:00Z","2025-09-01T00:00:00Z"]]'
expect_eq "after the inventory (in effect at the last event before it): the grant, then its suspension, recorded now" \
  "$(events_eval '[[x["event"], x["effective_at"], x["recorded_at"]] for x in e[-3:]]')" \
  '[["inventory_recorded","2026-02-15T09:00:00Z","2026-03-01T00:00:00Z"],["granted","2024-09-01T00:00:00Z","2026-03-01T00:00:00Z"],["suspended","2025-09-01T00:00:00Z","2026-03-01T00:00:00Z"]]'
run history --verify
expect_rc 0
expect_out_contains "history intact"
run show 777777777777 --as-of 2025-08-31T23:59:59Z --format json
expect_json_eq '[d["status"], d["expires_at"]]' '["active", "2025-09-01T00:00:00Z"]'
for t in 2025-09-01T00:00:00Z 2025-11-02T00:00:00Z 2026-03-01T00:00:00Z; do
  run show 777777777777 --as-of $t --format json
  expect_json_eq '[d["status"], d["last_confirmed_at"], d["expires_at"]]' \
    '["suspended", "2024-09-01T00:00:00Z", "2025-09-01T00:00:00Z"]'
done

# --- R13: time runs forward ---------------------------------------------------------------
new_store r13
DAC_NOW=2025-01-01T00:00:00Z setup_store --enabled-at 2025-01-01
DAC_NOW=2026-10-01T00:00:00Z must grant 123456789012 --nickname "Feedvisor" --token "$TOKEN1"
snapshot_store
DAC_NOW=2026-01-01T00:00:00Z run confirm Feedvisor
expect_error 1 \
  "dac: the clock (2026-01-01T00:00:00Z) is behind the store's last write (2026-10-01T00:00:00Z); nothing was written" \
  "dac: hint: " "DAC_NOW"
expect_store_unchanged
DAC_NOW=2026-09-30T23:59:59Z run seller add B0B0B0B0B0B0
expect_error 1 "2026-09-30T23:59:59Z" "2026-10-01T00:00:00Z"
DAC_NOW=2026-09-30T23:59:59Z run confirm Feedvisor --dry-run
expect_error 1 "behind"
expect_store_unchanged
# Reads are not writes: they answer whatever the clock says.
DAC_NOW=2026-01-01T00:00:00Z run list
expect_rc 0
# At the instant of the last write itself: allowed.
DAC_NOW=2026-10-01T00:00:00Z run confirm Feedvisor
expect_rc 0

# enable --at before the seller's last switch.
DAC_NOW=2026-10-02T00:00:00Z must disable
snapshot_store
DAC_NOW=2026-10-05T00:00:00Z run enable --at 2024-02-01
expect_error 1 "2024-02-01T00:00:00Z" "disabled at 2026-10-02T00:00:00Z" "--at 2026-10-02T00:00:00Z or later"
expect_store_unchanged
DAC_NOW=2026-10-05T00:00:00Z run enable --at 2026-10-01T23:59:59Z
expect_error 1 "2026-10-02T00:00:00Z"
DAC_NOW=2026-10-05T00:00:00Z run enable --at 2026-10-02T00:00:00Z
expect_rc 0

# The --at of a re-grant before the revocation it follows.
DAC_NOW=2026-10-06T00:00:00Z must revoke Feedvisor --yes
snapshot_store
DAC_NOW=2026-10-07T00:00:00Z run grant 123456789012 --nickname "Feedvisor again" --token "$TOKEN2" --at 2026-10-05
expect_error 1 "2026-10-05T00:00:00Z" "2026-10-06T00:00:00Z" "revocation"
expect_store_unchanged
DAC_NOW=2026-10-07T00:00:00Z run grant 123456789012 --nickname "Feedvisor again" --token "$TOKEN2" --at 2026-10-06
expect_rc 0
DAC_NOW=2026-10-07T00:00:00Z run history --verify
expect_rc 0

finish
