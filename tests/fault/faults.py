#!/usr/bin/env python3
"""Crash and full-disk tests of the dac store, driven from Python for speed.

    faults.py crash DAC SHIM WORKDIR      kill -9 at every counted operation of
                                          every kind of write, then at random
                                          instants ($DAC_FAULT_KILLS, default 1000)
    faults.py diskfull DAC SHIM WORKDIR   ENOSPC, EDQUOT and EIO at every counted
                                          operation of every kind of write
    faults.py flips DAC SHIM WORKDIR      one byte flipped in each history event in
                                          turn: history --verify names that event

Each kind of write (a scenario) starts from the same store; the state and the
history it leaves when not disturbed are known in advance ("after"), as is what
was there before. After every fault the test checks what a user would see:
state.json is byte for byte the one before or the one after, the committed
history is whole and verifies, no temp file outlives the next write, and the
next run of the command completes it exactly as an undisturbed run would have.

Prints one line per failure and ends with "N passed, M failed" like the shell
tests; exits 1 when anything failed.
"""

import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

# Set by tests/fault/lib.sh for a sanitizer build, ten times slower: the sweeps
# then take samples (the full ones run in the normal build).
SANITIZED = os.environ.get("DAC_FAULT_SANITIZED") == "1"

NOW = "2026-11-26T12:00:00Z"
# A year and more later: the authorisations of the base store come due, so a
# write records their suspensions before its own change (SPEC R5).
LATER = "2027-12-10T08:00:00Z"
SELLER = "A1B2C3D4E5F6G7"
SELLER2 = "Z9Y8X7W6V5U4T3"
TOKENS = [
    "amzn.mws.4ea39c1d-a2b3-4c5d-9e8f-0123abcd4567",
    "amzn.mws.11112222-3333-4444-5555-666677778888",
    "amzn.mws.aaaabbbb-cccc-dddd-eeee-ffff00001234",
    "amzn.mws.0a0b0c0d-1e1f-2a2b-3c3d-4e4f5a5b5c5d",
]


def token(n):
    return f"amzn.mws.{n:08x}-1234-4abc-8def-{n:012x}"


class Suite:
    """Counts assertions and prints failures like tests/cli/lib.sh."""

    def __init__(self, dac, shim, workdir):
        self.dac = dac
        self.shim = shim
        self.workdir = workdir
        self.passed = 0
        self.failed = 0
        self.store = os.path.join(workdir, "store")
        asan = os.environ.get("ASAN_OPTIONS", "")
        self.env = dict(os.environ)
        self.env.update({"DAC_STORE": self.store, "DAC_NOW": NOW, "USER": "tester", "LC_ALL": "C.UTF-8"})
        self.env.pop("NO_COLOR", None)
        self.faulty_env = dict(self.env)
        self.faulty_env["LD_PRELOAD"] = shim
        self.faulty_env["ASAN_OPTIONS"] = (asan + ":" if asan else "") + "verify_asan_link_order=0"

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {what}" + (f"\n  {detail}" if detail else ""), file=sys.stderr)
        return ok

    def run(self, args, now=NOW, faults=None, store=None):
        env = dict(self.faulty_env if faults is not None else self.env)
        env["DAC_NOW"] = now
        env["DAC_STORE"] = store or self.store
        if faults:
            env.update(faults)
        p = subprocess.run([self.dac] + args, env=env, stdin=subprocess.DEVNULL, capture_output=True)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 0 if self.failed == 0 else 1


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


def temp_files(store):
    try:
        return sorted(n for n in os.listdir(store) if n.startswith(".tmp-"))
    except FileNotFoundError:
        return []


def copy_store(src, dst):
    if os.path.lexists(dst):
        shutil.rmtree(dst)
    if src is not None:
        shutil.copytree(src, dst, symlinks=True)


class Scenario:
    """One kind of write, from a fixed store, with its known outcome."""

    def __init__(self, name, args, now=NOW, base="base"):
        self.name = name
        self.args = args
        self.now = now
        self.base = base  # the folder name of the store it starts from, or None (init)
        self.before_state = self.before_history = None
        self.after_state = self.after_history = None
        self.ops = []  # what the shim counted: "N op target"
        self.times = []  # its recent undisturbed run times
        self.seconds = 0.0  # their median

    def start(self, base):
        """The store it starts from: `base`, or none at all (init)."""
        return None if self.base is None else base

    def is_after(self, state):
        """Whether `state` (state.json's bytes) is what an undisturbed run writes. `init`
        gives each store a random id (SPEC §7), so for it the id's value is left out;
        every other write keeps the id it found, byte for byte."""
        if state is None or self.after_state is None:
            return state == self.after_state
        if self.base is not None:
            return state == self.after_state
        return STORE_ID.sub(b'"id":"?"', state) == STORE_ID.sub(b'"id":"?"', self.after_state)


# The store's random id in state.json.
STORE_ID = re.compile(rb'"id":\s*"[0-9a-f]{32}"')


def build_base(suite):
    """The store every scenario starts from: two sellers, authorisations in every state."""
    base = os.path.join(suite.workdir, "base")
    steps = [
        ("2025-01-01T00:00:00Z", ["init", "--seller", SELLER, "--name", "Shop", "--enabled-at", "2025-01-01"]),
        ("2025-01-01T00:00:00Z", ["seller", "add", "B1B2B3B4B5B6B7", "--name", "Outlet", "--disabled"]),
        ("2025-01-02T00:00:00Z", ["grant", "100000000009", "--nickname", "Own App", "--token", TOKENS[3], "--own",
                                  "--seller", SELLER]),
        ("2025-12-05T00:00:00Z", ["grant", "100000000001", "--nickname", "Alpha", "--token", TOKENS[0],
                                  "--seller", SELLER]),
        ("2026-06-01T00:00:00Z", ["grant", "100000000002", "--nickname", "Beta", "--token", TOKENS[1],
                                  "--seller", SELLER]),
        ("2026-06-01T00:00:00Z", ["grant", "100000000003", "--nickname", "Gamma", "--token", TOKENS[2],
                                  "--seller", "B1B2B3B4B5B6B7"]),
        ("2026-07-01T00:00:00Z", ["revoke", "Gamma", "--yes", "--reason", "contract ended"]),
    ]
    for now, args in steps:
        rc, _, err = suite.run(args, now=now, store=base)
        if rc != 0:
            raise SystemExit(f"setup failed: dac {' '.join(args)}: {err}")
    return base


def scenarios(suite):
    csv = os.path.join(suite.workdir, "import.csv")
    with open(csv, "w") as f:
        f.write("developer_id,nickname,authorized_at,mws_auth_token,seller_id\n")
        for i in range(20):
            f.write(f"2000000000{i:02d},Imported {i},2026-10-{i + 1:02d},{token(i + 1)},{SELLER}\n")
    return [
        Scenario("init", ["init", "--seller", SELLER, "--name", "Shop", "--reason", "new store"], base=None),
        Scenario("grant", ["grant", "300000000001", "--nickname", "Crash Test", "--token", token(99),
                           "--seller", SELLER, "--reason", "onboarding"]),
        Scenario("confirm --all", ["confirm", "--all", "--yes", "--reason", "yearly review"]),
        Scenario("import", ["import", csv, "--reason", "bulk"]),
        Scenario("revoke", ["revoke", "Beta", "--yes"]),
        Scenario("seller add", ["seller", "add", SELLER2, "--name", "Third"]),
        Scenario("disable", ["disable", "--seller", SELLER]),
        # A year on: the write first records the suspensions that came due.
        Scenario("enable with suspensions due", ["enable", "--seller", "B1B2B3B4B5B6B7"], now=LATER),
    ]


def prepare(suite, sc, base):
    """Learns a scenario's before and after, its counted operations and its run time."""
    src = sc.start(base)
    copy_store(src, suite.store)
    sc.before_state = read(os.path.join(suite.store, "state.json"))
    sc.before_history = read(os.path.join(suite.store, "history.jsonl"))
    log = os.path.join(suite.workdir, "ops.log")
    if os.path.exists(log):
        os.remove(log)
    rc, _, err = suite.run(sc.args, now=sc.now, faults={"DAC_FAULT_LOG": log})
    if rc != 0:
        raise SystemExit(f"setup failed: dac {' '.join(sc.args)}: exit {rc}: {err}")
    sc.after_state = read(os.path.join(suite.store, "state.json"))
    sc.after_history = read(os.path.join(suite.store, "history.jsonl"))
    with open(log) as f:
        sc.ops = [line.rstrip("\n") for line in f]
    for _ in range(3):
        time_run(suite, sc, src)
    copy_store(src, suite.store)
    if sc.after_state == sc.before_state:
        raise SystemExit(f"setup: {sc.name} wrote nothing")


def check_outcome(suite, sc, label, allow_after=True):
    """After a disturbed run: before or after, never a mix; then the next run completes it.
    Returns "before", "after" or "mixed"."""
    store = suite.store
    state = read(os.path.join(store, "state.json"))
    history = read(os.path.join(store, "history.jsonl"))
    where = f"{sc.name}, {label}"
    if sc.is_after(state) and allow_after:
        suite.check(history == sc.after_history, f"{where}: the state is the new one, so is the whole history",
                    f"history has {len(history or b'')} bytes, expected {len(sc.after_history)}")
        suite.check(temp_files(store) == [], f"{where}: no temp file once the new state is in place",
                    str(temp_files(store)))
        rc, out, err = suite.run(["history", "--verify"], now=sc.now)
        suite.check(rc == 0, f"{where}: the history verifies", f"exit {rc}: {err.strip()}")
        return "after"
    if state != sc.before_state:
        suite.check(False, f"{where}: state.json is neither the one before nor the one after",
                    f"{len(state or b'')} bytes: {(state or b'')[:200]!r}")
        return "mixed"
    # The state before: the committed history is untouched; anything beyond it
    # is the start of what the writer was appending (cut by the next writer).
    before_len = len(sc.before_history or b"")
    history = history or b""
    suite.check(history[:before_len] == (sc.before_history or b""),
                f"{where}: the committed history is unchanged")
    tail = history[before_len:]
    suite.check(sc.after_history[before_len:].startswith(tail),
                f"{where}: anything past the committed history is the start of the new events",
                f"{tail[:200]!r}")
    if sc.before_state is None:
        rc, out, err = suite.run(["list"], now=sc.now)
        suite.check(rc == 4 and "dac init" in err, f"{where}: no store yet: list exits 4 and suggests dac init",
                    f"exit {rc}: {err.strip()}")
    else:
        rc, out, err = suite.run(["history", "--verify"], now=sc.now)
        suite.check(rc == 0, f"{where}: the store loads and its history verifies", f"exit {rc}: {err.strip()}")
    # The next run of the command cuts the tail, removes the temp file, and
    # writes exactly what an undisturbed run writes.
    rc, out, err = suite.run(sc.args, now=sc.now)
    suite.check(rc == 0, f"{where}: running the command again succeeds", f"exit {rc}: {err.strip()}")
    suite.check(sc.is_after(read(os.path.join(store, "state.json"))),
                f"{where}: running it again writes the state an undisturbed run writes")
    suite.check(read(os.path.join(store, "history.jsonl")) == sc.after_history,
                f"{where}: running it again writes the history an undisturbed run writes")
    suite.check(temp_files(store) == [], f"{where}: the next write removed the temp file", str(temp_files(store)))
    return "before-tail" if tail else "before"


def check_order(suite, sc):
    """What makes a write survive a power cut, which no kill can show: the
    history is synced before the new state replaces the old; the new state is
    synced before the rename; the folder is synced after it (and a new store's
    folder in its parent)."""
    ops = [line.split(" ", 2)[1:] for line in sc.ops]

    def first(op, pred):
        return next((i for i, (o, t) in enumerate(ops) if o == op and pred(t)), None)

    def last(op, pred):
        found = [i for i, (o, t) in enumerate(ops) if o == op and pred(t)]
        return found[-1] if found else None

    is_history = lambda t: t.endswith("/history.jsonl")
    is_temp = lambda t: "/.tmp-state.json-" in t
    store = suite.store
    rename = first("rename", lambda t: t.endswith("/state.json"))
    order = [
        ("the history is appended", last("write", is_history)),
        ("the history is synced", last("fsync", is_history)),
        ("the new state is written", last("write", is_temp)),
        ("the new state is synced", last("fsync", is_temp)),
        ("the new state replaces the old", rename),
        ("the store folder is synced", first("fsync", lambda t: t == store)),
    ]
    missing = [name for name, i in order if i is None]
    suite.check(not missing, f"{sc.name}: every step of a durable write happens", ", ".join(missing))
    if not missing:
        suite.check(order[0][1] < order[1][1] < order[4][1] and order[2][1] < order[3][1] < order[4][1] < order[5][1],
                    f"{sc.name}: history synced, then state synced, renamed, folder synced",
                    "; ".join(f"{name}: op {i + 1}" for name, i in order))
    if sc.base is None:
        made = first("mkdir", lambda t: t == store)
        synced = first("fsync", lambda t: t == os.path.dirname(store))
        suite.check(made is not None and synced is not None and made < synced < rename,
                    f"{sc.name}: the new store folder is synced into its parent before the state is written")


def time_run(suite, sc, src):
    """Times one undisturbed run of `sc` from `src` and sets `sc.seconds` to the median
    of its last three run times, so the random kills follow the machine's load: the
    suite runs beside other tests whose load comes and goes."""
    copy_store(src, suite.store)
    start = time.monotonic()
    suite.run(sc.args, now=sc.now)
    sc.times = sc.times[-2:] + [time.monotonic() - start]
    sc.seconds = statistics.median(sc.times)


def crash(suite):
    base = build_base(suite)
    all_scenarios = scenarios(suite)
    for sc in all_scenarios:
        prepare(suite, sc, base)
        check_order(suite, sc)
    stats = {}
    kills = 0

    def restart(sc):
        copy_store(sc.start(base), suite.store)

    # 1. Every counted operation of every scenario: killed just before it and
    # just after it returned.
    for sc in all_scenarios:
        for n in range(1, len(sc.ops) + 1):
            for when in ("before", "after"):
                restart(sc)
                rc, _, err = suite.run(sc.args, now=sc.now, faults={"DAC_FAULT_AT": str(n), "DAC_FAULT_KILL": when})
                if not suite.check(rc == -signal.SIGKILL, f"{sc.name}: killed {when} op {n} ({sc.ops[n - 1]})",
                                   f"exit {rc}: {err.strip()}"):
                    continue
                kills += 1
                left_temp = bool(temp_files(suite.store))
                outcome = check_outcome(suite, sc, f"killed {when} op {n} ({sc.ops[n - 1]})")
                key = outcome + ("+temp" if left_temp else "")
                stats[key] = stats.get(key, 0) + 1
    swept = kills

    # 2. Random instants: SIGKILL after a random delay within the command's run time.
    rng = random.Random(int(os.environ.get("DAC_FAULT_SEED", "20261126")))
    target = int(os.environ.get("DAC_FAULT_KILLS", "100" if SANITIZED else "1000"))
    finished_first = 0
    attempts = 0
    random_stats = {}
    while kills - swept < target and attempts < target * 3:
        attempts += 1
        sc = rng.choice(all_scenarios)
        restart(sc)
        env = dict(suite.env)
        env["DAC_NOW"] = sc.now
        env["DAC_STORE"] = suite.store
        delay = rng.uniform(0, sc.seconds * 1.1)
        p = subprocess.Popen([suite.dac] + sc.args, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        rc = p.wait()
        if rc != -signal.SIGKILL:
            finished_first += 1  # it was done already: still a valid outcome to check
        else:
            kills += 1
        left_temp = bool(temp_files(suite.store))
        outcome = check_outcome(suite, sc, f"killed after {delay * 1e6:.0f} us (exit {rc})")
        key = outcome + ("+temp" if left_temp else "")
        random_stats[key] = random_stats.get(key, 0) + 1
        if rc != -signal.SIGKILL:
            time_run(suite, sc, sc.start(base))  # it runs faster now than measured
    suite.check(kills - swept >= target, f"at least {target} random kills landed", f"{kills - swept}")

    print(f"crash: {swept} kills at every counted operation of {len(all_scenarios)} kinds of write "
          f"({sum(len(s.ops) for s in all_scenarios)} operations): {dict(sorted(stats.items()))}")
    print(f"crash: {kills - swept} random kills in {attempts} runs ({finished_first} finished before the kill): "
          f"{dict(sorted(random_stats.items()))}")
    print(f"crash: {kills} kills in all; run times: " +
          ", ".join(f"{s.name} {s.seconds * 1000:.1f} ms" for s in all_scenarios))


ERRORS = {"ENOSPC": "No space left on device", "EDQUOT": "Disk quota exceeded", "EIO": "Input/output error"}


def diskfull(suite):
    base = build_base(suite)
    all_scenarios = scenarios(suite)
    for sc in all_scenarios:
        prepare(suite, sc, base)
    runs = 0
    outcomes = {}
    for sc in all_scenarios:
        # Once the new state has replaced the old, the change is made: a later
        # failure (syncing the folder) cannot undo it and must say so.
        commit_op = next(i + 1 for i, op in enumerate(sc.ops) if op.split()[1] == "rename" and
                         op.endswith("/state.json"))
        for n in range(1, len(sc.ops) + 1):
            op = sc.ops[n - 1]
            kind = op.split()[1]
            modes = [("ENOSPC", {}), ("EDQUOT", {}), ("EIO", {}), ("ENOSPC", {"DAC_FAULT_STICKY": "1"}),
                     ("EIO", {"DAC_FAULT_STICKY": "1"})]
            if SANITIZED:
                modes = [modes[(n + len(sc.name)) % len(modes)]]  # one of them, in turn
            if kind == "write":
                modes.append(("ENOSPC", {"DAC_FAULT_SHORT": "1"}))
            for name, extra in modes:
                copy_store(sc.start(base), suite.store)
                faults = {"DAC_FAULT_AT": str(n), "DAC_FAULT_ERRNO": name}
                faults.update(extra)
                label = f"{name}{' (disk stays full)' if extra.get('DAC_FAULT_STICKY') else ''}" \
                        f"{' (short write first)' if extra.get('DAC_FAULT_SHORT') else ''} at op {n} ({op})"
                rc, out, err = suite.run(sc.args, now=sc.now, faults=faults)
                runs += 1
                state = read(os.path.join(suite.store, "state.json"))
                if n > commit_op:
                    # After the commit point: the change stands. A failure to
                    # sync the folder is reported as such; closing files after
                    # everything is synced may fail harmlessly.
                    suite.check(sc.is_after(state), f"{sc.name}, {label}: the committed change stands")
                    if rc != 0:
                        suite.check(rc == 4, f"{sc.name}, {label}: exit 4", f"exit {rc}: {err.strip()}")
                        suite.check("was made" in err and ERRORS[name] in err,
                                    f"{sc.name}, {label}: the message says the change was made and what failed",
                                    err.strip())
                    outcomes["after"] = outcomes.get("after", 0) + 1
                    suite.check(temp_files(suite.store) == [], f"{sc.name}, {label}: no temp file left",
                                str(temp_files(suite.store)))
                    continue
                if kind == "close" and rc == 0:
                    # Closing a file whose content is already synced (or that
                    # is empty) cannot lose anything: going on is right.
                    suite.check(sc.is_after(state) and
                                read(os.path.join(suite.store, "history.jsonl")) == sc.after_history,
                                f"{sc.name}, {label}: a close error ignored, and the store is the new one")
                    outcomes["close ignored"] = outcomes.get("close ignored", 0) + 1
                    continue
                suite.check(rc == 4, f"{sc.name}, {label}: exit 4", f"exit {rc}: {err.strip()}")
                suite.check(out == "", f"{sc.name}, {label}: nothing on stdout", out[:300])
                lines = err.splitlines()
                suite.check(bool(lines) and all(line.startswith("dac: ") for line in lines),
                            f"{sc.name}, {label}: every stderr line starts with 'dac: '", err.strip())
                suite.check(ERRORS[name] in err, f"{sc.name}, {label}: the message names the error", err.strip())
                target = re.sub(r"-[0-9a-f]{16}$", "-", op.split(" ", 2)[2])  # temp names are random
                suite.check(target in err, f"{sc.name}, {label}: the message names the file", err.strip())
                suite.check("internal error" not in err, f"{sc.name}, {label}: not an internal error", err.strip())
                if name in ("ENOSPC", "EDQUOT"):
                    suite.check("disk space" in err or "quota" in err,
                                f"{sc.name}, {label}: the hint says to free space", err.strip())
                suite.check(state == sc.before_state, f"{sc.name}, {label}: state.json is the one before")
                history = read(os.path.join(suite.store, "history.jsonl"))
                if sc.before_state is not None:
                    suite.check(history == sc.before_history, f"{sc.name}, {label}: history.jsonl is the one before",
                                f"{len(history or b'')} bytes instead of {len(sc.before_history)}")
                suite.check(temp_files(suite.store) == [], f"{sc.name}, {label}: no temp file left",
                            str(temp_files(suite.store)))
                outcome = check_outcome(suite, sc, label, allow_after=False)
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
    print(f"diskfull: {runs} runs with an injected error over {len(all_scenarios)} kinds of write "
          f"({sum(len(s.ops) for s in all_scenarios)} operations): {dict(sorted(outcomes.items()))}")


def flips(suite):
    """Flips one byte of the history at a time (every byte of the first, a middle
    and the last event, 24 bytes of each other one; 8 of each in a sanitizer
    build): `history --verify` must
    exit 4 and name exactly that event, and the store must stay as it was."""
    base = build_base(suite)
    rc, _, err = suite.run(["confirm", "--all", "--yes"], now=LATER, store=base)  # suspensions too
    if rc != 0:
        raise SystemExit(f"setup failed: confirm --all: {err}")
    history = read(os.path.join(base, "history.jsonl"))
    starts = [0] + [i + 1 for i, b in enumerate(history) if b == ord("\n")][:-1]
    events = len(starts)
    rng = random.Random(7)
    runs = 0
    for index, start in enumerate(starts):
        seq = index + 1
        end = history.index(b"\n", start) + 1  # the newline belongs to the event
        positions = range(start, end)
        if SANITIZED:
            positions = sorted(rng.sample(list(positions), 8))
        elif seq not in (1, events // 2, events):
            positions = sorted(rng.sample(list(positions), 24))
        for pos in positions:
            copy_store(base, suite.store)
            tampered = bytearray(history)
            tampered[pos] ^= 0x01
            with open(os.path.join(suite.store, "history.jsonl"), "wb") as f:
                f.write(tampered)
            before = read(os.path.join(suite.store, "state.json"))
            rc, out, err = suite.run(["history", "--verify"], now=LATER)
            runs += 1
            what = f"byte {pos - start} of event #{seq} ({chr(history[pos])!r} -> {chr(tampered[pos])!r})"
            suite.check(rc == 4, f"{what}: history --verify exits 4", f"exit {rc}: {err.strip()}")
            suite.check(re.search(rf"event #{seq}\b", err) is not None and
                        all(f"event #{n} " not in err and f"event #{n})" not in err for n in range(1, seq)),
                        f"{what}: the message names event #{seq} first", err.strip())
            suite.check(out == "", f"{what}: nothing on stdout", out[:200])
            suite.check(read(os.path.join(suite.store, "state.json")) == before and
                        read(os.path.join(suite.store, "history.jsonl")) == bytes(tampered),
                        f"{what}: verify changes nothing")
    print(f"flips: {runs} single-byte flips over {events} events, each detected and named")


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("crash", "diskfull", "flips"):
        print(__doc__, file=sys.stderr)
        return 2
    what, dac, shim, workdir = sys.argv[1:]
    suite = Suite(os.path.abspath(dac), os.path.abspath(shim), workdir)
    start = time.monotonic()
    {"crash": crash, "diskfull": diskfull, "flips": flips}[what](suite)
    print(f"{what}: {time.monotonic() - start:.0f} s")
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
