# Helpers for the dac notify end-to-end tests, sourced after lib.sh: local
# webhook and SMTP servers on 127.0.0.1 (started here, stopped on exit), the
# secret files dac reads, and the requests the servers recorded.

NOTIFY_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../notify" && pwd)
# The SMTP server needs Debian's python3-aiosmtpd, installed for /usr/bin/python3.
if [[ -x /usr/bin/python3 ]]; then PY=/usr/bin/python3; else PY=python3; fi
# The dac-send helper is built next to dac; the tests run the real one.
DAC_SEND=$(dirname "$DAC")/dac-send

SERVER_PIDS=()
stop_servers() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${SERVER_PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  SERVER_PIDS=()
}
trap 'stop_servers; chmod -R u+rwx "$TEST_DIR" 2>/dev/null; rm -rf "$TEST_DIR"' EXIT

# No config file of the user's leaks in.
export XDG_CONFIG_HOME=$TEST_DIR/config
export HOME=$TEST_DIR/home
mkdir -p "$HOME"

# _wait_port FILE: waits up to 15 s for a server to write its port.
_wait_port() {
  local i
  for ((i = 0; i < 150; i++)); do
    [[ -s $1 ]] && { cat "$1"; return 0; }
    sleep 0.1
  done
  echo "server did not start: $1" >&2
  return 1
}

# start_http_server [NAME [ARGS...]]: a webhook receiver (HTTPS with --cert
# FILE --key FILE); sets HTTP_PORT, HTTP_LOG, HTTP_BASE.
start_http_server() {
  local name=${1:-http} scheme=http
  shift || true
  [[ " $* " == *" --cert "* ]] && scheme=https
  HTTP_LOG=$TEST_DIR/$name.log
  # Its stderr (tracebacks of refused TLS handshakes, by design) stays out of the test output.
  "$PY" "$NOTIFY_DIR/http_server.py" --port-file "$TEST_DIR/$name.port" --log "$HTTP_LOG" "$@" 2>"$TEST_DIR/$name.stderr" &
  SERVER_PIDS+=($!)
  HTTP_PORT=$(_wait_port "$TEST_DIR/$name.port") || { fail "HTTP server $name started"; finish; }
  HTTP_BASE=$scheme://127.0.0.1:$HTTP_PORT
}

# start_smtp_server NAME [ARGS...]: an SMTP server; sets SMTP_PORT and SMTP_LOG.
start_smtp_server() {
  local name=$1
  shift
  SMTP_LOG=$TEST_DIR/smtp-$name.log
  # Its stderr (tracebacks of refused TLS handshakes, by design) stays out of the test output.
  "$PY" "$NOTIFY_DIR/smtp_server.py" --port-file "$TEST_DIR/smtp-$name.port" --log "$SMTP_LOG" "$@" 2>"$TEST_DIR/smtp-$name.stderr" &
  SERVER_PIDS+=($!)
  SMTP_PORT=$(_wait_port "$TEST_DIR/smtp-$name.port") || { fail "SMTP server $name started"; finish; }
}

# make_cert: a self-signed certificate for 127.0.0.1 in $TEST_DIR/cert.pem, key.pem.
make_cert() {
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TEST_DIR/key.pem" -out "$TEST_DIR/cert.pem" \
    -days 2 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" >/dev/null 2>&1 ||
    { fail "openssl made a certificate"; finish; }
}

# run_without_ca_bundle ARGS...: runs dac (like run) as on a system that has no
# CA certificates where libcurl looks for them (a minimal Debian without
# ca-certificates): an LD_PRELOAD shim (tests/fault/hide_files.cpp) makes the
# bundle and its folder absent for dac and dac-send. Sets CA_BUNDLE.
HIDE_SHIM=$(dirname "$DAC")/tests/fault/libdac_hide_files.so
run_without_ca_bundle() {
  local bundle
  bundle=$(curl-config --ca 2>/dev/null)
  [[ -n $bundle ]] || bundle=/etc/ssl/certs/ca-certificates.crt
  CA_BUNDLE=$bundle
  [[ -f $HIDE_SHIM ]] || { fail "the shim that hides files is built: $HIDE_SHIM"; return; }
  # A sanitizer build wants its runtime first; the shim only wraps libc calls.
  run_cmd env LD_PRELOAD="$HIDE_SHIM" DAC_HIDE_PATHS="$bundle:$(dirname "$bundle")" \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" "$DAC" "$@"
}

# secret_file NAME TEXT: a private (0600) file holding TEXT; prints its path.
secret_file() {
  local path=$TEST_DIR/$1
  (umask 077 && printf '%s\n' "$2" >"$path")
  printf '%s' "$path"
}

# http_requests PATH_PART EXPR: evaluates a Python expression over `r`, the
# recorded requests whose path contains PATH_PART (in arrival order), and
# prints it as compact JSON. slack_items(BODY) gives the items of a Slack
# payload (its rich_text blocks), each as its lines of text.
http_requests() {
  "$PY" - "$HTTP_LOG" "$1" "$2" <<'PY'
import json, sys
def slack_items(body):
    return ["".join(e["text"] for s in b["elements"] for e in s["elements"]).split("\n")
            for b in json.loads(body)["blocks"] if b["type"] == "rich_text"]
r = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
r = [x for x in r if sys.argv[2] in x["path"]]
try:
    print(json.dumps(eval(sys.argv[3]), ensure_ascii=False, separators=(",", ":")))
except Exception as e:
    print(f"<{type(e).__name__}: {e}>")
PY
}

# smtp_messages EXPR: the same over `m`, the messages the SMTP server recorded;
# raw(x) is a message's bytes, mail(x) those parsed strictly by Python's email
# (policy.default, which records every defect it finds).
smtp_messages() {
  "$PY" - "$SMTP_LOG" "$1" <<'PY'
import base64, email, email.policy, json, sys
def raw(x):
    return base64.b64decode(x["raw"])
def mail(x):
    return email.message_from_bytes(raw(x), policy=email.policy.default)
m = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
try:
    print(json.dumps(eval(sys.argv[2]), ensure_ascii=False, separators=(",", ":")))
except Exception as e:
    print(f"<{type(e).__name__}: {e}>")
PY
}

# expect_eq WHAT GOT WANT: a JSON value compared as JSON.
expect_eq() {
  local want
  want=$("$PY" -c 'import json,sys; print(json.dumps(json.loads(sys.argv[1]), ensure_ascii=False, separators=(",", ":")))' "$3" 2>&1)
  if [[ $2 == "$want" ]]; then ok; else fail "$1" "$want" "$2"; fi
}

# store_json EXPR: evaluates EXPR over `s`, the parsed state.json (or the
# team store's tables as its JSON).
store_json() {
  open_state
  "$PY" -c 'import json,sys; s=json.load(open(sys.argv[1])); print(json.dumps(eval(sys.argv[2]), separators=(",", ":")))' \
    "$STATE_FILE" "$1"
}
