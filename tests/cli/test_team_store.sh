# The team store (SPEC §6a): what only PostgreSQL has. Locations and their
# passwords, the errors of a server that is not there, refuses the login or
# holds no store, a newer schema, the append-only history, the head lock and
# --wait, a store in a named schema, and dac store copy both ways.
source "$(dirname "$0")/lib.sh"
postgresql_only "about the PostgreSQL store only"

DB=$(_pg_db)
setup_store --enabled-at 2025-01-01
must grant 100000000001 --nickname "Alpha" --token "$TOKEN1" --at 2026-06-01
must grant 100000000002 --nickname "Beta" --token "$TOKEN2" --at 2026-07-01

# --- a password in the location is refused, and never shown ----------------------
for location in "postgresql://tester:s3cr3t-pw@localhost/$DB" "postgresql:///$DB?password=s3cr3t-pw" \
  "postgres://tester:s3cr3t-pw@/$DB"; do
  DAC_STORE=$location run list
  expect_error 2 "holds a password" "~/.pgpass"
  expect_err_not_contains "s3cr3t-pw"
  run --store "$location" init --seller "$SELLER"
  expect_error 2 "holds a password"
  expect_err_not_contains "s3cr3t-pw"
done
snapshot_store
run store copy --to "postgresql://tester:s3cr3t-pw@localhost/${DB}_x"
expect_error 2 "holds a password"
expect_err_not_contains "s3cr3t-pw"
expect_store_unchanged

# --- the server is not there, refuses the login, or holds no store: exit 4 ------------
DAC_STORE="postgresql://127.0.0.1:1/$DB" run list
expect_error 4 "cannot connect to the store at postgresql://127.0.0.1:1/$DB" "server is running"
DAC_STORE="postgresql:///no_such_database_$DB" run confirm Alpha
expect_error 4 "does not exist" "createdb"
DAC_STORE="postgresql://nobody_$DB@/$DB" run list
expect_error 4 "cannot connect" "~/.pgpass"
new_store empty
run list
expect_error 4 "no store at $DAC_STORE" "dac init"
run confirm --all --yes
expect_error 4 "no store at" "dac init"
check "nothing was created in a database without a store" no_store
export DAC_STORE=$MAIN_STORE

# --- a newer schema is refused, never altered -------------------------------------------
new_store newer
setup_store
pg_query "UPDATE dac_head SET schema_version = 2" >/dev/null
snapshot_store
for cmd in "list" "confirm --all --yes" "history --verify"; do
  # shellcheck disable=SC2086
  run $cmd
  expect_error 4 "schema version 2" "upgrade dac"
done
expect_store_unchanged
export DAC_STORE=$MAIN_STORE

# --- init refuses a database that holds a store; a named schema holds another -------
snapshot_store
run init --seller "$SELLER2"
expect_error 1 "a store already exists"
expect_store_unchanged
SCHEMA_STORE="postgresql:///$DB?options=-csearch_path%3Dteam_b"
DAC_STORE=$SCHEMA_STORE run init --seller "$SELLER2"
expect_rc 0
DAC_STORE=$SCHEMA_STORE run seller list --format json
expect_json_eq '[s["seller_id"] for s in d]' "[\"$SELLER2\"]"
check "the second store is in schema team_b" test "$(pg_query "SELECT count(*) FROM team_b.dac_head")" = 1
run seller list --format json
expect_json_eq '[s["seller_id"] for s in d]' "[\"$SELLER\"]"

# --- the history is append-only, for dac's own role too -------------------------------
for sql in "UPDATE dac_history SET line = line || ' ' WHERE seq = 1" "DELETE FROM dac_history WHERE seq = 3" \
  "TRUNCATE dac_history"; do
  LAST_CMD="psql -c \"$sql\""
  if out=$(pg_query "$sql" 2>&1); then fail "the database allowed: $sql"; else ok; fi
  check "refused as append-only: $sql" grep -q "append-only" <<<"$out"
done
run history --verify
expect_rc 0

# --- the head lock: a writer that cannot get its turn within --wait exits 5 --------------
# psql holds the head row, as a writer on another machine would, for 4 seconds.
psql -wXAtq -d "$DB" -c "BEGIN" -c "SELECT 1 FROM dac_head FOR UPDATE" -c "SELECT pg_sleep(4)" -c "COMMIT" \
  >/dev/null 2>&1 &
holder=$!
sleep 1
snapshot_store
run confirm Alpha --wait 1s
expect_error 5 "busy" "--wait"
run confirm Alpha --wait 0s
expect_error 5 "busy"
expect_store_unchanged
# Reads do not wait for writers.
run list --format json
expect_rc 0
expect_json_eq 'len(d)' '2'
# A writer that waits long enough gets its turn.
run confirm Alpha --wait 30s
expect_rc 0
wait "$holder"

# --- a record edited by hand is refused as state.json's would be: exit 4, named, nothing written
# edited SQL EXPECTED UNDO: after SQL, `confirm Beta` (a nickname: it reads every row) refuses the
# store naming EXPECTED, and so does `list`; UNDO undoes SQL.
# (The rows move in the table when edited: the history's head, not a dump, shows nothing was written.)
edited() {
  local head
  head=$(pg_query "SELECT events || ' ' || hash FROM dac_head")
  # (As a superuser may: past the tokens' foreign key, as a hand edit of state.json is past every check.)
  pg_query "BEGIN; SET LOCAL session_replication_role = replica; $1; COMMIT" >/dev/null || fail "the edit: $1"
  run confirm "${4:-Beta}"
  expect_error 4 "$2" "hint: restore the store from a backup (pg_dump)"
  expect_err_not_contains "amzn.mws."
  run list --format json
  expect_error 4 "$2"
  pg_query "BEGIN; SET LOCAL session_replication_role = replica; $3; COMMIT" >/dev/null || fail "the undo: $3"
  check "nothing was written" test "$(pg_query "SELECT events || ' ' || hash FROM dac_head")" = "$head"
  run list
  expect_rc 0
}
edited "UPDATE dac_authorizations SET developer_id = '12345' WHERE developer_id = '100000000001'" \
  "dac_authorizations[0].developer_id: expected 12 digits (seller $SELLER)" \
  "UPDATE dac_authorizations SET developer_id = '100000000001' WHERE developer_id = '12345'"
edited "UPDATE dac_authorizations SET nickname = repeat('x', 1000) WHERE developer_id = '100000000001'" \
  "dac_authorizations[0].nickname:" \
  "UPDATE dac_authorizations SET nickname = 'Alpha' WHERE developer_id = '100000000001'"
edited "UPDATE dac_authorizations SET status = 'suspended' WHERE developer_id = '100000000002'" \
  "dac_authorizations[1].frozen_last_confirmed_at: a suspended authorization needs frozen_last_confirmed_at and ended_at (seller $SELLER, developer 100000000002)" \
  "UPDATE dac_authorizations SET status = 'active' WHERE developer_id = '100000000002'"
edited "UPDATE dac_authorizations SET expires_at = NULL WHERE developer_id = '100000000001'" \
  "dac_authorizations[0].expires_at: does not match the record's own dates and its seller's (seller $SELLER, developer 100000000001)" \
  "UPDATE dac_authorizations SET expires_at = '2027-11-26T12:00:00Z' WHERE developer_id = '100000000001'"
edited "UPDATE dac_sellers SET enabled_at = NULL" \
  "dac_sellers[0].enabled_at: confirmation is enabled but has no date (seller $SELLER)" \
  "UPDATE dac_sellers SET enabled_at = '2025-01-01T00:00:00Z'"

# --- dac store copy: JSON -> PostgreSQL -> JSON, the same store ---------------------
run list --status all --format json --reveal-tokens
original=$OUT
run history --verify --format json
head=$(json_eval 'd["head"]')
LOCAL=$TEST_DIR/local-copy
run store copy --to "$LOCAL"
expect_rc 0
expect_err_contains "to $LOCAL; its history verifies with the same head ${head//\"/}"
make_pg_location copy2
run --store "$LOCAL" store copy --to "$LOCATION"
expect_rc 0
run --store "$LOCATION" list --status all --format json --reveal-tokens
check "PostgreSQL -> JSON -> PostgreSQL lists the same, tokens too" test "$OUT" = "$original"
run --store "$LOCATION" history --verify --format json
expect_json_eq 'd["head"]' "$head"
run --store "$LOCATION" store copy --to "$TEST_DIR/back"
expect_rc 0
check "the JSON copies are the same files" diff -r "$LOCAL" "$TEST_DIR/back" -x lock
# Into a store that exists: refused, nothing changed.
snapshot_store "$LOCATION"
run store copy --to "$LOCATION"
expect_error 1 "a store already exists"
expect_store_unchanged

# --- a command reads what it needs: confirm ID and list --expiring, their rows only ------
# gen.py's store of 2,000 authorisations (every status, some due but not yet
# suspended), the same in both backends. What dac holds in memory it says
# with -v; what the server scanned, pg_stat_user_tables says: a backend's
# counts reach it as it ends, so the test waits for them to settle.
GEN_NOW=2026-06-15T12:00:00Z
python3 "$LIB_DIR/../../bench/gen.py" store "$TEST_DIR/gen" --auths 2000 --seed 7 --now "$GEN_NOW" >/dev/null ||
  fail "gen.py store"
make_pg_location scoped
SCOPED=$LOCATION
DAC_NOW=$GEN_NOW run --store "$TEST_DIR/gen" store copy --to "$SCOPED"
expect_rc 0
# scans: "SEQUENTIAL INDEX" scans of dac_authorizations so far, once no dac
# backend is left and two readings 0.1 s apart agree (up to 5 s).
scans() {
  local now last="" i
  for ((i = 0; i < 50; i++)); do
    now=$(pg_query "SELECT seq_scan, idx_scan, (SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dac')
                    FROM pg_stat_user_tables WHERE relid = 'dac_authorizations'::regclass" "$SCOPED")
    [[ $now == "$last" && $now == *"|0" ]] && break
    last=$now
    sleep 0.1
  done
  printf '%s' "${now%|*}" | tr '|' ' '
}
total=$(pg_query "SELECT count(*) FROM dac_authorizations" "$SCOPED")
# A developer at one seller only, active and far from its expiry.
dev=$(pg_query "SELECT developer_id FROM dac_authorizations GROUP BY developer_id HAVING count(*) = 1
                AND bool_and(status = 'active' AND NOT own AND greatest(authorized_at, confirmed_at) > '2025-09-01')
                ORDER BY developer_id LIMIT 1" "$SCOPED")
DAC_NOW=$GEN_NOW run --store "$SCOPED" history --format json
events_before=$(json_eval 'len(d)')
# The first confirm records every due suspension (R5), as on the JSON store.
DAC_NOW=$GEN_NOW run --store "$SCOPED" confirm "$dev"
expect_rc 0
DAC_NOW=$GEN_NOW run --store "$SCOPED" history --format json
check "confirm $dev recorded the due suspensions too ($events_before -> $(json_eval 'len(d)') events)" \
  test "$(json_eval 'len(d)')" -gt $((events_before + 1))
DAC_NOW=$GEN_NOW run --store "$TEST_DIR/gen" confirm "$dev"
expect_rc 0
# same_on_both NOW WHEN: the whole inventory, tokens too, and the history
# read at NOW are the same bytes on the JSON store and the team store.
same_on_both() {
  local args json_answer
  for args in "list --status all --format json --reveal-tokens" "history --format json"; do
    # shellcheck disable=SC2086 # the words of $args are the command's
    DAC_NOW=$1 run --store "$TEST_DIR/gen" $args
    json_answer=$OUT
    # shellcheck disable=SC2086
    DAC_NOW=$1 run --store "$SCOPED" $args
    check "$2, $args gives the same on both backends" test "$OUT" = "$json_answer"
  done
}
same_on_both "$GEN_NOW" "after confirm $dev"
# Once they are recorded, a confirm holds the developer's one row and the
# due ones (none left), found through the indexes: no scan of the table.
read -r seq_before idx_before < <(scans)
DAC_NOW=2026-06-15T13:00:00Z run --store "$SCOPED" -v confirm "$dev"
expect_rc 0
expect_err_contains "1 authorization in memory"
read -r seq_after idx_after < <(scans)
check "confirm $dev scanned no table of $total rows (seq scans $seq_before -> $seq_after)" \
  test "$seq_after" = "$seq_before"
check "confirm $dev went through the indexes (index scans $idx_before -> $idx_after)" test "$idx_after" -gt "$idx_before"
# A developer at many sellers, confirmed at one (--seller): that one row.
read -r many at_seller count < <(pg_query "SELECT developer_id, min(seller_id), count(*) FROM dac_authorizations
  WHERE status = 'active' AND NOT own GROUP BY developer_id HAVING count(*) > 2 ORDER BY count(*) DESC LIMIT 1" "$SCOPED" |
  tr '|' ' ')
DAC_NOW=2026-06-15T13:00:00Z run --store "$SCOPED" -v confirm "$many" --seller "$at_seller"
expect_rc 0
expect_err_contains "1 authorization in memory"
check "the developer is at $count sellers" test "${count:-0}" -gt 2
# list --expiring holds only the active ones that can expire by its horizon.
DAC_NOW=2026-06-15T13:00:00Z run --store "$SCOPED" -v list --expiring 30d --format json
expect_rc 0
pg_answer=$OUT
held=$(sed -n 's/^dac: debug: \([0-9]*\) authorizations in memory, the part.*/\1/p' "$ERR_FILE")
check "list --expiring 30d held ${held:-?} of $total authorizations" test "${held:-$total}" -lt $((total / 10))
DAC_NOW=2026-06-15T13:00:00Z run --store "$TEST_DIR/gen" confirm "$dev"
expect_rc 0
DAC_NOW=2026-06-15T13:00:00Z run --store "$TEST_DIR/gen" confirm "$many" --seller "$at_seller"
expect_rc 0
DAC_NOW=2026-06-15T13:00:00Z run --store "$TEST_DIR/gen" list --expiring 30d --format json
check "list --expiring 30d gives the same on both backends ($(json_eval 'len(d)') records)" test "$OUT" = "$pg_answer"
# The other writes by developer ID hold that developer's records only, and
# show by developer ID reads its records only; confirm --all --expiring holds
# what expires by its horizon. Each leaves both backends the same.
T=2026-06-15T14:00:00Z
# in_both HELD ARGS...: ARGS on the team store with -v (exit 0, HELD in
# memory), then on the JSON store (exit 0).
in_both() {
  local held=$1
  shift
  DAC_NOW=$T run --store "$SCOPED" -v "$@"
  expect_rc 0
  expect_err_contains "$held in memory"
  DAC_NOW=$T run --store "$TEST_DIR/gen" "$@"
  expect_rc 0
}
suspended=$(pg_query "SELECT developer_id FROM dac_authorizations GROUP BY developer_id HAVING count(*) = 1
                      AND bool_and(status = 'suspended') ORDER BY developer_id LIMIT 1" "$SCOPED")
dev_seller=$(pg_query "SELECT seller_id FROM dac_authorizations WHERE developer_id = '$dev'" "$SCOPED")
new_dev=999988887777
check "gen.py's store has a suspended developer and no $new_dev" test -n "$suspended" -a \
  "$(pg_query "SELECT count(*) FROM dac_authorizations WHERE developer_id = '$new_dev'" "$SCOPED")" = 0
read -r seq_before _ < <(scans)
in_both "1 authorization" restore "$suspended" --reason "scoped"
in_both "1 authorization" revoke "$dev" --yes
in_both "1 authorization" grant "$dev" --seller "$dev_seller" --nickname "Granted again" --token "$TOKEN1"
in_both "1 authorization" grant "$new_dev" --seller "$dev_seller" --nickname "Brand new" --token "$TOKEN2"
in_both "1 authorization" show "$new_dev"
read -r seq_after _ < <(scans)
check "restore, revoke, grant and show scanned no table (seq scans $seq_before -> $seq_after)" \
  test "$seq_after" = "$seq_before"
check "the new grant went after the last row" test "$(pg_query "SELECT bool_and(position = (SELECT max(position)
  FROM dac_authorizations)) FROM dac_authorizations WHERE developer_id = '$new_dev'" "$SCOPED")" = t
DAC_NOW=$T run --store "$SCOPED" -v confirm --all --expiring 30d --yes
expect_rc 0
confirmed=$(sed -n 's/^dac: debug: recorded \([0-9]*\) events;.*/\1/p' "$ERR_FILE")
held=$(sed -n 's/^dac: debug: recorded .*; \([0-9]*\) authorizations in memory$/\1/p' "$ERR_FILE")
check "confirm --all --expiring 30d confirmed ${confirmed:-?}, holding ${held:-?} of $total authorizations" \
  test "${confirmed:-0}" -gt 1 -a "${held:-$total}" -lt $((total / 10))
DAC_NOW=$T run --store "$TEST_DIR/gen" confirm --all --expiring 30d --yes
expect_rc 0
same_on_both "$T" "after these writes"
# Asked for all of it, a command holds all of it (the new grant too).
DAC_NOW=$T run --store "$SCOPED" -v list --status all --format json
expect_err_contains "$((total + 1)) authorizations in memory"
expect_err_not_contains "the part"

finish
