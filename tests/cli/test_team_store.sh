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

finish
