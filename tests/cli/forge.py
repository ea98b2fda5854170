#!/usr/bin/env python3
"""The forger of the tests: someone who can write the store edits its history
and recomputes the whole hash chain (the hash needs no key, SPEC R11), so that
every event verifies again.

    forge.py STORE EDIT [--move-head]

EDIT is Python run over `events`, the history's events as a list of dicts
(e.g. 'events[1]["actor"] = "mallet"'). With --move-head, state.json's head
(hash and byte length) is moved to the forged chain's end too, so that
`dac history --verify` alone cannot tell; without it, the chain ends at a head
the state does not record.
"""
import hashlib
import json
import os
import sys


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def main(argv):
    if len(argv) not in (3, 4) or (len(argv) == 4 and argv[3] != "--move-head"):
        sys.exit(__doc__)
    store, edit = argv[1], argv[2]
    path = os.path.join(store, "history.jsonl")
    with open(path, "rb") as f:
        events = [json.loads(line) for line in f.read().decode("utf-8").splitlines()]
    exec(edit, {"events": events})  # pylint: disable=exec-used
    prev = "0" * 64
    lines = []
    for e in events:
        e["prev_hash"] = prev
        body = {k: v for k, v in e.items() if k != "hash"}
        e["hash"] = hashlib.sha256((prev + "\n" + canonical(body)).encode("utf-8")).hexdigest()
        prev = e["hash"]
        lines.append(canonical(e))
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    if len(argv) == 4:
        state_path = os.path.join(store, "state.json")
        with open(state_path, "rb") as f:
            state = json.loads(f.read().decode("utf-8"))
        state["history"]["head"] = prev
        state["history"]["bytes"] = len(data)
        state["history"]["events"] = len(events)
        with open(state_path, "wb") as f:
            f.write(json.dumps(state, ensure_ascii=False, indent="\t").encode("utf-8"))


if __name__ == "__main__":
    main(sys.argv)
