# dac notify over webhooks: usage, secrets, Slack/Teams/json payloads, once per
# milestone, retries, timeouts, exit 6, dry run, history, and a kill mid-send.
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
source "$HERE/notify_lib.sh"

TOKEN5=amzn.mws.5a5a5a5a-1b1b-2c2c-3d3d-4e4e4e4e4e4e
setup_store --enabled-at 2025-01-01
# Now is 2026-11-26T12:00:00Z.
must grant 100000000001 --nickname "Alpha" --token "$TOKEN1" --at 2025-12-20T12:00:00Z  # 24 days left: 30d
must grant 100000000002 --nickname "Beta" --token "$TOKEN2" --at 2025-11-28T12:00:00Z   # 2 days left: 7d
must grant 100000000003 --nickname "Gamma" --token "$TOKEN3" --at 2026-06-01             # not due
must grant 100000000004 --nickname "Delta" --token "$TOKEN4" --at 2025-11-01             # suspended 2026-11-01
must grant 100000000009 --nickname "Own" --token "$TOKEN5" --at 2020-01-01 --own         # never expires

start_http_server
SECRET=T0SECRET42-B0SECRET-xyzzy
slack_file=$(secret_file slack.url "$HTTP_BASE/hook/$SECRET-slack/200")

# --- usage: somewhere to send to, secrets never from argv -----------------------
run notify
expect_error 2 "notify needs somewhere to send to" "$XDG_CONFIG_HOME/dac/config.toml"

run notify --webhook "https://hooks.slack.com/services/$SECRET"
expect_error 2 "--webhook-file" "process list"
expect_err_not_contains "$SECRET"

loose=$TEST_DIR/loose.url
printf '%s\n' "$HTTP_BASE/hook/$SECRET/200" >"$loose"
chmod 640 "$loose"
run notify --webhook-file "$loose"
expect_error 2 "group or others can access it" "chmod 600 $loose"
expect_err_not_contains "$SECRET"

mkdir -p "$XDG_CONFIG_HOME/dac"
config=$XDG_CONFIG_HOME/dac/config.toml
printf '[webhook]\nurl = "%s"\n' "$HTTP_BASE/hook/$SECRET-config/200" >"$config"
chmod 644 "$config"
snapshot_store
run notify
expect_error 2 "config file $config" "mode 0644" "chmod 600 $config"
expect_err_not_contains "$SECRET"
chmod 600 "$config"
printf '[webhook]\nurl = "x"\nchannel = "ops"\n' >"$config"
run notify
expect_error 2 "$config:3: unknown key 'channel' in [webhook]"
printf '[webhook\nurl = "x"\n' >"$config"
run notify
expect_error 2 "$config:1" "not valid TOML"
rm "$config"

run notify --webhook-file "$slack_file" --at 30m
expect_error 2 "30m"
run notify --webhook-file "$slack_file" --at 7d,1w
expect_error 2 "7d twice"
run notify --webhook-file "$slack_file" --retry-delay 1mo
expect_error 2 "--retry-delay"
not_url=$(secret_file not.url "ftp://$SECRET")
run notify --webhook-file "$not_url"
expect_error 2 "not an http:// or https:// URL"
expect_err_not_contains "$SECRET"
run notify --webhook-file "$slack_file" --seller ZZZZZZZZZZ
expect_error 3 "no seller ZZZZZZZZZZ"
expect_store_unchanged
check "no request was sent by refused runs" test "$(http_requests / 'len(r)')" = 0

# --- dry run: the exact message, nothing sent, nothing recorded ---------------------
run notify --webhook-file "$slack_file" --webhook-format json --dry-run
expect_rc 0
expect_out_contains "=== json webhook http://127.0.0.1:$HTTP_PORT/…: 3 reminders"
expect_out_contains "POST http://127.0.0.1:$HTTP_PORT/…"
expect_out_contains '"schema":"dac-notify/1"'
expect_out_contains '"command":"dac confirm 100000000002 --seller A1B2C3D4E5F6G7"'
expect_out_not_contains "$SECRET"
expect_out_not_contains "amzn.mws"
expect_err_contains "dry run: nothing was sent or recorded"
expect_store_unchanged
check "a dry run sends nothing" test "$(http_requests / 'len(r)')" = 0

# --- Slack: one summary, each due authorisation in it ----------------------------
run notify --webhook-file "$slack_file" -v
expect_rc 0
expect_out_empty
expect_err_contains "sent 3 reminders by slack webhook http://127.0.0.1:$HTTP_PORT/…"
expect_err_not_contains "$SECRET"
expect_err_prefix
expect_eq "one Slack request" "$(http_requests slack 'len(r)')" 1
expect_eq "Slack request headers" "$(http_requests slack '[r[0]["method"], r[0]["headers"]["content-type"], r[0]["headers"]["user-agent"].startswith("dac/")]')" \
  '["POST", "application/json", true]'
expect_eq "Slack text" "$(http_requests slack 'json.loads(r[0]["body"])["text"]')" \
  '"dac: 2 developer authorizations expire soon, 1 was suspended"'
# Issue 13 changed these: each item is a rich_text block (its text shown
# literally: item 2), and what can still be saved comes first (item 12).
expect_eq "Slack blocks" "$(http_requests slack '[b["type"] for b in json.loads(r[0]["body"])["blocks"]]')" \
  '["header", "rich_text", "rich_text", "rich_text", "context"]'
expect_eq "Slack items: expiring first, soonest first, then the suspension" \
  "$(http_requests slack 'slack_items(r[0]["body"])')" \
  '[["Beta (developer 100000000002, seller A1B2C3D4E5F6G7)", "expires 2026-11-28 12:00 UTC, in 2 days (7d reminder)", "dac confirm 100000000002 --seller A1B2C3D4E5F6G7"],
    ["Alpha (developer 100000000001, seller A1B2C3D4E5F6G7)", "expires 2026-12-20 12:00 UTC, in 24 days (30d reminder)", "dac confirm 100000000001 --seller A1B2C3D4E5F6G7"],
    ["Delta (developer 100000000004, seller A1B2C3D4E5F6G7)", "suspended 2026-11-01 00:00 UTC, 26 days ago", "dac restore 100000000004 --seller A1B2C3D4E5F6G7"]]'
expect_eq "Slack styles: the nickname bold, IDs and the command as code" \
  "$(http_requests slack '[[(e["text"], e.get("style")) for e in b["elements"][0]["elements"] if "style" in e] for b in json.loads(r[0]["body"])["blocks"][1:2]]')" \
  '[[["Beta", {"bold": true}], ["100000000002", {"code": true}], ["A1B2C3D4E5F6G7", {"code": true}], ["dac confirm 100000000002 --seller A1B2C3D4E5F6G7", {"code": true}]]]'
check "no token in the Slack message" test "$(http_requests slack '"amzn.mws" in r[0]["body"]')" = false

# Recorded: a reminded event per authorisation, with channel and milestone.
run history --format json
expect_eq "reminded events" "$(json_eval '[[e["developer_id"], e["milestone"], e["channel"], e["actor"]] for e in d if e["event"] == "reminded"]')" \
  '[["100000000002", "7d", "slack", "tester"], ["100000000001", "30d", "slack", "tester"], ["100000000004", "suspended", "slack", "tester"]]'
expect_eq "other events have no channel" "$(json_eval '[e for e in d if e["event"] != "reminded" and ("channel" in e or "milestone" in e)]')" '[]'
run history
expect_out_contains "reminded (7d, slack)"
expect_out_contains "reminded (suspended, slack)"
run history --verify
expect_rc 0
expect_eq "what was sent is in the store" "$(store_json 'sorted([r["developer_id"], r["milestone"], r["channel"], r["expires_at"]] for r in s["reminders"])')" \
  '[["100000000001", "30d", "slack", "2026-12-20T12:00:00Z"], ["100000000002", "30d", "slack", "2026-11-28T12:00:00Z"],
    ["100000000002", "7d", "slack", "2026-11-28T12:00:00Z"], ["100000000004", "suspended", "slack", "2026-11-01T00:00:00Z"]]'
on_json && check "the store stays private" test "$(stat -c %a "$DAC_STORE/state.json")" = 600

# Once per milestone: the same day again sends nothing, says nothing.
snapshot_store
run notify --webhook-file "$slack_file"
expect_rc 0
expect_out_empty
expect_err_empty
expect_store_unchanged
expect_eq "no second Slack request" "$(http_requests slack 'len(r)')" 1

# --- Teams and json: channels of their own ---------------------------------------
teams_file=$(secret_file teams.url "$HTTP_BASE/hook/$SECRET-teams/202")
run notify --webhook-file "$teams_file" --webhook-format teams -q
expect_rc 0
expect_out_empty
expect_err_empty
expect_eq "Teams envelope" "$(http_requests teams '[json.loads(r[0]["body"])["type"], json.loads(r[0]["body"])["attachments"][0]["contentType"]]')" \
  '["message", "application/vnd.microsoft.card.adaptive"]'
expect_eq "Teams card" "$(http_requests teams '[(c["type"], c["version"], c["body"][0]["text"]) for c in [json.loads(r[0]["body"])["attachments"][0]["content"]]]')" \
  '[["AdaptiveCard", "1.4", "dac: 2 developer authorizations expire soon, 1 was suspended"]]'
expect_eq "Teams items" "$(http_requests teams '[c["items"][0]["text"] for c in json.loads(r[0]["body"])["attachments"][0]["content"]["body"] if c["type"] == "Container"]')" \
  '["Beta (developer 100000000002, seller A1B2C3D4E5F6G7)", "Alpha (developer 100000000001, seller A1B2C3D4E5F6G7)", "Delta (developer 100000000004, seller A1B2C3D4E5F6G7)"]'

json_file=$(secret_file json.url "$HTTP_BASE/hook/$SECRET-json/200")
run_stdin "$(cat "$json_file")" notify --webhook-file - --webhook-format json --at 14d,2d,1d
expect_rc 0
expect_eq "json payload" "$(http_requests json '[{k: v for k, v in x.items() if k != "command"} for x in json.loads(r[0]["body"])["reminders"]]')" \
  '[{"seller_id": "A1B2C3D4E5F6G7", "developer_id": "100000000002", "nickname": "Beta", "status": "active", "expires_at": "2026-11-28T12:00:00Z", "days_left": 2, "milestone": "2d"},
    {"seller_id": "A1B2C3D4E5F6G7", "developer_id": "100000000004", "nickname": "Delta", "status": "suspended", "expires_at": "2026-11-01T00:00:00Z", "days_left": -26, "milestone": "suspended"}]'
expect_eq "json envelope" "$(http_requests json '[sorted(json.loads(r[0]["body"])), json.loads(r[0]["body"])["schema"], json.loads(r[0]["body"])["generated_at"]]')" \
  '[["generated_at", "reminders", "schema", "subject", "text"], "dac-notify/1", "2026-11-26T12:00:00Z"]'

# --- failures: retries, backoff, Retry-After, timeouts, exit 6 ---------------------
# The next day Beta's 1d milestone is due on every channel.
export DAC_NOW=2026-11-27T12:00:00Z
snapshot_store

f500=$(secret_file f500.url "$HTTP_BASE/hook/$SECRET-f500/500")
run notify --webhook-file "$f500" --retries 2 --retry-delay 1s -v
expect_rc 6
expect_out_empty
expect_err_contains "delivery failed: slack webhook http://127.0.0.1:$HTTP_PORT/…: HTTP 500 Internal Server Error: error 500 (after 3 attempts)"
expect_err_contains "attempt 1 failed: HTTP 500 Internal Server Error: error 500; retrying in 1000 ms"
expect_err_contains "attempt 2 failed: HTTP 500 Internal Server Error: error 500; retrying in 2000 ms"
expect_err_contains "1 channel of 1 failed"
expect_err_contains "the next dac notify sends it again"
expect_err_not_contains "$SECRET"
expect_err_prefix
expect_eq "500: three attempts" "$(http_requests f500 'len(r)')" 3
# Generous upper bounds: the machine may be loaded (sanitizers, parallel tests).
expect_eq "500: backoff 1 s then 2 s" \
  "$(http_requests f500 '[0.9 <= r[1]["t"] - r[0]["t"] < 1.9, 1.9 <= r[2]["t"] - r[1]["t"] < 3.9, (r[2]["t"] - r[1]["t"]) - (r[1]["t"] - r[0]["t"]) > 0.6]')" \
  '[true, true, true]'
expect_store_unchanged

f400=$(secret_file f400.url "$HTTP_BASE/hook/$SECRET-f400/400")
run notify --webhook-file "$f400" --retries 3 --retry-delay 1s
expect_rc 6
expect_err_contains "HTTP 400 Bad Request: error 400 (not retried)"
expect_eq "400: not retried" "$(http_requests f400 'len(r)')" 1
expect_store_unchanged

fhang=$(secret_file fhang.url "$HTTP_BASE/hook/$SECRET-fhang/hang")
started=$(date +%s.%N)
run notify --webhook-file "$fhang" --timeout 1s --retries 1 --retry-delay 0s
elapsed=$("$PY" -c "import sys; print(round($(date +%s.%N) - $started, 1))")
expect_rc 6
expect_err_contains "timed out"
expect_err_contains "(after 2 attempts)"
expect_eq "hang: two attempts" "$(http_requests fhang 'len(r)')" 2
check "hang: the 1 s timeout is kept (took ${elapsed}s)" "$PY" -c "import sys; sys.exit(0 if 2.0 <= $elapsed < 15 else 1)"
expect_store_unchanged

flong=$(secret_file flong.url "$HTTP_BASE/hook/$SECRET-flong/429:120")
run notify --webhook-file "$flong" --retry-max-delay 5s
expect_rc 6
expect_err_contains "HTTP 429 Too Many Requests"
expect_err_contains "the server asked to retry after 120 s, longer than the retry limit of 5 s"
expect_eq "Retry-After beyond the limit: no retry" "$(http_requests flong 'len(r)')" 1
expect_store_unchanged

f429=$(secret_file f429.url "$HTTP_BASE/hook/$SECRET-f429/429:2,200")
run notify --webhook-file "$f429" --retry-delay 0s
expect_rc 0
expect_err_contains "sent 1 reminder by slack webhook"
expect_eq "429 then 200" "$(http_requests f429 '[x["answer"] for x in r]')" '["429:2", "200"]'
expect_eq "Retry-After: 2 honoured" "$(http_requests f429 '1.9 <= r[1]["t"] - r[0]["t"] < 5')" 'true'
expect_eq "what the failed runs owed is sent" "$(http_requests f429 '[i[1] for i in slack_items(r[1]["body"])]')" \
  '["expires 2026-11-28 12:00 UTC, in 1 day (1d reminder)"]'

# The config file's channel, and another config file with --config.
mkdir -p "$XDG_CONFIG_HOME/dac"
printf '[webhook]\nurl = "%s"\nformat = "teams"\n[notify]\nretries = 0\n' "$HTTP_BASE/hook/$SECRET-cfg/200" >"$config"
chmod 600 "$config"
run notify -q
expect_rc 0
expect_err_empty
expect_eq "the config file's webhook" "$(http_requests cfg 'len(r)')" 1
alt=$TEST_DIR/alt.toml
printf '[webhook]\nurl = "%s"\nformat = "json"\n' "$HTTP_BASE/hook/$SECRET-alt/503" >"$alt"
chmod 600 "$alt"
run notify --config "$alt" --retries 0
expect_rc 6
expect_err_contains "HTTP 503 Service Unavailable"
expect_eq "--config names another file" "$(http_requests alt 'len(r)')" 1
rm "$config"

# --- a kill during a send leaves the store consistent; the next run sends ----------
run history --format json
events_before=$(json_eval 'len(d)')
snapshot_store
fkill=$(secret_file fkill.url "$HTTP_BASE/hook/$SECRET-fkill/hang")
"$DAC" notify --webhook-file "$fkill" --webhook-format json --timeout 30s </dev/null >/dev/null 2>&1 &
dac_pid=$!
disown "$dac_pid"  # no "Killed" notice in the output
for ((i = 0; i < 100; i++)); do
  [[ $(http_requests fkill 'len(r)') == 1 ]] && break
  sleep 0.1
done
helper_pid=$(for p in /proc/[0-9]*; do
  [[ $(cut -d' ' -f4 "$p/stat" 2>/dev/null) == "$dac_pid" ]] && echo "${p#/proc/}"
done | head -1)
check "dac started the dac-send helper" test -n "$helper_pid"
kill -KILL "$dac_pid"
for ((i = 0; i < 50; i++)); do
  kill -0 "$dac_pid" 2>/dev/null || break
  sleep 0.1
done
for ((i = 0; i < 50; i++)); do
  kill -0 "$helper_pid" 2>/dev/null || break
  sleep 0.1
done
check "the helper does not outlive dac" bash -c "! kill -0 $helper_pid 2>/dev/null"
expect_store_unchanged
run history --verify
expect_rc 0
# The helper killed under a running dac: a failed delivery (exit 6), nothing recorded.
fkill2=$(secret_file fkill2.url "$HTTP_BASE/hook/$SECRET-fkill2/hang")
"$DAC" notify --webhook-file "$fkill2" --webhook-format json --timeout 30s </dev/null >"$TEST_DIR/kill2.out" 2>"$TEST_DIR/kill2.err" &
dac_pid=$!
for ((i = 0; i < 100; i++)); do
  [[ $(http_requests fkill2 'len(r)') == 1 ]] && break
  sleep 0.1
done
helper_pid=$(for p in /proc/[0-9]*; do
  [[ $(cut -d' ' -f4 "$p/stat" 2>/dev/null) == "$dac_pid" ]] && echo "${p#/proc/}"
done | head -1)
[[ -n $helper_pid ]] && kill -KILL "$helper_pid"
wait "$dac_pid"
RC=$?
LAST_CMD="dac notify (its dac-send killed)"
_slurp ERR "$TEST_DIR/kill2.err"
expect_rc 6
expect_err_contains "was killed by signal 9"
expect_err_not_contains "$SECRET"
expect_store_unchanged
fafter=$(secret_file fafter.url "$HTTP_BASE/hook/$SECRET-fafter/200")
run notify --webhook-file "$fafter" --webhook-format json
expect_rc 0
expect_eq "the reminder the kill interrupted is sent by the next run" \
  "$(http_requests fafter '[(x["developer_id"], x["milestone"]) for x in json.loads(r[0]["body"])["reminders"]]')" \
  '[["100000000002", "1d"], ["100000000001", "30d"]]'
run history --format json
expect_eq "a reminded event for each" "$(json_eval 'len(d)')" "$((events_before + 2))"

# --- confirming resets the milestones ----------------------------------------------
export DAC_NOW=2026-11-28T00:00:00Z
must confirm Beta
fnext=$(secret_file fnext.url "$HTTP_BASE/hook/$SECRET-fnext/200")
run notify --webhook-file "$fnext" -q
expect_rc 0
expect_eq "a confirmed authorisation is not reminded" "$(http_requests fnext 'len(r)')" 0
export DAC_NOW=2027-10-30T00:00:00Z
run notify --webhook-file "$fnext" -q
expect_rc 0
expect_eq "its new expiry brings the 30d milestone again" \
  "$(http_requests fnext '[i[:2] for i in slack_items(r[0]["body"]) if "Beta" in i[0]]')" \
  '[["Beta (developer 100000000002, seller A1B2C3D4E5F6G7)", "expires 2027-11-28 00:00 UTC, in 29 days (30d reminder)"]]'
expect_eq "old reminders pruned" "$(store_json '[r for r in s["reminders"] if r["developer_id"] == "100000000002" and r["expires_at"] == "2026-11-28T12:00:00Z"]')" '[]'

# --- nicknames are shown as typed: no link, emphasis or mention (issue 13 item 2) -----
# Teams renders TextBlock text as Markdown: checked with cmark, the CommonMark
# reference renderer (Debian's cmark). Slack: each item is rich text, whose
# text elements Slack shows literally; checked against the Block Kit shapes of
# Slack's types (@slack/types: RichTextBlock, RichTextSection, RichTextText).
new_store hostile
export DAC_NOW=2026-11-26T12:00:00Z
setup_store --enabled-at 2025-01-01
NICK1='[Teams link](https://evil.example) **bold**'
NICK2='*b* _i_ ~s~ `c` <!here> <https://evil.example|x> &amp; \*'
NICK3='1. # - > Ünï'
must grant 100000000001 --nickname "$NICK1" --token "$TOKEN1" --at 2025-12-20T12:00:00Z
must grant 100000000002 --nickname "$NICK2" --token "$TOKEN2" --at 2025-11-28T12:00:00Z
must grant 100000000003 --nickname "$NICK3" --token "$TOKEN3" --at 2025-12-01T12:00:00Z
hteams=$(secret_file hteams.url "$HTTP_BASE/hook/$SECRET-hteams/200")
hslack=$(secret_file hslack.url "$HTTP_BASE/hook/$SECRET-hslack/200")
run notify --webhook-file "$hteams" --webhook-format teams -q
expect_rc 0
run notify --webhook-file "$hslack" -q
expect_rc 0

# teams_shown: every TextBlock rendered by cmark must be one paragraph of
# plain text; prints what it shows (HTML entities decoded), item heads only.
teams_shown() {
  "$PY" - "$HTTP_LOG" <<'PY'
import html, json, re, subprocess, sys
r = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
body = json.loads([x for x in r if "hteams" in x["path"]][0]["body"])["attachments"][0]["content"]["body"]
heads = []
for block in body:
    for tb in block.get("items", [block]):
        out = subprocess.run(["cmark"], input=tb["text"], capture_output=True, text=True, check=True).stdout
        m = re.fullmatch(r"<p>([^<]*)</p>\n", out)
        if not m:
            print(f"markup: {tb['text']!r} renders as {out!r}")
            sys.exit()
        if block.get("type") == "Container" and tb is block["items"][0]:
            heads.append(html.unescape(m.group(1)))
print(json.dumps(heads, ensure_ascii=False, separators=(",", ":")))
PY
}
expect_eq "Teams: cmark renders each nickname as the text typed, no link or emphasis" "$(teams_shown)" \
  "$("$PY" -c 'import json, sys; print(json.dumps([n + " (developer " + d + ", seller A1B2C3D4E5F6G7)" for n, d in zip(sys.argv[1::2], sys.argv[2::2])], ensure_ascii=False))' \
    "$NICK2" 100000000002 "$NICK3" 100000000003 "$NICK1" 100000000001)"

# slack_checked: the payload has only the block shapes Slack's types allow for
# what dac sends, rich text elements only of type text with boolean styles, and
# no nickname in any mrkdwn text; prints each item's first line.
slack_checked() {
  "$PY" - "$HTTP_LOG" "$NICK1" "$NICK2" "$NICK3" <<'PY'
import json, sys
r = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
p = json.loads([x for x in r if "hslack" in x["path"]][0]["body"])
nicks = sys.argv[2:]
problems = []
def mrkdwn(text):
    for n in nicks:
        if n in text or "<!" in text or "<http" in text:
            problems.append(f"user text in mrkdwn: {text!r}")
assert set(p) == {"text", "blocks"}
mrkdwn(p["text"])
heads = []
for b in p["blocks"]:
    t = b["type"]
    if t == "header":
        assert set(b) == {"type", "text"} and set(b["text"]) == {"type", "text"} and b["text"]["type"] == "plain_text"
    elif t == "section":
        assert set(b) == {"type", "text"} and b["text"]["type"] == "mrkdwn"
        mrkdwn(b["text"]["text"])
    elif t == "context":
        for e in b["elements"]:
            assert e["type"] == "mrkdwn"
            mrkdwn(e["text"])
    elif t == "rich_text":
        assert set(b) == {"type", "elements"}
        text = ""
        for s in b["elements"]:
            assert set(s) == {"type", "elements"} and s["type"] == "rich_text_section"
            for e in s["elements"]:
                assert e["type"] == "text" and isinstance(e["text"], str) and set(e) <= {"type", "text", "style"}, e
                style = e.get("style", {})
                assert set(style) <= {"bold", "italic", "strike", "code"} and all(v is True for v in style.values()), e
                text += e["text"]
        heads.append(text.split("\n")[0])
    else:
        problems.append(f"block type {t}")
print(json.dumps(problems or heads, ensure_ascii=False, separators=(",", ":")))
PY
}
expect_eq "Slack: each nickname only as literal rich text" "$(slack_checked)" \
  "$("$PY" -c 'import json, sys; print(json.dumps([n + " (developer " + d + ", seller A1B2C3D4E5F6G7)" for n, d in zip(sys.argv[1::2], sys.argv[2::2])], ensure_ascii=False))' \
    "$NICK2" 100000000002 "$NICK3" 100000000003 "$NICK1" 100000000001)"
expect_eq "Slack: the nickname is one bold element, unchanged" \
  "$(http_requests hslack '[b["elements"][0]["elements"][0] for b in json.loads(r[0]["body"])["blocks"] if b["type"] == "rich_text"][0]')" \
  "$("$PY" -c 'import json, sys; print(json.dumps({"type": "text", "text": sys.argv[1], "style": {"bold": True}}))' "$NICK2")"

# --- what can still be saved comes first (issue 13 item 12) --------------------------
# 458 authorisations suspended 122 days ago (one import) and 21 that expire
# within the month: every channel lists the 21 first, soonest first, then the
# suspensions; Slack and Teams count what they leave out.
new_store many
setup_store --enabled-at 2025-01-01
"$PY" - >"$TEST_DIR/many.csv" <<'PY'
print("developer_id,nickname,authorized_at,mws_auth_token")
for i in range(458):
    print(f"{500000000000 + i},Old Tool {i:03d},2025-07-27T12:00:00Z,amzn.mws.00000000-0000-0000-0000-{i:012d}")
for i in range(21):  # listed in reverse: the order comes from dac
    print(f"{600000000020 - i},Soon App {20 - i:02d},2025-12-{21 - i:02d}T12:00:00Z,amzn.mws.00000000-0000-0000-0001-{i:012d}")
PY
must import "$TEST_DIR/many.csv"
for fmt in slack teams json; do
  f=$(secret_file "many-$fmt.url" "$HTTP_BASE/hook/$SECRET-many-$fmt/200")
  run notify --webhook-file "$f" --webhook-format "$fmt" -q
  expect_rc 0
done
soon='[f"Soon App {i:02d}" for i in range(21)]'
expect_eq "Slack: the 21 expiring first, soonest first, then 19 suspensions, then a count" \
  "$(http_requests many-slack '[[i[0].split(" (")[0] for i in slack_items(r[0]["body"])][:22], len(slack_items(r[0]["body"])), [b["text"]["text"] for b in json.loads(r[0]["body"])["blocks"] if b["type"] == "section"]]')" \
  "$("$PY" -c "import json; print(json.dumps([$soon + ['Old Tool 000'], 40, ['…and 439 more (439 suspended): see them with \`dac list --expiring 30d\` and \`dac list --expired\`']]))")"
expect_eq "Teams: the same order" \
  "$(http_requests many-teams '[c["items"][0]["text"].split(" (")[0] for c in json.loads(r[0]["body"])["attachments"][0]["content"]["body"] if c["type"] == "Container"][:22]')" \
  "$("$PY" -c "import json; print(json.dumps($soon + ['Old Tool 000']))")"
expect_eq "json: every item, the same order" \
  "$(http_requests many-json '[len(json.loads(r[0]["body"])["reminders"]), [x["nickname"] for x in json.loads(r[0]["body"])["reminders"]][:22], json.loads(r[0]["body"])["reminders"][21]["status"]]')" \
  "$("$PY" -c "import json; print(json.dumps([479, $soon + ['Old Tool 000'], 'suspended']))")"
run notify --smtp smtp://127.0.0.1:1 --from dac@example.com --to ops@example.com --dry-run
expect_rc 0
expect_eq "e-mail: the expiring section first, soonest first" \
  "$("$PY" -c '
import email, email.policy, json, sys
text = open(sys.argv[1], "rb").read()
m = email.message_from_bytes(text[text.index(b"\n\n") + 2:], policy=email.policy.default)
lines = m.get_content().splitlines()
print(json.dumps([lines[2], [l[2:].split(" (")[0] for l in lines if l.startswith("- ")][:22], sum(l.startswith("- ") for l in lines)], separators=(",", ":")))' "$OUT_FILE")" \
  "$("$PY" -c "import json; print(json.dumps(['Expiring soon: confirm them to keep access for another 12 months.', $soon + ['Old Tool 000'], 479]))")"

finish
