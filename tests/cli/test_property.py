#!/usr/bin/env python3
"""Property test of the history as the record (issue 12, SPEC R1-R13, §2, §4).

Random life cycles are run against the real `dac` binary, moving the clock
with DAC_NOW, and checked against a small model of the rules written here
from SPEC.md alone (not from dac's source): an independent replay.

At every step, for instants one second before, at and one second after each
recorded event's effective instant and each expiry instant,
`dac list --as-of T --status all --format json` must equal the model's
picture at T, field for field and in order; `dac history --verify` must exit
0; and after a single-field hand edit of state.json (a random record and
field, never a token) it must exit 4 naming that record. The file is put
back afterwards.

    python3 tests/cli/test_property.py /path/to/dac
    python3 tests/cli/test_property.py --self-test     # the model alone

Environment:
    DAC_PROPERTY_SEED=N     the seed of the first case (default 1, so that
                            the suite gives the same answer on every run;
                            `random` draws one, to explore); case i runs
                            with seed N+i, and a failure prints the line
                            that replays it
    DAC_PROPERTY_CASES=N    how many cases (default 30; a third of that,
                            rounded up, when DAC_PROPERTY_SANITIZED=1)
    DAC_PROPERTY_STEPS=N    commands per case (default 16)
    DAC_PROPERTY_SANITIZED  1 or 0: a sanitizer build or not (default: what
                            ldd says, as tests/fault/lib.sh decides); a
                            sanitizer build runs a third of the cases and
                            starts none after DAC_PROPERTY_BUDGET seconds
                            (default 120)
"""

import calendar
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

# --------------------------------------------------------------------------
# Time: instants are whole seconds since the epoch, UTC.

DAY = 86400
NEVER = None


def parse_instant(text):
    """RFC 3339 `YYYY-MM-DDTHH:MM:SSZ` -> seconds."""
    dt = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
    return calendar.timegm(dt.timetuple())


def fmt(t):
    """Seconds -> RFC 3339 with seconds and Z (SPEC §2)."""
    return datetime.fromtimestamp(t, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def add_months(t, months):
    """R4: the same time of day `months` calendar months later, the day
    clamped to the target month's last day."""
    dt = datetime.fromtimestamp(t, tz=timezone.utc)
    index = dt.year * 12 + (dt.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    day = min(dt.day, calendar.monthrange(year, month)[1])
    return calendar.timegm((year, month, day, dt.hour, dt.minute, dt.second, 0, 0, 0))


def expiry_of(last_confirmed):
    """R4: date last confirmed + 12 calendar months."""
    return add_months(last_confirmed, 12)


def mask(token):
    """SPEC §6: `amzn.mws.` + first 4 and last 4 hex of the UUID, lower-case."""
    hexpart = token[len("amzn.mws."):].lower()
    return "amzn.mws." + hexpart[:4] + "…" + hexpart[-4:]


# --------------------------------------------------------------------------
# The model: the recorded changes, and the picture at any instant rebuilt
# from them by replaying them in the order they took effect (SPEC §2, R12).
# Suspensions are not recorded here: the replay derives them (R5 says the
# recorded ones are dated at the expiry instant, so both give one answer).


class Grant:
    """One grant (R2) or re-grant (R10): what it started with."""

    _next = 0

    def __init__(self, seller, dev, nickname, own, token, authorized_at):
        Grant._next += 1
        self.gen = Grant._next
        self.seller = seller
        self.dev = dev
        self.nickname = nickname
        self.own = own
        self.token = token
        self.authorized_at = authorized_at


class Event:
    """An accepted change: seller_added, enable, disable, grant, confirm,
    restore, revoke; `eff` when it took effect, `seq` the order recorded."""

    def __init__(self, seq, kind, eff, rec, seller, dev=None, grant=None, name=None):
        self.seq = seq
        self.kind = kind
        self.eff = eff
        self.rec = rec
        self.seller = seller
        self.dev = dev
        self.grant = grant
        self.name = name


class SellerState:
    def __init__(self):
        self.on = False  # before its first confirmation_enabled: off (§2)
        self.enabled_at = None


class AuthState:
    def __init__(self, grant):
        self.grant = grant
        self.status = "active"
        self.confirmed_at = None  # latest explicit confirmation or restoration
        self.frozen_lc = None  # R8a: the date last confirmed it had
        self.ended_at = None  # suspension instant / revocation instant

    def last_confirmed(self, seller):
        """R3 for an active one; R8a's frozen date otherwise."""
        if self.status != "active":
            return self.frozen_lc
        lc = self.grant.authorized_at
        if self.confirmed_at is not None:
            lc = max(lc, self.confirmed_at)
        if seller.on and seller.enabled_at is not None:
            lc = max(lc, seller.enabled_at)
        return lc

    def expires(self, seller):
        """R4, R1 (off: none), R9 (own: none), R8a (frozen)."""
        if self.status == "suspended":
            return self.ended_at
        if self.status == "revoked":
            return None
        if self.grant.own or not seller.on:
            return None
        return expiry_of(self.last_confirmed(seller))


class Picture:
    """The replay's result at one instant."""

    def __init__(self, at):
        self.at = at
        self.sellers = {}
        self.auths = {}
        self.suspensions = []  # (instant, (seller, dev))

    def seller(self, sid):
        if sid not in self.sellers:
            self.sellers[sid] = SellerState()
        return self.sellers[sid]

    def suspend_due(self, t):
        """R5: every active, unconfirmed, non-own authorisation whose expiry
        is at or before t is suspended at its expiry (the instant counts)."""
        for key, a in self.auths.items():
            if a.status != "active" or a.grant.own:
                continue
            s = self.seller(key[0])
            x = a.expires(s)
            if x is not None and x <= t:
                a.frozen_lc = a.last_confirmed(s)
                a.ended_at = x
                a.status = "suspended"
                self.suspensions.append((x, key))

    def apply(self, e):
        s = self.seller(e.seller)
        key = (e.seller, e.dev)
        if e.kind == "seller_added":
            return
        if e.kind == "enable":
            s.on = True
            s.enabled_at = e.eff
        elif e.kind == "disable":
            s.on = False
        elif e.kind == "grant":
            self.auths[key] = AuthState(e.grant)
        elif e.kind == "confirm":
            self.auths[key].confirmed_at = e.eff
        elif e.kind == "restore":
            a = self.auths[key]
            a.status = "active"
            a.confirmed_at = e.eff
            a.frozen_lc = None
            a.ended_at = None
        elif e.kind == "revoke":
            a = self.auths[key]
            a.frozen_lc = a.last_confirmed(s)
            a.ended_at = e.eff
            a.status = "revoked"
        else:
            raise ValueError(e.kind)


def replay(events, at):
    """The picture at `at`: every change that took effect at or before it,
    in the order they took effect (ties: the order recorded), the rules
    applied in between and at `at`."""
    p = Picture(at)
    for e in sorted((e for e in events if e.eff <= at), key=lambda e: (e.eff, e.seq)):
        p.suspend_due(e.eff)
        p.apply(e)
    p.suspend_due(at)
    return p


def rows(events, at, now):
    """`dac list --as-of AT --status all --format json` as the model sees
    it, with `now` the clock of the command (for the token rule of §2)."""
    p = replay(events, at)
    current = replay(events, now)
    out = []
    for key, a in p.auths.items():
        s = p.seller(key[0])
        lc = a.last_confirmed(s)
        x = a.expires(s)
        cur = current.auths.get(key)
        holds = cur is not None and cur.grant.gen == a.grant.gen and cur.status != "revoked"
        out.append({
            "seller_id": key[0],
            "developer_id": key[1],
            "nickname": a.grant.nickname,
            "own": a.grant.own,
            "status": a.status,
            "authorized_at": fmt(a.grant.authorized_at),
            "last_confirmed_at": fmt(lc),
            "expires_at": fmt(x) if x is not None else None,
            "days_left": (x - at) // DAY if x is not None else None,
            "mws_auth_token": mask(a.grant.token) if holds else None,
        })
    out.sort(key=lambda r: (r["expires_at"] is None, r["expires_at"] or "", r["seller_id"], r["developer_id"]))
    return out


class Model:
    """The changes accepted so far, and what the next command should do."""

    def __init__(self):
        self.events = []
        self.last_write = None  # the latest instant a change was recorded
        self.seller_names = {}

    def _add(self, kind, eff, rec, seller, **kw):
        self.events.append(Event(len(self.events) + 1, kind, eff, rec, seller, **kw))
        self.last_write = rec if self.last_write is None else max(self.last_write, rec)

    # Writes, assumed accepted (check() decides that).
    def add_seller(self, now, seller, name=None, enabled_at=None, disabled=False):
        self.seller_names[seller] = name
        self._add("seller_added", now, now, seller, name=name)
        if not disabled:
            self._add("enable", now if enabled_at is None else enabled_at, now, seller)

    def grant(self, now, seller, dev, nickname, token, at=None, own=False):
        g = Grant(seller, dev, nickname, own, token, now if at is None else at)
        self._add("grant", g.authorized_at, now, seller, dev=dev, grant=g)
        return g

    def change(self, now, kind, seller, dev=None, at=None):
        self._add(kind, now if at is None else at, now, seller, dev=dev)

    # Questions the generator asks.
    def now_picture(self, now):
        return replay(self.events, now)

    def sellers(self):
        return [e.seller for e in self.events if e.kind == "seller_added"]

    def seller_events(self, seller):
        return [e for e in self.events if e.seller == seller]

    def last_switch(self, seller):
        """The instant of the seller's last enable or disable (R13)."""
        ts = [e.eff for e in self.events if e.seller == seller and e.kind in ("enable", "disable")]
        return max(ts) if ts else None

    def revoked_at(self, seller, dev, now):
        a = self.now_picture(now).auths.get((seller, dev))
        return a.ended_at if a is not None and a.status == "revoked" else None

    def instants(self, now):
        """Every recorded change's effective instant, every suspension the
        replay derives, every expiry still ahead."""
        p = self.now_picture(now)
        ts = {e.eff for e in self.events}
        ts.update(x for x, _ in p.suspensions)
        for key, a in p.auths.items():
            x = a.expires(p.seller(key[0]))
            if x is not None:
                ts.add(x)
        return ts


# --------------------------------------------------------------------------
# The model checked on hand-written cases from SPEC.md.


def self_test():
    failures = []

    def eq(what, got, want):
        if got != want:
            failures.append(f"{what}: expected {want!r}, got {got!r}")

    I = parse_instant
    # R4's clamp and its examples.
    eq("R4 2024-02-29T10:00Z", fmt(expiry_of(I("2024-02-29T10:00:00Z"))), "2025-02-28T10:00:00Z")
    eq("R4 2025-08-31", fmt(expiry_of(I("2025-08-31T00:00:00Z"))), "2026-08-31T00:00:00Z")
    eq("R4 2023-03-31T23:59:59Z", fmt(expiry_of(I("2023-03-31T23:59:59Z"))), "2024-03-31T23:59:59Z")
    eq("add 1 month to 2025-01-31", fmt(add_months(I("2025-01-31T12:00:00Z"), 1)), "2025-02-28T12:00:00Z")
    eq("add 13 months to 2023-01-31", fmt(add_months(I("2023-01-31T12:00:00Z"), 13)), "2024-02-29T12:00:00Z")
    eq("mask", mask("amzn.mws.4EA39c1d-a2b3-4c5d-9e8f-0123abcd4567"), "amzn.mws.4ea3…4567")

    S = "A1B2C3D4E5F6G7"
    D = "123456789012"
    T1 = "amzn.mws.4ea39c1d-a2b3-4c5d-9e8f-0123abcd4567"
    T2 = "amzn.mws.11112222-3333-4444-5555-666677778888"

    def one(m, at, now):
        r = rows(m.events, I(at), I(now))
        return r[0] if r else None

    # R2/R4/R5 at the expiry instant, SPEC §4's example record.
    m = Model()
    m.add_seller(I("2025-01-01T00:00:00Z"), S, enabled_at=I("2025-01-01T00:00:00Z"))
    m.grant(I("2025-03-01T12:00:00Z"), S, D, "Khaos Control", T1)
    r = one(m, "2025-11-26T12:00:00Z", "2025-11-26T12:00:00Z")
    eq("§4 example", r, {"seller_id": S, "developer_id": D, "nickname": "Khaos Control", "own": False,
                         "status": "active", "authorized_at": "2025-03-01T12:00:00Z",
                         "last_confirmed_at": "2025-03-01T12:00:00Z", "expires_at": "2026-03-01T12:00:00Z",
                         "days_left": 95, "mws_auth_token": "amzn.mws.4ea3…4567"})
    r = one(m, "2026-03-01T11:59:59Z", "2026-03-01T11:59:59Z")
    eq("1s before expiry", (r["status"], r["days_left"]), ("active", 0))
    r = one(m, "2026-03-01T12:00:00Z", "2026-03-01T12:00:00Z")
    eq("at expiry (R5)", (r["status"], r["expires_at"], r["days_left"]), ("suspended", "2026-03-01T12:00:00Z", 0))
    r = one(m, "2026-03-01T12:00:01Z", "2026-03-01T12:00:01Z")
    eq("1s after expiry", (r["status"], r["days_left"], r["last_confirmed_at"]),
       ("suspended", -1, "2025-03-01T12:00:00Z"))
    eq("56.5 days after: day -57", one(m, "2026-04-27T00:00:00Z", "2026-04-27T00:00:00Z")["days_left"], -57)
    eq("before the grant: absent", one(m, "2025-03-01T11:59:59Z", "2026-01-01T00:00:00Z"), None)

    # R6 confirm; R8 restore; R7 revoke; R10 re-grant; the token rule of §2.
    m.change(I("2025-09-01T00:00:00Z"), "confirm", S, D)
    r = one(m, "2025-09-01T00:00:00Z", "2025-09-01T00:00:00Z")
    eq("R6", (r["last_confirmed_at"], r["expires_at"]), ("2025-09-01T00:00:00Z", "2026-09-01T00:00:00Z"))
    eq("R6 picture before it", one(m, "2025-08-31T23:59:59Z", "2025-09-01T00:00:00Z")["expires_at"],
       "2026-03-01T12:00:00Z")
    r = one(m, "2026-10-01T00:00:00Z", "2026-10-01T00:00:00Z")
    eq("suspended a month ago", (r["status"], r["expires_at"]), ("suspended", "2026-09-01T00:00:00Z"))
    m.change(I("2026-10-01T00:00:00Z"), "restore", S, D)
    r = one(m, "2026-10-01T00:00:00Z", "2026-10-01T00:00:00Z")
    eq("R8", (r["status"], r["last_confirmed_at"], r["expires_at"]),
       ("active", "2026-10-01T00:00:00Z", "2027-10-01T00:00:00Z"))
    m.change(I("2026-11-01T00:00:00Z"), "revoke", S, D)
    r = one(m, "2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z")
    eq("R7/R8a", (r["status"], r["last_confirmed_at"], r["expires_at"], r["days_left"], r["mws_auth_token"]),
       ("revoked", "2026-10-01T00:00:00Z", None, None, None))
    eq("token of a revoked grant, earlier picture", one(m, "2025-05-01T00:00:00Z", "2026-11-01T00:00:00Z")
       ["mws_auth_token"], None)
    m.grant(I("2026-12-01T00:00:00Z"), S, D, "Totally Different Co", T2, at=I("2026-11-15T00:00:00Z"))
    now = "2026-12-01T00:00:00Z"
    eq("R10 between revocation and re-grant", (one(m, "2026-11-14T23:59:59Z", now)["status"],
                                              one(m, "2026-11-14T23:59:59Z", now)["nickname"]),
       ("revoked", "Khaos Control"))
    r = one(m, "2026-11-15T00:00:00Z", now)
    eq("R10 at the re-grant", (r["status"], r["nickname"], r["authorized_at"], r["mws_auth_token"]),
       ("active", "Totally Different Co", "2026-11-15T00:00:00Z", "amzn.mws.1111…8888"))
    eq("old grant's picture: token null", one(m, "2026-06-01T00:00:00Z", now)["mws_auth_token"], None)

    # R1/R3: switching; before the first enable confirmation counts as off.
    m = Model()
    m.add_seller(I("2024-01-01T00:00:00Z"), S, disabled=True)
    m.grant(I("2024-02-01T00:00:00Z"), S, D, "Alpha", T1, at=I("2024-01-10T08:00:00Z"))
    r = one(m, "2025-06-01T00:00:00Z", "2025-06-01T00:00:00Z")
    eq("R1 off: no expiry", (r["status"], r["expires_at"], r["last_confirmed_at"]),
       ("active", None, "2024-01-10T08:00:00Z"))
    m.change(I("2025-06-01T00:00:00Z"), "enable", S, at=I("2025-05-31T10:00:00Z"))
    r = one(m, "2025-06-01T00:00:00Z", "2025-06-01T00:00:00Z")
    eq("R3 enabled_at", (r["last_confirmed_at"], r["expires_at"]), ("2025-05-31T10:00:00Z", "2026-05-31T10:00:00Z"))
    eq("enable --at: before it off", one(m, "2025-05-31T09:59:59Z", "2025-06-01T00:00:00Z")["expires_at"], None)
    m.change(I("2026-05-31T10:00:00Z"), "disable", S)
    r = one(m, "2026-05-31T10:00:00Z", "2026-05-31T10:00:00Z")
    eq("disable at the expiry instant: suspended first", (r["status"], r["expires_at"]),
       ("suspended", "2026-05-31T10:00:00Z"))
    m.change(I("2026-07-01T00:00:00Z"), "enable", S)
    r = one(m, "2026-07-01T00:00:00Z", "2026-07-01T00:00:00Z")
    eq("R1 suspended stays suspended, R8a frozen", (r["status"], r["last_confirmed_at"], r["expires_at"]),
       ("suspended", "2025-05-31T10:00:00Z", "2026-05-31T10:00:00Z"))

    # A late grant counts from when it took effect, also across a switch.
    m = Model()
    m.add_seller(I("2024-01-01T00:00:00Z"), S)
    m.change(I("2025-06-01T00:00:00Z"), "disable", S)
    m.grant(I("2025-07-01T00:00:00Z"), S, D, "Late", T1, at=I("2024-03-01T00:00:00Z"))
    r = one(m, "2025-07-01T00:00:00Z", "2025-07-01T00:00:00Z")
    eq("late grant, 12 months over before the disable", (r["status"], r["expires_at"]),
       ("suspended", "2025-03-01T00:00:00Z"))
    eq("late grant, picture before it took effect", one(m, "2024-02-29T23:59:59Z", "2025-07-01T00:00:00Z"), None)

    # R9: the own account never expires; its token shows.
    m = Model()
    m.add_seller(I("2024-01-01T00:00:00Z"), S)
    m.grant(I("2024-01-01T00:00:00Z"), S, D, "Me", T1, own=True)
    r = one(m, "2030-01-01T00:00:00Z", "2024-01-01T00:00:00Z")
    eq("R9", (r["status"], r["expires_at"], r["days_left"], r["mws_auth_token"]),
       ("active", None, None, "amzn.mws.4ea3…4567"))

    # §4 order: expires_at ascending, nulls last, then seller, then developer.
    m = Model()
    m.add_seller(I("2024-01-01T00:00:00Z"), S)
    m.grant(I("2024-03-01T00:00:00Z"), S, "000000000002", "B", T1)
    m.grant(I("2024-02-01T00:00:00Z"), S, "000000000003", "C", T2, own=True)
    m.grant(I("2024-03-01T00:00:00Z"), S, "000000000001", "A", T2)
    order = [x["developer_id"] for x in rows(m.events, I("2024-04-01T00:00:00Z"), I("2024-04-01T00:00:00Z"))]
    eq("§4 order", order, ["000000000001", "000000000002", "000000000003"])

    # The hand edit touches exactly one value of the file's text.
    text = '{\n\t"a": [\n\t\t{ "b": 1, "c": "x\\"y", "d": [true, null] }\n\t],\n\t"e": {}\n}'
    sp = json_spans(text)
    eq("json_spans string", text[sp[("a", 0, "c")][0]:sp[("a", 0, "c")][1]], '"x\\"y"')
    eq("json_spans null", text[sp[("a", 0, "d", 1)][0]:sp[("a", 0, "d", 1)][1]], "null")
    eq("json_spans object", json.loads(text[sp[("a", 0)][0]:sp[("a", 0)][1]]), {"b": 1, "c": 'x"y', "d": [True, None]})

    for f in failures:
        print("model self-test FAIL:", f, file=sys.stderr)
    return not failures


# --------------------------------------------------------------------------
# Running dac.


class Dac:
    def __init__(self, binary, store):
        self.binary = binary
        self.store = store
        self.runs = 0
        self.env = dict(os.environ)
        self.env.update({"DAC_STORE": store, "USER": "tester", "LC_ALL": "C.UTF-8"})
        for k in ("NO_COLOR", "XDG_DATA_HOME", "TERM", "DAC_NOW"):
            self.env.pop(k, None)

    def run(self, args, now, stdin=None):
        env = dict(self.env)
        env["DAC_NOW"] = fmt(now)
        self.runs += 1
        p = subprocess.run([self.binary] + args, input=(stdin or "").encode(), capture_output=True, env=env)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def shown(args, now):
    """The command as a person would type it again."""
    import shlex
    return f"DAC_NOW={fmt(now)} dac " + " ".join(shlex.quote(a) for a in args)


def fingerprint(store):
    out = {}
    if not os.path.isdir(store):
        return out
    for name in sorted(os.listdir(store)):
        path = os.path.join(store, name)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                out[name] = f.read()
    return out


# --------------------------------------------------------------------------
# A single-field edit of state.json, made in place in its text.


def json_spans(text):
    """Every value's (start, end) in the JSON text, keyed by its path."""
    spans = {}
    dec = json.JSONDecoder()

    def ws(i):
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        return i

    def value(i, path):
        i = ws(i)
        start = i
        if text[i] == "{":
            i = ws(i + 1)
            if text[i] == "}":
                i += 1
            else:
                while True:
                    key, i = json.decoder.scanstring(text, ws(i) + 1)
                    i = ws(i)
                    assert text[i] == ":"
                    i = value(i + 1, path + (key,))
                    i = ws(i)
                    if text[i] == ",":
                        i += 1
                        continue
                    assert text[i] == "}"
                    i += 1
                    break
        elif text[i] == "[":
            i = ws(i + 1)
            n = 0
            if text[i] == "]":
                i += 1
            else:
                while True:
                    i = value(i, path + (n,))
                    n += 1
                    i = ws(i)
                    if text[i] == ",":
                        i += 1
                        continue
                    assert text[i] == "]"
                    i += 1
                    break
        else:
            _, i = dec.raw_decode(text, i)
        spans[path] = (start, i)
        return i

    value(0, ())
    return spans


def leaves(v, path=()):
    if isinstance(v, dict):
        for k, x in v.items():
            yield from leaves(x, path + (k,))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from leaves(x, path + (i,))
    else:
        yield path, v


def is_instant(v):
    try:
        parse_instant(v)
        return True
    except (TypeError, ValueError):
        return False


def mutated(key, v, rng, gen):
    """Another valid value for one field, or None when there is none."""
    if isinstance(v, bool):
        return not v
    if isinstance(v, int):
        return v + rng.choice((1, -1)) if v > 0 else v + 1
    if v is None:
        return fmt(parse_instant("2024-06-15T12:00:00Z")) if str(key).endswith("_at") else None
    if isinstance(v, str):
        if key == "status" and v in ("active", "suspended", "revoked"):
            return rng.choice([s for s in ("active", "suspended", "revoked") if s != v])
        if is_instant(v):
            return fmt(parse_instant(v) - rng.choice((1, DAY, 31 * DAY)))
        if key == "developer_id":
            return gen.fresh_dev()
        if key == "seller_id":
            return gen.fresh_seller()
        return v + " Ltd" if len(v) < 50 else v[:-1]
    return None


# --------------------------------------------------------------------------
# One random life cycle.

NICKNAMES = ["Khaos Control", "Feedvisor", "café", "Ünïcode GmbH", "Acme & Co", "数据服务", "Sellerboard",
             "Totally Different Co", "A2X", "Linnworks", "Jungle Scout", "Helium 10"]
SELLER_NAMES = ["My shop", "Boutique Élise", "Second store"]


class Failure(Exception):
    pass


class Case:
    def __init__(self, seed, dac, steps, log):
        self.seed = seed
        self.rng = random.Random(seed)
        self.dac = dac
        self.steps = steps
        self.model = Model()
        self.log = log  # the commands run so far, for a failure report
        self.now = None
        self.used_devs = set()
        self.used_sellers = set()
        self.possible_last_writes = set()
        self.checks = 0
        self.focus = []

    # ---- values
    def fresh_dev(self):
        while True:
            d = "".join(self.rng.choice("0123456789") for _ in range(12))
            if self.rng.random() < 0.2:
                d = "000" + d[3:]
            if d not in self.used_devs:
                self.used_devs.add(d)
                return d

    def fresh_seller(self):
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        while True:
            s = "A" + "".join(self.rng.choice(letters) for _ in range(self.rng.randint(9, 19)))
            if s not in self.used_sellers:
                self.used_sellers.add(s)
                return s

    def token(self):
        h = "%032x" % self.rng.getrandbits(128)
        t = f"amzn.mws.{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
        return t.upper().replace("AMZN.MWS.", "amzn.mws.") if self.rng.random() < 0.2 else t

    def dev_arg(self, d):
        r = self.rng.random()
        if r < 0.15:
            return f"{d[:4]}-{d[4:8]}-{d[8:]}"
        return d

    def seller_args(self, s):
        if len(self.model.sellers()) > 1 or self.rng.random() < 0.3:
            return ["--seller", s]
        return []

    def past(self, lo):
        """An instant in [lo, now], often on an instant something happened."""
        lo = min(lo, self.now)
        r = self.rng.random()
        if r < 0.3:
            cands = [t for t in self.model.instants(self.now) if lo <= t <= self.now]
            if cands:
                return max(lo, min(self.now, self.rng.choice(cands) + self.rng.choice((-1, 0, 0, 1))))
        if r < 0.4:
            return lo
        return self.rng.randint(lo, self.now)

    # ---- failing
    def fail(self, what, *lines):
        raise Failure("\n".join([what] + ["  " + x for x in lines]))

    # ---- running a command the model has a prediction for
    def write(self, args, want_rc, stdin=None, now=None):
        now = self.now if now is None else now
        before = fingerprint(self.dac.store)
        rc, out, err = self.dac.run(args, now, stdin)
        self.log.append(shown(args, now) + (f"   (stdin: a token)" if stdin else "") + f"   -> exit {rc}")
        if rc != want_rc:
            self.fail("exit code differs from the model's", f"command:  {shown(args, now)}",
                      f"expected: exit {want_rc}", f"actual:   exit {rc}", f"stderr:   {err.strip()}")
        if rc != 0 and fingerprint(self.dac.store) != before:
            self.fail("a refused command changed the store", f"command: {shown(args, now)}")
        if rc != 0 and not err.startswith("dac: "):
            self.fail("a refused command without a 'dac: ' message", f"command: {shown(args, now)}",
                      f"stderr: {err!r}")
        return rc, out, err

    # ---- the actions
    def act_init(self):
        s = self.fresh_seller()
        args = ["init", "--seller", s]
        r = self.rng.random()
        enabled_at = None
        disabled = False
        if r < 0.3:
            disabled = True
            args.append("--disabled")
        elif r < 0.7:
            enabled_at = self.now - self.rng.choice((0, 1, DAY, 200 * DAY, self.rng.randint(1, 800 * DAY)))
            args += ["--enabled-at", fmt(enabled_at)]
        if self.rng.random() < 0.5:
            args += ["--name", self.rng.choice(SELLER_NAMES)]
        self.write(args, 0)
        self.model.add_seller(self.now, s, enabled_at=enabled_at, disabled=disabled)

    def act_seller_add(self):
        s = self.fresh_seller()
        args = ["seller", "add", s]
        enabled_at = None
        disabled = self.rng.random() < 0.3
        if disabled:
            args.append("--disabled")
        elif self.rng.random() < 0.5:
            enabled_at = self.now - self.rng.randint(0, 400 * DAY)
            args += ["--enabled-at", fmt(enabled_at)]
        self.write(args, 0)
        self.model.add_seller(self.now, s, enabled_at=enabled_at, disabled=disabled)

    def pick_seller(self):
        return self.rng.choice(self.model.sellers())

    def auths_now(self, pred):
        p = self.model.now_picture(self.now)
        return [(k, a) for k, a in p.auths.items() if pred(a)]

    def act_grant(self, late=False):
        s = self.pick_seller()
        p = self.model.now_picture(self.now)
        elsewhere = sorted({k[1] for k in p.auths if k[0] != s} - {k[1] for k in p.auths if k[0] == s})
        d = self.rng.choice(elsewhere) if elsewhere and self.rng.random() < 0.4 else self.fresh_dev()
        has_own = any(k[0] == s and a.grant.own and a.status != "revoked" for k, a in p.auths.items())
        own = self.rng.random() < 0.1
        nick = self.rng.choice(NICKNAMES)
        tok = self.token()
        args = ["grant", self.dev_arg(d), "--nickname", nick, "--token-file", "-"] + self.seller_args(s)
        at = None
        if late:
            added = min(e.eff for e in self.model.seller_events(s) if e.kind == "seller_added")
            # Often before the seller was added (a new store recording the
            # grants that already exist): its confirmation then counts as
            # off until its first enable (§2).
            lo = added if self.rng.random() < 0.6 else added - self.rng.randint(1, 500 * DAY)
            at = self.past(max(lo, self.now - 900 * DAY))
            args += ["--at", fmt(at)]
        if own:
            args.append("--own")
        want = 1 if own and has_own else 0
        self.write(args, want, stdin=tok + "\n")
        if want == 0:
            self.model.grant(self.now, s, d, nick, tok.lower(), at=at, own=own)

    def act_regrant(self, before_revocation=False):
        cands = self.auths_now(lambda a: a.status == "revoked")
        if not cands:
            return self.act_grant()
        (s, d), a = self.rng.choice(cands)
        nick = self.rng.choice(NICKNAMES)
        tok = self.token()
        args = ["grant", self.dev_arg(d), "--nickname", nick, "--token-file", "-"] + self.seller_args(s)
        at = None
        want = 0
        if before_revocation:
            at = a.ended_at - self.rng.choice((1, 60, DAY, 40 * DAY))
            want = 1
            args += ["--at", fmt(at)]
        elif self.rng.random() < 0.6:
            at = self.past(a.ended_at)
            at = max(at, a.ended_at)
            args += ["--at", fmt(at)]
        self.write(args, want, stdin=tok + "\n")
        if want == 0:
            self.model.grant(self.now, s, d, nick, tok.lower(), at=at)

    def act_grant_existing(self):
        """Granting an active or suspended one is refused (R10)."""
        cands = self.auths_now(lambda a: a.status != "revoked")
        if not cands:
            return self.act_grant()
        (s, d), _ = self.rng.choice(cands)
        args = ["grant", self.dev_arg(d), "--nickname", "Again", "--token-file", "-"] + self.seller_args(s)
        self.write(args, 1, stdin=self.token() + "\n")

    def targets(self, statuses, focus=None):
        """One or two authorisations of one seller, the first in `statuses`
        (or the one the clock just jumped to the expiry of)."""
        p = self.model.now_picture(self.now)
        first = [(k, a) for k, a in p.auths.items() if a.status in statuses]
        if focus is not None and focus in p.auths:
            first = [(focus, p.auths[focus])]
        if not first:
            return None
        (s, d), _ = self.rng.choice(first)
        keys = [(s, d)]
        others = [k for k in p.auths if k[0] == s and k != (s, d)]
        if others and self.rng.random() < 0.25:
            keys.append(self.rng.choice(others))
        return s, keys, p

    def act_on(self, command, focus=None):
        """confirm / revoke / restore on one or two targets: all or nothing."""
        wanted = {"confirm": ("active",), "revoke": ("active", "suspended"), "restore": ("suspended",)}[command]
        t = self.targets(wanted if self.rng.random() < 0.8 else ("active", "suspended", "revoked"), focus)
        if t is None:
            return self.act_grant()
        s, keys, p = t
        refused = False
        changes = []
        for key in keys:
            a = p.auths[key]
            if command == "confirm":
                if a.status != "active":
                    refused = True
                elif not a.grant.own:  # R9: confirming the own account changes nothing
                    changes.append(key)
            elif command == "revoke":
                if a.grant.own:
                    refused = True  # R7
                elif a.status != "revoked":
                    changes.append(key)
            else:
                if a.status == "revoked":
                    refused = True  # R8
                elif a.status == "suspended":
                    changes.append(key)
        args = [command] + [self.dev_arg(k[1]) for k in keys] + self.seller_args(s)
        if command == "revoke":
            args.append("--yes")
        self.write(args, 1 if refused else 0)
        if refused:
            return
        if not changes:
            self.possible_last_writes.add(self.now)
        for key in changes:
            self.model.change(self.now, command, key[0], dev=key[1])

    def act_switch(self, before_last_switch=False, seller=None):
        s = seller or self.pick_seller()
        p = self.model.now_picture(self.now)
        on = p.seller(s).on
        if on and not before_last_switch:
            self.write(["disable"] + self.seller_args(s), 0)
            self.model.change(self.now, "disable", s)
            return
        if on:
            return self.act_grant()
        last = self.model.last_switch(s)
        if before_last_switch:
            if last is None:
                return self.act_grant()
            at = last - self.rng.choice((1, 3600, 30 * DAY))
            self.write(["enable", "--at", fmt(at)] + self.seller_args(s), 1)
            return
        args = ["enable"] + self.seller_args(s)
        at = None
        if self.rng.random() < 0.6:
            # enable --at in the past: never before the last switch (R13:
            # refused, tried in act_switch(before_last_switch=True)); never
            # before a revocation (the date last confirmed a revoked one
            # keeps, R8a, would depend on whether the switch is counted as
            # of when it took effect or when it was recorded: SPEC does not
            # say); and either after every change of the seller or so
            # recent that no access expires before now (else a change made
            # while it was off, a confirmation say, would act on access that
            # the switch had meanwhile suspended: R13's "one answer" fails).
            events = self.model.seller_events(s)
            lo = max(e.eff for e in events if e.kind in ("seller_added", "enable", "disable", "revoke"))
            latest = max(e.eff for e in events)
            at = max(lo, self.past(lo))
            if at < latest and expiry_of(at) <= self.now:
                at = max(latest, self.past(latest))
            args += ["--at", fmt(at)]
        self.write(args, 0)
        self.model.change(self.now, "enable", s, at=at)

    def act_backwards(self):
        """R13: a write before the store's last write is refused (exit 1)."""
        last = self.model.last_write
        then = last - self.rng.choice((1, 1, 59, 3600, DAY, 45 * DAY))
        s = self.pick_seller()
        d = self.fresh_dev()
        args = ["grant", self.dev_arg(d), "--nickname", "Too Late", "--token-file", "-"] + self.seller_args(s)
        rc, _, err = self.write(args, 1, stdin=self.token() + "\n", now=then)
        # A no-op after the last change may or may not count as a write.
        named = [fmt(t) for t in sorted({last} | {t for t in self.possible_last_writes if t > last})]
        if fmt(then) not in err or not any(n in err for n in named):
            self.fail("R13: the refusal should name both instants", f"command: {shown(args, then)}",
                      f"expected: {fmt(then)} and {' or '.join(named)}", f"stderr:   {err.strip()}")

    def act_noop(self):
        """Idempotent no-ops: revoke a revoked one, restore an active one,
        confirm the own account, enable an enabled seller (docs/usage.md)."""
        r = self.rng.random()
        if r < 0.5:
            return self.act_on(self.rng.choice(["revoke", "restore", "confirm"]))
        s = self.pick_seller()
        if self.model.now_picture(self.now).seller(s).on:
            self.write(["enable"] + self.seller_args(s), 0)
            self.possible_last_writes.add(self.now)
        else:
            self.act_switch()

    # ---- the clock
    def advance(self):
        self.focus = []
        r = self.rng.random()
        now = self.now
        if r < 0.35:
            p = self.model.now_picture(now)
            ahead = sorted({x for k, a in p.auths.items() for x in [a.expires(p.seller(k[0]))]
                            if x is not None and x > now})
            if ahead:
                x = self.rng.choice(ahead[:3])
                self.focus = [k for k, a in p.auths.items() if a.expires(p.seller(k[0])) == x]
                self.now = max(now, x + self.rng.choice((-1, 0, 0, 1)))
                return
        if r < 0.45:
            self.now = now + self.rng.choice((0, 1))
        elif r < 0.6:
            self.now = now + self.rng.randint(60, 3 * DAY)
        elif r < 0.85:
            self.now = now + self.rng.randint(DAY, 200 * DAY)
        else:
            self.now = add_months(now, self.rng.randint(1, 13))

    # ---- the checks at every step
    def check_pictures(self):
        args = ["history", "--format", "json"]
        rc, out, err = self.dac.run(args, self.now)
        try:
            history = json.loads(out) if rc == 0 else None
            dac_instants = {parse_instant(e["effective_at"]) for e in history}
        except (ValueError, KeyError, TypeError) as e:
            self.fail("history --format json failed", f"command: {shown(args, self.now)}",
                      f"exit {rc}: {err.strip()} {e}")
        self.check_history(history)
        base = self.model.instants(self.now) | dac_instants | {self.now}
        probes = sorted({t + d for t in base for d in (-1, 0, 1)})
        for t in probes:
            self.compare(["list", "--as-of", fmt(t), "--status", "all", "--format", "json"], t)
        self.compare(["list", "--status", "all", "--format", "json"], self.now)

    KINDS = {"seller_added": "seller_added", "enable": "confirmation_enabled",
             "disable": "confirmation_disabled", "grant": "granted", "confirm": "confirmed",
             "restore": "restored", "revoke": "revoked"}

    def check_history(self, history):
        """R11: every accepted change is one event, with the instant it took
        effect and the instant it was recorded; R5: every suspension that
        came due by the last write is recorded, dated at its expiry, and
        none that had not."""
        want = sorted((self.KINDS[e.kind], e.seller, e.dev, fmt(e.eff), fmt(e.rec)) for e in self.model.events)
        got = sorted((e.get("event"), e.get("seller_id"), e.get("developer_id"), e.get("effective_at"),
                      e.get("recorded_at")) for e in history if e.get("event") not in ("suspended", "reminded"))
        lines = []
        if want != got:
            for x in sorted(set(want) | set(got), key=str):
                if want.count(x) != got.count(x):
                    lines.append(f"{x}: expected {want.count(x)} such events, history has {got.count(x)}")
        last = max({self.model.last_write} | self.possible_last_writes)
        due = sorted({(fmt(x), key) for x, key in self.model.now_picture(self.now).suspensions})
        must = {d for d in due if parse_instant(d[0]) <= self.model.last_write}
        may = {d for d in due if parse_instant(d[0]) <= last}
        susp = [e for e in history if e.get("event") == "suspended"]
        have = [(e.get("effective_at"), (e.get("seller_id"), e.get("developer_id"))) for e in susp]
        for d in sorted(must - set(have)):
            lines.append(f"suspension of {d[1][0]} / {d[1][1]} at {d[0]} (due by the last write"
                         f" {fmt(self.model.last_write)}) is not recorded")
        for d in sorted(set(have) - may):
            lines.append(f"suspended event of {d[1][0]} / {d[1][1]} at {d[0]}: the model has no such suspension"
                         " by the last write")
        for d in sorted({d for d in have if have.count(d) > 1}):
            lines.append(f"suspension of {d[1][0]} / {d[1][1]} at {d[0]} recorded {have.count(d)} times")
        for e in susp:
            if (e.get("recorded_at") or "") < (e.get("effective_at") or ""):
                lines.append(f"suspended event {e.get('seq')} recorded before it took effect")
        if lines:
            self.fail("the history differs from the model's changes", f"command: {shown(['history', '--format', 'json'], self.now)}",
                      *lines)

    def compare(self, args, at):
        self.checks += 1
        want = rows(self.model.events, at, self.now)
        rc, out, err = self.dac.run(args, self.now)
        cmd = shown(args, self.now)
        if rc != 0:
            self.fail("list failed", f"command: {cmd}", f"exit {rc}: {err.strip()}")
        try:
            got = json.loads(out)
        except ValueError as e:
            self.fail("list printed no JSON", f"command: {cmd}", f"{e}: {out[:300]!r}")
        if got == want:
            return
        lines = [f"command: {cmd}", f"T:       {fmt(at)}"]
        wk = {(r["seller_id"], r["developer_id"]): r for r in want}
        gk = {(r.get("seller_id"), r.get("developer_id")): r for r in got}
        for key in sorted(set(wk) | set(gk), key=str):
            w, g = wk.get(key), gk.get(key)
            if w == g:
                continue
            lines.append(f"record {key[0]} / {key[1]}:")
            if w is None or g is None:
                lines.append(f"  expected: {json.dumps(w, ensure_ascii=False)}")
                lines.append(f"  actual:   {json.dumps(g, ensure_ascii=False)}")
                continue
            for f in list(w) + [f for f in g if f not in w]:
                if w.get(f, "<absent>") != g.get(f, "<absent>"):
                    lines.append(f"  {f}: expected {json.dumps(w.get(f, '<absent>'), ensure_ascii=False)},"
                                 f" actual {json.dumps(g.get(f, '<absent>'), ensure_ascii=False)}")
            lines.append(f"  expected record: {json.dumps(w, ensure_ascii=False)}")
        if len(lines) == 2:
            lines.append("the records are equal but their order differs (§4: expires_at, nulls last, seller, developer)")
            lines.append(f"  expected: {[r['developer_id'] for r in want]}")
            lines.append(f"  actual:   {[r.get('developer_id') for r in got]}")
        self.fail("the picture differs from the model's", *lines)

    def check_verify(self):
        rc, out, err = self.dac.run(["history", "--verify"], self.now)
        if rc != 0:
            self.fail("history --verify failed on an untouched store", f"command: {shown(['history', '--verify'], self.now)}",
                      f"exit {rc}: {err.strip()}")

    def check_edit(self):
        """A single-field hand edit of state.json (never a token) is caught
        by `history --verify` (exit 4), naming the record."""
        path = os.path.join(self.dac.store, "state.json")
        with open(path, "rb") as f:
            original = f.read()
        text = original.decode("utf-8")
        state = json.loads(text)
        records = [(k, i, r) for k, v in state.items() if k != "reminders" and isinstance(v, list)
                   for i, r in enumerate(v) if isinstance(r, dict) and "seller_id" in r]
        # A random record, then a random field of it that can take another
        # valid value.
        choices = []
        for k, i, r in self.rng.sample(records, len(records)):
            fields = [(path_in, v) for path_in, v in leaves(r) if not any("token" in str(x) for x in path_in)]
            for path_in, v in self.rng.sample(fields, len(fields)):
                new = mutated(path_in[-1], v, self.rng, self)
                if new is not None and new != v:
                    choices.append((k, i, r, path_in, v, new))
                    break
            if choices:
                break
        if not choices:
            self.fail("state.json holds no record with a field to edit", f"records: {[(k, i) for k, i, _ in records]}")
        k, i, r, path_in, old, new = choices[0]
        span = json_spans(text)[(k, i) + path_in]
        edited = text[:span[0]] + json.dumps(new, ensure_ascii=False) + text[span[1]:]
        try:
            with open(path, "wb") as f:
                f.write(edited.encode("utf-8"))
            rc, out, err = self.dac.run(["history", "--verify"], self.now)
        finally:
            with open(path, "wb") as f:
                f.write(original)
        field = ".".join(str(p) for p in (k, i) + path_in)
        sellers = {r["seller_id"]} | ({new} if path_in == ("seller_id",) else set())
        devs = set()
        if r.get("developer_id") is not None:
            devs = {r["developer_id"]} | ({new} if path_in == ("developer_id",) else set())
        named = any(s in err for s in sellers) and (not devs or any(d in err for d in devs))
        if rc != 4 or not named:
            who = "seller " + " or ".join(sorted(sellers)) + ("" if not devs else ", developer " + " or ".join(sorted(devs)))
            self.fail("history --verify missed a hand edit of state.json",
                      f"edit:     {field}: {json.dumps(old, ensure_ascii=False)} -> {json.dumps(new, ensure_ascii=False)}",
                      f"command:  {shown(['history', '--verify'], self.now)}",
                      f"expected: exit 4, stderr naming {who}",
                      f"actual:   exit {rc}, stderr: {err.strip()}")

    # ---- the life cycle
    def run(self):
        self.now = parse_instant("2023-01-01T00:00:00Z") + self.rng.randint(0, 700) * DAY
        self.now += self.rng.choice((0, 10 * 3600, self.rng.randint(0, DAY - 1)))
        if self.rng.random() < 0.3:  # the end of a month, for R4's clamp
            dt = datetime.fromtimestamp(self.now, tz=timezone.utc)
            last = calendar.monthrange(dt.year, dt.month)[1]
            self.now = calendar.timegm((dt.year, dt.month, last, dt.hour, dt.minute, dt.second, 0, 0, 0))
        self.act_init()
        self.step_checks()
        for _ in range(self.steps):
            self.advance()
            self.act()
            self.step_checks()

    def act(self):
        """One command, chosen by weights that follow what the store holds."""
        p = self.model.now_picture(self.now)
        count = {"active": 0, "suspended": 0, "revoked": 0}
        for a in p.auths.values():
            count[a.status] += 1
        if self.focus and self.rng.random() < 0.6:
            # The clock is on (or a second off) an expiry instant: act on
            # that authorisation, or switch its seller.
            key = self.rng.choice(self.focus)
            if self.rng.random() < 0.15:
                return self.act_switch(seller=key[0])
            return self.act_on(self.rng.choice(["confirm", "confirm", "restore", "revoke"]), focus=key)
        actions = [
            (12, lambda: self.act_grant()),
            (12, lambda: self.act_grant(late=True)),
            (12 if count["active"] else 1, lambda: self.act_on("confirm")),
            (7 if count["active"] + count["suspended"] else 1, lambda: self.act_on("revoke")),
            (14 if count["suspended"] else 1, lambda: self.act_on("restore")),
            (9 if count["revoked"] else 1, lambda: self.act_regrant()),
            (9, lambda: self.act_switch()),
            (3, lambda: self.act_seller_add() if len(self.model.sellers()) < 3 else self.act_grant()),
            (4, lambda: self.act_backwards()),
            (2, lambda: self.act_switch(before_last_switch=True)),
            (2 if count["revoked"] else 0, lambda: self.act_regrant(before_revocation=True)),
            (2, lambda: self.act_grant_existing()),
            (3, lambda: self.act_noop()),
        ]
        x = self.rng.uniform(0, sum(w for w, _ in actions))
        for w, f in actions:
            x -= w
            if x <= 0:
                return f()
        return actions[0][1]()

    def step_checks(self):
        self.check_pictures()
        self.check_verify()
        self.check_edit()
        self.check_verify()


# --------------------------------------------------------------------------


def sanitizer_build(binary):
    """Like tests/fault/lib.sh: a dac linked with ASan or UBSan."""
    if os.environ.get("DAC_PROPERTY_SANITIZED") in ("0", "1"):
        return os.environ["DAC_PROPERTY_SANITIZED"] == "1"
    try:
        p = subprocess.run(["ldd", binary], capture_output=True, text=True)
    except OSError:
        return False
    return re.search(r"lib(a|ub)san", p.stdout) is not None


def main(argv):
    if len(argv) == 2 and argv[1] == "--self-test":
        ok = self_test()
        print("model self-test:", "ok" if ok else "FAILED")
        return 0 if ok else 1
    if len(argv) != 2 or not os.access(argv[1], os.X_OK):
        print(f"usage: {argv[0]} /path/to/dac | --self-test", file=sys.stderr)
        return 2
    if not self_test():
        return 1
    binary = os.path.abspath(argv[1])
    sanitized = sanitizer_build(binary)
    default_cases = 30
    cases = int(os.environ.get("DAC_PROPERTY_CASES", -(-default_cases // 3) if sanitized else default_cases))
    # A sanitizer build is several times slower: it starts no new case
    # after this many seconds (the normal build always runs them all).
    budget = float(os.environ.get("DAC_PROPERTY_BUDGET", 120 if sanitized else 0))
    steps = int(os.environ.get("DAC_PROPERTY_STEPS", 16))
    seed_env = os.environ.get("DAC_PROPERTY_SEED")
    if seed_env == "random":
        first_seed = random.SystemRandom().randrange(1, 10**9)
    else:
        first_seed = int(seed_env) if seed_env else 1
    print(f"property: {cases} cases of {steps} steps, seeds {first_seed}..{first_seed + cases - 1}"
          f"{' (sanitizer build)' if sanitized else ''}")
    started = time.monotonic()
    failed = 0
    runs = 0
    checks = 0
    for i in range(cases):
        seed = first_seed + i
        tmp = tempfile.mkdtemp(prefix="dac-property.")
        log = []
        try:
            dac = Dac(binary, os.path.join(tmp, "store"))
            case = Case(seed, dac, steps, log)
            try:
                case.run()
            except Failure as f:
                failed += 1
                print(f"FAIL case {i + 1}, seed {seed}: {f}", file=sys.stderr)
                print("  the commands that led there:", file=sys.stderr)
                for line in log:
                    print("    " + line, file=sys.stderr)
                print(f"  replay: DAC_PROPERTY_SEED={seed} DAC_PROPERTY_CASES=1 DAC_PROPERTY_STEPS={steps}"
                      f" python3 {argv[0]} {argv[1]}", file=sys.stderr)
            runs += dac.runs
            checks += case.checks
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        if failed >= int(os.environ.get("DAC_PROPERTY_MAX_FAILED", 3)):
            print(f"property: stopping after {failed} failing cases", file=sys.stderr)
            break
        if budget and time.monotonic() - started > budget and i + 1 < cases:
            print(f"property: time budget of {budget:.0f} s spent: {i + 1} of {cases} cases run")
            break
    elapsed = time.monotonic() - started
    print(f"property: {i + 1 - failed} of {i + 1} cases passed; {checks} pictures compared, {runs} dac runs,"
          f" {elapsed:.1f} s; first seed {first_seed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
