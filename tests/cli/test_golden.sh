# Every command on a large generated store gives exactly the output it gave
# before the read and write paths were made fast (issue 6): stdout, stderr,
# exit code, and for writes the bytes of state.json and history.jsonl after.
#
# The store (10,000 authorisations, every state, its full history) comes from
# bench/gen.py with a fixed seed; tests/cli/golden/store10k.txt holds what the
# nlohmann-based code printed for each case. Small outputs are kept as text,
# large ones as SHA-256 and size. To re-record after an intended change:
#   GOLDEN_UPDATE=1 bash tests/cli/test_golden.sh build/dac
# and review the diff of the golden file.
#
# On PostgreSQL (cli-pg.test_golden) the same cases run against copies of the
# store in the team store (dac store copy), and must give the same bytes: the
# writes' state.json and history.jsonl are those of a JSON copy made after
# each. The cases about damaged JSON files are the JSON run's only.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/lib.sh"

GOLDEN=$ROOT/tests/cli/golden/store10k.txt
GEN=$ROOT/bench/gen.py
export DAC_NOW=2026-06-15T12:00:00Z
unset DAC_STORE

BASE=$TEST_DIR/base
python3 "$GEN" store "$BASE" --auths 10000 --seed 7 || { echo "bench/gen.py failed" >&2; exit 1; }
python3 "$GEN" sellers "$TEST_DIR/sellers" --auths 10000 --seed 8 || exit 1
python3 "$GEN" csv "$TEST_DIR/import.csv" --auths 10000 --seed 8 || exit 1

# Targets picked from the generated state (the same every run).
eval "$(python3 - "$BASE/state.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
sellers = {x["seller_id"]: x for x in s["sellers"]}
auths = s["authorizations"]
def first(pred):
    return next(a for a in auths if pred(a))
active = first(lambda a: a["status"] == "active" and not a["own"] and sellers[a["seller_id"]]["confirmation_enabled"])
susp = first(lambda a: a["status"] == "suspended")
rev = first(lambda a: a["status"] == "revoked")
own = first(lambda a: a["own"] and a["status"] == "active")
off = next(x for x in s["sellers"] if not x["confirmation_enabled"])
print(f"ACT_S={active['seller_id']} ACT_D={active['developer_id']}")
print(f"SUS_S={susp['seller_id']} SUS_D={susp['developer_id']}")
print(f"REV_S={rev['seller_id']} REV_D={rev['developer_id']}")
print(f"OWN_S={own['seller_id']} OFF_S={off['seller_id']}")
EOF
)"

ACTUAL=$TEST_DIR/actual.txt
: >"$ACTUAL"

# in_backend NAME DIR: where the cases find the JSON store DIR on this
# backend: DIR itself, or a team store copied from it.
in_backend() {
  if on_json; then
    printf '%s' "$2"
    return
  fi
  make_pg_location "golden_$1"
  "$DAC" --store "$2" store copy --to "$LOCATION" >/dev/null 2>&1 || { echo "store copy into $LOCATION failed" >&2; exit 1; }
  printf '%s' "$LOCATION"
}
BASE_STORE=$(in_backend base "$BASE")
writes=0

# Prints a captured stream: as text when small, else as a digest.
_stream() {
  local name=$1 file=$2 size
  sed -i "s#$TEST_DIR#TMP#g" "$file"
  size=$(stat -c %s "$file")
  if ((size <= 1500)); then
    sed "s/^/$name| /" "$file"
    [[ -z $(tail -c1 "$file") ]] || printf '\n%s| (no newline at end)\n' "$name"
  else
    printf '%s: sha256 %s, %d bytes, %d lines\n' "$name" "$(sha256sum <"$file" | cut -d' ' -f1)" "$size" \
      "$(wc -l <"$file")"
  fi
}

# case NAME STORE_MODE ARGS...: runs dac on a store and records what it did.
#   STORE_MODE: read (the shared store, which must not change), write (a
#   fresh copy, whose files are recorded after), or a path (a prepared store).
case_() {
  local name=$1 mode=$2 store
  shift 2
  case $mode in
    read) store=$BASE_STORE ;;
    write)
      store=$TEST_DIR/w
      rm -rf "$store"
      cp -a "$BASE" "$store"
      writes=$((writes + 1))
      on_json || store=$(in_backend "w$writes" "$store")
      ;;
    *) store=$mode ;;
  esac
  LAST_CMD="dac --store $store $(_quote_args "$@")"
  "$DAC" --store "$store" "$@" >"$OUT_FILE" 2>"$ERR_FILE" </dev/null
  RC=$?
  {
    printf '== %s\n' "$name"
    printf 'args: %s\n' "$(_quote_args "$@" | sed "s#$TEST_DIR#TMP#g")"
    printf 'exit: %s\n' "$RC"
    _stream stdout "$OUT_FILE"
    _stream stderr "$ERR_FILE"
    if [[ $mode != read ]]; then
      local f files=$store
      if ! on_json; then
        files=$TEST_DIR/files
        rm -rf "$files"
        "$DAC" --store "$store" store copy --to "$files" >/dev/null 2>&1 || echo "store copy of $store failed"
      fi
      # The store's id (format 2) is random: its value is left out of the digest.
      for f in state.json history.jsonl; do
        printf '%s: sha256 %s, %d bytes\n' "$f" \
          "$(sed -E 's/^\t"id": "[0-9a-f]{32}",$/\t"id": "(random)",/' "$files/$f" | sha256sum | cut -d' ' -f1)" \
          "$(stat -c %s "$files/$f")"
      done
    fi
  } >>"$ACTUAL"
}

BASE_PRINT=$(store_fingerprint "$BASE_STORE")

# --- reads
case_ list read list
case_ list-json read list --format json
case_ list-csv read list --format csv
case_ list-all-json read list --status all --format json
case_ list-expiring-json read list --expiring 30d --format json
case_ list-expiring-table read list --expiring 30d
case_ list-expiring-csv read list --expiring 2mo --format csv
case_ list-expired-csv read list --expired --format csv
case_ list-as-of read list --as-of 2026-12-25 --status suspended --format json
case_ list-revoked read list --status revoked
case_ list-active-json read list --status active --format json
case_ list-sort-nickname read list --sort nickname
case_ list-sort-confirmed read list --sort confirmed --format csv --reveal-tokens
case_ list-sort-status read list --sort status --status all --format json
case_ list-seller read list --seller "$ACT_S" --format json
case_ list-developer read list --developer 100000000001 --format json
case_ list-own read list --own
case_ list-no-own read list --no-own --format csv
case_ list-color read list --color always --expiring 14d
case_ list-unknown-seller read list --seller ZZZZZZZZZZZZ
case_ show-active read show "$ACT_D" --seller "$ACT_S"
case_ show-suspended read show "$SUS_D" --seller "$SUS_S" --format json
case_ show-revoked read show "$REV_D" --seller "$REV_S"
case_ show-ambiguous read show Linnworks
case_ show-missing read show 999999999999
case_ history read history
case_ history-json read history --format json
case_ history-csv read history --format csv
case_ history-target read history "$ACT_D" --seller "$ACT_S"
case_ history-since read history --since 2026-06-01 --format json
case_ history-verify read history --verify
case_ seller-list read seller list
case_ seller-list-json read seller list --format json
case_ credentials read credentials --seller "$OWN_S"
case_ check read check --warn 30d --crit 7d
case_ check-seller read check --warn 60d --crit 14d --seller "$ACT_S"
case_ metrics read metrics

SAME=$(store_fingerprint "$BASE_STORE")
if [[ $SAME == "$BASE_PRINT" ]]; then ok; else LAST_CMD="(the read cases)"; fail "a read command changed the store"; fi

# --- writes, each on a fresh copy
case_ confirm write confirm "$ACT_D" --seller "$ACT_S"
case_ confirm-all write confirm --all --expiring 30d --yes
case_ confirm-dry-run write confirm --all --dry-run
case_ confirm-suspended write confirm "$SUS_D" --seller "$SUS_S"
case_ revoke write revoke "$ACT_D" --seller "$ACT_S" --yes --reason "contract ended"
case_ restore write restore "$SUS_D" --seller "$SUS_S"
case_ grant write grant 123412341234 --seller "$ACT_S" --nickname "Golden Tools" \
  --token amzn.mws.0a0b0c0d-1e1f-2a2b-3c3d-4e4f5a5b5c5d --at 2026-01-02
case_ disable write disable --seller "$ACT_S"
case_ enable write enable --seller "$OFF_S" --at 2026-06-01
case_ seller-add write seller add GOLDEN0000001 --name "Golden & Co" --enabled-at 2026-01-01
rm -rf "$TEST_DIR/imp"
cp -a "$TEST_DIR/sellers" "$TEST_DIR/imp"
IMP=$(in_backend imp "$TEST_DIR/imp")
case_ import "$IMP" import "$TEST_DIR/import.csv"
case_ import-again "$IMP" import "$TEST_DIR/import.csv"
case_ import-skip "$IMP" import "$TEST_DIR/import.csv" --skip-existing
case_ list-imported "$IMP" list --status all --format json
case_ verify-imported "$IMP" history --verify

if ! on_json; then
  # The rest is about JSON files; the comparison below leaves those cases out.
  JSON_ONLY_FROM=cut-state
fi

# --- damaged stores: the same errors, with file and position
if on_json; then
damaged() {
  rm -rf "$TEST_DIR/d"
  cp -a "$BASE" "$TEST_DIR/d"
  python3 -c 'import sys
p = sys.argv[1] + "/" + sys.argv[2]
t = open(p, encoding="utf-8").read()
open(p, "w", encoding="utf-8").write(eval(sys.argv[3])(t))' "$TEST_DIR/d" "$@"
}
damaged state.json 'lambda t: t[: len(t) // 2]'
case_ cut-state "$TEST_DIR/d" list
damaged state.json 'lambda t: t.replace("\"developer_id\": \"", "\"developer_id\": \"x", 5000).replace("\"developer_id\": \"x", "\"developer_id\": \"", 4999)'
case_ bad-developer "$TEST_DIR/d" list
damaged state.json 'lambda t: t.replace("\"version\": 1", "\"version\": 3")'
case_ newer-version "$TEST_DIR/d" confirm "$ACT_D" --seller "$ACT_S"
damaged state.json 'lambda t: t.replace("\"status\": \"active\"", "\"status\": \"paused\"", 777).replace("\"status\": \"paused\"", "\"status\": \"active\"", 776)'
case_ bad-status "$TEST_DIR/d" list --format json
damaged state.json 'lambda t: t.replace("amzn.mws.", "amzn.mws.X", 1)'
case_ bad-token "$TEST_DIR/d" list
damaged state.json 'lambda t: t.replace("\t\t\t\"own\": false,\n", "", 1)'
case_ missing-field "$TEST_DIR/d" list
damaged state.json 'lambda t: t.replace("\"own\": false", "\"own\": fals", 1)'
case_ bad-literal "$TEST_DIR/d" list
damaged history.jsonl 'lambda t: t.replace("\"actor\":\"alice\"", "\"actor\":\"mallory\"", 3).replace("\"actor\":\"mallory\"", "\"actor\":\"alice\"", 2)'
case_ tampered-history "$TEST_DIR/d" history --verify
damaged history.jsonl 'lambda t: "".join(l for i, l in enumerate(t.splitlines(True)) if i != 5000)'
case_ removed-event "$TEST_DIR/d" history --verify
damaged history.jsonl 'lambda t: t.replace("\"seq\":123}", "\"seq\":123 }", 1)'
case_ reformatted-event "$TEST_DIR/d" history --verify
damaged history.jsonl 'lambda t: t.replace("\"seq\":9}", "\"seq\":9", 1)'
case_ broken-event "$TEST_DIR/d" history --verify
fi

if [[ ${GOLDEN_UPDATE:-} == 1 ]]; then
  mkdir -p "$(dirname "$GOLDEN")"
  cp "$ACTUAL" "$GOLDEN"
  echo "recorded $GOLDEN"
  ok
  finish
fi

# One assertion per case, so a failure names it and shows its diff.
# (On PostgreSQL, the golden file's cases from JSON_ONLY_FROM on are the JSON run's.)
python3 - "$GOLDEN" "$ACTUAL" "$TEST_DIR" "${JSON_ONLY_FROM:-}" >"$TEST_DIR/compare.txt" <<'EOF'
import difflib, sys
def cases(path):
    out, name = {}, None
    for line in open(path, encoding="utf-8"):
        if line.startswith("== "):
            name = line[3:].rstrip("\n")
            out[name] = []
        out[name].append(line)
    return out
want, got = cases(sys.argv[1]), cases(sys.argv[2])
if sys.argv[4]:
    names = list(want)
    want = {n: want[n] for n in names[: names.index(sys.argv[4])]}
for i, name in enumerate(list(want) + [n for n in got if n not in want]):
    w, g = want.get(name, []), got.get(name, [])
    if w == g:
        print(f"ok\t{name}\t")
    else:
        path = f"{sys.argv[3]}/diff.{i}.txt"
        open(path, "w", encoding="utf-8").writelines(difflib.unified_diff(w, g, "golden", "actual", n=1))
        print(f"fail\t{name}\t{path}")
EOF
while IFS=$'\t' read -r verdict name diff; do
  LAST_CMD="golden case $name"
  if [[ $verdict == ok ]]; then ok; else fail "differs from tests/cli/golden/store10k.txt" "(see the diff)" "$(cat "$diff")"; fi
done <"$TEST_DIR/compare.txt"
finish
