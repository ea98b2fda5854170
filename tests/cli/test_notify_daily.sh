# dac notify run daily from cron for 400 simulated days (DAC_NOW): each
# milestone is sent exactly once per expiry cycle, confirming starts a new
# cycle, a suspension is reported once, and after a failed delivery the next
# day's run sends what is owed.
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
source "$HERE/notify_lib.sh"

export DAC_NOW=2026-01-01T08:00:00Z
setup_store --enabled-at 2025-01-01
must grant 100000000001 --nickname "Alpha" --token "$TOKEN1" --at 2025-03-08T12:00:00Z  # expires 2026-03-08T12:00Z
must grant 100000000002 --nickname "Beta" --token "$TOKEN2" --at 2025-06-15              # expires 2026-06-15T00:00Z
must grant 100000000003 --nickname "Own" --token "$TOKEN3" --at 2025-01-01 --own         # never expires
must grant 100000000004 --nickname "Gone" --token "$TOKEN4" --at 2025-02-01
must revoke Gone --yes                                                                   # never reminded

start_http_server
ok_file=$(secret_file ok.url "$HTTP_BASE/hook/daily/200")
fail_file=$(secret_file fail.url "$HTTP_BASE/hook/daily-fail/500")

# 400 mornings at 09:00 UTC from 2026-01-01.
mapfile -t days < <("$PY" -c '
import datetime as d
start = d.datetime(2026, 1, 1, 9, 0, 0)
for i in range(400):
    print((start + d.timedelta(days=i)).strftime("%Y-%m-%dT%H:%M:%SZ"))
')
check "400 days" test "${#days[@]}" -eq 400

bad_exits=()
for now in "${days[@]}"; do
  hook=$ok_file
  want=0
  # The day Beta's 7d reminder is due, the webhook fails.
  if [[ $now == 2026-06-08T* ]]; then
    hook=$fail_file
    want=6
  fi
  DAC_NOW=$now "$DAC" notify --webhook-file "$hook" --webhook-format json --retries 0 -q </dev/null >/dev/null 2>"$ERR_FILE"
  rc=$?
  [[ $rc -eq $want ]] || bad_exits+=("$now: exit $rc: $(head -c 300 "$ERR_FILE")")
  # Later the same mornings, people act: Alpha is confirmed, Beta restored.
  [[ $now == 2026-03-03T* ]] && DAC_NOW=2026-03-03T10:00:00Z must confirm Alpha
  [[ $now == 2026-07-01T* ]] && DAC_NOW=2026-07-01T10:00:00Z must restore Beta
done
check "every daily run exits as expected: ${bad_exits[*]:-}" test "${#bad_exits[@]}" -eq 0

# What reached the webhook, by the day (DAC_NOW) it was sent.
expect_eq "each milestone exactly once per expiry cycle" \
  "$(http_requests 'hook/daily/' '[(json.loads(x["body"])["generated_at"][:10], y["developer_id"], y["milestone"], y["expires_at"]) for x in r for y in json.loads(x["body"])["reminders"]]')" \
  '[["2026-02-07", "100000000001", "30d", "2026-03-08T12:00:00Z"],
    ["2026-03-02", "100000000001", "7d", "2026-03-08T12:00:00Z"],
    ["2026-05-16", "100000000002", "30d", "2026-06-15T00:00:00Z"],
    ["2026-06-09", "100000000002", "7d", "2026-06-15T00:00:00Z"],
    ["2026-06-14", "100000000002", "1d", "2026-06-15T00:00:00Z"],
    ["2026-06-15", "100000000002", "suspended", "2026-06-15T00:00:00Z"],
    ["2027-02-02", "100000000001", "30d", "2027-03-03T10:00:00Z"]]'
expect_eq "the failed delivery was tried once that day" \
  "$(http_requests 'hook/daily-fail/' '[(json.loads(x["body"])["generated_at"], [y["milestone"] for y in json.loads(x["body"])["reminders"]], x["answer"]) for x in r]')" \
  '[["2026-06-08T09:00:00Z", ["7d"], "500"]]'

DAC_NOW=${days[399]} run history --format json
expect_eq "the history shows each delivery" \
  "$(json_eval '[(e["effective_at"][:10], e["developer_id"], e["milestone"], e["channel"]) for e in d if e["event"] == "reminded"]')" \
  '[["2026-02-07", "100000000001", "30d", "json"], ["2026-03-02", "100000000001", "7d", "json"],
    ["2026-05-16", "100000000002", "30d", "json"], ["2026-06-09", "100000000002", "7d", "json"],
    ["2026-06-14", "100000000002", "1d", "json"], ["2026-06-15", "100000000002", "suspended", "json"],
    ["2027-02-02", "100000000001", "30d", "json"]]'
expect_eq "Beta's suspension recorded at its expiry" \
  "$(json_eval '[(e["effective_at"], e["developer_id"]) for e in d if e["event"] == "suspended"]')" \
  '[["2026-06-15T00:00:00Z", "100000000002"]]'
run history --verify
expect_rc 0
expect_eq "only the current cycle's reminders are kept" \
  "$(store_json '[(r["developer_id"], r["milestone"], r["expires_at"]) for r in s["reminders"]]')" \
  '[["100000000001", "30d", "2027-03-03T10:00:00Z"]]'

finish
