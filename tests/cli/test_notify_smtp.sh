# dac notify by e-mail: RFC 5322 headers, recipients, body, STARTTLS (required
# unless --smtp-insecure), smtps://, a private CA, login, and a failed channel
# beside a delivered one.
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
source "$HERE/notify_lib.sh"

PASSWORD='S3cret-Passw0rd-42'
# scenario NAME: a fresh store, now 2026-11-26T12:00:00Z, with two reminders due:
# Alpha (30d) and Bêta (7d).
scenario() {
  new_store "$1"
  setup_store --enabled-at 2025-01-01
  must grant 100000000001 --nickname "Alpha" --token "$TOKEN1" --at 2025-12-20T12:00:00Z
  must grant 100000000002 --nickname "Bêta Ünïcode" --token "$TOKEN2" --at 2025-11-28T12:00:00Z
}

make_cert
start_smtp_server tls --cert "$TEST_DIR/cert.pem" --key "$TEST_DIR/key.pem" --require-starttls --auth "dacuser:$PASSWORD"
TLS_PORT=$SMTP_PORT
TLS_LOG=$SMTP_LOG
start_smtp_server plain --fail 1:451
PLAIN_PORT=$SMTP_PORT
PLAIN_LOG=$SMTP_LOG
start_smtp_server smtps --cert "$TEST_DIR/cert.pem" --key "$TEST_DIR/key.pem" --implicit-tls
SMTPS_PORT=$SMTP_PORT
SMTPS_LOG=$SMTP_LOG
pass_file=$(secret_file smtp.pass "$PASSWORD")
mail=(--from "dac <dac@example.com>" --to ops@example.com --to owner@example.org)

scenario s1
# --- usage ---------------------------------------------------------------------------
run notify --smtp "smtp://127.0.0.1:$TLS_PORT" --to ops@example.com
expect_error 2 "e-mail needs a sender: --from"
run notify --smtp "smtp://127.0.0.1:$TLS_PORT" --from dac@example.com
expect_error 2 "at least one recipient: --to"
run notify --smtp "smtp://127.0.0.1:$TLS_PORT" --from dac@example.com --to "not an address"
expect_error 2 "--to 'not an address' is not an e-mail address"
run notify --smtp "smtp://dacuser:$PASSWORD@127.0.0.1:$TLS_PORT" "${mail[@]}"
expect_error 2 "must not hold a user name or password" "--smtp-password-file"
expect_err_not_contains "$PASSWORD"
run notify --smtp "http://127.0.0.1:$TLS_PORT" "${mail[@]}"
expect_error 2 "smtp:// or smtps://"
run notify --to ops@example.com
expect_error 2 "need an SMTP server: --smtp URL"
chmod 644 "$pass_file"
run notify --smtp "smtp://127.0.0.1:$TLS_PORT" --smtp-user dacuser --smtp-password-file "$pass_file" "${mail[@]}"
expect_error 2 "chmod 600 $pass_file"
expect_err_not_contains "$PASSWORD"
chmod 600 "$pass_file"

# --- dry run: the exact e-mail, CRLF line endings ------------------------------------
snapshot_store
run notify --smtp "smtp://127.0.0.1:$TLS_PORT" --smtp-user dacuser --smtp-password-file "$pass_file" "${mail[@]}" --dry-run
expect_rc 0
expect_out_contains "=== e-mail via smtp://127.0.0.1:$TLS_PORT: 2 reminders"
expect_out_contains "MAIL FROM:<dac@example.com>"
expect_out_contains "RCPT TO:<owner@example.org>"
expect_out_contains $'Subject: dac: 2 developer authorizations expire soon\r\n'
expect_out_contains $'To: ops@example.com, owner@example.org\r\n'
expect_out_not_contains "$PASSWORD"
expect_store_unchanged
check "a dry run sends no mail" test "$(SMTP_LOG=$TLS_LOG smtp_messages 'len(m)')" = 0

# --- STARTTLS is required; the certificate is checked -----------------------------------
run notify --smtp "smtp://127.0.0.1:$TLS_PORT" --smtp-user dacuser --smtp-password-file "$pass_file" "${mail[@]}" --retry-delay 0s
expect_rc 6
expect_err_contains "delivery failed: e-mail via smtp://127.0.0.1:$TLS_PORT"
expect_err_contains "to trust a private CA, use --smtp-ca-file"
expect_err_not_contains "$PASSWORD"
expect_store_unchanged

run notify --smtp "smtp://127.0.0.1:$PLAIN_PORT" "${mail[@]}" --retry-delay 0s
expect_rc 6
expect_err_contains "the server does not offer STARTTLS"
expect_store_unchanged
check "no mail went out in clear text" test "$(SMTP_LOG=$PLAIN_LOG smtp_messages 'len(m)')" = 0

run notify --smtp "smtp://127.0.0.1:$TLS_PORT" "${mail[@]}" --smtp-insecure --retry-delay 0s
expect_rc 6
expect_err_contains "SMTP 530"
expect_store_unchanged

bad_pass=$(secret_file bad.pass "wrong-$PASSWORD")
run notify --smtp "smtp://127.0.0.1:$TLS_PORT" --smtp-user dacuser --smtp-password-file "$bad_pass" --smtp-ca-file "$TEST_DIR/cert.pem" "${mail[@]}" --retry-delay 0s
expect_rc 6
expect_err_contains "SMTP 535"
expect_err_contains "(not retried)"
expect_err_not_contains "$PASSWORD"
expect_store_unchanged
check "no mail with a wrong password" test "$(SMTP_LOG=$TLS_LOG smtp_messages 'len(m)')" = 0

# --- delivered: headers, recipients, body ----------------------------------------------
run notify --smtp "smtp://127.0.0.1:$TLS_PORT" --smtp-user dacuser --smtp-password-file "$pass_file" \
  --smtp-ca-file "$TEST_DIR/cert.pem" "${mail[@]}" -v
expect_rc 0
expect_out_empty
expect_err_contains "sent 2 reminders by e-mail via smtp://127.0.0.1:$TLS_PORT"
expect_err_not_contains "$PASSWORD"
SMTP_LOG=$TLS_LOG
expect_eq "one message" "$(smtp_messages 'len(m)')" 1
expect_eq "envelope, over TLS, logged in" "$(smtp_messages '[m[0]["mail_from"], m[0]["rcpt_tos"], m[0]["tls"], m[0]["login"]]')" \
  '["dac@example.com", ["ops@example.com", "owner@example.org"], true, "dacuser"]'
expect_eq "headers" "$(smtp_messages '[(k, v) for k, v in __import__("email").message_from_string(m[0]["data"]).items() if k != "Message-ID"]')" \
  '[["Date", "Thu, 26 Nov 2026 12:00:00 +0000"], ["From", "dac <dac@example.com>"], ["To", "ops@example.com, owner@example.org"],
    ["Subject", "dac: 2 developer authorizations expire soon"], ["MIME-Version", "1.0"], ["Content-Type", "text/plain; charset=utf-8"],
    ["Content-Transfer-Encoding", "quoted-printable"], ["Auto-Submitted", "auto-generated"]]'
expect_eq "a Message-ID at the sender's domain" \
  "$(smtp_messages 'bool(__import__("re").fullmatch(r"<[0-9a-f]{32}\.dac@example\.com>", __import__("email").message_from_string(m[0]["data"])["Message-ID"]))')" 'true'
expect_eq "CRLF line endings only" "$(smtp_messages '[m[0]["data"].count("\n") > 10, m[0]["data"].count("\n") == m[0]["data"].count("\r\n")]')" '[true, true]'
# Issue 13 item 4 changed the body from 8bit to quoted-printable: it is compared decoded.
expect_eq "body" "$(smtp_messages '[l for l in mail(m[0]).get_content().splitlines() if l.strip()]')" \
  '["Developer Access Confirmation: 2 authorizations need attention (as of 2026-11-26 12:00 UTC).",
    "Expiring soon: confirm them to keep access for another 12 months.",
    "- Bêta Ünïcode (developer 100000000002, seller A1B2C3D4E5F6G7)",
    "  expires 2026-11-28 12:00 UTC, in 2 days (7d reminder)",
    "  fix: dac confirm 100000000002 --seller A1B2C3D4E5F6G7",
    "- Alpha (developer 100000000001, seller A1B2C3D4E5F6G7)",
    "  expires 2026-12-20 12:00 UTC, in 24 days (30d reminder)",
    "  fix: dac confirm 100000000001 --seller A1B2C3D4E5F6G7",
    "Sent by dac notify."]'
check "no token in the mail" test "$(smtp_messages '"amzn.mws" in m[0]["data"]')" = false
run history --format json
expect_eq "reminded by email" "$(json_eval '[[e["developer_id"], e["channel"], e["milestone"]] for e in d if e["event"] == "reminded"]')" \
  '[["100000000002", "email", "7d"], ["100000000001", "email", "30d"]]'

# --- retries: a 451 is transient ------------------------------------------------------
scenario s2
run notify --smtp "smtp://127.0.0.1:$PLAIN_PORT" "${mail[@]}" --smtp-insecure --retry-delay 0s -v
expect_rc 0
expect_err_contains "attempt 1 failed: SMTP 451"
expect_err_contains "sent 2 reminders by e-mail"
SMTP_LOG=$PLAIN_LOG
expect_eq "451, then delivered in clear text as allowed" "$(smtp_messages '[(x["answer"], x["tls"]) for x in m]')" '[[451, false], [250, false]]'

# --- smtps:// and settings from the config file --------------------------------------
scenario s3
mkdir -p "$XDG_CONFIG_HOME/dac"
cat >"$XDG_CONFIG_HOME/dac/config.toml" <<EOF
# dac notify settings
[notify]
at = ["30d", "7d", "1d"]

[smtp]
url = "smtps://127.0.0.1:$SMTPS_PORT"
from = "dac@example.com"
to = ["ops@example.com"]
ca_file = "$TEST_DIR/cert.pem"
EOF
chmod 600 "$XDG_CONFIG_HOME/dac/config.toml"
run notify -q
expect_rc 0
expect_err_empty
SMTP_LOG=$SMTPS_LOG
expect_eq "smtps: TLS from the start" "$(smtp_messages '[(x["tls"], x["rcpt_tos"]) for x in m]')" '[[true, ["ops@example.com"]]]'
rm "$XDG_CONFIG_HOME/dac/config.toml"

# --- non-ASCII names: RFC 2047 headers, a quoted-printable body, no defect -----------
# (issue 13 item 4) Python's email parser, strict (policy.default), on the bytes
# the server received: no defect on the message or any header, and the decoded
# From, To, Subject and body are the Unicode text dac meant.
scenario s5
LONG_FROM="Rappels dac Ünïcödé pour l'équipe des opérations de Café Zürich"
intl=(--from "dac Ünï <dac@example.com>" --to "Ops Tëam <ops@example.com>" --to "$LONG_FROM <ops2@example.org>" --to plain@example.com)
run notify --smtp "smtps://127.0.0.1:$SMTPS_PORT" --smtp-ca-file "$TEST_DIR/cert.pem" "${intl[@]}"
expect_rc 0
SMTP_LOG=$SMTPS_LOG
expect_eq "parsed strictly: no defect; names, subject and body as meant" "$(smtp_messages '{
    "defects": [(k, repr(d)) for k, ds in [("message", mail(m[-1]).defects)] + [(k, v.defects) for k, v in mail(m[-1]).items()] for d in ds],
    "from": [(a.display_name, a.addr_spec) for a in mail(m[-1])["From"].addresses],
    "to": [(a.display_name, a.addr_spec) for a in mail(m[-1])["To"].addresses],
    "subject": str(mail(m[-1])["Subject"]),
    "type": [mail(m[-1]).get_content_type(), mail(m[-1]).get_content_charset(), mail(m[-1])["Content-Transfer-Encoding"]],
    "body": mail(m[-1]).get_content().splitlines()[2:5]}')" \
  '{"defects": [],
    "from": [["dac Ünï", "dac@example.com"]],
    "to": [["Ops Tëam", "ops@example.com"], ["Rappels dac Ünïcödé pour l'"'"'équipe des opérations de Café Zürich", "ops2@example.org"], ["", "plain@example.com"]],
    "subject": "dac: 2 developer authorizations expire soon",
    "type": ["text/plain", "utf-8", "quoted-printable"],
    "body": ["Expiring soon: confirm them to keep access for another 12 months.",
             "- Bêta Ünïcode (developer 100000000002, seller A1B2C3D4E5F6G7)",
             "  expires 2026-11-28 12:00 UTC, in 2 days (7d reminder)"]}'
expect_eq "7-bit: every byte ASCII; header lines at most 78, body lines at most 76" "$(smtp_messages '[
    all(b < 128 for b in raw(m[-1])),
    max(len(l) for l in raw(m[-1]).split(b"\r\n\r\n", 1)[0].split(b"\r\n")) <= 78,
    max(len(l) for l in raw(m[-1]).split(b"\r\n\r\n", 1)[1].split(b"\r\n")) <= 76]')" '[true, true, true]'
expect_eq "RFC 2047 encoded-words (UTF-8, B), each at most 75 characters" "$(smtp_messages '[
    sorted({len(w) <= 75 for w in __import__("re").findall(rb"=\?[^?]+\?[BQ]\?[^?]*\?=", raw(m[-1]))}),
    raw(m[-1]).count(b"=?UTF-8?B?") >= 3]')" '[[true], true]'

# --- two channels: the webhook is delivered and recorded, the mail fails: exit 6 -------
start_http_server
scenario s4
hook=$(secret_file hook.url "$HTTP_BASE/hook/SECRETPATH-both/200")
run notify --webhook-file "$hook" --smtp "smtp://127.0.0.1:$TLS_PORT" "${mail[@]}" --retries 0
expect_rc 6
expect_err_contains "sent 2 reminders by slack webhook"
expect_err_contains "delivery failed: e-mail via smtp://127.0.0.1:$TLS_PORT"
expect_err_contains "1 channel of 2 failed"
expect_eq "reminders recorded for slack only" "$(store_json 'sorted({r["channel"] for r in s["reminders"]})')" '["slack"]'
# The next run sends only the mail.
run notify --webhook-file "$hook" --smtp "smtp://127.0.0.1:$TLS_PORT" --smtp-user dacuser --smtp-password-file "$pass_file" \
  --smtp-ca-file "$TEST_DIR/cert.pem" "${mail[@]}"
expect_rc 0
expect_err_contains "sent 2 reminders by e-mail"
expect_err_not_contains "slack"
expect_eq "one webhook request in all" "$(http_requests both 'len(r)')" 1

finish
