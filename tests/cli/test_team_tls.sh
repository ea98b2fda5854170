# TLS to the team store (SPEC §6a, docs/team.md §3): a server of its own, its
# certificate signed by a CA of its own, and dac with sslmode=verify-full. The
# right CA and host name connect, over TLS (the server's log says so); a CA
# that did not sign the certificate, or a host the certificate does not name,
# is refused before any query: exit 4, the location shown, nothing written.
source "$(dirname "$0")/lib.sh"
postgresql_only "about the team store's TLS"

TLS=$TEST_DIR/tls
mkdir -p "$TLS"
chmod 711 "$TEST_DIR" "$TLS"  # the server runs as postgres and reads its key here
(
  cd "$TLS" &&
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=dac test CA" -keyout ca.key -out ca.crt &&
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr &&
    printf 'subjectAltName=DNS:localhost\n' >san.ext &&
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile san.ext \
      -out server.crt &&
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=another CA" -keyout other.key -out other.crt &&
    chmod 600 server.key && chown postgres server.key server.crt
) >"$TLS/openssl.log" 2>&1 || { fail "openssl made the certificates: $(cat "$TLS/openssl.log")"; finish; }

# The server: a throw-away cluster of its own (pg_virtualenv, as the suite's
# own), TLS switched on once it runs; it stops when this script is done or gone.
cat >"$TLS/server.sh" <<'EOF'
set -e
psql -XAtqc "ALTER SYSTEM SET ssl = on" >/dev/null
psql -XAtqc "SELECT pg_reload_conf()" >/dev/null
for ((i = 0; i < 100; i++)); do psql "sslmode=require" -XAtqc "select 1" >/dev/null 2>&1 && break; sleep 0.1; done
printf '*:*:*:*:%s\n' "$PGPASSWORD" >"$1/pgpass" && chmod 600 "$1/pgpass"
printf '%s %s %s\n' "$PGPORT" "$PGUSER" "${PG_CLUSTER_CONF_ROOT%/*}/log" >"$1/server.tmp" && mv "$1/server.tmp" "$1/server"
while [[ ! -e $1/done ]] && kill -0 "$2" 2>/dev/null; do sleep 0.2; done
EOF
env -u PGHOST -u PGPORT -u PGUSER -u PGPASSWORD -u PGPASSFILE -u PGDATABASE -u PGSERVICE \
  pg_virtualenv -t -o "ssl_cert_file=$TLS/server.crt" -o "ssl_key_file=$TLS/server.key" -o log_connections=on \
  bash "$TLS/server.sh" "$TLS" $$ >"$TLS/cluster.log" 2>&1 &
server_pid=$!
for ((i = 0; i < 600; i++)); do [[ -e $TLS/server ]] && break; sleep 0.1; done
[[ -e $TLS/server ]] || { fail "the TLS server started: $(cat "$TLS/cluster.log")"; finish; }
read -r TLS_PORT TLS_USER TLS_LOGS <"$TLS/server"

# tls_run ARGS...: run, against the TLS server.
tls_run() { PGHOST=localhost PGPORT=$TLS_PORT PGUSER=$TLS_USER PGPASSFILE=$TLS/pgpass run "$@"; }
PGHOST=localhost PGPORT=$TLS_PORT PGUSER=$TLS_USER PGPASSFILE=$TLS/pgpass createdb -w -E UTF8 -T template0 teamtls ||
  fail "createdb on the TLS server"
GOOD="postgresql://localhost/teamtls?sslmode=verify-full&sslrootcert=$TLS/ca.crt"

tls_run --store "$GOOD" init --seller "$SELLER"
expect_rc 0
expect_err_contains "created store $GOOD"
printf '%s\n' "$TOKEN1" >"$TEST_DIR/token"
tls_run --store "$GOOD" grant 123456789012 --nickname Feedvisor --token-file "$TEST_DIR/token"
expect_rc 0
tls_run --store "$GOOD" list --format json
expect_rc 0
expect_json_eq 'd[0]["nickname"]' '"Feedvisor"'
tls_run --store "$GOOD" history --verify
expect_rc 0
expect_out_contains "history intact: 3 events verified"
check "the server saw dac connect over TLS" \
  grep -q "application_name=dac SSL enabled (protocol=TLSv1" "$TLS_LOGS"/*.log
check "and never without it" \
  bash -c "! grep 'connection authorized:.*application_name=dac' $TLS_LOGS/*.log | grep -vq 'SSL enabled'"

# A CA that did not sign the server's certificate: refused before any query.
tls_run --store "postgresql://localhost/teamtls?sslmode=verify-full&sslrootcert=$TLS/other.crt" \
  confirm 123456789012
expect_error 4 "cannot connect to the store at postgresql://localhost/teamtls?sslmode=verify-full"
expect_err_contains "certificate verify failed"
expect_err_contains "hint: check sslmode, sslrootcert and the server's certificate"
# The right CA, but an address the certificate does not name (DNS:localhost only).
tls_run --store "postgresql://127.0.0.1/teamtls?sslmode=verify-full&sslrootcert=$TLS/ca.crt" confirm 123456789012
expect_error 4 "cannot connect to the store at postgresql://127.0.0.1/teamtls"
expect_err_contains 'does not match host name "127.0.0.1"'
# Neither wrote anything: the history still ends at the grant (init records 2 events).
tls_run --store "$GOOD" history --verify
expect_out_contains "history intact: 3 events verified"

touch "$TLS/done"
wait "$server_pid"
check "the TLS server stopped and was removed" test "$?" = 0
finish
