#!/usr/bin/env python3
"""The tests' hand on a PostgreSQL store's inventory, past dac: its tables as
state.json's JSON (docs/store-format.md), and back, so that a test that reads
or edits state.json by hand does the same to the team store.

    pg_state.py get DATABASE FILE   the state, as state.json would hold it, into FILE
    pg_state.py put DATABASE FILE   FILE's records and head replace the tables'
"""
import json
import subprocess
import sys

UTC = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'"


def at(column):
    return f"to_char({column} AT TIME ZONE 'UTC', {UTC})"


def psql(database, script):
    return subprocess.run(["psql", "-wXAtq", "-v", "ON_ERROR_STOP=1", "-d", database],
                          input=script.encode("utf-8"), stdout=subprocess.PIPE, check=True).stdout.decode("utf-8")


GET = f"""
SELECT json_build_object(
  'format', 'dac-store', 'version', 2, 'id', h.store_id, 'written_at', {at('h.written_at')},
  'history', json_build_object('events', h.events, 'bytes', h.bytes, 'head', h.hash),
  'sellers', (SELECT coalesce(json_agg(json_build_object('seller_id', seller_id, 'name', name,
      'confirmation_enabled', confirmation_enabled, 'enabled_at', {at('enabled_at')},
      'disabled_at', {at('disabled_at')}) ORDER BY position), '[]') FROM dac_sellers),
  'authorizations', (SELECT coalesce(json_agg(json_build_object('seller_id', a.seller_id,
      'developer_id', a.developer_id, 'nickname', a.nickname, 'own', a.own,
      'authorized_at', {at('a.authorized_at')}, 'confirmed_at', {at('a.confirmed_at')}, 'status', a.status,
      'frozen_last_confirmed_at', {at('a.frozen_last_confirmed_at')}, 'ended_at', {at('a.ended_at')},
      'mws_auth_token', t.token) ORDER BY a.position), '[]')
    FROM dac_authorizations a LEFT JOIN dac_tokens t USING (seller_id, developer_id)),
  'reminders', (SELECT coalesce(json_agg(json_build_object('seller_id', seller_id, 'developer_id', developer_id,
      'expires_at', {at('expires_at')}, 'milestone', milestone, 'channel', channel,
      'sent_at', {at('sent_at')}) ORDER BY ordinal), '[]') FROM dac_reminders))
FROM dac_head h;
"""


def literal(value):
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def rows(table, columns, records):
    if not records:
        return []
    values = ",\n".join("(" + ", ".join(literal(v) for v in r) + ")" for r in records)
    return [f"INSERT INTO {table} ({', '.join(columns)}) VALUES\n{values};"]


def put(database, state):
    script = ["BEGIN;", "DELETE FROM dac_tokens;", "DELETE FROM dac_reminders;", "DELETE FROM dac_authorizations;",
              "DELETE FROM dac_sellers;"]
    script += rows("dac_sellers", ["position", "seller_id", "name", "confirmation_enabled", "enabled_at", "disabled_at"],
                   [[i, s["seller_id"], s["name"], s["confirmation_enabled"], s.get("enabled_at"), s.get("disabled_at")]
                    for i, s in enumerate(state["sellers"])])
    auths = state["authorizations"]
    script += rows("dac_authorizations",
                   ["position", "seller_id", "developer_id", "nickname", "own", "authorized_at", "confirmed_at",
                    "status", "frozen_last_confirmed_at", "ended_at"],
                   [[i, a["seller_id"], a["developer_id"], a["nickname"], a["own"], a["authorized_at"],
                     a.get("confirmed_at"), a["status"], a.get("frozen_last_confirmed_at"), a.get("ended_at")]
                    for i, a in enumerate(auths)])
    # expires_at is derived, as dac writes it (R3, R4): the latest of the grant, the confirmation and the
    # seller's enabling, plus 12 months (PostgreSQL's month arithmetic in UTC keeps the day, or moves a
    # 29 February to the 28th, as dac's does), for an active record, not own, of a seller with confirmation on.
    script += ["SET LOCAL TimeZone = 'UTC';",
               "UPDATE dac_authorizations a SET expires_at = greatest(a.authorized_at, a.confirmed_at, s.enabled_at)"
               " + interval '12 months' FROM dac_sellers s WHERE s.seller_id = a.seller_id AND a.status = 'active'"
               " AND NOT a.own AND s.confirmation_enabled;"]
    script += rows("dac_tokens", ["seller_id", "developer_id", "token"],
                   [[a["seller_id"], a["developer_id"], a["mws_auth_token"]] for a in auths if a.get("mws_auth_token")])
    script += rows("dac_reminders", ["ordinal", "seller_id", "developer_id", "expires_at", "milestone", "channel",
                                     "sent_at"],
                   [[i, r["seller_id"], r["developer_id"], r["expires_at"], r["milestone"], r["channel"], r["sent_at"]]
                    for i, r in enumerate(state["reminders"])])
    h = state["history"]
    script.append(f"UPDATE dac_head SET store_id = {literal(state.get('id', ''))}, events = {int(h['events'])}, "
                  f"bytes = {int(h['bytes'])}, hash = {literal(h['head'])}, written_at = {literal(state.get('written_at'))};")
    script.append("COMMIT;")
    psql(database, "\n".join(script) + "\n")


def main(argv):
    if len(argv) != 4 or argv[1] not in ("get", "put"):
        sys.exit(__doc__)
    action, database, path = argv[1:]
    if action == "get":
        state = json.loads(psql(database, GET))
        with open(path, "w", encoding="utf-8") as f:
            json.dump(state, f, ensure_ascii=False, indent="\t", sort_keys=True)
            f.write("\n")
    else:
        with open(path, encoding="utf-8") as f:
            put(database, json.load(f))


if __name__ == "__main__":
    main(sys.argv)
