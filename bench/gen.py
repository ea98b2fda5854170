#!/usr/bin/env python3
"""Writes realistic, reproducible dac data for benchmarks and golden tests.

  gen.py store DIR  --auths N [--sellers S] [--events H] [--seed K] [--now T]
      A store folder written directly, exactly as dac writes it
      (docs/store-format.md): state.json pretty-printed with sorted keys,
      history.jsonl hash-chained, lock, modes 0700/0600. Every state is
      represented: active, expiring soon, suspended (recorded, and due but not
      yet recorded), revoked, the sellers' own accounts, sellers with
      confirmation switched off. Without --events the history is the one that
      produced the state; with --events it is cut or padded (with
      confirmations) to exactly H events. `dac history --verify` passes.

  gen.py sellers DIR --auths N [--sellers S] ...
      The same store with its sellers only: what `dac import` starts from.

  gen.py csv FILE --auths N [--sellers S] ...
      The same authorisations as an import CSV (header row; seller_id,
      developer_id, nickname, authorized_at, mws_auth_token, own,
      last_confirmed_at), for `dac import` into `gen.py sellers`.

The same seed, sizes and --now always give byte-identical files.
"""

import argparse
import datetime as dt
import hashlib
import json
import os
import sys

GENESIS = "0" * 64
DEFAULT_NOW = "2026-06-15T12:00:00Z"

NICKNAMES = [
    "Khaos Control", "Linnworks", "Sellerboard", "ChannelAdvisor", "Helium 10", "Jungle Scout",
    "Feedvisor", "RepricerExpress", "ShipStation", "Veeqo", "Cin7", "Zentail", "SellerApp",
    "Teikametrics", "Pacvue", "Perpetua", "Carbon6", "DataHawk", "Sellics", "Informed.co",
    "Müller Logistik GmbH", "東京倉庫", "Ångström Fulfilment", "Smith, \"Fast\" Shipping",
    "O'Reilly Repricing", "Ñandú Analytics", "Zoë's Tools", "Prime Ops 24/7",
]
ACTORS = ["alice", "bob", "ops-cron", "integrator-bot", "Renée"]
REASONS = [None, None, None, None, "quarterly review", "renewed contract", "Vertrag gekündigt — Müller",
           "ticket #4521, \"urgent\""]
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


class Rng:
    """Only random() and getrandbits(): stable across Python versions."""

    def __init__(self, seed):
        import random
        self.r = random.Random(seed)

    def below(self, n):
        return int(self.r.random() * n) if n > 0 else 0

    def chance(self, p):
        return self.r.random() < p

    def pick(self, items):
        return items[self.below(len(items))]

    def between(self, lo, hi):
        return lo + self.below(hi - lo + 1)

    def hex(self, n):
        return "%0*x" % (n, self.r.getrandbits(4 * n))


def parse_time(s):
    return int(dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc).timestamp())


_fmt_cache = {}


def fmt(t):
    if t is None:
        return None
    day, sec = divmod(t, 86400)
    d = _fmt_cache.get(day)
    if d is None:
        d = (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat()
        _fmt_cache[day] = d
    return "%sT%02d:%02d:%02dZ" % (d, sec // 3600, sec // 60 % 60, sec % 60)


def add_year(t):
    """t + 12 calendar months, same time of day, 29 February clamped (SPEC R4)."""
    day, sec = divmod(t, 86400)
    d = dt.date(1970, 1, 1) + dt.timedelta(days=day)
    try:
        n = d.replace(year=d.year + 1)
    except ValueError:
        n = d.replace(year=d.year + 1, day=28)
    return (n - dt.date(1970, 1, 1)).days * 86400 + sec


def jstr(s):
    return json.dumps(s, ensure_ascii=False)


def jval(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    return jstr(v)


def generate(auths, sellers, seed, now):
    """The sellers, the authorisations and the history that produced them."""
    rng = Rng(seed)
    span = 3 * 365 * 86400
    start = now - span
    written = now - 2 * 86400  # the last write; suspensions due since then are not recorded yet
    seller_list = []
    seen_ids = set()
    for i in range(sellers):
        while True:
            sid = "A" + "".join(ALNUM[rng.below(36)] for _ in range(rng.between(9, 13)))
            if sid not in seen_ids:
                break
        seen_ids.add(sid)
        enabled = not rng.chance(0.1)
        enabled_at = start + rng.below(span - 86400) if enabled or rng.chance(0.5) else None
        seller_list.append({"seller_id": sid, "name": "Seller %d" % (i + 1) if i % 7 else "Händler & Söhne %d" % i,
                            "confirmation_enabled": enabled, "enabled_at": enabled_at, "added_at": start - 86400 * 10})
    # The integrator's own developer ID appears at most sellers; the rest are others.
    integrator = "100000000001"
    auth_list = []
    per_seller = {}
    for j in range(auths):
        s = seller_list[j % sellers]
        keys = per_seller.setdefault(s["seller_id"], set())
        first = not keys
        if first and rng.chance(0.3):
            dev = "%012d" % rng.between(10**11, 10**12 - 1)
            own = True
        elif integrator not in keys and rng.chance(0.8):
            dev, own = integrator, False
        else:
            own = False
            dev = "%012d" % rng.below(10**12)
        while dev in keys:
            dev = "%012d" % rng.below(10**12)
        keys.add(dev)
        authorized = start + rng.below(span - 3600)
        confirmed = None
        if rng.chance(0.4):
            confirmed = authorized + rng.below(max(1, written - authorized))
        a = {"seller_id": s["seller_id"], "developer_id": dev, "nickname": rng.pick(NICKNAMES), "own": own,
             "authorized_at": authorized, "confirmed_at": confirmed, "status": "active",
             "frozen_last_confirmed_at": None, "ended_at": None,
             "mws_auth_token": "amzn.mws.%s-%s-%s-%s-%s" % (rng.hex(8), rng.hex(4), rng.hex(4), rng.hex(4), rng.hex(12))}
        events = [("granted", authorized, authorized, None)]
        if confirmed is not None:
            events.append(("confirmed", confirmed, confirmed, None))
        enabled_at = s["enabled_at"] if s["confirmation_enabled"] else None

        def last_confirmed(until):
            t = a["authorized_at"]
            if a["confirmed_at"] is not None and a["confirmed_at"] <= until:
                t = max(t, a["confirmed_at"])
            if enabled_at is not None and enabled_at <= until:
                t = max(t, enabled_at)
            return t

        if not own and rng.chance(0.05):
            revoked = authorized + rng.below(max(1, written - authorized))
            if confirmed is not None and confirmed > revoked:
                a["confirmed_at"] = None
                events = events[:1]
            a.update(status="revoked", frozen_last_confirmed_at=last_confirmed(revoked), ended_at=revoked,
                     mws_auth_token=None)
            events.append(("revoked", revoked, revoked, None))
        elif not own and enabled_at is not None:
            lc = last_confirmed(written)
            expiry = add_year(lc)
            if expiry <= written:
                a.update(status="suspended", frozen_last_confirmed_at=lc, ended_at=expiry)
                events.append(("suspended", expiry, expiry, "dac"))
        a["events"] = events
        auth_list.append(a)
    return seller_list, auth_list, written


def history_lines(seller_list, auth_list, events_wanted, seed, written):
    rng = Rng(seed + 1)
    raw = []  # (recorded_at, order, event, effective_at, seller, developer, actor)
    order = 0
    for s in seller_list:
        raw.append((s["added_at"], order, "seller_added", s["added_at"], s["seller_id"], None, "alice"))
        order += 1
        if s["enabled_at"] is not None:
            raw.append((max(s["added_at"], s["enabled_at"]), order, "confirmation_enabled", s["enabled_at"],
                        s["seller_id"], None, "alice"))
            order += 1
            if not s["confirmation_enabled"]:
                off = s["enabled_at"] + 86400
                raw.append((off, order, "confirmation_disabled", off, s["seller_id"], None, "bob"))
                order += 1
    for a in auth_list:
        for kind, effective, recorded, actor in a["events"]:
            raw.append((recorded, order, kind, effective, a["seller_id"], a["developer_id"], actor))
            order += 1
    if events_wanted is not None and events_wanted > len(raw):
        active = [a for a in auth_list if a["status"] == "active"] or auth_list
        for _ in range(events_wanted - len(raw)):
            a = active[rng.below(len(active))]
            # After its grant, so that the state is the one the history rebuilds (R12).
            t = a["authorized_at"] + rng.below(max(1, written - a["authorized_at"]))
            raw.append((t, order, "confirmed", t, a["seller_id"], a["developer_id"], None))
            order += 1
            if a["status"] == "active" and (a["confirmed_at"] is None or t > a["confirmed_at"]):
                a["confirmed_at"] = t
    raw.sort()
    if events_wanted is not None:
        raw = raw[:events_wanted]
    prev = GENESIS
    out = []
    total = 0
    for seq, (recorded, _, kind, effective, sid, dev, actor) in enumerate(raw, 1):
        body = {"actor": actor or rng.pick(ACTORS), "developer_id": dev, "effective_at": fmt(effective),
                "event": kind, "prev_hash": prev, "reason": None if actor == "dac" else rng.pick(REASONS),
                "recorded_at": fmt(recorded), "seller_id": sid, "seq": seq}
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        h = hashlib.sha256((prev + "\n" + canonical).encode()).hexdigest()
        body["hash"] = h
        line = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
        out.append(line)
        total += len(line.encode())
        prev = h
    return out, total, prev


def auth_json(a):
    t = "\t\t\t"
    return ("\t\t{\n"
            f'{t}"authorized_at": "{fmt(a["authorized_at"])}",\n'
            f'{t}"confirmed_at": {jval(fmt(a["confirmed_at"]))},\n'
            f'{t}"developer_id": "{a["developer_id"]}",\n'
            f'{t}"ended_at": {jval(fmt(a["ended_at"]))},\n'
            f'{t}"frozen_last_confirmed_at": {jval(fmt(a["frozen_last_confirmed_at"]))},\n'
            f'{t}"mws_auth_token": {jval(a["mws_auth_token"])},\n'
            f'{t}"nickname": {jstr(a["nickname"])},\n'
            f'{t}"own": {jval(a["own"])},\n'
            f'{t}"seller_id": "{a["seller_id"]}",\n'
            f'{t}"status": "{a["status"]}"\n'
            "\t\t}")


def seller_json(s):
    t = "\t\t\t"
    return ("\t\t{\n"
            f'{t}"confirmation_enabled": {jval(s["confirmation_enabled"])},\n'
            f'{t}"enabled_at": {jval(fmt(s["enabled_at"]))},\n'
            f'{t}"name": {jstr(s["name"])},\n'
            f'{t}"seller_id": "{s["seller_id"]}"\n'
            "\t\t}")


def array(name, items, last=False):
    if not items:
        return f'\t"{name}": []' + ("\n" if last else ",\n")
    return f'\t"{name}": [\n' + ",\n".join(items) + "\n\t]" + ("\n" if last else ",\n")


def write_store(path, seller_list, auth_list, events_wanted, seed, written, now):
    os.makedirs(path, mode=0o700, exist_ok=False)
    os.chmod(path, 0o700)
    lines, size, head = history_lines(seller_list, auth_list, events_wanted, seed, written)
    opener = lambda p, flags: os.open(p, flags, 0o600)  # noqa: E731
    with open(os.path.join(path, "history.jsonl"), "w", encoding="utf-8", opener=opener) as f:
        f.writelines(lines)
    with open(os.path.join(path, "lock"), "w", opener=opener):
        pass
    with open(os.path.join(path, "state.json"), "w", encoding="utf-8", opener=opener) as f:
        f.write("{\n")
        f.write(array("authorizations", [auth_json(a) for a in auth_list]))
        f.write('\t"format": "dac-store",\n')
        f.write('\t"history": {\n\t\t"bytes": %d,\n\t\t"events": %d,\n\t\t"head": "%s"\n\t},\n'
                % (size, len(lines), head))
        f.write(array("reminders", []))
        f.write(array("sellers", [seller_json(s) for s in seller_list]))
        f.write('\t"version": 1,\n')
        f.write('\t"written_at": "%s"\n}\n' % fmt(written if auth_list else now - 3 * 86400))


def csv_field(v):
    if v is None:
        return ""
    v = str(v)
    if any(c in v for c in ',"\r\n'):
        return '"' + v.replace('"', '""') + '"'
    return v


def write_csv(path, auth_list, seed):
    rng = Rng(seed + 2)
    out = sys.stdout if path == "-" else open(path, "w", encoding="utf-8", newline="")
    out.write("seller_id,developer_id,nickname,authorized_at,mws_auth_token,own,last_confirmed_at\n")
    for a in auth_list:
        token = a["mws_auth_token"] or "amzn.mws.%s-%s-%s-%s-%s" % (rng.hex(8), rng.hex(4), rng.hex(4), rng.hex(4), rng.hex(12))
        out.write(",".join(csv_field(v) for v in (
            a["seller_id"], a["developer_id"], a["nickname"], fmt(a["authorized_at"]), token,
            "true" if a["own"] else "false", fmt(a["confirmed_at"]))) + "\n")
    if out is not sys.stdout:
        out.close()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", choices=["store", "sellers", "csv"])
    p.add_argument("path")
    p.add_argument("--auths", type=int, required=True)
    p.add_argument("--sellers", type=int, help="default: one per 10 authorisations")
    p.add_argument("--events", type=int, help="history length (default: the history that made the state)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--now", default=DEFAULT_NOW, help="the instant the data is generated for (DAC_NOW)")
    o = p.parse_args()
    now = parse_time(o.now)
    sellers = o.sellers or max(1, o.auths // 10)
    seller_list, auth_list, written = generate(o.auths, sellers, o.seed, now)
    if o.what == "store":
        write_store(o.path, seller_list, auth_list, o.events, o.seed, written, now)
    elif o.what == "sellers":
        write_store(o.path, seller_list, [], o.events, o.seed, written, now)
    else:
        write_csv(o.path, auth_list, o.seed)


if __name__ == "__main__":
    main()
