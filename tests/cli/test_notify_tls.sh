# dac notify and TLS trust: an HTTPS webhook behind a private CA (refused,
# then trusted with --webhook-ca-file or [webhook] ca_file), a CA file that
# cannot be read, and a system without CA certificates (a minimal Debian
# without ca-certificates): for webhooks and e-mail, a dac: message that says
# what is missing and what fixes it, exit 6, nothing recorded.
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
source "$HERE/notify_lib.sh"

setup_store --enabled-at 2025-01-01
# Now is 2026-11-26T12:00:00Z: Alpha expires in 24 days (30d reminder).
must grant 100000000001 --nickname "Alpha" --token "$TOKEN1" --at 2025-12-20T12:00:00Z

make_cert
start_http_server https --cert "$TEST_DIR/cert.pem" --key "$TEST_DIR/key.pem"
SECRET=T0SECRET42-tls-xyzzy
hook=$(secret_file hook.url "$HTTP_BASE/hook/$SECRET/200")
start_smtp_server tls --cert "$TEST_DIR/cert.pem" --key "$TEST_DIR/key.pem" --require-starttls
mail=(--smtp "smtp://127.0.0.1:$SMTP_PORT" --from dac@example.com --to ops@example.com)

# --- a private CA: refused with the option that trusts it --------------------------------
snapshot_store
run notify --webhook-file "$hook" --retries 0
expect_error 6 "delivery failed: slack webhook https://127.0.0.1:$HTTP_PORT/" \
  "to trust a private CA, use --webhook-ca-file"
expect_err_not_contains "$SECRET"
expect_store_unchanged
expect_eq "nothing was posted" "$(http_requests "$SECRET" 'len(r)')" 0

# --- a CA file that is not there, or not a file: usage errors, nothing sent ---------------
run notify --webhook-file "$hook" --webhook-ca-file "$TEST_DIR/missing.pem"
expect_error 2 "cannot read the CA file $TEST_DIR/missing.pem (--webhook-ca-file): No such file or directory"
run notify --webhook-file "$hook" --webhook-ca-file "$TEST_DIR"
expect_error 2 "the CA file $TEST_DIR (--webhook-ca-file) is not a regular file"
run notify "${mail[@]}" --smtp-ca-file "$TEST_DIR/missing.pem"
expect_error 2 "cannot read the CA file $TEST_DIR/missing.pem (--smtp-ca-file)"
run notify --webhook-ca-file "$TEST_DIR/cert.pem" "${mail[@]}"
expect_error 2 "--webhook-ca-file needs a webhook"
expect_store_unchanged

# --- no CA certificates on the system: say so, and what fixes it ---------------------------
run_without_ca_bundle notify --webhook-file "$hook" --retries 0
expect_error 6 "no CA certificates found at $CA_BUNDLE, where libcurl looks for them" \
  "apt-get install ca-certificates" "trust a private CA with --webhook-ca-file PEM" "(not retried)"
expect_err_not_contains "error setting certificate file"
expect_err_not_contains "$SECRET"
expect_store_unchanged
run_without_ca_bundle notify "${mail[@]}" --retries 0
expect_error 6 "delivery failed: e-mail via smtp://127.0.0.1:$SMTP_PORT" \
  "no CA certificates found at $CA_BUNDLE, where libcurl looks for them" "trust a private CA with --smtp-ca-file PEM"
expect_err_not_contains "error setting certificate file"
expect_store_unchanged
# ...while a CA file of the user's still works there.
run_without_ca_bundle notify --webhook-file "$hook" --webhook-ca-file "$TEST_DIR/cert.pem" --dry-run
expect_rc 0
expect_store_unchanged

# --- trusted with --webhook-ca-file: delivered and recorded -------------------------------
run_without_ca_bundle notify --webhook-file "$hook" --webhook-ca-file "$TEST_DIR/cert.pem" -v
expect_rc 0
expect_err_contains "sent 1 reminder by slack webhook"
expect_eq "posted once over TLS" "$(http_requests "$SECRET" 'len(r)')" 1
expect_eq "recorded" "$(store_json '[(r["developer_id"], r["channel"], r["milestone"]) for r in s["reminders"]]')" \
  '[["100000000001", "slack", "30d"]]'

# --- [webhook] ca_file in the config file --------------------------------------------------
mkdir -p "$XDG_CONFIG_HOME/dac"
config=$XDG_CONFIG_HOME/dac/config.toml
cat >"$config" <<EOF
[webhook]
url = "$HTTP_BASE/hook/$SECRET-config/200"
format = "json"
ca_file = "$TEST_DIR/cert.pem"
EOF
chmod 600 "$config"
run notify -q
expect_rc 0
expect_err_empty
expect_eq "the config file's CA is trusted" "$(http_requests "$SECRET-config" 'len(r)')" 1
printf '[webhook]\nurl = "%s"\nca_file = "%s"\n' "$HTTP_BASE/hook/$SECRET-config/200" "$TEST_DIR/gone.pem" >"$config"
run notify
expect_error 2 "cannot read the CA file $TEST_DIR/gone.pem (--webhook-ca-file)"
rm "$config"

finish
